"""Forms the GOV.UK way: bad input gives an error summary and a message at each
field, and records nothing. A form's values go to a service as they were typed
(dates as ISO 8601), and the service's field violations (google.rpc.BadRequest in
an INVALID_ARGUMENT status) are read back onto the form's fields. A message names
the field and what is wrong with it, never the value sent."""

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from starlette.datastructures import FormData
from starlette.requests import Request

from services.common.working_days import ENGLAND

# Not a field of the form: the error summary says it, linking nowhere.
WHOLE_FORM = ""
RELOAD = "This form is out of date: reload the page and try again"
# The refusals that are the person's to put right on the form.
THEIRS = (
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.FAILED_PRECONDITION,
    grpc.StatusCode.ALREADY_EXISTS,
)
# The service may or may not have applied it: it did not say.
NO_ANSWER = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
NOT_ANSWERED = (
    "The service did not answer in time, so what you sent may not have been recorded. "
    "Send the form again: it will be recorded once"
)
Errors = dict[str, str]


@dataclass(frozen=True)
class Field:
    """A form field as a service's field violation names it."""

    id: str  # the input's id, which the error summary links to
    label: str  # how a message names it: "Due date"
    required: str = ""  # the message when it is missing: "Enter the due date"
    # Messages for descriptions that start so, where "<label> <description>" would not do.
    say: Mapping[str, str] = field(default_factory=dict)

    def message(self, description: str) -> str:
        if description.startswith("is required") and self.required:
            return self.required
        for start, message in self.say.items():
            if description.startswith(start):
                return message
        if description.startswith(("is ", "must ")):
            return f"{self.label} {description}"
        return sentence(description)


@dataclass(frozen=True)
class Form:
    """Where a service's refusals of this form's request go on the form."""

    fields: Mapping[str, Field]  # the request's field path -> the form's field
    # For NOT_FOUND: what the form named that does not exist (field id, message).
    not_found: tuple[str, str] | None = None

    def errors(self, error: grpc.aio.AioRpcError) -> Errors | None:
        """The form's errors; None for a refusal that is not the person's to put right."""
        code = error.code()
        if code not in THEIRS:
            return None
        if code == grpc.StatusCode.NOT_FOUND:
            return None if self.not_found is None else dict([self.not_found])
        if code != grpc.StatusCode.INVALID_ARGUMENT:
            # The meeting's state does not allow it now: the service says why, in the
            # domain's words, naming nothing sent.
            return {WHOLE_FORM: sentence(error.details() or RELOAD)}
        errors: Errors = {}
        for path, description in violations(error):
            known = self.fields.get(path)
            if known is None:
                errors.setdefault(WHOLE_FORM, RELOAD)
            else:
                errors.setdefault(known.id, known.message(description))
        return errors or {WHOLE_FORM: RELOAD}


def violations(error: grpc.aio.AioRpcError) -> list[tuple[str, str]]:
    status = rpc_status.from_call(error)
    found = []
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            found += [(v.field, v.description) for v in bad.field_violations]
    return found


async def send(
    request: Request,
    form: Form,
    call: Callable[[], Awaitable[object]],
    done: Callable[[], object],
    again: Callable[[Errors], Awaitable[object]],
):
    """`call`, then `done()`; or the form `again` with its errors. A sending the
    service did not answer keeps its request id for the form (Session.request_id_for),
    until the form is answered. Any other refusal is raised, for
    services.web.problems."""
    session, action = request.state.session, request.url.path
    try:
        await call()
    except grpc.aio.AioRpcError as error:
        if error.code() in NO_ANSWER:
            session.not_answered(action, sent_request_id(await request.form()))
            try:
                return await again({WHOLE_FORM: NOT_ANSWERED})
            except grpc.aio.AioRpcError:
                raise error from None  # nor can the form be shown: the problem page
        session.answered(action)
        errors = form.errors(error)
        if errors is None:
            raise
        return await again(errors)
    session.answered(action)
    return done()


def sent_request_id(sent: FormData) -> str:
    """The form's request id as sent, if it is one (else a new one: what was sent
    cannot have been applied)."""
    raw = text(sent, "request_id", 64)
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return str(uuid.uuid4())


def choice_items(choices: list[tuple[int | str, str]], chosen: object) -> list[dict]:
    """Radios' or a select's items for (number or id, words) choices, the chosen one
    marked."""
    return [
        {"value": n, "text": words, "checked": n == chosen, "selected": n == chosen}
        for n, words in choices
    ]


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def text(sent: FormData, name: str, longest: int = 2000) -> str:
    """A text field as sent (cut at `longest`: the service refuses what is too long
    by its own limit, which is shorter)."""
    value = sent.get(name, "")
    return value.strip()[:longest] if isinstance(value, str) else ""


def number(sent: FormData, name: str) -> int:
    """A whole number as sent; 0 (the contract's "not given") for anything else."""
    raw = text(sent, name, 12)
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0


def day_sent(sent: FormData, name: str) -> str:
    """A GOV.UK date input (name-day, name-month, name-year) as ISO 8601: empty when
    nothing was typed, something the service refuses as a date when not a date."""
    parts = [text(sent, f"{name}-{part}", 8) for part in ("year", "month", "day")]
    if not any(parts):
        return ""
    try:
        return date(*(int(p) for p in parts)).isoformat()
    except ValueError:
        return "not-a-date"


def date_parts(sent: FormData | None, name: str) -> dict[str, str]:
    """The date input's values to show again."""
    return {part: text(sent, f"{name}-{part}", 8) if sent else "" for part in DATE_PARTS}


DATE_PARTS = ("day", "month", "year")
WIDTHS = {"day": 2, "month": 2, "year": 4}


def date_items(values: Mapping[str, str], error: object) -> list[dict]:
    """A GOV.UK date input's items, with its values and whether it is in error."""
    return [
        {
            "name": part,
            "label": part.capitalize(),
            "value": values.get(part, ""),
            "classes": f"govuk-input--width-{WIDTHS[part]}"
            + (" govuk-input--error" if error else ""),
        }
        for part in DATE_PARTS
    ]


def moment(day_iso: str, clock: str) -> datetime | None:
    """A date and a time of day (HH:MM or HH:MM:SS) in England, as UTC; None if
    either is not one."""
    try:
        at = time.fromisoformat(clock) if len(clock) in (5, 8) else None
        return datetime.combine(date.fromisoformat(day_iso), at, ENGLAND).astimezone(UTC)
    except (TypeError, ValueError):
        return None
