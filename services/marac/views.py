"""The meetings as people see them: a meeting, the list of meetings, the action
tracker, the subjects due for review, each page at a time, and who may see which.
The use cases that change meetings (services.marac.application) extend it."""

from collections.abc import Callable
from datetime import date, datetime

from services.common.callers import CHAIR, REPRESENTATIVE, Caller
from services.common.errors import PermissionDenied
from services.common.paging import page_in_order, page_of, read_page
from services.common.validation import Violations
from services.common.working_days import ENGLAND
from services.marac.domain import Meeting
from services.marac.records import DueForReview, MeetingRecords
from services.marac.values import AgreedAction

# Page tokens name the list they page.
MEETINGS = "meetings"
ACTIONS = "actions"
DUE = "due-for-review"


class MeetingViews:
    def __init__(self, records: MeetingRecords, clock: Callable[[], datetime]) -> None:
        self.records = records
        self._clock = clock

    def meeting(self, caller: Caller, meeting_id: str) -> Meeting:
        only_chairs_and_representatives(caller)
        return self.records.meeting(meeting_id)

    def meetings(self, caller: Caller) -> list[Meeting]:
        """Latest first."""
        only_chairs_and_representatives(caller)
        return list(reversed(list(self.records.all())))

    def meetings_page(
        self, caller: Caller, page_size: int, page_token: str
    ) -> tuple[list[Meeting], str]:
        v = Violations()
        after, size = read_page(v, MEETINGS, page_size, page_token, (str, str))
        v.raise_if_any()
        # Latest first: positions are ordered by the negated date's ISO string.
        return page_of(
            self.meetings(caller),
            lambda m: (_descending(m.day), m.meeting_id),
            after,
            size,
            MEETINGS,
            weight=lambda m: 4096 + 2048 * (len(m.items) + len(m.actions)),
        )

    def agenda_check(self, meeting_id: str, handle: str) -> tuple[bool, str]:
        """Whether the subject is an item of the meeting's agenda, and the meeting's area
        ("" when there is no such meeting). RiskView asks, as itself, before it opens a
        subject for the meeting: one not eligible now must be an item; an eligible one
        must be of the area."""
        meeting = self.records.find(meeting_id)
        if meeting is None:
            return False, ""
        return handle in meeting.items, meeting.area

    def today(self) -> date:
        return self._today()

    def overdue_actions(self, meeting: Meeting) -> list[tuple[Meeting, AgreedAction]]:
        return self.records.overdue_actions(meeting)

    def actions(
        self, caller: Caller, meeting_id: str = "", open_only: bool = False
    ) -> list[tuple[Meeting, AgreedAction]]:
        """The tracker: a chair's every action, a representative's their agency's;
        overdue first, then by due date."""
        only_chairs_and_representatives(caller)
        meetings = [self.records.meeting(meeting_id)] if meeting_id else self.records.all()
        today = self._today()
        found = [
            (meeting, action)
            for meeting in meetings
            for action in meeting.actions.values()
            if sees_action(caller, action) and (action.open or not open_only)
        ]
        return sorted(
            found, key=lambda f: (not f[1].overdue_on(today), f[1].due_date, f[1].action_id)
        )

    def actions_page(
        self, caller: Caller, meeting_id: str, open_only: bool, page_size: int, page_token: str
    ) -> tuple[list[tuple[Meeting, AgreedAction]], str]:
        scope = f"{ACTIONS}:{meeting_id}:{open_only}"
        v = Violations()
        after, size = read_page(v, scope, page_size, page_token, (int,))
        v.raise_if_any()
        found = self.actions(caller, meeting_id, open_only)
        return page_in_order(found, after, size, scope)

    def due_for_review_page(
        self, caller: Caller, area: str, page_size: int, page_token: str
    ) -> tuple[list[DueForReview], str]:
        scope = f"{DUE}:{area}"
        v = Violations()
        after, size = read_page(v, scope, page_size, page_token, (str, str))
        v.raise_if_any()
        due = self.due_for_review(caller, area)
        return page_of(due, lambda d: (d.discussed_on.isoformat(), d.handle), after, size, scope)

    def due_for_review(self, caller: Caller, area: str = "") -> list[DueForReview]:
        only_chairs(caller)
        return self.records.due_for_review(self._today(), area)

    def _today(self) -> date:
        return self._clock().astimezone(ENGLAND).date()


def _descending(day: date) -> str:
    """Sorts later days first, as a string a page token can carry."""
    return f"{99999999 - int(day.strftime('%Y%m%d')):08d}"


def sees_action(caller: Caller, action: AgreedAction) -> bool:
    """A chair sees every action; a representative their own agency's."""
    return caller.role == CHAIR or action.owner.agency_id == caller.agency_id


def only_chairs(caller: Caller) -> None:
    if caller.role != CHAIR:
        raise PermissionDenied("only MARAC chairs do this")


def only_representatives(caller: Caller) -> None:
    if caller.role != REPRESENTATIVE or not caller.agency_id:
        raise PermissionDenied("only agency representatives do this")


def only_chairs_and_representatives(caller: Caller) -> None:
    if caller.role not in (CHAIR, REPRESENTATIVE):
        raise PermissionDenied("only MARAC chairs and agency representatives see meetings")
