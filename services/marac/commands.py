"""What a person asks the meeting service to change, checked before anything else
of a new request (a retry is answered first: services.marac.application): each
problem names its field (as the contract names it) and never repeats the value
given."""

import dataclasses
import re
from datetime import date, datetime, timedelta

from services.common.meeting_action_commands import MEETING_ID
from services.common.people import AGENCY_ID
from services.common.validation import Violations
from services.common.vocabulary import (
    CLOSURE_REASONS,
    ActionClosureReason,
    ActionWithdrawalReason,
    MeetingActionStatus,
    MeetingActionType,
    RiskLevel,
)
from services.common.working_days import ENGLAND
from services.marac.refusals import MAX_MINUTES, MAX_NOTE
from services.marac.vocabulary import (
    AdditionReason,
    AttendanceStatus,
    DeferralReason,
    ItemDecision,
)
from services.riskview.handles import HANDLE

# An area's code, like a meeting id: no name or address fits.
AREA = MEETING_ID
AREA_FORMAT = "must be an area code: 1 to 40 of A-Z, 0-9 and '-', starting with a letter or digit"
HANDLE_FORMAT = "must be an agenda item's handle: 64 URL-safe base64 characters"
MEETING_ID_FORMAT = "must be a meeting id this service gave (MARAC-YYYYMMDD-XXXXXX)"
# How far ahead a meeting is scheduled, and how long ago one may be recorded.
FURTHEST_AHEAD = timedelta(days=2 * 366)
FURTHEST_BACK = timedelta(days=366)
LONGEST_AGENDA = timedelta(days=60)  # from the cut-off to the meeting
# A cut-off given as "now" may be a moment old by the time it is checked.
CUTOFF_GRACE = timedelta(minutes=1)
USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@|-]{0,254}")


@dataclasses.dataclass(frozen=True)
class Command:
    request_id: str

    def validate(self, now: datetime) -> None:
        v = Violations()
        v.request_id("request_id", self.request_id)
        self.check(v, now)
        v.raise_if_any()

    def check(self, v: Violations, now: datetime) -> None:
        """The command's own fields."""


@dataclasses.dataclass(frozen=True)
class Schedule(Command):
    day: date | None
    area: str
    agenda_cutoff: datetime | None  # None: the default, some working days before

    def check(self, v: Violations, now: datetime) -> None:
        if self.day is None:
            v.add("date", "is required, as YYYY-MM-DD")
        elif not now.date() - FURTHEST_BACK <= self.day <= now.date() + FURTHEST_AHEAD:
            v.add("date", "must be within a year before today and two years after")
        if not self.area:
            v.add("area", "is required")
        elif not AREA.fullmatch(self.area):
            v.add("area", AREA_FORMAT)
        if self.agenda_cutoff and self.agenda_cutoff < now - CUTOFF_GRACE:
            v.add("agenda_cutoff", "must not be in the past")
        elif (
            self.agenda_cutoff
            and self.day
            and not (self.day - LONGEST_AGENDA <= self.agenda_cutoff.date() < self.day)
        ):
            v.add("agenda_cutoff", "must be before the meeting's date, by at most 60 days")


@dataclasses.dataclass(frozen=True)
class OfMeeting(Command):
    meeting_id: str

    def check(self, v: Violations, now: datetime) -> None:
        meeting_id(v, self.meeting_id)


@dataclasses.dataclass(frozen=True)
class OfItem(OfMeeting):
    handle: str

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        handle(v, "handle", self.handle)


@dataclasses.dataclass(frozen=True)
class AddItem(OfMeeting):
    reason: AdditionReason | None
    handle: str = ""
    agency_id: str = ""
    case_reference: str = ""

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        required(v, "reason", self.reason)
        if self.handle:
            handle(v, "handle", self.handle)
        elif self.agency_id or self.case_reference:
            agency_id(v, "case.agency_id", self.agency_id)
            v.reference("case.case_reference", self.case_reference)
        else:
            v.add("subject", "is required: a handle, or an agency's case")


@dataclasses.dataclass(frozen=True)
class Defer(OfItem):
    reason: DeferralReason | None = None

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        required(v, "reason", self.reason)


@dataclasses.dataclass(frozen=True)
class RecordAttendance(OfMeeting):
    agency_id: str
    status: AttendanceStatus | None
    attendee: str
    acknowledged: bool

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        agency_id(v, "agency_id", self.agency_id)
        required(v, "status", self.status)
        if self.status is AttendanceStatus.PRESENT and not self.attendee:
            v.add("attendee", "is required for an agency present")
        elif self.attendee and not USER_ID.fullmatch(self.attendee):
            v.add("attendee", "must be a user id at the issuer")
        if self.status is AttendanceStatus.PRESENT and not self.acknowledged:
            v.add(
                "acknowledged_confidentiality",
                "must be recorded: an attendee acknowledges the confidentiality statement",
            )


@dataclasses.dataclass(frozen=True)
class RecordDiscussion(OfItem):
    minutes: int = 0
    risk_after: RiskLevel | None = None
    decision: ItemDecision | None = None

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        if not 1 <= self.minutes <= MAX_MINUTES:
            v.add("minutes_discussed", f"must be 1 to {MAX_MINUTES}")
        required(v, "risk_after_discussion", self.risk_after)
        required(v, "decision", self.decision)


@dataclasses.dataclass(frozen=True)
class AgreeAction(OfItem):
    owner: str = ""
    type: MeetingActionType | None = None
    due_date: date | None = None
    note: str = ""

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        agency_id(v, "owner_agency_id", self.owner)
        required(v, "type", self.type)
        if self.due_date is None:
            v.add("due_date", "is required, as YYYY-MM-DD")
        elif self.due_date < now.astimezone(ENGLAND).date():
            v.add("due_date", "must not be in the past")
        v.limit("note", self.note, MAX_NOTE)


@dataclasses.dataclass(frozen=True)
class OfAction(Command):
    """About an agreed action: a change to the meeting that agreed it."""

    action_id: str

    def check(self, v: Violations, now: datetime) -> None:
        v.issued_id("action_id", self.action_id)


@dataclasses.dataclass(frozen=True)
class ReportAction(OfAction):
    status: MeetingActionStatus | None
    reason: ActionClosureReason | None

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        if self.status not in CLOSURE_REASONS:  # none, open or withdrawn
            v.add("status", "must be done, not possible or no longer needed")


@dataclasses.dataclass(frozen=True)
class WithdrawAction(OfAction):
    reason: ActionWithdrawalReason | None

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        required(v, "reason", self.reason)


@dataclasses.dataclass(frozen=True)
class ReassignAction(OfAction):
    owner: str
    due_date: date | None = None  # None: the action's own

    def check(self, v: Violations, now: datetime) -> None:
        super().check(v, now)
        agency_id(v, "owner_agency_id", self.owner)
        if self.due_date is not None and self.due_date < now.astimezone(ENGLAND).date():
            v.add("due_date", "must not be in the past")


def meeting_id(v: Violations, value: str) -> None:
    if not value:
        v.add("meeting_id", "is required")
    elif not MEETING_ID.fullmatch(value):
        v.add("meeting_id", MEETING_ID_FORMAT)


def handle(v: Violations, path: str, value: str) -> None:
    if not value:
        v.add(path, "is required")
    elif not HANDLE.fullmatch(value):
        v.add(path, HANDLE_FORMAT)


def agency_id(v: Violations, path: str, value: str) -> None:
    if not value:
        v.add(path, "is required")
    elif not AGENCY_ID.fullmatch(value):
        v.add(path, "must be an agency's id: lower-case letters, digits, '_' and '-'")


def required(v: Violations, path: str, value: object) -> None:
    if value is None:
        v.add(path, "is required")
