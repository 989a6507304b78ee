"""The police's case records: the kernel's commands plus recording crimes and
investigation outcomes, and listing a case's crimes."""

from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from services.common.application import CaseRecords
from services.common.case import Case
from services.common.errors import Conflict, FailedPrecondition, NotFound
from services.common.paging import page
from services.common.validation import FieldViolation, InvalidRequest
from services.common.vocabulary import AgencyKind
from services.police.commands import ListCrimes, RecordCrime, RecordInvestigationOutcome
from services.police.domain import PoliceCase
from services.police.vocabulary import PoliceRecordType


@dataclass(frozen=True)
class CrimeRecorded:
    incident_id: str
    subject_key: str


@dataclass(frozen=True)
class CrimePage:
    crimes: list[dict[str, Any]]  # each the police detail merged with the incident
    next_page_token: str


class PoliceCaseRecords(CaseRecords):
    name = "police"
    agency_kind = AgencyKind.POLICE
    case_class = PoliceCase

    def record_crime(self, command: RecordCrime) -> CrimeRecorded:
        """Records a crime or non-crime incident, opening the case if it is new."""
        command.validate(self.now())
        identity = command.subject.as_record() if command.subject else None
        key = self.subject_key_of(identity) if identity else None
        crime_reference = command.crime_reference.strip()
        answer: dict[str, str] = {}

        def change(case: Case | None) -> tuple[Case | None, str]:
            if case is None:
                if identity is None:
                    raise InvalidRequest(
                        [FieldViolation("subject", "is required to open a new case")]
                    )
                case = PoliceCase(
                    agency_id=self.agency_id,
                    case_reference=command.case_reference,
                    subject=identity,
                    subject_key=key,
                    request_id=f"{command.request_id}/open",
                )
            elif (done := case.outcome_of(command.request_id)) is not None:
                answer["subject_key"] = case.subject_key
                return None, done
            elif case.closed:
                raise FailedPrecondition(f"case {command.case_reference} is closed")
            elif key is not None and key != case.subject_key:
                raise FailedPrecondition(f"case {command.case_reference} is about another subject")
            if case.crime_with_reference(crime_reference) is not None:
                raise Conflict(f"crime {crime_reference} is already recorded on this case")
            assert isinstance(case, PoliceCase)
            scopes, refused = command.consent.as_record()
            case.record_consent(
                request_id=f"{command.request_id}/consent",
                scopes=scopes,
                refused=refused,
                change=case.consent_change(scopes),
            )
            incident_id = str(uuid4())
            case.record_crime(
                request_id=command.request_id,
                incident_id=incident_id,
                crime_reference=crime_reference,
                record_type=command.record_type.value,
                offence=command.offence.value if command.offence else None,
                source=command.source.value,
                occurred_at=command.occurred_at,
                hate_flag=command.hate_flag,
                strands=list(dict.fromkeys(s.value for s in command.strands)),
                perceived_by=list(dict.fromkeys(p.value for p in command.perceived_by)),
                location_postcode=command.location_postcode.strip().upper(),
                narrative=command.narrative,
            )
            if command.record_type == PoliceRecordType.CRIME:
                case.open_investigation(incident_id=incident_id)
            answer["subject_key"] = case.subject_key
            return case, incident_id

        incident_id = self.submit_change(command.case_reference, change)
        return CrimeRecorded(incident_id, answer["subject_key"])

    def record_investigation_outcome(self, command: RecordInvestigationOutcome) -> None:
        """Records the outcome of a crime's investigation; a later one revises it."""
        command.validate()
        crime_reference = command.crime_reference.strip()

        def record(case: Case) -> str:
            assert isinstance(case, PoliceCase)
            incident_id = case.crime_with_reference(crime_reference)
            if incident_id is None:
                raise NotFound(f"no crime {crime_reference} on this case")
            if case.crimes[incident_id]["record_type"] != PoliceRecordType.CRIME:
                raise InvalidRequest(
                    [
                        FieldViolation(
                            "crime_reference",
                            "names a non-crime incident, which has no investigation outcome",
                        )
                    ]
                )
            case.record_investigation_outcome(
                request_id=command.request_id,
                incident_id=incident_id,
                outcome=command.outcome.value,
            )
            return ""

        self.change_case(command.case_reference, command.request_id, record)

    def list_crimes(self, query: ListCrimes) -> CrimePage:
        at = query.validate()
        case = self.get_case(query.case_reference)
        assert isinstance(case, PoliceCase)
        records = [
            {"incident_id": incident_id, **case.incidents[incident_id], **crime}
            for incident_id, crime in case.crimes.items()
        ]
        shown, next_token = page(records, at, query.scope)
        return CrimePage(shown, next_token)
