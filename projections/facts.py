"""Facts: the minimised part of a shared CaseEvent that the risk view needs.

A fact is identified by (agency_id, source_sequence), so a redelivered event is the
same fact. Only what the view, its visibility and MARAC eligibility use is kept:
no incident category, place, perceiver or report source, no authoriser, no
free text (there is none on the topic either). Everything else about an event is
its kind, which still shows that the agency knows the subject.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from google.protobuf.message import DecodeError

from marac.v1 import case_events_pb2

# Incident dates are the calendar dates the partners work in.
LOCAL_TIME = ZoneInfo("Europe/London")
MAX_SEQUENCE = 2**63 - 1  # the read model stores it as bigint
MAX_TEXT = 200

CASE_OPENED = "case_opened"
INCIDENT = "incident_reported"
RISK_ASSESSED = "risk_assessed"
CONSENT = "consent_recorded"
OVERRIDE = "override_recorded"
OVERRIDE_REVOKED = "override_revoked"
SUPPORT = "support_changed"
ENFORCEMENT = "enforcement_changed"
ACTION = "action_changed"
CASE_CLOSED = "case_closed"
MARAC_REFERRAL = "marac_referral_made"
MARAC_DISCUSSED = "marac_discussed"
UNKNOWN = "unknown"  # a payload newer than this projection: still shows the agency knows

Scope = tuple[int, int]  # (Recipient, Purpose)


class MalformedEvent(ValueError):
    """A record that is not a usable CaseEvent (the message quotes no content)."""


@dataclass(frozen=True, slots=True)
class Incident:
    strands: tuple[int, ...]  # Strand values, ascending, without UNSPECIFIED
    classification: int  # HateClassification


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    level: int  # RiskLevel
    tool: str


@dataclass(frozen=True, slots=True)
class Consent:
    """The consent in force on the case from this fact on (it replaces earlier ones)."""

    scopes: frozenset[Scope]
    refused: frozenset[int]  # Recipient values the victim said must not be told


@dataclass(frozen=True, slots=True)
class Override:
    override_id: str
    basis: int  # LawfulBasis
    scopes: frozenset[Scope]
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class OverrideRevocation:
    override_id: str


@dataclass(frozen=True, slots=True)
class SupportChange:
    area: int  # SupportArea
    open: bool


@dataclass(frozen=True, slots=True)
class EnforcementChange:
    enforcement_id: str
    type: int  # EnforcementType
    open: bool


@dataclass(frozen=True, slots=True)
class ActionChange:
    action_id: str
    type: int  # ActionType
    open: bool
    due_at: datetime | None


@dataclass(frozen=True, slots=True)
class MaracReferral:
    ground: int  # MaracReferralGround


Payload = (
    Incident
    | RiskAssessment
    | Consent
    | Override
    | OverrideRevocation
    | SupportChange
    | EnforcementChange
    | ActionChange
    | MaracReferral
    | None
)


@dataclass(frozen=True, slots=True)
class Fact:
    agency_id: str
    source_sequence: int
    agency: int  # AgencyKind
    subject_key: str
    case_reference: str  # who to ask, at that agency
    kind: str  # name of the CaseEvent payload
    occurred_at: datetime  # aware, microsecond precision
    payload: Payload = None  # None for kinds that carry nothing the view uses

    @property
    def identity(self) -> tuple[str, int]:
        return (self.agency_id, self.source_sequence)

    @property
    def case(self) -> tuple[str, str]:
        return (self.agency_id, self.case_reference)


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
        _check_text(text)
    if not 0 < event.source_sequence <= MAX_SEQUENCE:
        raise MalformedEvent("source_sequence out of range")
    stamp = event.occurred_at if event.HasField("occurred_at") else event.recorded_at
    kind = event.WhichOneof("payload") or UNKNOWN
    return Fact(
        agency_id=event.agency_id,
        source_sequence=event.source_sequence,
        agency=event.agency,
        subject_key=event.subject_key,
        case_reference=event.case_reference,
        kind=kind,
        occurred_at=_instant(stamp),
        payload=_payload(event, kind),
    )


def _payload(event: case_events_pb2.CaseEvent, kind: str) -> Payload:
    if kind == INCIDENT:
        incident = event.incident_reported
        return Incident(_values(incident.strands), incident.classification)
    if kind == RISK_ASSESSED:
        _check_text(event.risk_assessed.tool)
        return RiskAssessment(event.risk_assessed.level, event.risk_assessed.tool)
    if kind == CONSENT:
        consent = event.consent_recorded
        return Consent(_scopes(consent.scopes), frozenset(_values(consent.refused_recipients)))
    if kind == OVERRIDE:
        override = event.override_recorded
        _check_text(override.override_id)
        return Override(
            override.override_id,
            override.basis,
            _scopes(override.scopes),
            _instant(override.expires_at),
        )
    if kind == OVERRIDE_REVOKED:
        _check_text(event.override_revoked.override_id)
        return OverrideRevocation(event.override_revoked.override_id)
    if kind == SUPPORT:
        return SupportChange(event.support_changed.area, event.support_changed.open)
    if kind == ENFORCEMENT:
        step = event.enforcement_changed
        _check_text(step.enforcement_id)
        return EnforcementChange(step.enforcement_id, step.type, step.open)
    if kind == ACTION:
        action = event.action_changed
        _check_text(action.action_id)
        due_at = _instant(action.due_at) if action.HasField("due_at") else None
        return ActionChange(action.action_id, action.type, action.open, due_at)
    if kind == MARAC_REFERRAL:
        return MaracReferral(event.marac_referral_made.ground)
    return None


def _scopes(scopes) -> frozenset[Scope]:
    return frozenset((s.recipient, s.purpose) for s in scopes if s.recipient and s.purpose)


def _values(values) -> tuple[int, ...]:
    return tuple(sorted({v for v in values if v}))


def _check_text(text: str) -> None:
    if len(text) > MAX_TEXT or "\x00" in text:  # Postgres text cannot hold NUL
        raise MalformedEvent("identifier too long or not text")


def _instant(stamp) -> datetime:
    try:
        instant = stamp.ToDatetime(tzinfo=UTC)
        instant.astimezone(LOCAL_TIME)  # its local date must exist too
    except (ValueError, OverflowError) as error:
        raise MalformedEvent("timestamp out of range") from error
    return instant
