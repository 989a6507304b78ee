"""The police's case records: the kernel's commands plus recording crimes and
investigation outcomes, and listing a case's crimes."""

from dataclasses import dataclass

from services.common.application import CaseApplication, Opening, incident_from, new_id
from services.common.case import Incident
from services.common.paging import page_in_order
from services.common.values import Value
from services.police.commands import ListCrimes, RecordCrime, RecordInvestigationOutcome
from services.police.domain import Crime, PoliceCase
from services.police.vocabulary import InvestigationOutcome


@dataclass(frozen=True)
class RecordedCrime(Value):
    incident_id: str
    subject_key: str


@dataclass(frozen=True)
class RecordedInvestigationOutcome(Value):
    incident_id: str
    outcome: InvestigationOutcome


@dataclass(frozen=True)
class CrimeRecord:
    """A crime as listed: the police detail with the incident as told."""

    incident_id: str
    crime: Crime
    incident: Incident


@dataclass(frozen=True)
class CrimePage:
    crimes: list[CrimeRecord]
    next_page_token: str


class PoliceCaseRecords(CaseApplication[PoliceCase]):
    name = "police"
    case_class = PoliceCase

    def record_crime(self, command: RecordCrime) -> RecordedCrime:
        """Records a crime or non-crime incident, opening the case if it is new."""

        def record(case: PoliceCase) -> RecordedCrime:
            crime = Crime(
                crime_reference=command.crime_reference.strip(),
                record_type=command.record_type,
                offence=command.offence,
                hate_flag=command.hate_flag,
            )
            # The case classifies it (services.police.domain.Crime).
            told = incident_from(command, command.source)
            incident_id = new_id()
            case.record_crime(incident_id, crime, told, command.consent)
            return RecordedCrime(incident_id, case.subject_key)

        return self.handle(command, record, opening=Opening(command.subject))

    def record_investigation_outcome(
        self, command: RecordInvestigationOutcome
    ) -> RecordedInvestigationOutcome:
        """Records the outcome of a crime's investigation; a later one revises it."""

        def record(case: PoliceCase) -> RecordedInvestigationOutcome:
            incident_id = case.record_investigation_outcome(
                command.crime_reference.strip(), command.outcome
            )
            return RecordedInvestigationOutcome(incident_id, command.outcome)

        return self.handle(command, record)

    def list_crimes(self, query: ListCrimes) -> CrimePage:
        after, size = query.validate()
        case = self.get_case(query.case_reference)
        records = [
            CrimeRecord(incident_id, crime, case.incidents[incident_id])
            for incident_id, crime in case.crimes.items()
        ]
        return CrimePage(*page_in_order(records, after, size, query.scope))
