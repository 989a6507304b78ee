"""The meetings as recorded: the event store, and what is read across meetings (an
area's earlier meetings, subjects discussed, items deferred, actions overdue).

A deployment holds a partnership's meetings: one or two a month per area, so the
register is read whole and each meeting loaded as needed.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from eventsourcing.application import AggregateNotFoundError

from services.common.errors import NotFound
from services.common.store import RecordStore
from services.marac.domain import Meeting
from services.marac.refusals import NoSuchAction
from services.marac.register import MeetingRegister
from services.marac.values import AgendaItem, AgreedAction
from services.marac.vocabulary import ItemSource, MeetingStage


def twelve_months_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February): a subject discussed
    since is a repeat case; one discussed then or before is due for review."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class NoSuchMeeting(NotFound):
    def __init__(self) -> None:
        super().__init__("no such meeting")


@dataclass(frozen=True)
class DueForReview:
    handle: str
    meeting_id: str
    discussed_on: date


class MeetingStore(RecordStore):
    """The meetings' event store (eventsourcing; on Postgres, its own database)."""

    name = "meetings"  # its tables, and its settings' prefix (MEETINGS_POSTGRES_...)


class MeetingRecords:
    def __init__(self, store: MeetingStore) -> None:
        self.store = store

    def find(self, meeting_id: str) -> Meeting | None:
        try:
            return self.store.repository.get(Meeting.create_id(meeting_id))
        except AggregateNotFoundError:
            return None

    def meeting(self, meeting_id: str) -> Meeting:
        meeting = self.find(meeting_id)
        if meeting is None:
            raise NoSuchMeeting()
        return meeting

    def register(self) -> MeetingRegister:
        try:
            return self.store.repository.get(MeetingRegister.create_id())
        except AggregateNotFoundError:
            return MeetingRegister()

    def all(self) -> Iterator[Meeting]:
        """Every meeting, in date order."""
        listed = sorted(self.register().meetings.values(), key=lambda m: (m.day, m.meeting_id))
        return (self.meeting(m.meeting_id) for m in listed)

    def earlier_of_area(self, meeting: Meeting) -> Iterator[Meeting]:
        for listed in self.register().of_area(meeting.area):
            if listed.day < meeting.day:
                yield self.meeting(listed.meeting_id)

    def overdue_actions(self, meeting: Meeting) -> list[tuple[Meeting, AgreedAction]]:
        """Actions of the area's earlier meetings open past their due date on the
        meeting's date (or, once it closed, that were open when it closed); never one
        the chair withdrew by then, which no one is to do (withdrawn after a meeting
        closed, it stays on that meeting's record)."""
        found = []
        for earlier in self.earlier_of_area(meeting):
            for action in earlier.actions.values():
                if action.withdrawn_at is not None and (
                    meeting.closed_at is None or action.withdrawn_at <= meeting.closed_at
                ):
                    continue
                open_then = action.open or (
                    meeting.closed_at is not None
                    and action.changed_at is not None
                    and action.changed_at > meeting.closed_at
                )
                if open_then and action.due_date < meeting.day:
                    found.append((earlier, action))
        return found

    def discussed_before(self, meeting: Meeting) -> set[str]:
        """Subjects discussed at a closed meeting in the 12 months before this one."""
        found: set[str] = set()
        for earlier in self.all():
            recent = twelve_months_before(meeting.day) <= earlier.day < meeting.day
            if recent and earlier.stage is MeetingStage.CLOSED:
                found |= earlier.discussed_subjects
        return found

    def carried_to(self, meeting: Meeting) -> list[AgendaItem]:
        """Items deferred at the area's meetings whose next meeting is this one."""
        register = self.register()
        this = register.meetings[meeting.meeting_id]
        return [
            AgendaItem(item.subject, ItemSource.DEFERRED, deferred_from=earlier.meeting_id)
            for earlier in self.earlier_of_area(meeting)
            if register.next_after(register.meetings[earlier.meeting_id]) == this
            for item in earlier.deferred_items
        ]

    def meeting_of_action(self, action_id: str) -> Meeting:
        for meeting in self.all():
            if action_id in meeting.actions:
                return meeting
        raise NoSuchAction()

    def due_for_review(self, today: date, area: str = "") -> list[DueForReview]:
        """Subjects whose last discussion, at a closed meeting (of `area`, when given),
        was 12 months ago or more."""
        last: dict[str, tuple[str, DueForReview]] = {}
        for meeting in self.all():
            if meeting.stage is not MeetingStage.CLOSED:
                continue
            for item in meeting.items.values():
                if item.discussed:
                    due = DueForReview(item.handle, meeting.meeting_id, meeting.day)
                    last[item.subject.subject_key] = (meeting.area, due)
        return sorted(
            (
                due
                for where, due in last.values()
                if (not area or where == area) and due.discussed_on <= twelve_months_before(today)
            ),
            key=lambda d: (d.discussed_on, d.handle),
        )
