"""A MARAC meeting, as the meeting service records it: scheduled with an agenda
cut-off; the agenda closed (the subjects eligible then, items deferred to it, the
chair's additions); each agency's research; attendance and the confidentiality
statement; each item's discussion and timed actions; closed, when every subject
discussed is published as discussed and every item not discussed is deferred.

The rules are guarded here, in the aggregate's methods, so no entrypoint can skip
one. A subject is named by its match key (for the meeting's own published events
only) and by its agenda handle (for everyone else); nothing names a person.
"""

import dataclasses
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.common.errors import FailedPrecondition, RequestIdReused
from services.common.vocabulary import (
    ActionClosureReason,
    ActionWithdrawalReason,
    MeetingActionStatus,
    RiskLevel,
)
from services.marac.refusals import (
    MAX_MINUTES,
    MAX_NOTE,
    AcknowledgementRequired,
    AttendeeRequired,
    DueBeforeMeeting,
    ItemDeferred,
    ItemNotOnAgenda,
    MinutesOutOfRange,
    NoSuchAction,
    NoteTooLong,
    ReasonGivenByReassigning,
    ReferrerNotHere,
    SameOwner,
    WrongStage,
)
from services.marac.values import (
    AgencyAttendance,
    AgendaItem,
    AgendaSubject,
    AgreedAction,
    OwnerCase,
)
from services.marac.vocabulary import (
    AdditionReason,
    AttendanceStatus,
    DeferralReason,
    ItemDecision,
    ItemSource,
    MeetingStage,
)

MEETING_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:meeting")


class Meeting(Aggregate):
    @staticmethod
    def create_id(meeting_id: str) -> UUID:
        return uuid5(MEETING_NAMESPACE, meeting_id)

    class Event(Aggregate.Event):
        # The request that caused the event, so a retry is answered, not applied again.
        request: tuple[str, str] | None = dataclasses.field(default=None, kw_only=True)

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            if self.request is not None:
                request, fingerprint = self.request
                aggregate.requests[request] = fingerprint

    @event("Scheduled")
    def __init__(
        self,
        meeting_id: str,
        day: date,
        area: str,
        chair: str,
        agenda_cutoff: datetime,
    ) -> None:
        self.meeting_id = meeting_id
        self.day = day
        self.area = area
        self.chair = chair
        self.agenda_cutoff = agenda_cutoff
        self.stage = MeetingStage.SCHEDULED
        self.agenda_closed_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.items: dict[str, AgendaItem] = {}  # by handle, in agenda order
        self.attendance: dict[str, AgencyAttendance] = {}  # by agency id
        self.actions: dict[str, AgreedAction] = {}
        # A request (who asked, by which request id, in short) -> what it asked, in short.
        self.requests: dict[str, str] = {}

    # Requests

    def answered(self, request: str, fingerprint: str) -> bool:
        """Whether the request was applied already; its id used for another is refused."""
        if request not in self.requests:
            return False
        if self.requests[request] != fingerprint:
            raise RequestIdReused()
        return True

    def remember(self, request: str, fingerprint: str, since: int) -> None:
        """Remembers the request on the last event it caused (pending from `since`), or
        on an event of its own when it caused none."""
        remembered = (request, fingerprint)
        if len(self.pending_events) > since:
            self.pending_events[-1] = dataclasses.replace(
                self.pending_events[-1], request=remembered
            )
            self.requests[request] = fingerprint
        else:
            self.trigger_event(self.RequestAnswered, request=remembered)

    class RequestAnswered(Event):
        """A request that changed nothing, remembered so its id is not used for another."""

    # The agenda

    def close_agenda(
        self,
        at: datetime,
        eligible: list[AgendaSubject],
        carried: list[AgendaItem],
        repeats: set[str],
    ) -> None:
        """Closes the agenda as it stands at `at`: the subjects eligible then (those
        discussed within 12 months are repeat cases), then items deferred to this
        meeting; the chair's additions are kept."""
        self._must_be(MeetingStage.SCHEDULED, "scheduled, its agenda still open")
        if at < self.agenda_cutoff:
            raise FailedPrecondition("the agenda closes at its cut-off, not before")
        items = [
            AgendaItem(s, ItemSource.ELIGIBLE, repeat=s.subject_key in repeats)
            for s in eligible
            if s.handle not in self.items
        ]
        items += [
            dataclasses.replace(i, repeat=i.subject.subject_key in repeats)
            for i in carried
            if i.handle not in self.items
        ]
        self._agenda_closed(at=at, items=tuple(dict((i.handle, i) for i in items).values()))

    @event("AgendaClosed")
    def _agenda_closed(self, at: datetime, items: tuple[AgendaItem, ...]) -> None:
        self.items = {**{i.handle: i for i in items}, **self.items}
        self.stage = MeetingStage.AGENDA_CLOSED
        self.agenda_closed_at = at

    def add_item(self, subject: AgendaSubject, reason: AdditionReason, repeat: bool) -> None:
        self._before_closing()
        if subject.handle in self.items:
            raise FailedPrecondition("this subject is on the agenda already")
        self._item_added(item=AgendaItem(subject, ItemSource.CHAIR_ADDITION, reason, repeat=repeat))

    @event("ItemAdded")
    def _item_added(self, item: AgendaItem) -> None:
        self.items[item.handle] = item

    def defer(self, handle: str, reason: DeferralReason) -> None:
        self._before_closing()
        item = self._item(handle)
        if item.discussed:
            raise FailedPrecondition("this item was discussed: it cannot be deferred")
        if any(a.handle == handle for a in self.actions.values()):
            raise FailedPrecondition("actions were agreed for this item: it cannot be deferred")
        if item.deferral is None:
            self._item_changed(item=dataclasses.replace(item, deferral=reason))

    def record_research(self, handle: str, agency_id: str) -> None:
        self._before_closing()
        item = self._item(handle)
        if agency_id not in item.researched_by:
            researched = (*item.researched_by, agency_id)
            self._item_changed(item=dataclasses.replace(item, researched_by=researched))

    @event("ItemChanged")
    def _item_changed(self, item: AgendaItem) -> None:
        self.items[item.handle] = item

    # The meeting

    def record_attendance(self, attendance: AgencyAttendance) -> None:
        self._before_closing()
        if attendance.status is AttendanceStatus.PRESENT:
            if not attendance.attendee:
                raise AttendeeRequired()
            if not attendance.acknowledged_confidentiality:
                raise AcknowledgementRequired()
        elif attendance.attendee or attendance.acknowledged_confidentiality:
            attendance = AgencyAttendance(attendance.agency_id, attendance.status)
        if self.attendance.get(attendance.agency_id) != attendance:
            self._attendance_recorded(attendance=attendance)

    @event("AttendanceRecorded")
    def _attendance_recorded(self, attendance: AgencyAttendance) -> None:
        self.attendance[attendance.agency_id] = attendance

    def open(self, at: datetime) -> None:
        """The chair has read the confidentiality statement: discussion begins."""
        self._must_be(MeetingStage.AGENDA_CLOSED, "with its agenda closed and not yet open")
        if not any(a.acknowledged_confidentiality for a in self.attendance.values()):
            raise FailedPrecondition(
                "record who attends, and their acknowledgement of the confidentiality "
                "statement, before the meeting opens"
            )
        self._opened(at=at)

    @event("Opened")
    def _opened(self, at: datetime) -> None:
        self.stage = MeetingStage.IN_PROGRESS

    def record_discussion(
        self, handle: str, minutes: int, risk_after: RiskLevel, decision: ItemDecision
    ) -> None:
        item = self._discussable(handle)
        if not 1 <= minutes <= MAX_MINUTES:
            raise MinutesOutOfRange()
        referrers = item.subject.referring_agencies
        if referrers and not any(
            a.speaks_for_agency for r in referrers if (a := self.attendance.get(r)) is not None
        ):
            raise ReferrerNotHere()
        self._item_changed(
            item=dataclasses.replace(
                item, minutes_discussed=minutes, risk_after_discussion=risk_after, decision=decision
            )
        )

    def agree_action(self, action: AgreedAction) -> None:
        self._discussable(action.handle)
        if action.due_date < self.day:
            raise DueBeforeMeeting()
        if len(action.note) > MAX_NOTE:
            raise NoteTooLong()
        self._action_agreed(action=action)

    @event("ActionAgreed")
    def _action_agreed(self, action: AgreedAction) -> None:
        self.actions[action.action_id] = action

    def close(self, at: datetime) -> None:
        """Closes the meeting: each subject discussed is published as discussed; each
        item neither discussed nor deferred is deferred to the next meeting."""
        self._must_be(MeetingStage.IN_PROGRESS, "in progress")
        with_actions = {a.handle for a in self.actions.values()}
        if any(not self.items[h].discussed for h in with_actions):
            raise FailedPrecondition(
                "record the discussion of every item actions were agreed for before closing"
            )
        for item in list(self.items.values()):
            if item.discussed:
                self._subject_discussed(subject_key=item.subject.subject_key, at=at)
            elif item.deferral is None:
                self._item_changed(
                    item=dataclasses.replace(item, deferral=DeferralReason.NOT_DISCUSSED)
                )
        self._closed(at=at)

    @event("SubjectDiscussed")
    def _subject_discussed(self, subject_key: str, at: datetime) -> None:
        """Published as marac.v1.MaracDiscussed, keyed by the subject's match key."""

    @event("Closed")
    def _closed(self, at: datetime) -> None:
        self.stage = MeetingStage.CLOSED
        self.closed_at = at

    # Actions after the meeting

    def report_action(
        self,
        action_id: str,
        status: MeetingActionStatus,
        reason: ActionClosureReason | None,
        reported_by: str,
    ) -> None:
        """An owner agency's representative reports the action (AgreedAction.check_report
        says when they may); the agency's service records it on its case, and the
        update that comes back changes the action."""
        self.action(action_id).check_report(status, reason)
        self._action_reported(
            action_id=action_id, status=status, reason=reason, reported_by=reported_by
        )

    @event("ActionReported")
    def _action_reported(
        self,
        action_id: str,
        status: MeetingActionStatus,
        reason: ActionClosureReason | None,
        reported_by: str,
    ) -> None:
        """Sent to the owner agency as marac.v1.ActionReported."""
        self.actions[action_id] = dataclasses.replace(self.actions[action_id], reported=status)

    def withdraw_action(self, action_id: str, reason: ActionWithdrawalReason, at: datetime) -> None:
        """The chair withdraws an open action (AgreedAction.withdrawn says when it may);
        the owner agency is told, and its case no longer completes or closes it."""
        if reason is ActionWithdrawalReason.REASSIGNED:
            raise ReasonGivenByReassigning()
        self._action_withdrawn(action=self.action(action_id).withdrawn(reason, at))

    def reassign_action(
        self, action_id: str, owner: OwnerCase, new_action_id: str, due: date | None, at: datetime
    ) -> None:
        """The chair gives an open action to another agency: it is withdrawn as
        reassigned, and a new one of its type, due as it was or on `due`, is the new
        owner's. The note stays with the old one: it was written for its owner."""
        action = self.action(action_id)
        if owner.agency_id == action.owner.agency_id:
            raise SameOwner()
        if due is not None and due < self.day:
            raise DueBeforeMeeting()
        withdrawn = action.withdrawn(ActionWithdrawalReason.REASSIGNED, at, new_action_id)
        self._action_withdrawn(action=withdrawn)
        given = AgreedAction(
            new_action_id, action.handle, owner, action.type, due or action.due_date, "", at,
            reassigned_from=action_id,
        )  # fmt: skip
        self._action_agreed(action=given)

    @event("ActionWithdrawn")
    def _action_withdrawn(self, action: AgreedAction) -> None:
        """Sent to the owner agency as marac.v1.ActionWithdrawn."""
        self.actions[action.action_id] = action

    def apply_agency_update(
        self,
        action_id: str,
        status: MeetingActionStatus,
        reason: ActionClosureReason | None,
        changed_at: datetime,
        sequence: int,
    ) -> None:
        """What the owner agency's case now records (AgreedAction.as_recorded); a
        redelivered update, or one older than what was applied, changes nothing."""
        action = self.action(action_id)
        if sequence > action.agency_sequence:
            self._action_updated(action=action.as_recorded(status, reason, changed_at, sequence))

    @event("ActionUpdated")
    def _action_updated(self, action: AgreedAction) -> None:
        self.actions[action.action_id] = action

    # What the meeting is

    def action(self, action_id: str) -> AgreedAction:
        try:
            return self.actions[action_id]
        except KeyError:
            raise NoSuchAction() from None

    def item(self, handle: str) -> AgendaItem:
        return self._item(handle)

    @property
    def discussed_subjects(self) -> set[str]:
        return {i.subject.subject_key for i in self.items.values() if i.discussed}

    @property
    def deferred_items(self) -> list[AgendaItem]:
        return [i for i in self.items.values() if i.deferral is not None]

    def _item(self, handle: str) -> AgendaItem:
        try:
            return self.items[handle]
        except KeyError:
            raise ItemNotOnAgenda() from None

    def _discussable(self, handle: str) -> AgendaItem:
        self._must_be(MeetingStage.IN_PROGRESS, "in progress")
        item = self._item(handle)
        if item.deferral is not None:
            raise ItemDeferred()
        return item

    def _before_closing(self) -> None:
        if self.stage is MeetingStage.CLOSED:
            raise WrongStage("open: it is closed")

    def _must_be(self, stage: MeetingStage, needs: str) -> None:
        if self.stage is not stage:
            raise WrongStage(needs)
