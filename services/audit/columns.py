"""What each kind of record the ledger keeps is; the fact the ledger keeps of it for
good (its payload may go under retention); and the columns read from that fact for
the IG console: the agency, the subject (a match key, or a handle), the case
reference, the time the record gives itself, a case event's source sequence, and
the record's own id (by which a copy published again is appended once).
Reading is deterministic, so the verifier reads the fact and columns again to
check them."""

from datetime import UTC, datetime

from google.protobuf.message import DecodeError, Message
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import (
    access_log_pb2,
    agreements_pb2,
    case_events_pb2,
    disclosure_pb2,
    meeting_actions_pb2,
)
from services.audit.ledger import Columns, Reading

# The kinds of record, by the topic they come from.
CASE_EVENT = "case_event"  # an agency's or the meetings' shared case event
DISCLOSURE = "disclosure"  # RiskView's record of what it showed to whom
MEETING_ACTION = "meeting_action"  # an action a meeting sent an agency
ACTION_UPDATE = "action_update"  # an agency's update on such an action
ACCESS = "access"  # an access log entry: a view, a search or a refusal
AGREEMENT = "agreement"  # a data-sharing agreement as a change left it
READS: dict[str, type[Message]] = {
    CASE_EVENT: case_events_pb2.CaseEvent,
    DISCLOSURE: disclosure_pb2.Disclosure,
    MEETING_ACTION: meeting_actions_pb2.MeetingActionMessage,
    ACTION_UPDATE: meeting_actions_pb2.MeetingActionUpdate,
    ACCESS: access_log_pb2.AccessLogEntry,
    AGREEMENT: agreements_pb2.AgreementChanged,
}
KINDS = tuple(READS)
# The kinds whose bytes say more than their fact, and so go under retention: what
# happened on a case (a case event, an action and its updates). A disclosure, a
# call and an agreement are themselves only facts (who, what, when, on which basis).
RETAINED = (CASE_EVENT, MEETING_ACTION, ACTION_UPDATE)
# The kinds whose topic carries one agency's records alone, each named by its place in
# that agency's log: the ledger refuses one naming another agency (ledger.first_seen).
OF_ONE_AGENCY = (CASE_EVENT, ACTION_UPDATE)


def _moment(stamp: Timestamp) -> datetime | None:
    if not stamp.seconds and not stamp.nanos:
        return None
    try:
        # To the microsecond, as Postgres keeps it.
        return datetime.fromtimestamp(stamp.seconds, UTC).replace(microsecond=stamp.nanos // 1000)
    except (ValueError, OverflowError, OSError):
        return None


def _read(kind: type[Message], value: bytes) -> Message | None:
    try:
        return kind.FromString(value)
    except (DecodeError, ValueError):
        return None


def fact_of(kind: str, value: bytes) -> bytes:
    """What stays of a record once its payload is removed: a case event's or an
    action's envelope with what happened named by an empty payload of its kind; an
    action update's envelope without its status; any other record whole. Nothing
    for bytes that are not what the kind says."""
    read = _read(READS[kind], value) if kind in READS else None
    if read is None:
        return b""
    if kind not in RETAINED:
        return value
    if isinstance(read, meeting_actions_pb2.MeetingActionUpdate):
        read.ClearField("status")
        read.ClearField("reason")
    else:
        happened = read.WhichOneof("payload")
        if happened:
            read.ClearField(happened)
            getattr(read, happened).SetInParent()
    return read.SerializeToString(deterministic=True)


def _columns(
    agency_id: str,
    subject: str,
    case_reference: str,
    at: Timestamp,
    named: str,
    sequence: int = 0,
) -> Columns:
    return Columns(
        agency_id or None, subject or None, case_reference or None, _moment(at),
        sequence or None, named or None,
    )  # fmt: skip


def _in_log(agency_id: str, sequence: int) -> str:
    """A record named by its place in its agency's log."""
    return f"{agency_id}/{sequence}" if agency_id and sequence else ""


def columns_of(kind: str, fact: bytes) -> Columns:
    """The columns of a record's fact (or of its bytes: they read alike); none for
    bytes that are not what the kind says."""
    read = _read(READS[kind], fact) if kind in READS else None
    if read is None:
        return Columns()
    if isinstance(read, case_events_pb2.CaseEvent):
        return _columns(
            read.agency_id, read.subject_key, read.case_reference, read.recorded_at,
            _in_log(read.agency_id, read.source_sequence), read.source_sequence,
        )  # fmt: skip
    if isinstance(read, disclosure_pb2.Disclosure):
        # Whose contribution was shown; one case reference only when one case was.
        agencies = {c.agency_id for c in read.contributions}
        cases = {c.case_reference for c in read.contributions}
        return _columns(
            agencies.pop() if len(agencies) == 1 else "",
            read.subject_key,
            cases.pop() if len(cases) == 1 else "",
            read.disclosed_at,
            read.disclosure_id,
        )
    if isinstance(read, meeting_actions_pb2.MeetingActionMessage):
        return _columns(read.agency_id, "", read.case_reference, read.sent_at, read.message_id)
    if isinstance(read, access_log_pb2.AccessLogEntry):
        # The person's agency (a representative's), and what the call concerned.
        return _columns(read.person.agency_id, read.subject_handle, read.case_reference, read.at,
                        read.request_id)  # fmt: skip
    if isinstance(read, agreements_pb2.AgreementChanged):
        # About no agency's case: when it ended early, or else when it starts.
        agreement = read.agreement
        at = agreement.ended_at if agreement.HasField("ended_at") else agreement.starts_at
        return _columns("", "", "", at, read.message_id)
    return _columns(read.agency_id, "", read.case_reference, read.changed_at,
                    _in_log(read.agency_id, read.source_sequence))  # fmt: skip


READING = Reading(fact_of, columns_of)
