"""The agency's list of its cases, for an agency system that needs its cases'
references rather than guessing them: each case's reference, subject key, state,
and when it opened and last changed, in the order they last changed.

It follows the service's own notification log (services.common.following), so it
needs no store of its own. An erased case leaves the list.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from services.common.case import Case
from services.common.erasure import ErasureRecord
from services.common.following import LogFollower
from services.common.paging import Position, page_of, read_page
from services.common.validation import Unknown, Violations, check_unknown
from services.common.vocabulary import CaseState


@dataclass(frozen=True)
class CaseSummary:
    case_reference: str
    subject_key: str  # empty for a case that names no one
    state: CaseState
    opened_at: datetime
    updated_at: datetime

    @property
    def position(self) -> Position:
        return (self.updated_at, self.case_reference)


@dataclass(frozen=True)
class ListCases:
    state: CaseState | None = None  # every case when None
    updated_after: datetime | None = None
    page_size: int = 0
    page_token: str = ""
    unknown_values: Unknown = ()

    @property
    def scope(self) -> str:
        # A token pages only through the list with the filters it was issued for.
        after = self.updated_after.isoformat() if self.updated_after else ""
        return f"cases/{self.state or ''}/{after}"

    def validate(self) -> tuple[Position | None, int]:
        v = Violations()
        check_unknown(v, self.unknown_values)
        at = read_page(v, self.scope, self.page_size, self.page_token, (datetime, str))
        v.raise_if_any()
        return at


@dataclass(frozen=True)
class CasePage:
    cases: list[CaseSummary]
    next_page_token: str


class CaseList:
    def __init__(self, app: Application) -> None:
        self._cases: dict[UUID, CaseSummary] = {}
        self._log = LogFollower(app, self._apply)

    def page(self, query: ListCases) -> CasePage:
        after, size = query.validate()
        with self._log.caught_up():
            found = [
                case
                for case in self._cases.values()
                if (query.state is None or case.state == query.state)
                and (query.updated_after is None or case.updated_at > query.updated_after)
            ]
        found.sort(key=lambda case: case.position)
        return CasePage(*page_of(found, lambda case: case.position, after, size, query.scope))

    def _apply(self, event: Any) -> None:
        if isinstance(event, ErasureRecord.Erased):
            self._cases.pop(event.case_id, None)
            return
        if isinstance(event, Case.Opened):
            self._cases[event.originator_id] = CaseSummary(
                event.case_reference, event.subject_key, CaseState.OPEN, event.timestamp,
                event.timestamp,
            )  # fmt: skip
            return
        case = self._cases.get(event.originator_id)
        if case is None:  # not a case (the DDPO's waiting list, for one)
            return
        state = CaseState.CLOSED if isinstance(event, Case.Closed) else case.state
        self._cases[event.originator_id] = replace(case, state=state, updated_at=event.timestamp)
