"""In-memory meetings for the unit tests: the meeting service's application on
eventsourcing's in-memory store, RiskView's subjects as a fake, and a clock the
test moves."""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from services.common.callers import CHAIR, IG_STAFF, REPRESENTATIVE, Caller
from services.common.vocabulary import RiskLevel
from services.marac import commands as asked
from services.marac.application import Meetings
from services.marac.ports import FoundSubject, Partners
from services.marac.records import MeetingStore
from services.marac.subjects import RiskViewUnavailable
from services.marac.values import AgendaSubject, OwnerCase
from services.marac.vocabulary import ItemDecision
from shared_view.areas import NO_AREAS, Areas

CHAIR_PERSON = Caller(CHAIR, 0, "", "chair-1")
LANDLORD_REP = Caller(REPRESENTATIVE, 2, "local-social_landlord", "landlord-rep-1")
POLICE_REP = Caller(REPRESENTATIVE, 1, "local-police", "police-rep-1")
IG_PERSON = Caller(IG_STAFF, 0, "", "ig-1")
LANDLORD_CASE = OwnerCase("local-social_landlord", 2, "ASB-2026-0001")
POLICE_CASE = OwnerCase("local-police", 1, "CR-0001-26")
PARTNERS = Partners({"local-police": 1, "local-social_landlord": 2, "local-ddpo": 4})


def subject(n: int, rules=("visible_high_risk",), referring=()) -> AgendaSubject:
    key = hashlib.sha256(f"subject {n}".encode()).hexdigest()
    handle = hashlib.sha256(f"handle {n}".encode()).hexdigest()[:64]
    return AgendaSubject(key, handle, tuple(rules), RiskLevel.HIGH, 3, tuple(referring))


@dataclass
class FakeSubjects:
    """RiskView's MeetingSubjectsService: who is eligible now, and each subject's cases."""

    now_eligible: list[AgendaSubject] = field(default_factory=list)
    cases: dict[str, tuple[OwnerCase, ...]] = field(default_factory=dict)
    known: dict[str, AgendaSubject] = field(default_factory=dict)
    # Who was eligible at a past instant, when that differs from now.
    eligible_then: dict[datetime, list[AgendaSubject]] = field(default_factory=dict)
    asked_as_of: list[datetime] = field(default_factory=list)
    # An area's subjects, by handle (an area not here: every subject).
    of_area: dict[str, set[str]] = field(default_factory=dict)
    asked_areas: list[str] = field(default_factory=list)
    # RiskView cannot be reached: every question is answered UNAVAILABLE.
    away: bool = False

    def eligible(self, as_of: datetime | None = None, area: str = "") -> list[AgendaSubject]:
        self._reached()
        self.asked_areas.append(area)
        if as_of is None:
            found = self.now_eligible
        else:
            self.asked_as_of.append(as_of)
            found = self.eligible_then.get(as_of, self.now_eligible)
        if area in self.of_area:
            return [s for s in found if s.handle in self.of_area[area]]
        return list(found)

    def by_handle(self, handle: str) -> FoundSubject | None:
        self._reached()
        found = self.known.get(handle) or next(
            (s for s in self.now_eligible if s.handle == handle), None
        )
        return FoundSubject(found, self.cases.get(handle, ())) if found else None

    def by_case(self, agency_id: str, case_reference: str) -> FoundSubject | None:
        self._reached()
        for handle, cases in self.cases.items():
            if any(c.agency_id == agency_id and c.case_reference == case_reference for c in cases):
                return self.by_handle(handle)
        return None

    def _reached(self) -> None:
        if self.away:
            raise RiskViewUnavailable()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    meetings: Meetings
    subjects: FakeSubjects
    clock: Clock
    requests: int = 0

    def request_id(self) -> str:
        self.requests += 1
        return f"R-{self.requests}"

    def schedule(self, day: date, area: str = "LIVERPOOL-NORTH", cutoff: datetime | None = None):
        command = asked.Schedule(self.request_id(), day, area, cutoff)
        return self.meetings.schedule(CHAIR_PERSON, command)

    def of(self, meeting) -> asked.OfMeeting:
        return asked.OfMeeting(self.request_id(), meeting.meeting_id)

    def run_to_open(self, meeting, present=(LANDLORD_CASE.agency_id,)):
        """Closes the agenda (the clock past the cut-off), records attendance, opens."""
        if self.clock.now < meeting.agenda_cutoff:
            self.clock.now = meeting.agenda_cutoff + timedelta(minutes=1)
        self.meetings.close_agenda(CHAIR_PERSON, self.of(meeting))
        for agency_id in present:
            self.attend(meeting, agency_id)
        return self.meetings.open(CHAIR_PERSON, self.of(meeting))

    def attend(self, meeting, agency_id, status=None, acknowledged=True):
        from services.marac.vocabulary import AttendanceStatus

        command = asked.RecordAttendance(
            self.request_id(),
            meeting.meeting_id,
            agency_id,
            status or AttendanceStatus.PRESENT,
            f"{agency_id}-attendee",
            acknowledged,
        )
        return self.meetings.record_attendance(CHAIR_PERSON, command)


def world(
    now: datetime = datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    env: dict[str, str] | None = None,
    areas: Areas = NO_AREAS,
) -> World:
    """Meetings on the store `env` gives (by default in memory), of the areas given
    (by default none: the whole partnership is one area)."""
    subjects = FakeSubjects()
    clock = Clock(now)
    store = MeetingStore(env=env or {"PERSISTENCE_MODULE": "eventsourcing.popo"})
    return World(Meetings(store, subjects, PARTNERS, clock, areas=areas), subjects, clock)


def discussed(w: World, meeting_day: date) -> tuple:
    """A meeting on `meeting_day` in progress whose one item was discussed with actions
    agreed; the subject has a landlord's case and a police case the panel may be told of."""
    item = subject(1)
    w.subjects.now_eligible = [item]
    w.subjects.cases[item.handle] = (LANDLORD_CASE, POLICE_CASE)
    meeting = w.run_to_open(w.schedule(meeting_day))
    w.meetings.record_discussion(
        CHAIR_PERSON,
        asked.RecordDiscussion(
            w.request_id(), meeting.meeting_id, item.handle, 12, RiskLevel.HIGH,
            ItemDecision.ACTIONS_AGREED,
        ),
    )  # fmt: skip
    return meeting, item
