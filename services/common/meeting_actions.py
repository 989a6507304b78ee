"""The actions MARAC meetings agree for an agency, as its case records them.

A meeting agrees an action for an owner agency on the agency's case for the subject;
the meeting service sends it to the agency's service (services.common.action_inbox),
which records it on the case once, however often it is delivered. The agency then
completes it, or closes it as not possible or no longer needed with a reason of
that kind, through its case system (CompleteMeetingAction, CloseMeetingAction) or
through its representative in the web app (who is recorded as who reported it).
A closed action does not change again. The meeting's chair may withdraw an action
still open (services.marac): the case records it withdrawn, and it is then neither
completed nor closed. Each change goes back to the meeting's tracker through the
agency's relay (services.common.action_updates).

A case that closes has no more actions to do: the open ones are closed as no longer
needed (the case closed), and so is an action that arrives for a closed case.

The case's methods that keep these rules are in services.common.case; the rules on
one action are its value's, here. Nothing here is personal: ids, the vocabulary,
dates, and a representative's opaque user id at the issuer.
"""

import dataclasses
from datetime import date, datetime

from services.common.errors import FailedPrecondition, RuleBroken
from services.common.values import Value
from services.common.vocabulary import (
    CLOSURE_REASONS,
    ActionClosureReason,
    ActionWithdrawalReason,
    MeetingActionStatus,
    MeetingActionType,
)


class UnknownMeetingAction(RuleBroken):
    def __init__(self) -> None:
        super().__init__("no action of a MARAC meeting with this id is recorded on this case")


class ReasonDoesNotFit(RuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "an action done takes no reason; one not possible or no longer needed takes "
            "one of the reasons of that kind"
        )


class MeetingActionAlreadyClosed(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("the action is already closed otherwise; a closed action does not change")


class MeetingActionWithdrawn(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__(
            "the MARAC meeting withdrew this action: it is not to be done, completed or closed"
        )


def check_closure(status: MeetingActionStatus, reason: ActionClosureReason | None) -> None:
    """Done takes no reason; not possible and no longer needed each one of their own."""
    allowed = CLOSURE_REASONS.get(status)
    if allowed is None:  # open or withdrawn is no closure
        raise ReasonDoesNotFit()
    if (reason not in allowed) if allowed else (reason is not None):
        raise ReasonDoesNotFit()


@dataclasses.dataclass(frozen=True)
class MeetingAction(Value):
    action_id: str
    meeting_id: str
    type: MeetingActionType
    due_date: date
    received_at: datetime
    status: MeetingActionStatus = MeetingActionStatus.OPEN
    reason: ActionClosureReason | None = None
    # When it was closed, and by whom when a representative reported it (their user
    # id at the issuer); empty when the agency's own case system did.
    closed_at: datetime | None = None
    reported_by: str = ""
    withdrawal: ActionWithdrawalReason | None = None  # WITHDRAWN: why

    @property
    def closed(self) -> bool:
        return self.status is not MeetingActionStatus.OPEN

    @property
    def changed_at(self) -> datetime:
        return self.closed_at or self.received_at

    def closed_as(
        self,
        status: MeetingActionStatus,
        reason: ActionClosureReason | None,
        at: datetime,
        reported_by: str = "",
    ) -> "MeetingAction":
        """The action closed so; itself when it is closed so already (a report made
        twice, by the case system and by a representative, changes nothing)."""
        check_closure(status, reason)
        if self.status is MeetingActionStatus.WITHDRAWN:
            raise MeetingActionWithdrawn()
        if self.closed:
            if (self.status, self.reason) == (status, reason):
                return self
            raise MeetingActionAlreadyClosed()
        return dataclasses.replace(
            self, status=status, reason=reason, closed_at=at, reported_by=reported_by
        )

    def withdrawn(self, reason: ActionWithdrawalReason, at: datetime) -> "MeetingAction":
        """Withdrawn by its meeting; itself when withdrawn so already. One the agency
        closed before the withdrawal reached it stays as closed (the meeting is told)."""
        if self.status is MeetingActionStatus.WITHDRAWN and self.withdrawal is reason:
            return self
        if self.closed:
            raise MeetingActionAlreadyClosed()
        return dataclasses.replace(
            self, status=MeetingActionStatus.WITHDRAWN, withdrawal=reason, closed_at=at
        )

    def no_longer_needed(self, at: datetime) -> "MeetingAction":
        """Closed because its case closed."""
        return self.closed_as(
            MeetingActionStatus.NO_LONGER_NEEDED, ActionClosureReason.CASE_CLOSED, at
        )
