"""What the figures keep of a shared CaseEvent: the few coded fields they count by.

Only what the shared events already carry is kept (DESIGN: no name, address, date
of birth or narrative travels; the incident's location is its postcode district,
the outward code). The subject key, a keyed hash, is kept only to count repeat
victims and repeat MARAC cases; it is never published. An anonymous report, which
has no subject, counts like any other incident.

The shared events carry no victim characteristics (disability, LGBT+, ethnicity,
sex, age): an incident's strands are the hostility perceived, not who the victim
is. So the quarterly MARAC dataset's categories of victim cannot be computed from
them, and nothing is added to the events for it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf.message import DecodeError

from marac.v1 import case_events_pb2, vocabulary_pb2

INCIDENT = "incident"
ENFORCEMENT = "enforcement"
RESPONSE = "response"
CLOSURE = "closure"
MARAC_REFERRAL = "marac_referral"
DISCUSSED = "discussed"
ERASED = "erased"

CRIME, NOT_CRIME = "crime", "incident"
# Offences as the police record them; every other category is an incident.
CRIMES = frozenset(range(1, 13))
MAX_TEXT = 200
MAX_SEQUENCE = 2**63 - 1


class UnusableEvent(Exception):
    """An event the figures cannot count (its message names no content)."""


@dataclass(frozen=True)
class FigureRecord:
    agency_id: str
    source_sequence: int
    agency: int  # AgencyKind; the meeting service's events are UNSPECIFIED
    kind: str
    case_reference: str
    occurred_at: datetime
    subject_key: str = ""  # empty for an anonymous report
    district: str = ""
    strands: tuple[int, ...] = ()
    nature: str = ""  # CRIME or NOT_CRIME, for an incident
    source: int = 0  # ReportSource
    code: int = 0  # enforcement type, response step or satisfaction score
    ref: str = ""  # the enforcement step's or the meeting's id
    open: bool = False
    due_at: datetime | None = None
    done_at: datetime | None = None


def decode(value: bytes) -> FigureRecord | None:
    """The record a serialised CaseEvent gives the figures; None for a kind they do not
    count. UnusableEvent if it cannot be read."""
    return record_of(parse(value))


def parse(value: bytes) -> case_events_pb2.CaseEvent:
    event = case_events_pb2.CaseEvent()
    try:
        event.ParseFromString(value)
    except DecodeError as error:
        raise UnusableEvent("not a CaseEvent") from error
    return event


def record_of(event: case_events_pb2.CaseEvent) -> FigureRecord | None:
    which = event.WhichOneof("payload")
    reader = _READERS.get(which or "")
    if reader is None:
        return None
    if not 0 < len(event.agency_id) <= MAX_TEXT or len(event.case_reference) > MAX_TEXT:
        raise UnusableEvent("agency or case reference out of range")
    if not 0 < event.source_sequence <= MAX_SEQUENCE or len(event.subject_key) > MAX_TEXT:
        raise UnusableEvent("sequence or subject key out of range")
    base = {
        "agency_id": event.agency_id,
        "source_sequence": event.source_sequence,
        "agency": event.agency,
        "case_reference": event.case_reference,
        "occurred_at": _instant(event.occurred_at),
        "subject_key": event.subject_key,
    }
    return FigureRecord(**(base | reader(event)))


def district_of(text: str) -> str:
    """An outward code as agencies write it ("l4 ", "L4") is one district ("L4")."""
    district = text.strip().upper()
    return district if len(district) <= 8 and district.isascii() else ""


def _instant(stamp) -> datetime:
    try:
        return stamp.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError) as error:
        raise UnusableEvent("timestamp out of range") from error


def _incident(event: case_events_pb2.CaseEvent) -> dict:
    incident = event.incident_reported
    return {
        "kind": INCIDENT,
        "district": district_of(incident.postcode_district),
        "strands": tuple(sorted(set(incident.strands))),
        "nature": CRIME if incident.incident_category in CRIMES else NOT_CRIME,
        "source": incident.source,
    }


def _enforcement(event: case_events_pb2.CaseEvent) -> dict:
    step = event.enforcement_changed
    return {
        "kind": ENFORCEMENT,
        "code": step.type,
        "ref": step.enforcement_id[:MAX_TEXT],
        "open": step.open,
    }


def _response(event: case_events_pb2.CaseEvent) -> dict:
    timed = event.response_timed
    return {
        "kind": RESPONSE,
        "code": timed.step,
        "due_at": _instant(timed.due_at) if timed.HasField("due_at") else None,
        "done_at": _instant(timed.done_at) if timed.HasField("done_at") else None,
    }


def _closure(event: case_events_pb2.CaseEvent) -> dict:
    score = event.case_closed.satisfaction
    return {"kind": CLOSURE, "code": score if 1 <= score <= 5 else 0}


def _discussed(event: case_events_pb2.CaseEvent) -> dict:
    return {"kind": DISCUSSED, "ref": event.marac_discussed.meeting_id[:MAX_TEXT]}


_READERS = {
    "incident_reported": _incident,
    "enforcement_changed": _enforcement,
    "response_timed": _response,
    "case_closed": _closure,
    "marac_referral_made": lambda _: {"kind": MARAC_REFERRAL},
    "marac_discussed": _discussed,
    "case_erased": lambda _: {"kind": ERASED},
}


def agency_name(kind: int) -> str:
    if kind == vocabulary_pb2.AGENCY_KIND_UNSPECIFIED:
        return "marac"
    try:
        return vocabulary_pb2.AgencyKind.Name(kind).removeprefix("AGENCY_KIND_").lower()
    except ValueError:
        return "other"
