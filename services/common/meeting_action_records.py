"""The case records' commands and query about MARAC meeting actions: a part of
services.common.application.CaseApplication, through whose one change path
(`handle`) each goes, so each is made once per request id (an action received: per
message id), checked and remembered like every other change."""

from typing import Any

from services.common.meeting_action_commands import (
    CloseMeetingAction,
    ListMeetingActions,
    ReceiveMeetingAction,
    WithdrawMeetingAction,
)
from services.common.meeting_actions import MeetingAction
from services.common.paging import Page


class MeetingActionRecords:
    handle: Any
    now: Any
    page_of_case: Any

    def receive_meeting_action(self, command: ReceiveMeetingAction) -> MeetingAction:
        """Records the action on its case once; on a closed case too, where it is
        closed at once (the case's rule), so the meeting learns it will not be done."""

        def receive(case: Any) -> MeetingAction:
            action = MeetingAction(
                action_id=command.action_id,
                meeting_id=command.meeting_id,
                type=command.type,
                due_date=command.due_on,
                received_at=self.now(),
            )
            return case.receive_meeting_action(action)

        return self.handle(command, receive, when_closed=True)

    def close_meeting_action(self, command: CloseMeetingAction) -> MeetingAction:
        def close(case: Any) -> MeetingAction:
            return case.close_meeting_action(
                command.action_id, command.status, command.reason, self.now(), command.reported_by
            )

        return self.handle(command, close)

    def withdraw_meeting_action(self, command: WithdrawMeetingAction) -> MeetingAction:
        def withdraw(case: Any) -> MeetingAction:
            return case.withdraw_meeting_action(command.action_id, command.reason, self.now())

        return self.handle(command, withdraw)

    def list_meeting_actions(self, query: ListMeetingActions) -> Page[MeetingAction]:
        """A page of the case's meeting actions, in the order received."""
        return self.page_of_case(query, lambda case: list(case.meeting_actions.values()))
