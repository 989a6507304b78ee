"""What the police share besides the kernel's events (services.common.sharing).

| domain event | shared event | fields shared |
|---|---|---|
| `PoliceCase.CrimeRecorded` | `IncidentReported` | incident_id, strands, classification (hate crime or hate incident when hate-flagged, by record type), perceived_by, postcode_district, source, incident_category (the offence category, or `NON_CRIME_INCIDENT`) |
| `PoliceCase.InvestigationOpened` | `ActionChanged` | action_id (the incident id), type `ACTION_TYPE_INVESTIGATION`, open true |
| `PoliceCase.InvestigationOutcomeRecorded` | `ActionChanged` | action_id (the incident id), type `ACTION_TYPE_INVESTIGATION`, open false |

Never shared: the crime or incident log reference, and which investigation
outcome was recorded. Partners learn that the police have an open investigation
and when it concluded; the outcome itself can say that the victim did not support
a prosecution, so it stays with the police, and the case's result travels only as
the kernel's `CaseClosed` outcome (`CHARGED_OR_SUMMONSED`,
`OUT_OF_COURT_RESOLUTION`, ...) chosen on closing.
"""  # noqa: E501 (a table row is one line)

from datetime import datetime

from marac.v1 import case_events_pb2 as pb
from services.common.contract import to_proto
from services.common.sharing import Mapping, Shared, incident_reported
from services.common.vocabulary import ActionType
from services.police.domain import PoliceCase


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
    # The domain classified the crime as an incident every agency counts alike.
    PoliceCase.CrimeRecorded: incident_reported,
    PoliceCase.InvestigationOpened: investigation_opened,
    PoliceCase.InvestigationOutcomeRecorded: investigation_concluded,
}
