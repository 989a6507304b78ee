"""The police case: the crimes and non-crime incidents recorded for one victim,
each with its crime or incident log reference, and the investigation of each
crime until its outcome. Risk, consent and closure are the kernel's."""

from dataclasses import dataclass, replace

from eventsourcing.domain import event

from services.common.case import Case, Consent, Incident
from services.common.errors import AlreadyExists, NotFound, RuleBroken
from services.common.values import Value
from services.common.vocabulary import HateClassification, IncidentCategory
from services.police.vocabulary import (
    InvestigationOutcome,
    OffenceCategory,
    PoliceRecordType,
)


class CrimeAlreadyRecorded(AlreadyExists):
    def __init__(self) -> None:
        super().__init__("a record with this crime reference is already on the case")


class NoSuchCrime(NotFound):
    def __init__(self) -> None:
        super().__init__("no record with this crime reference on the case")


class NoInvestigation(RuleBroken):
    def __init__(self) -> None:
        super().__init__("names a non-crime incident, which has no investigation outcome")


@dataclass(frozen=True)
class Crime(Value):
    """The police detail of an incident recorded as a crime or a non-crime incident."""

    crime_reference: str
    record_type: PoliceRecordType
    offence: OffenceCategory | None
    hate_flag: bool
    outcome: InvestigationOutcome | None = None

    @property
    def classification(self) -> HateClassification:
        """Perception-based: a hate-flagged crime is a hate crime, a hate-flagged
        non-crime incident a hate incident."""
        if not self.hate_flag:
            return HateClassification.NOT_HATE_RELATED
        if self.record_type == PoliceRecordType.CRIME:
            return HateClassification.HATE_CRIME
        return HateClassification.HATE_INCIDENT

    @property
    def category(self) -> IncidentCategory:
        """How it counts among all agencies' incidents: a crime under its offence."""
        if self.record_type == PoliceRecordType.CRIME and self.offence:
            return IncidentCategory(self.offence.value)
        return IncidentCategory.NON_CRIME_INCIDENT


class PoliceCase(Case):
    def on_open(self) -> None:
        # By incident id, in the order recorded.
        self.crimes: dict[str, Crime] = {}

    def crime_with_reference(self, crime_reference: str) -> str | None:
        """The incident id of the record with this crime reference, if any."""
        for incident_id, crime in self.crimes.items():
            if crime.crime_reference == crime_reference:
                return incident_id
        return None

    def record_crime(
        self, incident_id: str, crime: Crime, told: Incident, consent: Consent
    ) -> None:
        """A crime or non-crime incident as told, with the victim's consent as it
        stands with the report; a recorded crime is investigated."""
        if self.crime_with_reference(crime.crime_reference) is not None:
            raise CrimeAlreadyRecorded()
        self.record_consent(consent)
        incident = replace(told, classification=crime.classification, category=crime.category)
        self._record_crime(incident_id=incident_id, incident=incident, crime=crime)
        if crime.record_type == PoliceRecordType.CRIME:
            self._open_investigation(incident_id=incident_id)

    @event("CrimeRecorded")
    def _record_crime(self, incident_id: str, incident: Incident, crime: Crime) -> None:
        # The kernel's view of the same incident, so GetCase and every partner count it.
        self.incidents[incident_id] = incident
        self.crimes[incident_id] = crime

    @event("InvestigationOpened")
    def _open_investigation(self, incident_id: str) -> None:
        """A recorded crime is investigated until an outcome is recorded; the
        opening changes nothing here but is a fact partners are told."""

    def record_investigation_outcome(
        self, crime_reference: str, outcome: InvestigationOutcome
    ) -> str:
        """Records (or revises) the outcome of a crime's investigation; returns the
        crime's incident id."""
        incident_id = self.crime_with_reference(crime_reference)
        if incident_id is None:
            raise NoSuchCrime()
        if self.crimes[incident_id].record_type != PoliceRecordType.CRIME:
            raise NoInvestigation()
        self._record_investigation_outcome(incident_id=incident_id, outcome=outcome)
        return incident_id

    @event("InvestigationOutcomeRecorded")
    def _record_investigation_outcome(
        self, incident_id: str, outcome: InvestigationOutcome
    ) -> None:
        self.crimes[incident_id] = replace(self.crimes[incident_id], outcome=outcome)
