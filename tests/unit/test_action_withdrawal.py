"""A chair corrects an action: withdraws it with a reason from a closed list, or
reassigns it to another agency (withdrawn as reassigned, a new action for the new
owner). On the meeting service's application with an in-memory store, the owner
agency's case records in memory, and what the relay would publish (no I/O)."""

import logging
import uuid
from datetime import UTC, date, datetime

import pytest

from marac.v1 import meeting_actions_pb2 as pb
from services.common.action_inbox import ActionInbox
from services.common.case import Subject
from services.common.commands import OpenCase
from services.common.errors import FailedPrecondition, NotFound, PermissionDenied, RuleBroken
from services.common.meeting_action_commands import CloseMeetingAction, ReceiveMeetingAction
from services.common.meeting_actions import MeetingActionAlreadyClosed, MeetingActionWithdrawn
from services.common.validation import InvalidRequest
from services.common.vocabulary import (
    ActionClosureReason,
    ActionWithdrawalReason,
    MeetingActionStatus,
    MeetingActionType,
)
from services.marac import commands as asked
from services.marac.messages import action_message
from services.marac.ports import AgencyUpdate
from tests.unit.meetings import (
    CHAIR_PERSON,
    LANDLORD_CASE,
    LANDLORD_REP,
    POLICE_CASE,
    discussed,
    world,
)
from tests.unit.test_meeting_publishing import TOPICS, published

MEETING_DAY = date(2026, 12, 15)
DUE = date(2026, 12, 29)
WITHDRAWN = MeetingActionStatus.WITHDRAWN
Why = ActionWithdrawalReason


@pytest.fixture
def w():
    return world()


def agreed_action(w, note="Fit window locks"):
    """A meeting in progress with one action agreed for the landlord; the subject has
    a police case the panel may be told of too."""
    meeting, item = discussed(w, MEETING_DAY)
    meeting = w.meetings.agree_action(
        CHAIR_PERSON,
        asked.AgreeAction(
            w.request_id(), meeting.meeting_id, item.handle, LANDLORD_CASE.agency_id,
            MeetingActionType.TARGET_HARDENING, DUE, note,
        ),
    )  # fmt: skip
    (action,) = meeting.actions.values()
    return meeting, action


def withdraw(w, action, reason=Why.AGREED_IN_ERROR, request_id="", caller=CHAIR_PERSON):
    command = asked.WithdrawAction(request_id or w.request_id(), action.action_id, reason)
    return w.meetings.withdraw_action(caller, command)


def reassign(w, action, owner=POLICE_CASE.agency_id, due=None, request_id=""):
    command = asked.ReassignAction(request_id or w.request_id(), action.action_id, owner, due)
    return w.meetings.reassign_action(CHAIR_PERSON, command)


def update(meeting, action, status, sequence, reason=None, agency_id=LANDLORD_CASE.agency_id):
    return AgencyUpdate(
        action.action_id, meeting.meeting_id, agency_id, agency_id, status, reason,
        datetime(2026, 12, 16, 10, tzinfo=UTC), sequence,
    )  # fmt: skip


# Withdrawing


def test_a_chair_withdraws_an_open_action_once_and_the_owner_agency_is_told_why(w):
    meeting, action = agreed_action(w)
    request_id = w.request_id()
    _, withdrawn = withdraw(w, action, Why.SUPERSEDED, request_id)
    assert (withdrawn.status, withdrawn.withdrawal) == (WITHDRAWN, Why.SUPERSEDED)
    assert withdrawn.withdrawn_at == w.clock.now and not withdrawn.open
    # A retry is answered, not applied again; another request is refused.
    assert withdraw(w, action, Why.SUPERSEDED, request_id)[1] == withdrawn
    with pytest.raises(FailedPrecondition, match="withdrawn already"):
        withdraw(w, action, Why.DUPLICATE)
    messages = [m for m in published(w) if m.topic == TOPICS.actions_of(LANDLORD_CASE.agency_id)]
    sent = pb.MeetingActionMessage.FromString(messages[-1].value)
    assert sent.WhichOneof("payload") == "withdrawn" and len(messages) == 2
    assert (sent.action_id, sent.withdrawn.reason) == (
        action.action_id,
        pb.ACTION_WITHDRAWAL_REASON_SUPERSEDED,
    )
    assert b"Fit window locks" not in messages[-1].value
    # Shown on the tracker as withdrawn, never among the open ones.
    listed = w.meetings.actions(CHAIR_PERSON, meeting.meeting_id)
    assert [a.status for _, a in listed] == [WITHDRAWN]
    assert not w.meetings.actions(CHAIR_PERSON, meeting.meeting_id, open_only=True)


def test_only_a_chair_withdraws_and_only_an_open_action_with_a_reason_of_the_list(w):
    meeting, action = agreed_action(w)
    with pytest.raises(PermissionDenied):
        withdraw(w, action, caller=LANDLORD_REP)
    with pytest.raises(InvalidRequest) as missing:
        withdraw(w, action, reason=None)
    assert {v.field for v in missing.value.violations} == {"reason"}
    with pytest.raises(RuleBroken, match="reassign"):  # the reason a reassignment gives
        withdraw(w, action, reason=Why.REASSIGNED)
    with pytest.raises(NotFound):
        w.meetings.withdraw_action(
            CHAIR_PERSON, asked.WithdrawAction(w.request_id(), str(uuid.uuid4()), Why.DUPLICATE)
        )
    # Done by the agency: no longer open.
    w.meetings.apply_update(update(meeting, action, MeetingActionStatus.OPEN, 1))
    w.meetings.apply_update(update(meeting, action, MeetingActionStatus.DONE, 2))
    with pytest.raises(FailedPrecondition, match="closed already"):
        withdraw(w, action)


def test_an_action_whose_report_is_on_its_way_is_not_withdrawn(w):
    meeting, action = agreed_action(w)
    w.meetings.apply_update(update(meeting, action, MeetingActionStatus.OPEN, 1))
    w.meetings.report_action(
        LANDLORD_REP,
        asked.ReportAction(w.request_id(), action.action_id, MeetingActionStatus.DONE, None),
    )
    with pytest.raises(FailedPrecondition, match="report is waiting"):
        withdraw(w, action)


def test_the_agencys_updates_after_a_withdrawal_keep_it_withdrawn_unless_it_closed_it_first(w):
    meeting, action = agreed_action(w)
    withdraw(w, action)
    # The agency's record of the action, sent before the withdrawal reached it.
    w.meetings.apply_update(update(meeting, action, MeetingActionStatus.OPEN, 1))
    shown = w.meetings.meeting(CHAIR_PERSON, meeting.meeting_id).action(action.action_id)
    assert (shown.status, shown.recorded_by_agency) == (WITHDRAWN, True)
    with pytest.raises(FailedPrecondition, match="withdrawn already"):
        w.meetings.report_action(
            LANDLORD_REP,
            asked.ReportAction(w.request_id(), action.action_id, MeetingActionStatus.DONE, None),
        )
    w.meetings.apply_update(update(meeting, action, WITHDRAWN, 2))
    shown = w.meetings.meeting(CHAIR_PERSON, meeting.meeting_id).action(action.action_id)
    assert (shown.status, shown.agency_sequence) == (WITHDRAWN, 2)


def test_an_action_the_agency_closed_before_the_withdrawal_reached_it_is_as_it_closed_it(w):
    meeting, action = agreed_action(w)
    withdraw(w, action)
    not_possible = MeetingActionStatus.NOT_POSSIBLE
    declined = ActionClosureReason.VICTIM_DECLINED
    w.meetings.apply_update(update(meeting, action, not_possible, 2, declined))
    closed = w.meetings.meeting(CHAIR_PERSON, meeting.meeting_id).action(action.action_id)
    # Closed, not withdrawn: its case refused the withdrawal that came after.
    assert (closed.status, closed.closure_reason, closed.withdrawal, closed.withdrawn_at) == (
        not_possible, declined, None, None,
    )  # fmt: skip


def test_a_reassignment_the_agency_closed_first_shows_it_closed_and_the_new_action_open(w):
    meeting, action = agreed_action(w)
    _, _, new = reassign(w, action)
    w.meetings.apply_update(update(meeting, action, MeetingActionStatus.DONE, 2))
    record = w.meetings.meeting(CHAIR_PERSON, meeting.meeting_id)
    old = record.action(action.action_id)
    assert (old.status, old.withdrawal, old.reassigned_to) == (
        MeetingActionStatus.DONE, None, new.action_id,
    )  # fmt: skip
    # The chair sees the new owner's action still open, to withdraw if it is not needed.
    assert record.action(new.action_id).status is MeetingActionStatus.OPEN


def test_the_next_meetings_overdue_actions_leave_out_a_withdrawn_one(w):
    meeting, action = agreed_action(w)
    w.meetings.close(CHAIR_PERSON, w.of(meeting))
    w.clock.now = datetime(2027, 1, 5, 9, tzinfo=UTC)
    later = w.schedule(date(2027, 1, 12))
    assert [a.action_id for _, a in w.meetings.overdue_actions(later)] == [action.action_id]
    withdraw(w, action, Why.NO_LONGER_NEEDED)
    assert w.meetings.overdue_actions(w.meetings.records.meeting(later.meeting_id)) == []


def test_an_action_withdrawn_after_the_next_meeting_closed_stays_on_its_record(w):
    meeting, action = agreed_action(w)
    w.meetings.close(CHAIR_PERSON, w.of(meeting))
    w.clock.now = datetime(2027, 1, 5, 9, tzinfo=UTC)
    later = w.run_to_open(w.schedule(date(2027, 1, 12)))
    w.meetings.close(CHAIR_PERSON, w.of(later))
    w.clock.now = datetime(2027, 2, 1, 9, tzinfo=UTC)
    withdraw(w, action, Why.NO_LONGER_NEEDED)
    # The minutes of the closed meeting still show what was outstanding at it.
    closed = w.meetings.records.meeting(later.meeting_id)
    assert [a.action_id for _, a in w.meetings.overdue_actions(closed)] == [action.action_id]


# Reassigning


def test_a_chair_reassigns_an_action_to_another_agency_with_a_case_for_the_subject(w):
    meeting, action = agreed_action(w)
    request_id = w.request_id()
    _, old, new = reassign(w, action, request_id=request_id)
    assert (old.status, old.withdrawal, old.reassigned_to) == (
        WITHDRAWN,
        Why.REASSIGNED,
        new.action_id,
    )
    assert (new.owner, new.type, new.due_date, new.status) == (
        POLICE_CASE, action.type, DUE, MeetingActionStatus.OPEN,
    )  # fmt: skip
    # The note was written for the landlord: it stays with its action.
    assert (new.note, new.reassigned_from, new.handle) == ("", action.action_id, action.handle)
    assert reassign(w, action, request_id=request_id)[2] == new  # a retry
    assert len(w.meetings.records.meeting(meeting.meeting_id).actions) == 2
    # The landlord is told it is withdrawn; the police are given the new one.
    last_two = [pb.MeetingActionMessage.FromString(m.value) for m in published(w)[-2:]]
    assert [(m.agency_id, m.WhichOneof("payload")) for m in last_two] == [
        (LANDLORD_CASE.agency_id, "withdrawn"),
        (POLICE_CASE.agency_id, "assigned"),
    ]
    assert last_two[0].withdrawn.reason == pb.ACTION_WITHDRAWAL_REASON_REASSIGNED
    assert (last_two[1].case_reference, last_two[1].assigned.due_date) == (
        POLICE_CASE.case_reference,
        DUE.isoformat(),
    )


def test_a_reassigned_action_may_be_given_a_new_due_date(w):
    _, action = agreed_action(w)
    new = reassign(w, action, due=date(2027, 1, 20))[2]
    assert new.due_date == date(2027, 1, 20)


def test_a_reassignment_is_refused_naming_what_is_wrong(w):
    meeting, action = agreed_action(w)
    with pytest.raises(RuleBroken, match="owner already"):
        reassign(w, action, owner=LANDLORD_CASE.agency_id)
    with pytest.raises(NotFound, match="no case"):
        reassign(w, action, owner="local-ddpo")
    with pytest.raises(InvalidRequest) as bad:
        reassign(w, action, owner="no such agency", due=date(2026, 11, 1))
    assert {v.field for v in bad.value.violations} == {"owner_agency_id", "due_date"}
    with pytest.raises(InvalidRequest) as unknown:
        reassign(w, action, owner="local-fire")
    assert {v.field for v in unknown.value.violations} == {"owner_agency_id"}
    reassign(w, action)
    with pytest.raises(FailedPrecondition, match="withdrawn already"):
        reassign(w, action)
    assert len(w.meetings.records.meeting(meeting.meeting_id).actions) == 2


# The owner agency's case


def withdrawn_message(action_id: str, message_id: str = "") -> bytes:
    return pb.MeetingActionMessage(
        message_id=message_id or str(uuid.uuid4()),
        action_id=action_id,
        meeting_id="MARAC-20261215-ABC123",
        agency_id="test-police",
        case_reference="CR-1",
        withdrawn=pb.ActionWithdrawn(reason=pb.ACTION_WITHDRAWAL_REASON_DUPLICATE),
    ).SerializeToString()


class Record:
    def __init__(self, offset: int, value: bytes) -> None:
        self.partition, self.offset, self.value = 0, offset, value


def test_the_agency_records_a_redelivered_withdrawal_once_and_then_refuses_to_complete_it(
    records,
):
    records.open_case(OpenCase("R-OPEN", "CR-1", Subject("Ann", "Smith", "1980-02-03", "L4 0TH")))
    action = records.receive_meeting_action(
        ReceiveMeetingAction(
            str(uuid.uuid4()), "CR-1", str(uuid.uuid4()), "MARAC-20261215-ABC123",
            MeetingActionType.PATROLS, "2026-12-29",
        )
    )  # fmt: skip
    inbox = ActionInbox(records, lambda: None, logging.getLogger("test"))
    message = withdrawn_message(action.action_id)
    inbox.take(Record(0, message))
    inbox.take(Record(1, message))  # delivered again
    inbox.take(Record(2, withdrawn_message(action.action_id)))  # the same, in another message
    assert (inbox.taken, inbox.skipped) == (3, 0)
    case = records.get_case("CR-1")
    recorded = case.meeting_actions[action.action_id]
    assert (recorded.status, recorded.withdrawal) == (WITHDRAWN, Why.DUPLICATE)
    stored = [type(e).__name__ for e in records.repository.event_store.get(case.id)]
    assert stored.count("MeetingActionClosed") == 1
    with pytest.raises(MeetingActionWithdrawn, match="withdrew"):
        records.close_meeting_action(
            CloseMeetingAction(
                str(uuid.uuid4()), "CR-1", action.action_id, MeetingActionStatus.DONE
            )
        )
    with pytest.raises(InvalidRequest):  # withdrawing is the meeting's, never the agency's
        records.close_meeting_action(
            CloseMeetingAction(str(uuid.uuid4()), "CR-1", action.action_id, WITHDRAWN)
        )


def test_a_withdrawal_that_reaches_an_action_the_agency_closed_first_is_refused(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", Subject("Ann", "Smith", "1980-02-03", "L4 0TH")))
    action = records.receive_meeting_action(
        ReceiveMeetingAction(
            str(uuid.uuid4()), "CR-1", str(uuid.uuid4()), "MARAC-20261215-ABC123",
            MeetingActionType.PATROLS, "2026-12-29",
        )
    )  # fmt: skip
    records.close_meeting_action(
        CloseMeetingAction(str(uuid.uuid4()), "CR-1", action.action_id, MeetingActionStatus.DONE)
    )
    case = records.get_case("CR-1")
    with pytest.raises(MeetingActionAlreadyClosed):
        case.withdraw_meeting_action(action.action_id, Why.DUPLICATE, datetime.now(UTC))
    inbox = ActionInbox(records, lambda: None, logging.getLogger("test"))
    inbox.take(Record(0, withdrawn_message(action.action_id)))
    assert inbox.skipped == 1
    assert records.get_case("CR-1").meeting_actions[action.action_id].status is (
        MeetingActionStatus.DONE
    )


def test_only_the_chair_is_told_which_action_replaced_which(w):
    meeting, action = agreed_action(w)
    _, old, _ = reassign(w, action)
    for_chair = action_message(CHAIR_PERSON, meeting.meeting_id, old, MEETING_DAY)
    for_landlord = action_message(LANDLORD_REP, meeting.meeting_id, old, MEETING_DAY)
    assert for_chair.reassigned_to and not for_landlord.reassigned_to
    # The landlord still sees its action withdrawn, and why.
    assert for_landlord.withdrawal_reason == pb.ACTION_WITHDRAWAL_REASON_REASSIGNED
