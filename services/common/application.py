"""An agency's case records: the commands and queries of the case kernel over an
event-sourced store. Each agency subclasses `CaseRecords` with its `Case` class.

Configuration comes from the environment, as the eventsourcing library expects:
PERSISTENCE_MODULE, POSTGRES_*, CIPHER_TOPIC/CIPHER_KEY (encryption at rest), plus
AGENCY_ID and LINKING_KEY (hex) for subject match keys.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar, TypeVar
from uuid import uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from services.common.case import Case
from services.common.commands import AssessRisk, OpenCase, RecordIncident
from services.common.errors import Conflict, NotFound
from services.common.matching import subject_key
from services.common.vocabulary import AgencyKind

T = TypeVar("T")
# Concurrent commands on one case conflict on its version; retrying re-reads it.
CONFLICT_RETRIES = 5


class CaseRecords(Application):
    agency_kind: ClassVar[AgencyKind]
    case_class: ClassVar[type[Case]] = Case

    def __init__(self, env=None) -> None:
        super().__init__(env)
        self.agency_id = self.env.get("AGENCY_ID") or self.agency_kind.value
        linking_key = self.env.get("LINKING_KEY")
        if not linking_key:
            raise ValueError("LINKING_KEY is not set")
        self._linking_key = bytes.fromhex(linking_key)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def open_case(self, command: OpenCase) -> str:
        """Opens a case and returns the subject's match key."""
        command.validate()
        assert command.subject is not None
        identity = command.subject.as_record()
        key = subject_key(self._linking_key, **identity)

        def attempt() -> str:
            existing = self._find(command.case_reference)
            if existing is not None:
                if existing.outcome_of(command.request_id) is None:
                    raise Conflict(f"case {command.case_reference} is already open")
                return existing.subject_key
            case = self.case_class(
                agency_id=self.agency_id,
                case_reference=command.case_reference,
                subject=identity,
                subject_key=key,
                request_id=command.request_id,
            )
            self.save(case)
            return key

        return self._retrying(attempt)

    def record_incident(self, command: RecordIncident) -> str:
        """Records an incident on a case and returns its incident id."""
        command.validate(self.now())

        def attempt(case: Case) -> str:
            incident_id = str(uuid4())
            case.record_incident(
                request_id=command.request_id,
                incident_id=incident_id,
                occurred_at=command.occurred_at,
                strands=[s.value for s in command.strands],
                classification=command.classification.value,
                perceived_by=[p.value for p in command.perceived_by],
                location_postcode=command.location_postcode.strip().upper(),
                narrative=command.narrative,
            )
            return incident_id

        return self.change_case(command.case_reference, command.request_id, attempt)

    def assess_risk(self, command: AssessRisk) -> None:
        command.validate()

        def attempt(case: Case) -> str:
            case.assess_risk(
                request_id=command.request_id,
                level=int(command.level),
                tool=command.tool,
                assessed_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, attempt)

    def get_case(self, case_reference: str) -> Case:
        case = self._find(case_reference)
        if case is None:
            raise NotFound(f"no case with reference {case_reference}")
        return case

    def change_case(
        self, case_reference: str, request_id: str, change: Callable[[Case], str]
    ) -> str:
        """Applies `change` to the case once per request id, and saves it."""

        def attempt() -> str:
            case = self.get_case(case_reference)
            outcome = case.outcome_of(request_id)
            if outcome is not None:
                return outcome
            outcome = change(case)
            self.save(case)
            return outcome

        return self._retrying(attempt)

    def _find(self, case_reference: str) -> Case | None:
        try:
            return self.repository.get(Case.create_id(self.agency_id, case_reference))
        except AggregateNotFoundError:
            return None

    @staticmethod
    def _retrying(attempt: Callable[[], T]) -> T:
        for _ in range(CONFLICT_RETRIES - 1):
            try:
                return attempt()
            except IntegrityError:
                continue
        return attempt()
