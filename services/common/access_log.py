"""The access log: what each service writes, for the audit ledger, about every call
it refuses and every view or search it answers (marac.v1.AccessLogEntry). Never
personal data: the caller's principal, the person's user id, role and agency from
their verified token, the method, the handle or case reference the call concerned
(only in the formats the services issue, so a name or a match key cannot pass),
the decision and its code.

Accepted writes to an agency's case have no entry: each is an event on the
agency's case topic already, which the ledger reads too.

Each call has one `CallRecord` (a context variable the gRPC kernel sets, see
services.common.grpc_access): the person's check notes the person and why it
refused; the kernel makes the entry when the call ends.
"""

import contextvars
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from google.protobuf.message import Message

from marac.v1 import access_log_pb2, disclosure_pb2
from services.common.errors import Unavailable
from services.common.validation import MAX_REFERENCE, REFERENCE

ALLOWED = access_log_pb2.ACCESS_DECISION_ALLOWED
REFUSED = access_log_pb2.ACCESS_DECISION_REFUSED
# gRPC's status codes, by number, that refuse the caller.
PERMISSION_DENIED = 7
UNAUTHENTICATED = 16
REFUSALS = frozenset({PERMISSION_DENIED, UNAUTHENTICATED})
# Answers that say the reference named no case (not found, not a valid request):
# then it may be anything a person typed (a surname fits the format), so it is
# not kept. A reference that found a case is the agency's identifier of it.
INVALID_ARGUMENT = 3
NOT_FOUND = 5
NAMED_NO_CASE = frozenset({NOT_FOUND, INVALID_ARGUMENT})
# Health and reflection: neither views nor searches of anything.
PLUMBING = ("/grpc.health.", "/grpc.reflection.")
# RiskView's handles: 64 characters of URL-safe base64. A match key (64 hex
# digits) also fits that alphabet and is never taken for one.
HANDLE = re.compile(r"[A-Za-z0-9_-]{64}")
HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")


class AccessNotLogged(Unavailable):
    def __init__(self) -> None:
        super().__init__("the access log cannot be written now; retry")


class AccessLog(Protocol):
    async def write(self, entry: access_log_pb2.AccessLogEntry) -> None:
        """Returns once the broker acknowledged the entry; AccessNotLogged otherwise."""

    async def close(self) -> None:
        """Sends what is still batched, and lets go of the broker."""


@dataclass
class CallRecord:
    """What is known of one call so far."""

    service: str
    principal: str
    method: str
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    person: disclosure_pb2.Caller | None = None
    subject_handle: str = ""
    case_reference: str = ""
    reason: int = access_log_pb2.REFUSAL_REASON_UNSPECIFIED
    # A command carries its request id (applied once); anything else is a view or
    # search, whatever its name, so a new read is logged without being listed.
    command: bool = False

    def concerning(self, request: object) -> None:
        """The handle or case reference the request names, if in the issued format,
        and whether it is a command."""
        if not isinstance(request, Message):
            return
        fields = request.DESCRIPTOR.fields_by_name
        self.command = "request_id" in fields
        handle = _text(request, fields, "handle")
        if HANDLE.fullmatch(handle) and not HEX_KEY.fullmatch(handle):
            self.subject_handle = handle
        reference = _text(request, fields, "case_reference")
        if len(reference) <= MAX_REFERENCE and REFERENCE.fullmatch(reference):
            self.case_reference = reference

    def refused_because(self, reason: int) -> None:
        self.reason = reason

    def entry(self, code: int) -> access_log_pb2.AccessLogEntry | None:
        """The entry the call's end calls for: every refusal, and every read; None for
        anything else (an accepted command, or a command refused for what it asked)."""
        refused = code in REFUSALS
        if not refused and (self.command or self.method.startswith(PLUMBING)):
            return None
        entry = access_log_pb2.AccessLogEntry(
            request_id=self.request_id,
            service=self.service,
            principal=self.principal,
            method=self.method,
            subject_handle=self.subject_handle,
            case_reference="" if code in NAMED_NO_CASE else self.case_reference,
            decision=REFUSED if refused else ALLOWED,
            code=code,
        )
        entry.at.FromDatetime(self.at)
        if self.person is not None:
            entry.person.CopyFrom(self.person)
        if refused:
            entry.reason = self.reason or access_log_pb2.REFUSAL_REASON_REFUSED_BY_SERVICE
        return entry


def _text(request: Message, fields, name: str) -> str:
    if name not in fields:
        return ""
    value = getattr(request, name)
    return value if isinstance(value, str) else ""


_CALL: contextvars.ContextVar[CallRecord | None] = contextvars.ContextVar(
    "access_log_call", default=None
)


def begin(record: CallRecord) -> contextvars.Token:
    return _CALL.set(record)


def end(token: contextvars.Token) -> None:
    _CALL.reset(token)


def noting(note: Callable[[CallRecord], None]) -> None:
    """Notes something about the current call (nothing outside a call, e.g. in a test
    of the application alone). Works from the thread a call's work runs in: the
    record is shared, not copied."""
    record = _CALL.get()
    if record is not None:
        note(record)


def person(user_id: str, role: int = 0, agency: int = 0, agency_id: str = "") -> None:
    """The person the call's verified token proves."""
    caller = disclosure_pb2.Caller(role=role, agency=agency, agency_id=agency_id, user_id=user_id)
    noting(lambda record: setattr(record, "person", caller))


def refused_because(reason: int) -> None:
    noting(lambda record: record.refused_because(reason))
