"""The shape of the commands and the query about a case's MARAC meeting actions (as
services.common.commands for the rest of the kernel). An action received names the
request fields of its message (marac.v1.MeetingActionMessage), whose message id is
its request id; the others name those of AgencyCaseService's requests."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from services.common.commands import CaseCommand, PageOfCase
from services.common.validation import UUID, Unknown, Violations, check_required
from services.common.vocabulary import (
    CLOSURE_REASONS,
    ActionClosureReason,
    ActionWithdrawalReason,
    MeetingActionStatus,
    MeetingActionType,
)

# A meeting's id, as the meeting service and RiskView give it: upper-case letters,
# digits and '-', 1 to 40, beginning with a letter or digit (no name fits).
MEETING_ID = re.compile(r"[A-Z0-9][A-Z0-9-]{0,39}")
# A representative's user id at the issuer (OpenID Connect: at most 255 ASCII).
MAX_REPORTED_BY = 255


def check_action_id(v: Violations, path: str, action_id: str) -> None:
    if not action_id:
        v.add(path, "is required")
    elif not UUID.fullmatch(action_id):
        v.add(path, "must be the action's id as the meeting gave it (a UUID)")


def check_reported_by(v: Violations, path: str, reported_by: str) -> None:
    """Opaque, but never room for a name written with spaces."""
    if reported_by and not (
        len(reported_by) <= MAX_REPORTED_BY
        and reported_by.isascii()
        and reported_by.isprintable()
        and " " not in reported_by
    ):
        v.add(path, f"must be a user id: at most {MAX_REPORTED_BY} ASCII characters, no spaces")


@dataclass(frozen=True)
class ReceiveMeetingAction(CaseCommand):
    """An action a meeting agreed for the agency, as its message gives it."""

    action_id: str
    meeting_id: str
    type: MeetingActionType | None
    due_date: str  # ISO 8601 date, as sent
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_action_id(v, "action_id", self.action_id)
        if not MEETING_ID.fullmatch(self.meeting_id):
            v.add("meeting_id", "must be a meeting's id: 1 to 40 of A-Z, 0-9 and -")
        check_required(v, "assigned.type", self.type, self.unknown)
        try:
            date.fromisoformat(self.due_date)
        except ValueError:
            v.add("assigned.due_date", "must be an ISO 8601 date (YYYY-MM-DD)")

    @property
    def due_on(self) -> date:
        return date.fromisoformat(self.due_date)


@dataclass(frozen=True)
class CloseMeetingAction(CaseCommand):
    """The action done, not possible or no longer needed (with a reason that fits:
    the case's rule); by a representative when `reported_by` names one."""

    action_id: str
    status: MeetingActionStatus | None
    reason: ActionClosureReason | None = None
    reported_by: str = ""
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_action_id(v, "action_id", self.action_id)
        check_required(v, "status", self.status, self.unknown)
        if self.status is not None and self.status not in CLOSURE_REASONS:
            v.add("status", "must say how it was closed: done, not possible or no longer needed")
        check_reported_by(v, "reported_by", self.reported_by)


@dataclass(frozen=True)
class WithdrawMeetingAction(CaseCommand):
    """The meeting's chair withdrew the action, as its message gives it."""

    action_id: str
    reason: ActionWithdrawalReason | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_action_id(v, "action_id", self.action_id)
        check_required(v, "withdrawn.reason", self.reason, self.unknown)


@dataclass(frozen=True)
class ListMeetingActions(PageOfCase):
    """A case's meeting actions, in the order they were received."""

    of: ClassVar[str] = "meeting-actions"
