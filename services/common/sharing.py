"""The allow-list from domain events to shared events.

Only what a mapping here copies leaves the agency: a domain event with no
mapping is not shared at all, and no mapping copies a name, address, date of
birth, contact detail or free text. Every agency shares the kernel's events as
below; each agency's `sharing` module adds the mappings of its own events, in a
table of the same form (an agency's row for a kernel event replaces it).

| domain event | shared event | fields shared |
|---|---|---|
| `Case.Opened` | `CaseOpened` | none (the envelope's subject key and case reference) |
| `Case.IncidentRecorded` | `IncidentReported` | incident_id, strands, classification, perceived_by, postcode_district, source, incident_category (and, deprecated, category) |
| `Case.RiskAssessed` | `RiskAssessed` | level, assessment_tool (and, deprecated, tool) |
| `Case.ConsentRecorded` | `ConsentRecorded` | scopes, refused_recipients, change |
| `Case.OverrideRecorded` | `OverrideRecorded` | override_id, basis, scopes, authorising_role (and, deprecated, authoriser_role), expires_at |
| `Case.OverrideRevoked` | `OverrideRevoked` | override_id |
| `Case.Closed` | `CaseClosed` | outcome, satisfaction |
| `Case.ReferredToMarac` | `MaracReferralMade` | ground |
| `ErasureRecord.Erased` | `CaseErased` | none (the envelope's subject key and case reference; not the reason) |

Never shared by the kernel: the subject's identity (only its match key), the full
postcode, the narrative, who authorised an override and why, why a case was
referred to MARAC, the requests a case remembers (`Case.RequestAnswered`, and
the request on every event), and the actions MARAC meetings agreed
(`Case.MeetingActionReceived`, `Case.MeetingActionClosed`: they go back to the
meeting service on the agency's action updates topic, services.common.action_updates,
never to the shared view).
"""  # noqa: E501 (a table row is one line)

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from google.protobuf.message import Message

from marac.v1 import case_events_pb2 as pb
from services.common.case import Case, Incident
from services.common.contract import timestamp, to_proto
from services.common.erasure import ErasureRecord
from services.common.matching import postcode_district
from services.common.vocabulary import Purpose, Recipient

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


def incident_reported(event: Any) -> Shared:
    """Any event that adds an incident (an `incident_id` and an `incident`)."""
    incident: Incident = event.incident
    return Shared(
        "incident_reported",
        pb.IncidentReported(
            incident_id=event.incident_id,
            strands=[to_proto(s) for s in incident.strands],
            classification=to_proto(incident.classification),
            perceived_by=[to_proto(p) for p in incident.perceived_by],
            postcode_district=postcode_district(incident.location_postcode),
            source=to_proto(incident.source),
            incident_category=to_proto(incident.category) if incident.category else 0,
            # Deprecated, still filled for consumers that read it.
            category=incident.category.value if incident.category else "",
        ),
        incident.occurred_at,
    )


def risk_assessed(event: Case.RiskAssessed) -> Shared:
    assessment = event.assessment
    return Shared(
        "risk_assessed",
        pb.RiskAssessed(
            level=to_proto(assessment.level),
            assessment_tool=to_proto(assessment.tool),
            tool=assessment.tool.value,  # deprecated, still filled
        ),
        assessment.assessed_at,
    )


def consent_scopes(scopes: Iterable[tuple[Recipient, Purpose]]) -> list[pb.ConsentScope]:
    return [pb.ConsentScope(recipient=to_proto(r), purpose=to_proto(p)) for r, p in scopes]


def consent_recorded(event: Case.ConsentRecorded) -> Shared:
    return Shared(
        "consent_recorded",
        pb.ConsentRecorded(
            scopes=consent_scopes(event.consent.scopes),
            refused_recipients=[to_proto(r) for r in event.consent.refused],
            change=to_proto(event.change),
        ),
        event.timestamp,
    )


def override_recorded(event: Case.OverrideRecorded) -> Shared:
    # The authoriser's name and the reason stay with the agency.
    override = event.override
    return Shared(
        "override_recorded",
        pb.OverrideRecorded(
            override_id=event.override_id,
            basis=to_proto(override.basis),
            scopes=consent_scopes(override.scopes),
            authorising_role=to_proto(override.authoriser_role),
            authoriser_role=override.authoriser_role.value,  # deprecated, still filled
            expires_at=timestamp(override.expires_at),
        ),
        event.timestamp,
    )


def override_revoked(event: Case.OverrideRevoked) -> Shared:
    return Shared(
        "override_revoked", pb.OverrideRevoked(override_id=event.override_id), event.timestamp
    )


def case_closed(event: Case.Closed) -> Shared:
    closure = event.closure
    return Shared(
        "case_closed",
        pb.CaseClosed(outcome=to_proto(closure.outcome), satisfaction=closure.satisfaction),
        closure.closed_at,
    )


def marac_referral_made(event: Case.ReferredToMarac) -> Shared:
    # The referrer's reason stays with the agency.
    referral = event.referral
    return Shared(
        "marac_referral_made",
        pb.MaracReferralMade(ground=to_proto(referral.ground)),
        referral.referred_at,
    )


def case_erased(event: ErasureRecord.Erased) -> Shared:
    return Shared("case_erased", pb.CaseErased(), event.erased_at)


KERNEL_SHARING: dict[type, Mapping] = {
    Case.Opened: case_opened,
    Case.IncidentRecorded: incident_reported,
    Case.RiskAssessed: risk_assessed,
    Case.ConsentRecorded: consent_recorded,
    Case.OverrideRecorded: override_recorded,
    Case.OverrideRevoked: override_revoked,
    Case.Closed: case_closed,
    Case.ReferredToMarac: marac_referral_made,
    ErasureRecord.Erased: case_erased,
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
    agency: int,
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
        agency=agency,
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
