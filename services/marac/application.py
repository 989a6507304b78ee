"""The meeting service's use cases. A person is who their verified token says
(services.common.person_tokens.Caller): a chair runs meetings; a representative sees
them, records their agency's research, and reports on their agency's actions.

Every change is one request: applied once, refused when its id was used for another
request. A retry with its id is answered with the meeting as it is before anything
of it is checked again: its checks held when it was applied, and may not now (its
due date since past, its agency since left the partnership, RiskView away).
Changes are made one at a time in this process (the service runs as one process),
so two requests never race for a meeting.
"""

import base64
import contextlib
import hashlib
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from services.common.application import fingerprint, new_id
from services.common.callers import Caller
from services.common.errors import AlreadyExists, NotFound, RequestIdReused
from services.common.working_days import ENGLAND, working_days_before
from services.marac import commands as asked
from services.marac.domain import Meeting
from services.marac.ports import AgencyUpdate, FoundSubject, Partners, Subjects
from services.marac.records import MeetingRecords, MeetingStore
from services.marac.refusals import NoCaseForOwner, NoSuchSubject, NotAnArea, NotTheOwner
from services.marac.values import (
    AgencyAttendance,
    AgendaSubject,
    AgreedAction,
    ListedMeeting,
    OwnerCase,
)
from services.marac.views import MeetingViews, only_chairs, only_representatives
from services.marac.vocabulary import MeetingStage
from shared_view.areas import NO_AREAS, Areas

CUTOFF_WORKING_DAYS = 5
CUTOFF_TIME = time(17, 0)
# A command about a meeting, or about an action (a change to the meeting that agreed it).
Asked = asked.OfMeeting | asked.OfAction
Change = Callable[[Meeting], None]
Check = Callable[[Meeting], None]  # raises when the request may not be made
# An agenda closed later than this after its cut-off (RiskView or this service away
# then) is asked of RiskView as of the cut-off; sooner, the subjects eligible now are
# those of the cut-off, as far as the shared view's refresh can tell them apart.
LATE_CLOSE = timedelta(minutes=1)


def utc_now() -> datetime:
    return datetime.now(UTC)


def default_cutoff(day: date) -> datetime:
    """5 working days before the meeting, at 17:00 in England."""
    before = working_days_before(day, CUTOFF_WORKING_DAYS)
    return datetime.combine(before, CUTOFF_TIME, ENGLAND).astimezone(UTC)


def request_of(caller: Caller, request_id: str) -> str:
    """A request: who asked (as their token's issuer names them) and by which request
    id, in short (a retry's is the same). Two callers who happen to use one id (each
    agency's system makes its own) make two requests, neither taken for the other's
    retry."""
    who = f"{caller.issuer}\n{caller.user_id}\n{request_id}"
    return hashlib.sha256(who.encode()).hexdigest()[:32]


def meeting_id_for(day: date, scheduled_by: str) -> str:
    code = base64.b32encode(bytes.fromhex(scheduled_by)).decode()[:6]
    return f"MARAC-{day:%Y%m%d}-{code}"


def applied(meeting: Meeting, request: str, fp: str) -> bool:
    """Whether the meeting applied the request already (a retry). One whose id was
    used for another request is new: checked as new, then refused (Meeting.answered)."""
    with contextlib.suppress(RequestIdReused):
        return meeting.answered(request, fp)
    return False


def owner_case(found: FoundSubject | None, agency_id: str) -> OwnerCase:
    """The owner agency's case for the subject, as the panel may be told of it."""
    owners = [c for c in (found.cases if found else ()) if c.agency_id == agency_id]
    if not owners:
        raise NoCaseForOwner()
    return owners[0]


class Meetings(MeetingViews):
    """The meetings as people see them (MeetingViews) and every change to them."""

    def __init__(
        self,
        store: MeetingStore,
        subjects: Subjects,
        partners: Partners,
        clock: Callable[[], datetime] = utc_now,
        new_action_id: Callable[[], str] = new_id,
        areas: Areas = NO_AREAS,
    ) -> None:
        super().__init__(MeetingRecords(store), clock)
        self.store = store
        self.partners = partners
        self.areas = areas
        self._subjects = subjects
        self._new_action_id = new_action_id
        self._lock = threading.RLock()

    # Scheduling and the agenda

    def schedule(self, caller: Caller, command: asked.Schedule) -> Meeting:
        only_chairs(caller)
        fp = fingerprint(command)
        scheduled_by = request_of(caller, command.request_id)
        earlier = self._scheduled_by(scheduled_by)
        if earlier is not None and applied(earlier, scheduled_by, fp):
            return earlier  # a retry: its cut-off may be past now
        command.validate(self._clock())
        with self._lock:
            earlier = self._scheduled_by(scheduled_by)
            if earlier is not None:
                if earlier.answered(scheduled_by, fp):
                    return earlier
                raise RequestIdReused()
            if not self.areas.knows(command.area):
                raise NotAnArea()
            meeting_id = meeting_id_for(command.day, scheduled_by)
            if self.records.find(meeting_id) is not None:
                raise AlreadyExists("a meeting with this id exists: use another request id")
            # A default cut-off already passed closes the agenda at once.
            cutoff = command.agenda_cutoff or max(default_cutoff(command.day), self._clock())
            meeting = Meeting(meeting_id, command.day, command.area, caller.user_id, cutoff)
            meeting.remember(scheduled_by, fp, 0)
            register = self.records.register()
            register.add(ListedMeeting(meeting_id, command.day, command.area, cutoff, scheduled_by))
            self.store.save(meeting, register)
            return meeting

    def close_agenda(self, caller: Caller, command: asked.OfMeeting) -> Meeting:
        only_chairs(caller)

        def checks(meeting: Meeting) -> Change:
            eligible = self._eligible_at(meeting.agenda_cutoff, meeting.area)
            return lambda m: self._close_agenda_of(m, eligible)

        return self._checked_change(caller, command, checks)

    def close_due_agendas(self) -> list[str]:
        """Closes the agenda of every meeting whose cut-off has passed (run by the
        service's own timer, so the agenda is what was eligible at the cut-off)."""
        now = self._clock()
        closed = []
        due = self.records.register().agendas_due(now)
        for listed in due:
            # Asked before any change waits for it, and only of an agenda still open.
            still_open = self.records.meeting(listed.meeting_id).stage is MeetingStage.SCHEDULED
            eligible = self._eligible_at(listed.agenda_cutoff, listed.area) if still_open else []
            with self._lock:
                meeting = self.records.meeting(listed.meeting_id)
                if meeting.stage is MeetingStage.SCHEDULED:
                    if meeting.agenda_cutoff > now:
                        continue
                    self._close_agenda_of(meeting, eligible)
                    self.store.save(meeting)
                    closed.append(meeting.meeting_id)
                # The register notes it (closed by the chair, or now), so that it is
                # not read again every round.
                register = self.records.register()
                register.note_agenda_closed(meeting.meeting_id)
                self.store.save(register)
        return closed

    def _eligible_at(self, cutoff: datetime, area: str) -> list[AgendaSubject]:
        """The area's subjects eligible at the cut-off: now's, unless the close is late.
        (A meeting of an area no longer configured, or with none configured, gets the
        whole partnership's.)"""
        of_area = area if self.areas.configured and self.areas.knows(area) else ""
        if self._clock() - cutoff > LATE_CLOSE:
            return self._subjects.eligible(as_of=cutoff, area=of_area)
        return self._subjects.eligible(area=of_area)

    def _close_agenda_of(self, meeting: Meeting, eligible: list[AgendaSubject]) -> None:
        meeting.close_agenda(
            self._clock(),
            eligible,
            self.records.carried_to(meeting),
            self.records.discussed_before(meeting),
        )

    def add_item(self, caller: Caller, command: asked.AddItem) -> Meeting:
        only_chairs(caller)

        def checks(_: Meeting) -> Change:
            if command.handle:
                found = self._subjects.by_handle(command.handle)
            else:
                found = self._subjects.by_case(command.agency_id, command.case_reference)

            def add(meeting: Meeting) -> None:
                if found is None:
                    raise NoSuchSubject()
                repeat = found.subject.subject_key in self.records.discussed_before(meeting)
                meeting.add_item(found.subject, command.reason, repeat)

            return add

        return self._checked_change(caller, command, checks)

    def defer(self, caller: Caller, command: asked.Defer) -> Meeting:
        only_chairs(caller)
        return self._change(caller, command, lambda m: m.defer(command.handle, command.reason))

    def record_research(self, caller: Caller, command: asked.OfItem) -> Meeting:
        only_representatives(caller)
        return self._change(
            caller, command, lambda m: m.record_research(command.handle, caller.agency_id)
        )

    # In the meeting

    def record_attendance(self, caller: Caller, command: asked.RecordAttendance) -> Meeting:
        only_chairs(caller)

        def checks(_: Meeting) -> Change:
            self.partners.check("agency_id", command.agency_id)
            attendance = AgencyAttendance(
                command.agency_id, command.status, command.attendee, command.acknowledged
            )
            return lambda m: m.record_attendance(attendance)

        return self._checked_change(caller, command, checks)

    def open(self, caller: Caller, command: asked.OfMeeting) -> Meeting:
        only_chairs(caller)
        return self._change(caller, command, lambda m: m.open(self._clock()))

    def record_discussion(self, caller: Caller, command: asked.RecordDiscussion) -> Meeting:
        only_chairs(caller)
        return self._change(
            caller,
            command,
            lambda m: m.record_discussion(
                command.handle, command.minutes, command.risk_after, command.decision
            ),
        )

    def agree_action(self, caller: Caller, command: asked.AgreeAction) -> Meeting:
        only_chairs(caller)

        def checks(_: Meeting) -> Change:
            self.partners.check("owner_agency_id", command.owner)
            found = self._subjects.by_handle(command.handle)

            def agree(meeting: Meeting) -> None:
                meeting.item(command.handle)
                meeting.agree_action(
                    AgreedAction(
                        self._new_action_id(),
                        command.handle,
                        owner_case(found, command.owner),
                        command.type,
                        command.due_date,
                        command.note,
                        self._clock(),
                    )
                )

            return agree

        return self._checked_change(caller, command, checks)

    def close(self, caller: Caller, command: asked.OfMeeting) -> Meeting:
        only_chairs(caller)
        return self._change(caller, command, lambda m: m.close(self._clock()))

    # Actions after the meeting

    def report_action(
        self, caller: Caller, command: asked.ReportAction
    ) -> tuple[Meeting, AgreedAction]:
        only_representatives(caller)

        def owned(meeting: Meeting) -> None:
            if meeting.action(command.action_id).owner.agency_id != caller.agency_id:
                raise NotTheOwner()

        def report(m: Meeting) -> None:
            m.report_action(command.action_id, command.status, command.reason, caller.user_id)

        changed = self._change(caller, command, report, may=owned)
        return changed, changed.action(command.action_id)

    def withdraw_action(
        self, caller: Caller, command: asked.WithdrawAction
    ) -> tuple[Meeting, AgreedAction]:
        only_chairs(caller)

        def withdraw(m: Meeting) -> None:
            m.withdraw_action(command.action_id, command.reason, self._clock())

        changed = self._change(caller, command, withdraw)
        return changed, changed.action(command.action_id)

    def reassign_action(
        self, caller: Caller, command: asked.ReassignAction
    ) -> tuple[Meeting, AgreedAction, AgreedAction]:
        """The action withdrawn as reassigned, and the new owner's."""
        only_chairs(caller)

        def checks(meeting: Meeting) -> Change:
            self.partners.check("owner_agency_id", command.owner)
            found = self._subjects.by_handle(meeting.action(command.action_id).handle)

            def reassign(m: Meeting) -> None:
                m.reassign_action(
                    command.action_id,
                    owner_case(found, command.owner),
                    self._new_action_id(),
                    command.due_date,
                    self._clock(),
                )

            return reassign

        changed = self._checked_change(caller, command, checks)
        withdrawn = changed.action(command.action_id)
        return changed, withdrawn, changed.action(withdrawn.reassigned_to)

    def apply_update(self, update: AgencyUpdate) -> bool:
        """Applies an owner agency's update; False when it names no action of ours
        or another agency's (the consumer logs and skips it)."""
        with self._lock:
            meeting = self.records.find(update.meeting_id)
            if meeting is None or update.action_id not in meeting.actions:
                return False
            owner = meeting.actions[update.action_id].owner
            if not owner.agency_id == update.agency_id == update.topic_agency_id:
                return False
            meeting.apply_agency_update(
                update.action_id, update.status, update.reason, update.changed_at, update.sequence
            )
            self.store.save(meeting)
            return True

    # Helpers

    def _change(
        self, caller: Caller, command: Asked, change: Change, may: Check = lambda _: None
    ) -> Meeting:
        """A change that needs nothing asked first (see _checked_change)."""
        return self._checked_change(caller, command, lambda _: change, may)

    def _checked_change(
        self,
        caller: Caller,
        command: Asked,
        checks: Callable[[Meeting], Change],
        may: Check = lambda _: None,
    ) -> Meeting:
        """Makes a change to the command's meeting once per request (request_of): the
        one place a retry is told from a new request.

        A retry is answered first, with the meeting as it is. Of its checks only who
        may ask (`may`) is made again: the others (the command's, `checks`) held when
        it was applied, and need not now. A new request's command is checked, then
        `checks` of the meeting as saved give the change (asking the partnership and
        RiskView before any change waits for them), made under the lock."""
        fp = fingerprint(command)
        request = request_of(caller, command.request_id)
        found = self._find(command)
        if found is not None:
            may(found)
            if applied(found, request, fp):
                return found
        command.validate(self._clock())
        if found is None:  # NoSuchMeeting or NoSuchAction, unless made meanwhile
            found = self._meeting_of(command)
            may(found)
        change = checks(found)
        with self._lock:
            meeting = self.records.meeting(found.meeting_id)
            if meeting.answered(request, fp):
                return meeting
            since = len(meeting.pending_events)
            change(meeting)
            meeting.remember(request, fp, since)
            self.store.save(meeting)
            return meeting

    def _find(self, command: Asked) -> Meeting | None:
        """The command's meeting as saved (a request still being applied is not
        answered yet), or None: a new request's checks then say what is wrong with
        the id it gives."""
        with contextlib.suppress(NotFound):
            return self._meeting_of(command)
        return None

    def _meeting_of(self, command: Asked) -> Meeting:
        if isinstance(command, asked.OfAction):
            return self.records.meeting_of_action(command.action_id)
        return self.records.meeting(command.meeting_id)

    def _scheduled_by(self, scheduled_by: str) -> Meeting | None:
        listed = self.records.register().scheduled_by(scheduled_by)
        return None if listed is None else self.records.meeting(listed.meeting_id)
