"""The DDPO's waiting list: everyone waiting for an advocate, in the order they
joined, with what to arrange before first contact (their access needs) and their
risk level, so the list reads in order without visiting every case.

It is an aggregate of its own, one per DDPO, kept in step with the cases' events
(`keep_in_step`) and saved in the same transaction as the case whose place on it
changed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.common.case import Case
from services.common.values import Value
from services.common.vocabulary import RiskLevel
from services.ddpo.domain import DdpoCase
from services.ddpo.vocabulary import AccessNeed

WAITING_LIST_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:ddpo-waiting-list")


@dataclass(frozen=True)
class Waiting(Value):
    joined_at: datetime
    # Never reused, so a page token stays valid as people leave.
    position: int
    risk_level: RiskLevel | None
    access_needs: tuple[AccessNeed, ...]


class WaitingList(Aggregate):
    @staticmethod
    def create_id(agency_id: str) -> UUID:
        return uuid5(WAITING_LIST_NAMESPACE, agency_id)

    @event("Opened")
    def __init__(self, agency_id: str) -> None:
        self.agency_id = agency_id
        # case reference -> its place, in joining order.
        self.entries: dict[str, Waiting] = {}
        self.joined = 0

    @event("Joined")
    def join(
        self,
        case_reference: str,
        joined_at: datetime,
        risk_level: RiskLevel | None = None,
        access_needs: tuple[AccessNeed, ...] = (),
    ) -> None:
        self.joined += 1
        self.entries[case_reference] = Waiting(joined_at, self.joined, risk_level, access_needs)

    @event("Updated")
    def update(
        self,
        case_reference: str,
        risk_level: RiskLevel | None,
        access_needs: tuple[AccessNeed, ...],
    ) -> None:
        waiting = self.entries[case_reference]
        self.entries[case_reference] = Waiting(
            waiting.joined_at, waiting.position, risk_level, access_needs
        )

    @event("Left")
    def leave(self, case_reference: str) -> None:
        del self.entries[case_reference]

    def place_of(self, case_reference: str) -> int:
        """1 for the longest waiting; 0 when not waiting."""
        for place, waiting in enumerate(self.entries, start=1):
            if waiting == case_reference:
                return place
        return 0


def access_needs_of(case: DdpoCase) -> tuple[AccessNeed, ...]:
    return tuple(AccessNeed(n["need"]) for n in case.access_needs)


def keep_in_step(waiting: WaitingList, case: DdpoCase, events: Sequence[Case.Event]) -> None:
    """Follows a case's new events: joining, leaving, being taken on, and what the
    list shows of a waiting case changing."""
    reference = case.case_reference
    for e in events:
        if isinstance(e, DdpoCase.JoinedWaitingList):
            waiting.join(reference, e.joined_at, case.risk_level, access_needs_of(case))
        elif isinstance(e, DdpoCase.LeftWaitingList | DdpoCase.AdvocacyStarted):
            if reference in waiting.entries:
                waiting.leave(reference)
        elif reference in waiting.entries and isinstance(
            e, Case.RiskAssessed | DdpoCase.AccessNeedsRecorded
        ):
            waiting.update(reference, case.risk_level, access_needs_of(case))


def follows(events: Sequence[Case.Event]) -> bool:
    """Whether any of a case's new events concern the waiting list."""
    kinds = (
        DdpoCase.JoinedWaitingList,
        DdpoCase.LeftWaitingList,
        DdpoCase.AdvocacyStarted,
        Case.RiskAssessed,
        DdpoCase.AccessNeedsRecorded,
    )
    return any(isinstance(e, kinds) for e in events)
