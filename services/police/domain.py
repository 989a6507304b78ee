"""The police case: the crimes and non-crime incidents recorded for one victim,
each with its crime or incident log reference, and the investigation of each
crime until its outcome. Risk, consent and closure are the kernel's."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import event

from services.common.case import Case
from services.common.vocabulary import HateClassification
from services.police.vocabulary import NON_CRIME_INCIDENT_CATEGORY, PoliceRecordType


@dataclass(frozen=True)
class Classified:
    """How a police record counts among all agencies' incidents."""

    classification: HateClassification
    category: str


def classify(record_type: str, offence: str | None, hate_flag: bool) -> Classified:
    """A hate-flagged crime is a hate crime, a hate-flagged non-crime incident a
    hate incident; a crime counts under its offence category."""
    crime = record_type == PoliceRecordType.CRIME
    if not hate_flag:
        classification = HateClassification.NOT_HATE_RELATED
    elif crime:
        classification = HateClassification.HATE_CRIME
    else:
        classification = HateClassification.HATE_INCIDENT
    return Classified(classification, offence if crime and offence else NON_CRIME_INCIDENT_CATEGORY)


class PoliceCase(Case):
    def __init__(
        self,
        agency_id: str,
        case_reference: str,
        subject: dict[str, str] | None,
        subject_key: str,
        request_id: str,
    ) -> None:
        super().__init__(
            agency_id=agency_id,
            case_reference=case_reference,
            subject=subject,
            subject_key=subject_key,
            request_id=request_id,
        )
        # Police detail of the incidents recorded as crimes or non-crime
        # incidents, by incident id, in the order recorded.
        self.crimes: dict[str, dict[str, Any]] = {}

    def crime_with_reference(self, crime_reference: str) -> str | None:
        """The incident id of the record with this crime reference, if any."""
        for incident_id, crime in self.crimes.items():
            if crime["crime_reference"] == crime_reference:
                return incident_id
        return None

    @event("CrimeRecorded")
    def record_crime(
        self,
        request_id: str,
        incident_id: str,
        crime_reference: str,
        record_type: str,
        offence: str | None,
        source: str,
        occurred_at: datetime,
        hate_flag: bool,
        strands: list[str],
        perceived_by: list[str],
        location_postcode: str,
        narrative: str,
    ) -> None:
        counted = classify(record_type, offence, hate_flag)
        # The kernel's view of the same incident, so GetCase shows it too.
        self.incidents[incident_id] = {
            "source": source,
            "category": counted.category,
            "occurred_at": occurred_at,
            "strands": strands,
            "classification": counted.classification.value,
            "perceived_by": perceived_by,
            "location_postcode": location_postcode,
            "narrative": narrative,
        }
        self.crimes[incident_id] = {
            "crime_reference": crime_reference,
            "record_type": record_type,
            "offence": offence,
            "hate_flag": hate_flag,
            "outcome": None,
        }
        self.handled_requests[request_id] = incident_id

    @event("InvestigationOpened")
    def open_investigation(self, incident_id: str) -> None:
        """A recorded crime is investigated until an outcome is recorded; the
        opening changes nothing here but is a fact partners are told."""

    @event("InvestigationOutcomeRecorded")
    def record_investigation_outcome(self, request_id: str, incident_id: str, outcome: str) -> None:
        self.crimes[incident_id]["outcome"] = outcome
        self.handled_requests[request_id] = ""
