"""The work list of response steps not yet done, across every landlord case.

It follows the service's own notification log, reading only the events that
start, time or stop a response clock and those naming a case and its officer,
so it needs no store of its own: after a restart the first query reads the log
once, later queries read only what was recorded since.
"""

import base64
import binascii
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from services.common.case import Case
from services.common.validation import Violations
from services.common.vocabulary import ResponseStep
from services.social_landlord.domain import LandlordCase

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_TOKEN = 400
BATCH = 1_000
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
        self._app = app
        self._position = 0
        self._cases: dict[UUID, CaseClocks] = {}
        self._lock = threading.Lock()

    def due_by(self, moment: datetime) -> list[OverdueReport]:
        """Steps of open cases not done and due by `moment`, soonest due first."""
        with self._lock:
            self._catch_up()
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

    def _catch_up(self) -> None:
        while True:
            notifications = self._app.recorder.select_notifications(
                start=self._position + 1, limit=BATCH, topics=TOPICS
            )
            for notification in notifications:
                self._apply(self._app.mapper.to_domain_event(notification))
            if notifications:
                self._position = notifications[-1].id
            if len(notifications) < BATCH:
                return

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

    def validate(self) -> tuple[datetime, str, str, str] | None:
        """Checks the request; returns the position the page starts after."""
        v = Violations()
        if self.page_size < 0:
            v.add("page_size", "must not be negative")
        after = decode_token(self.page_token) if self.page_token else None
        if self.page_token and after is None:
            v.add("page_token", "is not a page token this service issued")
        v.raise_if_any()
        return after

    @property
    def size(self) -> int:
        return min(self.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def page(
    items: list[OverdueReport], after: tuple[datetime, str, str, str] | None, size: int
) -> tuple[list[OverdueReport], str]:
    """One page of a sorted list and the next page's token (empty on the last).
    The token is the position of the last item shown, so a page stays right when
    steps are done or fall due between calls."""
    remaining = [item for item in items if after is None or item.position > after]
    shown = remaining[:size]
    return shown, encode_token(shown[-1].position) if len(remaining) > size else ""


def encode_token(position: tuple[datetime, str, str, str]) -> str:
    due_at, *rest = position
    raw = json.dumps([due_at.isoformat(), *rest]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> tuple[datetime, str, str, str] | None:
    if len(token) > MAX_TOKEN:
        return None
    try:
        due_at, case_reference, report_id, step = json.loads(
            base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        )
        due = datetime.fromisoformat(due_at)
    except (binascii.Error, ValueError, TypeError):
        return None
    if due.tzinfo is None or not all(
        isinstance(part, str) for part in (case_reference, report_id, step)
    ):
        return None
    return (due, case_reference, report_id, step)
