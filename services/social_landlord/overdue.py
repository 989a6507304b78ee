"""The work list of response steps not yet done, across every landlord case.

It follows the service's own notification log, reading only the events that
start, time or stop a response clock and those naming a case and its officer,
so it needs no store of its own: after a restart the first query reads the log
once, later queries read only what was recorded since.
"""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from services.common.case import Case
from services.common.following import LogFollower
from services.common.paging import Position, page_of, read_page
from services.common.validation import Violations
from services.common.vocabulary import ResponseStep
from services.social_landlord.domain import LandlordCase

MAX_PAGE_SIZE = 500
SCOPE = "overdue-reports"
# Closing goes through the kernel's close, so its event is the kernel's.
TOPICS = [
    get_topic(cls)
    for cls in (
        LandlordCase.Opened,
        LandlordCase.CaseOfficerAssigned,
        LandlordCase.ReportLogged,
        LandlordCase.ResponseTimed,
        Case.Closed,
    )
]


@dataclass(frozen=True)
class OverdueReport:
    case_reference: str
    report_id: str
    step: ResponseStep
    due_at: datetime
    breach_recorded: bool
    case_officer: str

    @property
    def position(self) -> tuple[datetime, str, str, str]:
        return (self.due_at, self.case_reference, self.report_id, self.step.value)


@dataclass
class CaseClocks:
    case_reference: str
    case_officer: str = ""
    # (report id, step) -> [due at, breach recorded]
    awaited: dict[tuple[str, str], list] = field(default_factory=dict)


class ResponseClocks:
    def __init__(self, app: Application) -> None:
        self._cases: dict[UUID, CaseClocks] = {}
        self._log = LogFollower(app, self._apply, TOPICS)

    def due_by(self, moment: datetime) -> list[OverdueReport]:
        """Steps of open cases not done and due by `moment`, soonest due first."""
        with self._log.caught_up():
            found = [
                OverdueReport(
                    case_reference=case.case_reference,
                    report_id=report_id,
                    step=ResponseStep(step),
                    due_at=due_at,
                    breach_recorded=breach_recorded,
                    case_officer=case.case_officer,
                )
                for case in self._cases.values()
                for (report_id, step), (due_at, breach_recorded) in case.awaited.items()
                if due_at <= moment
            ]
        return sorted(found, key=lambda item: item.position)

    def _apply(self, event: object) -> None:
        if isinstance(event, LandlordCase.Opened):
            self._cases[event.originator_id] = CaseClocks(event.case_reference)
            return
        case = self._cases.get(event.originator_id)
        if case is None:  # closed
            return
        if isinstance(event, LandlordCase.CaseOfficerAssigned):
            case.case_officer = event.officer_name
        elif isinstance(event, LandlordCase.ReportLogged):
            for step, due_at in event.due.items():
                case.awaited[(event.report_id, step)] = [due_at, False]
        elif isinstance(event, LandlordCase.ResponseTimed):
            if event.done_at is None:
                case.awaited[(event.report_id, event.step)][1] = True
            else:
                case.awaited.pop((event.report_id, event.step), None)
        elif isinstance(event, Case.Closed):
            del self._cases[event.originator_id]


@dataclass(frozen=True)
class ListOverdueReports:
    due_by: datetime | None
    page_size: int = 0
    page_token: str = ""

    def validate(self) -> tuple[Position | None, int]:
        """Checks the request; returns the position the page starts after, and its size."""
        v = Violations()
        at = read_page(
            v, SCOPE, self.page_size, self.page_token, (datetime, str, str, str), MAX_PAGE_SIZE
        )
        v.raise_if_any()
        return at


def page(
    items: list[OverdueReport], after: Position | None, size: int
) -> tuple[list[OverdueReport], str]:
    """One page of the sorted list; the token is the position of the last item shown,
    so a page stays right when steps are done or fall due between calls."""
    return page_of(items, lambda item: item.position, after, size, SCOPE)
