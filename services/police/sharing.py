"""What the police share: the kernel's allow-list plus the mappings below.

| domain event | shared event | fields shared |
|---|---|---|
| `Case.Opened` | `CaseOpened` | none (the envelope's subject key and case reference) |
| `Case.IncidentRecorded` | `IncidentReported` | incident_id, strands, classification, perceived_by, postcode_district, source, category |
| `Case.RiskAssessed` | `RiskAssessed` | level, tool |
| `Case.ConsentRecorded` | `ConsentRecorded` | scopes, refused_recipients, change |
| `Case.OverrideRecorded` | `OverrideRecorded` | override_id, basis, scopes, authoriser_role, expires_at |
| `Case.OverrideRevoked` | `OverrideRevoked` | override_id |
| `Case.Closed` | `CaseClosed` | outcome, satisfaction |
| `Case.ReferredToMarac` | `MaracReferralMade` | ground |
| `PoliceCase.CrimeRecorded` | `IncidentReported` | incident_id, strands, classification (hate crime or hate incident when hate-flagged, by record type), perceived_by, postcode_district, source, category (the offence category, or `non_crime_incident`) |
| `PoliceCase.InvestigationOpened` | `ActionChanged` | action_id (the incident id), type `ACTION_TYPE_INVESTIGATION`, open true |
| `PoliceCase.InvestigationOutcomeRecorded` | `ActionChanged` | action_id (the incident id), type `ACTION_TYPE_INVESTIGATION`, open false |

Never shared: the subject's identity (only its match key), the crime or
incident log reference, the full postcode, the narrative, and which
investigation outcome was recorded. Partners learn that the police have an open
investigation and when it concluded; the outcome itself can say that the
victim did not support a prosecution, so it stays with the police, and the
case's result travels only as the kernel's `CaseClosed` outcome
(`CHARGED_OR_SUMMONSED`, `OUT_OF_COURT_RESOLUTION`, ...) chosen on closing.
"""  # noqa: E501 (a table row is one line)

from datetime import datetime

from marac.v1 import case_events_pb2 as pb
from services.common.contract import to_proto
from services.common.matching import postcode_district
from services.common.sharing import Mapping, Shared
from services.common.vocabulary import ActionType, Perceiver, ReportSource, Strand
from services.police.domain import PoliceCase, classify


def crime_recorded(event: PoliceCase.CrimeRecorded) -> Shared:
    incident = classify(event.record_type, event.offence, event.hate_flag)
    return Shared(
        "incident_reported",
        pb.IncidentReported(
            incident_id=event.incident_id,
            strands=[to_proto(Strand(s)) for s in event.strands],
            classification=to_proto(incident.classification),
            perceived_by=[to_proto(Perceiver(p)) for p in event.perceived_by],
            postcode_district=postcode_district(event.location_postcode),
            source=to_proto(ReportSource(event.source)),
            category=incident.category,
        ),
        event.occurred_at,
    )


def investigation(incident_id: str, is_open: bool, when: datetime) -> Shared:
    return Shared(
        "action_changed",
        pb.ActionChanged(
            action_id=incident_id, type=to_proto(ActionType.INVESTIGATION), open=is_open
        ),
        when,
    )


def investigation_opened(event: PoliceCase.InvestigationOpened) -> Shared:
    return investigation(event.incident_id, True, event.timestamp)


def investigation_concluded(event: PoliceCase.InvestigationOutcomeRecorded) -> Shared:
    return investigation(event.incident_id, False, event.timestamp)


POLICE_SHARING: dict[type, Mapping] = {
    PoliceCase.CrimeRecorded: crime_recorded,
    PoliceCase.InvestigationOpened: investigation_opened,
    PoliceCase.InvestigationOutcomeRecorded: investigation_concluded,
}
