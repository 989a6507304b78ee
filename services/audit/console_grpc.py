"""The IG console's requests read and checked (every problem as a field violation
naming the field, never its value), and its answers as marac.v1 messages."""

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import audit_pb2
from services.audit.console import Case, EntrySearch, listed, read
from services.audit.ig_console import Found, Subject
from services.common.access_log import HANDLE
from services.common.paging import page_token_after, read_page
from services.common.people import AGENCY_ID
from services.common.validation import Violations

AGENCY_ID_FORMAT = "must be an agency id: lower-case letters, digits, - and _, at most 64"
MAX_USER_ID = 255  # as a token's subject (OpenID Connect)
USER_ID_FORMAT = f"must be a user id as a token names it: printable ASCII, at most {MAX_USER_ID}"
HANDLE_FORMAT = "must be an agenda item's handle: 64 characters of A-Z, a-z, 0-9, - and _"
# google.protobuf.Timestamp's range: 0001-01-01 to 9999-12-31.
EARLIEST, LATEST = -62135596800, 253402300799
ANY_FILTER = "give at least one of agency_id, case_reference, user_id, from and until"
ENTRIES_SCOPE = "audit.entries"
DISCLOSURES_SCOPE = "audit.disclosures"


def _agency_id(v: Violations, path: str, value: str, required: bool) -> None:
    if not value:
        if required:
            v.add(path, "is required")
    elif not AGENCY_ID.fullmatch(value):
        v.add(path, AGENCY_ID_FORMAT)


def _user_id(v: Violations, path: str, value: str) -> None:
    if value and not (len(value) <= MAX_USER_ID and value.isascii() and value.isprintable()):
        v.add(path, USER_ID_FORMAT)


def _moment(v: Violations, path: str, stamp: Timestamp, present: bool) -> datetime | None:
    if not present:
        return None
    if not (EARLIEST <= stamp.seconds <= LATEST and 0 <= stamp.nanos < 10**9):
        v.add(path, "must be a time between the years 1 and 9999")
        return None
    return stamp.ToDatetime(UTC)


def _period(v: Violations, request, required: bool) -> tuple[datetime | None, datetime | None]:
    since = _moment(v, "from", getattr(request, "from"), request.HasField("from"))
    until = _moment(v, "until", request.until, request.HasField("until"))
    if required:
        for path, found in (
            ("from", request.HasField("from")),
            ("until", request.HasField("until")),
        ):
            if not found:
                v.add(path, "is required")
    if since is not None and until is not None and until <= since:
        v.add("until", "must be after from")
    return since, until


def search_of(request: audit_pb2.FindEntriesRequest) -> tuple[EntrySearch, int | None, int]:
    """The search, the position its page starts before, and the page's size."""
    v = Violations()
    _agency_id(v, "agency_id", request.agency_id, required=False)
    v.reference("case_reference", request.case_reference, required=False)
    _user_id(v, "user_id", request.user_id)
    since, until = _period(v, request, required=False)
    search = EntrySearch(request.agency_id, request.case_reference, request.user_id, since, until)
    if search.empty and not v.found:
        v.add("filter", ANY_FILTER)
    after, size = read_page(v, _scope(ENTRIES_SCOPE, search), request.page_size,
                            request.page_token, (int,))  # fmt: skip
    v.raise_if_any()
    return search, after[0] if after else None, size


def entries_page(search: EntrySearch, found: Found) -> audit_pb2.FindEntriesResponse:
    token = (
        ""
        if found.before is None
        else page_token_after(_scope(ENTRIES_SCOPE, search), (found.before,))
    )
    return audit_pb2.FindEntriesResponse(
        entries=[listed(e) for e in found.entries], next_page_token=token
    )


def subject_of(request) -> Subject:
    """The subject, by one of their cases (an agency id and its case reference) or by
    their agenda item's handle, not both."""
    v = Violations()
    if request.handle:
        if not HANDLE.fullmatch(request.handle):
            v.add("handle", HANDLE_FORMAT)
        for path in ("agency_id", "case_reference"):
            if getattr(request, path):
                v.add(path, "must not be given with a handle")
        v.raise_if_any()
        return request.handle
    _agency_id(v, "agency_id", request.agency_id, required=True)
    v.reference("case_reference", request.case_reference)
    v.raise_if_any()
    return Case(request.agency_id, request.case_reference)


def period_of(request: audit_pb2.ListDisclosuresRequest) -> tuple[datetime, datetime, int, int]:
    """The period, the position its page starts after, and the page's size."""
    v = Violations()
    since, until = _period(v, request, required=True)
    scope = f"{DISCLOSURES_SCOPE}:{since}:{until}"
    after, size = read_page(v, scope, request.page_size, request.page_token, (int,))
    v.raise_if_any()
    assert since is not None and until is not None
    return since, until, after[0] if after else 0, size


def disclosures_page(
    since: datetime, until: datetime, entries, more: bool
) -> audit_pb2.ListDisclosuresResponse:
    token = ""
    if more and entries:
        token = page_token_after(f"{DISCLOSURES_SCOPE}:{since}:{until}", (entries[-1].position,))
    return audit_pb2.ListDisclosuresResponse(
        disclosures=[read(e) for e in entries], next_page_token=token
    )


def _scope(name: str, search: EntrySearch) -> str:
    return f"{name}:{search!r}"
