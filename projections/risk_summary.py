"""The shared per-subject risk summary, as a pure function of the subject's facts.

A fact is the minimised part of one shared CaseEvent that the risk view needs. The
summary depends only on the SET of facts, keyed by (agency_id, source_sequence),
so redelivered duplicates and any delivery order give the same summary.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from google.protobuf.message import DecodeError

from marac.v1 import case_events_pb2, vocabulary_pb2

# Incident dates are the calendar dates the partners work in.
LOCAL_TIME = ZoneInfo("Europe/London")
MAX_SEQUENCE = 2**63 - 1  # the read model stores it as bigint
MAX_TEXT = 200

INCIDENT = "incident_reported"
RISK_ASSESSED = "risk_assessed"
UNKNOWN = "unknown"  # a payload newer than this projection: still shows the agency knows


class MalformedEvent(ValueError):
    """A record that is not a usable CaseEvent (the message quotes no content)."""


@dataclass(frozen=True, slots=True)
class Fact:
    agency_id: str
    source_sequence: int
    agency: int  # AgencyKind
    subject_key: str
    case_reference: str  # who to ask, at that agency
    kind: str  # name of the CaseEvent payload
    occurred_at: datetime  # aware, microsecond precision
    risk_level: int | None = None  # RiskLevel, for risk assessments only

    @property
    def identity(self) -> tuple[str, int]:
        return (self.agency_id, self.source_sequence)


@dataclass(frozen=True, slots=True)
class RiskSummary:
    subject_key: str
    agencies: tuple[int, ...]  # AgencyKind values, ascending
    highest_risk_level: int  # RiskLevel; UNSPECIFIED when no agency assessed risk
    incident_count: int
    last_incident_date: date | None


def decode(record: bytes) -> Fact | None:
    """The fact a Kafka record carries; None for an anonymous report."""
    try:
        event = case_events_pb2.CaseEvent.FromString(record)
    except DecodeError as error:
        raise MalformedEvent("not a CaseEvent") from error
    return fact_from_event(event)


def fact_from_event(event: case_events_pb2.CaseEvent) -> Fact | None:
    if not event.subject_key:
        return None  # anonymous: counts nowhere per subject
    if not event.agency_id:
        raise MalformedEvent("agency_id missing")
    for text in (event.agency_id, event.subject_key, event.case_reference):
        if len(text) > MAX_TEXT or "\x00" in text:  # Postgres text cannot hold NUL
            raise MalformedEvent("identifier too long or not text")
    if not 0 < event.source_sequence <= MAX_SEQUENCE:
        raise MalformedEvent("source_sequence out of range")
    stamp = event.occurred_at if event.HasField("occurred_at") else event.recorded_at
    try:
        occurred_at = stamp.ToDatetime(tzinfo=UTC)
        occurred_at.astimezone(LOCAL_TIME)  # its local date must exist too
    except (ValueError, OverflowError) as error:
        raise MalformedEvent("timestamp out of range") from error
    kind = event.WhichOneof("payload") or UNKNOWN
    risk_level = event.risk_assessed.level if kind == RISK_ASSESSED else None
    return Fact(
        agency_id=event.agency_id,
        source_sequence=event.source_sequence,
        agency=event.agency,
        subject_key=event.subject_key,
        case_reference=event.case_reference,
        kind=kind,
        occurred_at=occurred_at,
        risk_level=risk_level,
    )


def summarise_all(facts: Iterable[Fact]) -> dict[str, RiskSummary]:
    """One summary per subject key found among the facts."""
    by_subject: dict[str, dict[tuple[str, int], Fact]] = {}
    for fact in facts:
        by_subject.setdefault(fact.subject_key, {}).setdefault(fact.identity, fact)
    return {key: _summarise(key, unique.values()) for key, unique in by_subject.items()}


def summarise(subject_key: str, facts: Iterable[Fact]) -> RiskSummary | None:
    """The subject's summary, or None when no fact concerns the subject."""
    return summarise_all(f for f in facts if f.subject_key == subject_key).get(subject_key)


def _summarise(subject_key: str, facts: Iterable[Fact]) -> RiskSummary:
    facts = list(facts)
    latest_assessment: dict[str, Fact] = {}
    for fact in facts:
        if fact.kind == RISK_ASSESSED:
            current = latest_assessment.get(fact.agency_id)
            if current is None or _order(fact) > _order(current):
                latest_assessment[fact.agency_id] = fact
    incidents = [f.occurred_at for f in facts if f.kind == INCIDENT]
    return RiskSummary(
        subject_key=subject_key,
        agencies=tuple(sorted({f.agency for f in facts})),
        highest_risk_level=max(
            (f.risk_level or 0 for f in latest_assessment.values()),
            default=vocabulary_pb2.RISK_LEVEL_UNSPECIFIED,
        ),
        incident_count=len(incidents),
        last_incident_date=max(incidents).astimezone(LOCAL_TIME).date() if incidents else None,
    )


def _order(fact: Fact) -> tuple[datetime, int]:
    return (fact.occurred_at, fact.source_sequence)
