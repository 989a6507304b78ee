"""The allow-list from domain events to shared events.

Only what a mapping here copies leaves the agency: a domain event with no
mapping is not shared at all, and no mapping copies a name, address, date of
birth, contact detail or free text. Each agency extends KERNEL_SHARING with the
mappings of its own events; its module documents them as a table.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from google.protobuf.message import Message

from marac.v1 import case_events_pb2 as pb
from services.common.case import Case
from services.common.contract import timestamp, to_proto
from services.common.matching import postcode_district
from services.common.vocabulary import (
    AgencyKind,
    CaseOutcome,
    ConsentChange,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    Purpose,
    Recipient,
    ReportSource,
    RiskLevel,
    Strand,
)

SCHEMA_VERSION = 1
EVENT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:shared-event")


@dataclass(frozen=True)
class Shared:
    """What a mapping gives: the payload field of the envelope and when it happened."""

    field: str
    payload: Message
    occurred_at: datetime


Mapping = Callable[[Any], Shared]


def case_opened(event: Case.Opened) -> Shared:
    return Shared("case_opened", pb.CaseOpened(), event.timestamp)


def incident_reported(event: Case.IncidentRecorded) -> Shared:
    return Shared(
        "incident_reported",
        pb.IncidentReported(
            incident_id=event.incident_id,
            strands=[to_proto(Strand(s)) for s in event.strands],
            classification=to_proto(HateClassification(event.classification)),
            perceived_by=[to_proto(Perceiver(p)) for p in event.perceived_by],
            postcode_district=postcode_district(event.location_postcode),
            source=to_proto(ReportSource(event.source)),
            category=event.category,
        ),
        event.occurred_at,
    )


def risk_assessed(event: Case.RiskAssessed) -> Shared:
    return Shared(
        "risk_assessed",
        pb.RiskAssessed(level=to_proto(RiskLevel(event.level)), tool=event.tool),
        event.assessed_at,
    )


def consent_scopes(scopes: list[list[str]]) -> list[pb.ConsentScope]:
    return [
        pb.ConsentScope(recipient=to_proto(Recipient(r)), purpose=to_proto(Purpose(p)))
        for r, p in scopes
    ]


def consent_recorded(event: Case.ConsentRecorded) -> Shared:
    return Shared(
        "consent_recorded",
        pb.ConsentRecorded(
            scopes=consent_scopes(event.scopes),
            refused_recipients=[to_proto(Recipient(r)) for r in event.refused],
            change=to_proto(ConsentChange(event.change)),
        ),
        event.timestamp,
    )


def override_recorded(event: Case.OverrideRecorded) -> Shared:
    # The authoriser's name and the reason stay with the agency.
    return Shared(
        "override_recorded",
        pb.OverrideRecorded(
            override_id=event.override_id,
            basis=to_proto(LawfulBasis(event.basis)),
            scopes=consent_scopes(event.scopes),
            authoriser_role=event.authoriser_role,
            expires_at=timestamp(event.expires_at),
        ),
        event.timestamp,
    )


def override_revoked(event: Case.OverrideRevoked) -> Shared:
    return Shared(
        "override_revoked", pb.OverrideRevoked(override_id=event.override_id), event.timestamp
    )


def case_closed(event: Case.Closed) -> Shared:
    return Shared(
        "case_closed",
        pb.CaseClosed(
            outcome=to_proto(CaseOutcome(event.outcome)), satisfaction=event.satisfaction
        ),
        event.closed_at,
    )


def marac_referral_made(event: Case.ReferredToMarac) -> Shared:
    # The referrer's reason stays with the agency.
    return Shared(
        "marac_referral_made",
        pb.MaracReferralMade(ground=to_proto(MaracReferralGround(event.ground))),
        event.timestamp,
    )


KERNEL_SHARING: dict[type, Mapping] = {
    Case.Opened: case_opened,
    Case.IncidentRecorded: incident_reported,
    Case.RiskAssessed: risk_assessed,
    Case.ConsentRecorded: consent_recorded,
    Case.OverrideRecorded: override_recorded,
    Case.OverrideRevoked: override_revoked,
    Case.Closed: case_closed,
    Case.ReferredToMarac: marac_referral_made,
}


@dataclass(frozen=True)
class CaseIdentity:
    """The shareable identity of a case: its pseudonymous subject key and reference."""

    subject_key: str
    case_reference: str


def mapping_for(sharing: dict[type, Mapping], event: object) -> Mapping | None:
    for event_class in type(event).__mro__:
        if event_class in sharing:
            return sharing[event_class]
    return None


def to_shared_event(
    sharing: dict[type, Mapping],
    event: Any,
    case: CaseIdentity,
    agency: AgencyKind,
    agency_id: str,
    source_sequence: int,
) -> pb.CaseEvent | None:
    """The shared envelope for a domain event, or None when nothing is shareable."""
    mapping = mapping_for(sharing, event)
    if mapping is None:
        return None
    shared = mapping(event)
    envelope = pb.CaseEvent(
        # Derived from the domain event, so a resent event keeps its id.
        event_id=str(uuid5(EVENT_NAMESPACE, f"{event.originator_id}/{event.originator_version}")),
        agency=to_proto(agency),
        agency_id=agency_id,
        subject_key=case.subject_key,
        case_reference=case.case_reference,
        occurred_at=timestamp(shared.occurred_at),
        recorded_at=timestamp(event.timestamp),
        source_sequence=source_sequence,
        schema_version=SCHEMA_VERSION,
    )
    getattr(envelope, shared.field).CopyFrom(shared.payload)
    return envelope
