"""The value objects of a MARAC meeting's record: the subjects on its agenda, its
items, each agency's attendance, and the actions it agrees, with the rules on one
action: when a chair may withdraw it, and what its agency's updates make of it.
(How an action may be closed is the kernel's rule, services.common.meeting_actions,
which the agencies keep too.)"""

import dataclasses
from datetime import date, datetime

from services.common.errors import FailedPrecondition
from services.common.meeting_actions import check_closure
from services.common.values import Value
from services.common.vocabulary import (
    ActionClosureReason,
    ActionWithdrawalReason,
    MeetingActionStatus,
    MeetingActionType,
    RiskLevel,
)
from services.marac.refusals import ActionAlreadyClosed, ActionAlreadyWithdrawn, ReportOnItsWay
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
    # Withdrawn by the chair: why and when; reassigned: the new owner's action (on
    # that one, the action it replaces). Ids only: nothing personal.
    withdrawal: ActionWithdrawalReason | None = None
    withdrawn_at: datetime | None = None
    reassigned_to: str = ""
    reassigned_from: str = ""

    @property
    def open(self) -> bool:
        return self.status is MeetingActionStatus.OPEN

    def overdue_on(self, day: date) -> bool:
        return self.open and self.due_date < day

    def check_report(self, status: MeetingActionStatus, reason: ActionClosureReason | None) -> None:
        """A representative reports an open action, closed as the kernel's rule allows,
        once its agency has recorded it (before, its case could only refuse the
        report, which would wait for ever), one report at a time."""
        self._must_be_open()
        check_closure(status, reason)
        if not self.recorded_by_agency:
            raise FailedPrecondition(
                "the owner agency has not recorded this action on its case yet: "
                "report it once the action tracker shows it recorded"
            )
        if self.reported is not None:
            raise ReportOnItsWay()

    def withdrawn(
        self, reason: ActionWithdrawalReason, at: datetime, reassigned_to: str = ""
    ) -> "AgreedAction":
        """Withdrawn by the chair: only while open at its agency, and with no report of
        its representative on its way (the agency's case would record that first)."""
        self._must_be_open()
        if self.reported is not None:
            raise ReportOnItsWay()
        return dataclasses.replace(
            self,
            status=MeetingActionStatus.WITHDRAWN,
            withdrawal=reason,
            withdrawn_at=at,
            reassigned_to=reassigned_to,
            changed_at=at,
        )

    def _must_be_open(self) -> None:
        if self.withdrawal is not None:
            raise ActionAlreadyWithdrawn()
        if not self.open:
            raise ActionAlreadyClosed()

    def as_recorded(
        self,
        status: MeetingActionStatus,
        reason: ActionClosureReason | None,
        changed_at: datetime,
        sequence: int,
    ) -> "AgreedAction":
        """The action as its agency's case now records it. A withdrawn action the
        agency still has open (its record, sent before the withdrawal reached it)
        stays withdrawn; one the agency closed first is as the agency closed it, and
        not withdrawn (its case refused the withdrawal): the chair sees what was done,
        and, for a reassignment, the new owner's action it came too late to replace."""
        withdrawal, withdrawn_at = self.withdrawal, self.withdrawn_at
        if withdrawal is not None and status is MeetingActionStatus.OPEN:
            status = MeetingActionStatus.WITHDRAWN
        elif status is not MeetingActionStatus.WITHDRAWN:
            withdrawal, withdrawn_at = None, None
        return dataclasses.replace(
            self,
            status=status,
            withdrawal=withdrawal,
            withdrawn_at=withdrawn_at,
            closure_reason=reason,
            recorded_by_agency=True,
            reported=None if status is not MeetingActionStatus.OPEN else self.reported,
            changed_at=changed_at,
            agency_sequence=sequence,
        )


@dataclasses.dataclass(frozen=True)
class ListedMeeting(Value):
    meeting_id: str
    day: date
    area: str
    agenda_cutoff: datetime
    # The chair and request id that scheduled it, in short: a request id is used once.
    scheduled_by: str = ""
    agenda_closed: bool = False
