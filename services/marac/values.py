"""The value objects of a MARAC meeting's record: the subjects on its agenda, its
items, each agency's attendance, and the actions it agrees. (How an action may be
closed is the kernel's rule, services.common.meeting_actions, which the agencies
keep too.)"""

import dataclasses
from datetime import date, datetime

from services.common.values import Value
from services.common.vocabulary import (
    ActionClosureReason,
    MeetingActionStatus,
    MeetingActionType,
    RiskLevel,
)
from services.marac.vocabulary import (
    AdditionReason,
    AttendanceStatus,
    DeferralReason,
    ItemDecision,
    ItemSource,
)


@dataclasses.dataclass(frozen=True)
class AgendaSubject(Value):
    """A subject as RiskView names it to the meeting service: match key, handle, and
    what made it eligible (rule names, the agencies referring it)."""

    subject_key: str
    handle: str
    rules: tuple[str, ...] = ()
    risk_level: RiskLevel | None = None
    incident_count: int = 0
    referring_agencies: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class AgendaItem(Value):
    subject: AgendaSubject
    source: ItemSource
    addition_reason: AdditionReason | None = None
    deferred_from: str = ""
    repeat: bool = False
    researched_by: tuple[str, ...] = ()
    minutes_discussed: int = 0
    risk_after_discussion: RiskLevel | None = None
    decision: ItemDecision | None = None
    deferral: DeferralReason | None = None

    @property
    def handle(self) -> str:
        return self.subject.handle

    @property
    def discussed(self) -> bool:
        return self.decision is not None


@dataclasses.dataclass(frozen=True)
class AgencyAttendance(Value):
    agency_id: str
    status: AttendanceStatus
    attendee: str = ""  # the attendee's user id at the issuer
    acknowledged_confidentiality: bool = False

    @property
    def speaks_for_agency(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES_BRIEFED)


@dataclasses.dataclass(frozen=True)
class OwnerCase(Value):
    """The owner agency's case for the subject, as the panel may be told of it."""

    agency_id: str
    kind: int  # marac.v1.AgencyKind
    case_reference: str


@dataclasses.dataclass(frozen=True)
class AgreedAction(Value):
    action_id: str
    handle: str
    owner: OwnerCase
    type: MeetingActionType
    due_date: date
    note: str  # stays in this service
    agreed_at: datetime
    status: MeetingActionStatus = MeetingActionStatus.OPEN
    closure_reason: ActionClosureReason | None = None
    recorded_by_agency: bool = False
    # A representative's report waiting for the agency's service to record it.
    reported: MeetingActionStatus | None = None
    changed_at: datetime | None = None
    # The highest position in the owner agency's log applied (drops redeliveries).
    agency_sequence: int = 0

    @property
    def open(self) -> bool:
        return self.status is MeetingActionStatus.OPEN

    def overdue_on(self, day: date) -> bool:
        return self.open and self.due_date < day


@dataclasses.dataclass(frozen=True)
class ListedMeeting(Value):
    meeting_id: str
    day: date
    area: str
    agenda_cutoff: datetime
    # The chair and request id that scheduled it, in short: a request id is used once.
    scheduled_by: str = ""
    agenda_closed: bool = False
