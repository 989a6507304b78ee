"""The register of meetings: every meeting's id, date, area and agenda cut-off, in
one aggregate beside the meetings themselves."""

import dataclasses
from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.marac.domain import MEETING_NAMESPACE
from services.marac.values import ListedMeeting


class MeetingRegister(Aggregate):
    """Every meeting's id, date, area and agenda cut-off: what finds an area's next
    meeting, the meetings to carry deferred items and overdue actions from, the agendas
    due to close, and the list."""

    @staticmethod
    def create_id() -> UUID:
        return uuid5(MEETING_NAMESPACE, "register")

    @event("Started")
    def __init__(self) -> None:
        self.meetings: dict[str, ListedMeeting] = {}

    @event("ListedMeeting")
    def add(self, meeting: ListedMeeting) -> None:
        self.meetings[meeting.meeting_id] = meeting

    def scheduled_by(self, requested: str) -> ListedMeeting | None:
        found = [m for m in self.meetings.values() if m.scheduled_by == requested]
        return found[0] if found else None

    def note_agenda_closed(self, meeting_id: str) -> None:
        if not self.meetings[meeting_id].agenda_closed:
            self._agenda_closed(meeting_id=meeting_id)

    @event("AgendaClosed")
    def _agenda_closed(self, meeting_id: str) -> None:
        self.meetings[meeting_id] = dataclasses.replace(
            self.meetings[meeting_id], agenda_closed=True
        )

    def agendas_due(self, now: datetime) -> list[ListedMeeting]:
        """Meetings whose agenda may be due to close: not known to be closed, and past
        the cut-off."""
        return [m for m in self.meetings.values() if not m.agenda_closed and m.agenda_cutoff <= now]

    def of_area(self, area: str) -> list[ListedMeeting]:
        return sorted((m for m in self.meetings.values() if m.area == area), key=lambda m: m.day)

    def next_after(self, listed: ListedMeeting) -> ListedMeeting | None:
        later = [m for m in self.of_area(listed.area) if m.day > listed.day]
        return later[0] if later else None
