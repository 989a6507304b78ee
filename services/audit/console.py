"""The IG console's reading of the ledger: which entries a search finds, and what
the ledger says about one subject (their cases, every disclosure about them, their
consent history, the overrides, and the calls about their cases, refused or
answered), from which the subject access report is made.

The records are marac.v1 messages already, so the answers are made of them: a
disclosure is shown as RiskView recorded it. Nothing here reads case content: a
case event is named by what happened (its payload's name), and only consent and
override events are read further. The subject's match key is what joins their
entries, and it never leaves the service.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from marac.v1 import access_log_pb2, audit_pb2, case_events_pb2, disclosure_pb2
from services.audit.columns import ACCESS, CASE_EVENT, DISCLOSURE, READS
from services.audit.ledger import Entry

REFUSED = access_log_pb2.ACCESS_DECISION_REFUSED
# The kinds of record that name a person (who saw, who asked).
NAMING_A_PERSON = (DISCLOSURE, ACCESS)


@dataclass(frozen=True)
class EntrySearch:
    """What an IG person searches the ledger by: every filter given must hold."""

    agency_id: str = ""
    case_reference: str = ""
    user_id: str = ""
    since: datetime | None = None  # recorded at or after
    until: datetime | None = None  # recorded before

    @property
    def empty(self) -> bool:
        return not (
            self.agency_id or self.case_reference or self.user_id or self.since or self.until
        )


def search_sql(search: EntrySearch, before: int | None, limit: int) -> tuple[str, list]:
    """The query for up to `limit` candidate entries, newest first, before position
    `before`. A user id is not a column: entries whose facts hold it are candidates,
    and `matches` keeps those that name that person."""
    where, params = [], []
    for column, value in (
        ("agency_id", search.agency_id),
        ("case_reference", search.case_reference),
    ):
        if value:
            where.append(f"{column} = %s")
            params.append(value)
    if search.since is not None:
        where.append("recorded_at >= %s")
        params.append(search.since)
    if search.until is not None:
        where.append("recorded_at < %s")
        params.append(search.until)
    if search.user_id:
        where.append("kind = ANY(%s) AND position(%s::bytea IN fact) > 0")
        params += [list(NAMING_A_PERSON), search.user_id.encode()]
    if before is not None:
        where.append("position < %s")
        params.append(before)
    condition = " AND ".join(where) or "TRUE"
    params.append(limit)
    return f"WHERE {condition} ORDER BY position DESC LIMIT %s", params


def read(entry: Entry):
    """The entry's record as its message (its fact alone, once its payload was
    removed under retention); None for bytes that are not what its kind says."""
    kind = READS.get(entry.kind)
    if kind is None:
        return None
    try:
        return kind.FromString(entry.fact if entry.value is None else entry.value)
    except ValueError:
        return None


def user_of(record: object) -> str:
    """The person a record names: who saw a disclosure, who made a call."""
    if isinstance(record, disclosure_pb2.Disclosure):
        return record.caller.user_id
    if isinstance(record, access_log_pb2.AccessLogEntry):
        return record.person.user_id
    return ""


def matches(search: EntrySearch, entry: Entry) -> bool:
    """Whether a candidate the query found names the person searched for (the
    columns' filters the query applied already)."""
    return not search.user_id or user_of(read(entry)) == search.user_id


def listed(entry: Entry) -> audit_pb2.LedgerEntry:
    """An entry as the console lists it: what it records, never case content."""
    c, record = entry.columns, read(entry)
    shown = audit_pb2.LedgerEntry(
        position=entry.position,
        kind=entry.kind,
        agency_id=c.agency_id or "",
        case_reference=c.case_reference or "",
        user_id=user_of(record),
    )
    if c.recorded_at is not None:
        shown.recorded_at.FromDatetime(c.recorded_at)
    if isinstance(record, case_events_pb2.CaseEvent):
        shown.event = record.WhichOneof("payload") or ""
    elif isinstance(record, disclosure_pb2.Disclosure):
        shown.disclosure_id = record.disclosure_id
    elif isinstance(record, access_log_pb2.AccessLogEntry):
        shown.method = record.method
        shown.decision = record.decision
    return shown


@dataclass(frozen=True)
class Case:
    agency_id: str
    case_reference: str


def subject_cases(entries: Iterable[Entry]) -> list[Case]:
    """The cases the subject's case events are of, in the order the ledger met them."""
    found: dict[Case, None] = {}
    for entry in entries:
        c = entry.columns
        if entry.kind == CASE_EVENT and c.agency_id and c.case_reference:
            found.setdefault(Case(c.agency_id, c.case_reference))
    return list(found)


def concerns(
    call: access_log_pb2.AccessLogEntry, cases: Sequence[Case], handles: Sequence[str] = ()
) -> bool:
    """Whether a call was about the subject: their agenda item's handle, or one of
    their cases. A representative asks about their own agency's case; a call by no
    agency's person names the reference alone, so it counts for the case of that
    reference."""
    if call.subject_handle and call.subject_handle in handles:
        return True
    references = {c.case_reference for c in cases}
    if call.case_reference not in references:
        return False
    agency_id = call.person.agency_id
    return not agency_id or Case(agency_id, call.case_reference) in cases


def history_of(
    subject_entries: Iterable[Entry],
    calls: Iterable[Entry],
    now: datetime,
    handles: Sequence[str] = (),
) -> audit_pb2.SubjectHistory:
    """The subject's history from the entries keyed by their match key (case events
    of every agency's case about them, and disclosures about them) and candidate
    access log entries (those naming a reference of theirs, or their handle), oldest
    first, each once."""
    ordered = sorted(subject_entries, key=lambda e: e.position)
    cases = subject_cases(ordered)
    history = audit_pb2.SubjectHistory()
    first_seen: dict[Case, case_events_pb2.CaseEvent] = {}
    overrides: dict[tuple[str, str, str], audit_pb2.OverrideRecord] = {}
    disclosed: set[str] = set()
    for entry in ordered:
        record = read(entry)
        if isinstance(record, disclosure_pb2.Disclosure):
            if record.disclosure_id not in disclosed:  # a record published twice
                disclosed.add(record.disclosure_id)
                history.disclosures.append(record)
        elif isinstance(record, case_events_pb2.CaseEvent):
            first_seen.setdefault(Case(record.agency_id, record.case_reference), record)
            if entry.value is not None:  # past retention, what it recorded is gone
                _case_event(history, overrides, record)
    for case in cases:
        event = first_seen[case]
        history.cases.add(
            agency_id=case.agency_id,
            agency=event.agency,
            case_reference=case.case_reference,
            first_recorded_at=event.recorded_at,
        )
    for record in overrides.values():
        record.state = _state(record, now)
        history.overrides.append(record)
    # In the order they happened: the ledger meets each agency's topic at its own pace.
    history.consents.sort(key=lambda c: (c.recorded_at.seconds, c.recorded_at.nanos))
    history.overrides.sort(key=lambda o: (o.recorded_at.seconds, o.recorded_at.nanos))
    for entry in sorted({e.position: e for e in calls}.values(), key=lambda e: e.position):
        call = read(entry)
        if isinstance(call, access_log_pb2.AccessLogEntry) and concerns(call, cases, handles):
            (history.refusals if call.decision == REFUSED else history.views).append(call)
    return history


def _case_event(history, overrides, event: case_events_pb2.CaseEvent) -> None:
    kind = event.WhichOneof("payload")
    if kind == "consent_recorded":
        consent = event.consent_recorded
        history.consents.add(
            agency_id=event.agency_id,
            case_reference=event.case_reference,
            recorded_at=event.recorded_at,
            change=consent.change,
            scopes=consent.scopes,
            refused_recipients=consent.refused_recipients,
        )
    elif kind == "override_recorded":
        given = event.override_recorded
        overrides[(event.agency_id, event.case_reference, given.override_id)] = (
            audit_pb2.OverrideRecord(
                override_id=given.override_id,
                agency_id=event.agency_id,
                case_reference=event.case_reference,
                basis=given.basis,
                authorising_role=given.authorising_role,
                scopes=given.scopes,
                recorded_at=event.recorded_at,
                expires_at=given.expires_at,
            )
        )
    elif kind == "override_revoked":
        key = (event.agency_id, event.case_reference, event.override_revoked.override_id)
        if key in overrides:
            overrides[key].revoked_at.CopyFrom(event.recorded_at)


def _state(record: audit_pb2.OverrideRecord, now: datetime) -> int:
    if record.HasField("revoked_at"):
        return audit_pb2.OVERRIDE_STATE_REVOKED
    expires = record.expires_at
    if (expires.seconds or expires.nanos) and expires.ToDatetime(UTC) <= now:
        return audit_pb2.OVERRIDE_STATE_EXPIRED
    return audit_pb2.OVERRIDE_STATE_IN_FORCE


def disclosures_sql(since: datetime, until: datetime, after: int, limit: int) -> tuple[str, list]:
    """The query for the disclosures recorded in [since, until), in ledger order
    after position `after`."""
    return (
        "WHERE kind = %s AND recorded_at >= %s AND recorded_at < %s AND position > %s"
        " ORDER BY position LIMIT %s",
        [DISCLOSURE, since, until, after, limit],
    )


def case_sql(case: Case, limit: int) -> tuple[str, list]:
    """The case events of one agency's case (their subject column is the match key)."""
    return (
        "WHERE kind = %s AND agency_id = %s AND case_reference = %s ORDER BY position LIMIT %s",
        [CASE_EVENT, case.agency_id, case.case_reference, limit],
    )


def subject_sql(subjects: Sequence[str], limit: int) -> tuple[str, list]:
    return "WHERE subject = ANY(%s) ORDER BY position LIMIT %s", [list(subjects), limit]


def handle_calls_sql(handles: Sequence[str], limit: int) -> tuple[str, list]:
    """Access log entries naming the subject's agenda item (its handle is their column)."""
    return (
        "WHERE kind = %s AND subject = ANY(%s) ORDER BY position LIMIT %s",
        [ACCESS, list(handles), limit],
    )


def calls_sql(cases: Sequence[Case], limit: int) -> tuple[str, list]:
    """Access log entries naming a reference of the subject's cases (`concerns`
    keeps those about their case)."""
    references = sorted({c.case_reference for c in cases})
    return (
        "WHERE kind = %s AND case_reference = ANY(%s) ORDER BY position LIMIT %s",
        [ACCESS, references, limit],
    )
