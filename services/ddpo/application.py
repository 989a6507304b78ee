"""The DDPO's case records: the kernel's commands, reports (named, third-party
or anonymous) with the consent given with each, the victim's wish about police
involvement, access needs, support areas, advocacy time and the waiting list.
The rules are the case's (services.ddpo.domain); the waiting list follows the
cases' events (services.ddpo.waiting_list)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from eventsourcing.application import AggregateNotFoundError

from services.common.application import CaseApplication, Opening, incident_from, new_id
from services.common.case import Case
from services.common.paging import Page, page_of
from services.common.unit_of_work import Session
from services.common.values import Value
from services.common.vocabulary import (
    ConsentChange,
    IncidentCategory,
    ReportSource,
    RiskLevel,
    SupportArea,
)
from services.ddpo.commands import (
    WAITING_LIST,
    ChangeSupport,
    JoinWaitingList,
    LeaveWaitingList,
    ListDdpoReports,
    ListWaitingList,
    RecordAccessNeeds,
    RecordAdvocacyTime,
    RecordPoliceWish,
    RecordReport,
    StartAdvocacy,
)
from services.ddpo.domain import DdpoCase, PoliceWish
from services.ddpo.vocabulary import AccessNeed, ReporterRelationship
from services.ddpo.waiting_list import WaitingList, follows, keep_in_step


@dataclass(frozen=True)
class ReportRecord:
    """Who reported an incident and what it was (the incident itself is the kernel's)."""

    incident_id: str
    reporter: ReporterRelationship | None
    source: ReportSource
    category: IncidentCategory | None


def reports_of(case: DdpoCase) -> list[ReportRecord]:
    return [
        ReportRecord(
            incident_id,
            reporter,
            case.incidents[incident_id].source,
            case.incidents[incident_id].category,
        )
        for incident_id, reporter in case.reporters.items()
    ]


@dataclass(frozen=True)
class AcceptedReport(Value):
    incident_id: str
    subject_key: str  # empty for a case that names no one


@dataclass(frozen=True)
class RecordedWish(Value):
    consent_change: ConsentChange | None  # None when the consent in force stayed as it was


@dataclass(frozen=True)
class AdvocacyTime(Value):
    total_minutes: int


@dataclass(frozen=True)
class Done(Value):
    """What a command that records a change of state answers: when."""

    at: datetime


@dataclass(frozen=True)
class RecordedAccessNeeds(Value):
    access_needs: tuple[dict, ...]  # as recorded: {need, language, interpreter}


@dataclass(frozen=True)
class OpenSupport(Value):
    open_support: tuple[SupportArea, ...]


@dataclass(frozen=True)
class WaitingPlace:
    joined_at: datetime | None
    place: int  # 0 once no longer waiting


@dataclass(frozen=True)
class WaitingEntry:
    case_reference: str
    joined_at: datetime
    place: int
    risk_level: RiskLevel | None
    access_needs: tuple[AccessNeed, ...]


@dataclass(frozen=True)
class WaitingListPage:
    entries: list[WaitingEntry]
    total_waiting: int
    next_page_token: str  # empty on the last page


class DdpoCaseRecords(CaseApplication[DdpoCase]):
    name = "ddpo"
    case_class = DdpoCase
    # The waiting list keeps every join and leave; a snapshot spares reading them all.
    snapshotting_intervals: ClassVar[dict[type, int]] = {WaitingList: 100}

    def follow(self, case: Case, events: Sequence[Case.Event], session: Session) -> None:
        if follows(events):
            waiting = session.get(
                WaitingList.create_id(self.agency_id), lambda: WaitingList(agency_id=self.agency_id)
            )
            keep_in_step(waiting, case, events)

    # Reports

    def record_report(self, command: RecordReport) -> AcceptedReport:
        """Records a report with its consent, opening the case if it is new."""
        wish = (
            PoliceWish(command.police_involvement, tuple(dict.fromkeys(command.police_reluctance)))
            if command.police_involvement is not None
            else None
        )

        def record(case: DdpoCase) -> AcceptedReport:
            incident_id = new_id()
            case.record_report(
                incident_id=incident_id,
                incident=incident_from(
                    command, command.source, IncidentCategory(command.category.value)
                ),
                reporter=command.reporter,
                consent=command.consent,
                wish=wish,
                names_subject=command.subject is not None,
            )
            return AcceptedReport(incident_id, case.subject_key)

        return self.handle(command, record, opening=Opening(command.subject))

    def record_police_wish(self, command: RecordPoliceWish) -> RecordedWish:
        """Like consent, the wish may change after the case closed."""
        wish = PoliceWish(
            command.police_involvement, tuple(dict.fromkeys(command.police_reluctance))
        )
        return self.handle(
            command, lambda case: RecordedWish(case.record_police_wish(wish)), when_closed=True
        )

    # Advocacy

    def record_access_needs(self, command: RecordAccessNeeds) -> RecordedAccessNeeds:
        def record(case: DdpoCase) -> RecordedAccessNeeds:
            case.record_access_needs([a.as_record() for a in command.access_needs])
            return RecordedAccessNeeds(tuple(case.access_needs))

        return self.handle(command, record)

    def change_support(self, command: ChangeSupport) -> OpenSupport:
        def change(case: DdpoCase) -> OpenSupport:
            case.change_support(command.area, command.open)
            return OpenSupport(tuple(case.open_support))

        return self.handle(command, change)

    def record_advocacy_time(self, command: RecordAdvocacyTime) -> AdvocacyTime:
        return self.handle(
            command,
            lambda case: AdvocacyTime(
                case.record_advocacy_time(command.worked_on, command.minutes, command.area)
            ),
        )

    # The waiting list

    def join_waiting_list(self, command: JoinWaitingList) -> WaitingPlace:
        """Puts the case on the waiting list; answers when it joined, and its place
        now (which moves as people ahead leave; 0 once it no longer waits)."""

        def join(case: DdpoCase) -> Done:
            joined_at = self.now()
            case.join_waiting_list(joined_at)
            return Done(joined_at)

        joined = self.handle(command, join)
        waiting = self._waiting_list()
        return WaitingPlace(joined.at, waiting.place_of(command.case_reference) if waiting else 0)

    def leave_waiting_list(self, command: LeaveWaitingList) -> Done:
        def leave(case: DdpoCase) -> Done:
            case.leave_waiting_list(command.reason)
            return Done(self.now())

        return self.handle(command, leave)

    def start_advocacy(self, command: StartAdvocacy) -> Done:
        """An advocate takes the case, from the waiting list or straight away."""

        def start(case: DdpoCase) -> Done:
            started_at = self.now()
            case.start_advocacy(started_at)
            return Done(started_at)

        return self.handle(command, start)

    # Queries

    def list_reports(self, query: ListDdpoReports) -> Page[ReportRecord]:
        """A page of the case's reports, in the order recorded."""
        return self.page_of_case(query, reports_of)

    def _waiting_list(self) -> WaitingList | None:
        try:
            return self._committed.get(WaitingList.create_id(self.agency_id))
        except AggregateNotFoundError:
            return None

    def waiting_list(self, query: ListWaitingList) -> WaitingListPage:
        after, size = query.validate()
        waiting_list = self._waiting_list()
        waiting = [
            WaitingEntry(reference, entry.joined_at, place, entry.risk_level, entry.access_needs)
            for place, (reference, entry) in enumerate(
                waiting_list.entries.items() if waiting_list else (), start=1
            )
        ]
        positions = {r: e.position for r, e in waiting_list.entries.items()} if waiting_list else {}
        shown, next_token = page_of(
            waiting, lambda e: (positions[e.case_reference],), after, size, WAITING_LIST
        )
        return WaitingListPage(shown, len(waiting), next_token)
