"""What the meeting service's use cases take from outside: RiskView's subjects, the
partnership's agencies, and what an owner agency's case records of an action."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from services.common.validation import FieldViolation, InvalidRequest
from services.common.vocabulary import ActionClosureReason, MeetingActionStatus
from services.marac.values import AgendaSubject, OwnerCase


@dataclass(frozen=True)
class Partners:
    """The partnership's agencies, each invited to every meeting: agency id -> the
    agency's AgencyKind number."""

    kinds: dict[str, int]

    def kind(self, agency_id: str) -> int:
        return self.kinds.get(agency_id, 0)

    def check(self, path: str, agency_id: str) -> None:
        if agency_id and agency_id not in self.kinds:
            raise InvalidRequest([FieldViolation(path, "is not an agency of this partnership")])


@dataclass(frozen=True)
class FoundSubject:
    subject: AgendaSubject
    cases: tuple[OwnerCase, ...]


class Subjects(Protocol):
    """RiskView's MeetingSubjectsService, as the meetings use it."""

    def eligible(self, as_of: datetime | None = None, area: str = "") -> list[AgendaSubject]:
        """Those eligible now, or (as_of) at a past instant; of the area, when given
        (shared_view/areas.py)."""

    def by_handle(self, handle: str) -> FoundSubject | None: ...

    def by_case(self, agency_id: str, case_reference: str) -> FoundSubject | None: ...


@dataclass(frozen=True)
class AgencyUpdate:
    """What an owner agency's case now records of an action (marac.v1.MeetingActionUpdate)."""

    action_id: str
    meeting_id: str
    # The agency whose topic it came on, and the agency the update names.
    topic_agency_id: str
    agency_id: str
    status: MeetingActionStatus
    reason: ActionClosureReason | None
    changed_at: datetime
    sequence: int
