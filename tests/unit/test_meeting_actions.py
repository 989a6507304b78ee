"""The actions MARAC meetings agree, as an agency's case records them: the case's
rules, and the kernel's commands on in-memory persistence (no I/O)."""

import uuid
from datetime import UTC, date, datetime

import pytest

from services.common.case import Case, Closure, Subject
from services.common.commands import CloseCase, OpenCase
from services.common.errors import CaseClosed, NoSuchCase
from services.common.meeting_action_commands import (
    CloseMeetingAction,
    ListMeetingActions,
    ReceiveMeetingAction,
)
from services.common.meeting_actions import (
    MeetingAction,
    MeetingActionAlreadyClosed,
    ReasonDoesNotFit,
    UnknownMeetingAction,
)
from services.common.validation import InvalidRequest
from services.common.vocabulary import (
    ActionClosureReason,
    CaseOutcome,
    MeetingActionStatus,
    MeetingActionType,
)

ANN = Subject("Ann", "Smith", "1980-02-03", "L4 0TH")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
DONE = MeetingActionStatus.DONE
NOT_POSSIBLE = MeetingActionStatus.NOT_POSSIBLE
NO_LONGER_NEEDED = MeetingActionStatus.NO_LONGER_NEEDED
Reason = ActionClosureReason


def action(action_id: str = "", **changes) -> MeetingAction:
    fields = dict(
        action_id=action_id or str(uuid.uuid4()),
        meeting_id="MARAC-20261201-ABC123",
        type=MeetingActionType.TARGET_HARDENING,
        due_date=date(2026, 12, 15),
        received_at=NOW,
    )
    return MeetingAction(**{**fields, **changes})


def a_case() -> Case:
    return Case.open("test-agency", "CR-1", ANN, "key")


def events_of(case: Case, name: str) -> list:
    return [e for e in case.pending_events if type(e).__name__ == name]


# The case's rules


def test_an_action_is_recorded_open_once_however_often_it_arrives():
    case = a_case()
    agreed = action()
    assert case.receive_meeting_action(agreed).status is MeetingActionStatus.OPEN
    assert case.receive_meeting_action(agreed) == agreed
    # Sent again later (a new message about the same action): still the one recorded.
    case.receive_meeting_action(action(agreed.action_id, received_at=datetime.now(UTC)))
    assert list(case.meeting_actions.values()) == [agreed]
    assert len(events_of(case, "MeetingActionReceived")) == 1


def test_an_action_done_takes_no_reason_and_the_others_a_reason_of_their_own_kind():
    case = a_case()
    done, not_possible, not_needed = (case.receive_meeting_action(action()) for _ in range(3))
    with pytest.raises(ReasonDoesNotFit):
        case.close_meeting_action(done.action_id, DONE, Reason.RISK_REDUCED, NOW)
    with pytest.raises(ReasonDoesNotFit):  # a reason of "no longer needed"
        case.close_meeting_action(not_possible.action_id, NOT_POSSIBLE, Reason.VICTIM_MOVED, NOW)
    with pytest.raises(ReasonDoesNotFit):  # none
        case.close_meeting_action(not_needed.action_id, NO_LONGER_NEEDED, None, NOW)
    with pytest.raises(ReasonDoesNotFit):  # "open" is no way of closing
        case.close_meeting_action(done.action_id, MeetingActionStatus.OPEN, None, NOW)
    assert not any(a.closed for a in case.meeting_actions.values())

    case.close_meeting_action(done.action_id, DONE, None, NOW)
    case.close_meeting_action(not_possible.action_id, NOT_POSSIBLE, Reason.VICTIM_DECLINED, NOW)
    case.close_meeting_action(not_needed.action_id, NO_LONGER_NEEDED, Reason.VICTIM_MOVED, NOW)
    assert [(a.status, a.reason) for a in case.meeting_actions.values()] == [
        (DONE, None),
        (NOT_POSSIBLE, Reason.VICTIM_DECLINED),
        (NO_LONGER_NEEDED, Reason.VICTIM_MOVED),
    ]


def test_a_closed_action_does_not_change_again():
    case = a_case()
    agreed = case.receive_meeting_action(action())
    case.close_meeting_action(agreed.action_id, NOT_POSSIBLE, Reason.VICTIM_NOT_REACHED, NOW)
    with pytest.raises(MeetingActionAlreadyClosed):
        case.close_meeting_action(agreed.action_id, DONE, None, NOW)
    with pytest.raises(MeetingActionAlreadyClosed):
        case.close_meeting_action(agreed.action_id, NOT_POSSIBLE, Reason.VICTIM_DECLINED, NOW)
    # Reported so again (the representative after the case system): nothing changes.
    again = case.close_meeting_action(
        agreed.action_id, NOT_POSSIBLE, Reason.VICTIM_NOT_REACHED, datetime.now(UTC), "usr_x"
    )
    assert again.closed_at == NOW and again.reported_by == ""
    assert len(events_of(case, "MeetingActionClosed")) == 1


def test_only_an_action_the_case_knows_can_be_closed():
    case = a_case()
    case.receive_meeting_action(action())
    with pytest.raises(UnknownMeetingAction):
        case.close_meeting_action(str(uuid.uuid4()), DONE, None, NOW)


def test_a_representatives_report_is_theirs():
    case = a_case()
    agreed = case.receive_meeting_action(action())
    closed = case.close_meeting_action(agreed.action_id, DONE, None, NOW, reported_by="usr_Ab-1")
    assert (closed.status, closed.reported_by, closed.closed_at) == (DONE, "usr_Ab-1", NOW)


def test_a_case_that_closes_closes_its_open_actions_as_no_longer_needed():
    case = a_case()
    done, still_open = case.receive_meeting_action(action()), case.receive_meeting_action(action())
    case.close_meeting_action(done.action_id, DONE, None, NOW)
    closed_at = datetime(2026, 12, 2, tzinfo=UTC)
    case.close(Closure(CaseOutcome.RESOLVED, 0, closed_at))
    actions = case.meeting_actions
    assert actions[done.action_id].status is DONE
    assert (actions[still_open.action_id].status, actions[still_open.action_id].reason) == (
        NO_LONGER_NEEDED,
        Reason.CASE_CLOSED,
    )
    assert actions[still_open.action_id].closed_at == closed_at
    # One that arrives afterwards is recorded, and closed so at once.
    late = case.receive_meeting_action(action())
    assert (late.status, late.reason) == (NO_LONGER_NEEDED, Reason.CASE_CLOSED)


# The kernel's commands


def received(message_id: str = "", case_reference: str = "CR-1", **changes):
    fields = dict(
        request_id=message_id or str(uuid.uuid4()),
        case_reference=case_reference,
        action_id=str(uuid.uuid4()),
        meeting_id="MARAC-20261201-ABC123",
        type=MeetingActionType.WELFARE_CHECK,
        due_date="2026-12-15",
    )
    return ReceiveMeetingAction(**{**fields, **changes})


def test_a_message_delivered_twice_is_recorded_once(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    message = received()
    first = records.receive_meeting_action(message)
    assert records.receive_meeting_action(message) == first
    case = records.get_case("CR-1")
    assert list(case.meeting_actions.values()) == [first]
    stored = records.repository.event_store.get(case.id)
    assert [type(e).__name__ for e in stored].count("MeetingActionReceived") == 1


def test_an_action_for_no_case_is_refused(records):
    with pytest.raises(NoSuchCase):
        records.receive_meeting_action(received(case_reference="CR-NONE"))


def test_the_case_system_and_a_representative_close_actions(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    first, second = (
        records.receive_meeting_action(received()),
        records.receive_meeting_action(received()),
    )
    done = records.close_meeting_action(CloseMeetingAction("R-1", "CR-1", first.action_id, DONE))
    reported = records.close_meeting_action(
        CloseMeetingAction(
            str(uuid.uuid4()), "CR-1", second.action_id, NOT_POSSIBLE, Reason.VICTIM_DECLINED,
            reported_by="usr_rep",
        )
    )  # fmt: skip
    # A retry answers as the first time.
    retry = CloseMeetingAction("R-1", "CR-1", first.action_id, DONE)
    assert records.close_meeting_action(retry) == done
    case = records.get_case("CR-1")
    assert case.meeting_actions[first.action_id] == done
    assert case.meeting_actions[second.action_id].reported_by == "usr_rep" == reported.reported_by
    page = records.list_meeting_actions(ListMeetingActions("CR-1", page_size=1))
    assert page.items == [done] and page.next_page_token
    rest = records.list_meeting_actions(ListMeetingActions("CR-1", 1, page.next_page_token))
    assert rest.items == [reported] and not rest.next_page_token


def test_no_action_of_a_closed_case_changes(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    agreed = records.receive_meeting_action(received())
    records.close_case(CloseCase("R-CLOSE", "CR-1", CaseOutcome.RESOLVED))
    with pytest.raises(CaseClosed):
        records.close_meeting_action(CloseMeetingAction("R-2", "CR-1", agreed.action_id, DONE))
    late = records.receive_meeting_action(received())
    assert late.status is NO_LONGER_NEEDED
    assert records.get_case("CR-1").meeting_actions[agreed.action_id].reason is Reason.CASE_CLOSED


@pytest.mark.parametrize(
    ("command", "fields"),
    [
        (received(action_id="ACTION-1"), {"action_id"}),
        (received(meeting_id="marac 1 december"), {"meeting_id"}),
        (received(type=None, due_date="15/12/2026"), {"assigned.type", "assigned.due_date"}),
        (CloseMeetingAction("R-1", "CR-1", "", DONE), {"action_id"}),
        (CloseMeetingAction("R-1", "CR-1", str(uuid.uuid4()), None), {"status"}),
        (
            CloseMeetingAction("R-1", "CR-1", str(uuid.uuid4()), MeetingActionStatus.OPEN),
            {"status"},
        ),
        (
            CloseMeetingAction("R-1", "CR-1", str(uuid.uuid4()), DONE, None, "Ann Smith"),
            {"reported_by"},
        ),
    ],
)
def test_commands_of_the_wrong_shape_are_refused_naming_their_fields(command, fields):
    with pytest.raises(InvalidRequest) as refused:
        command.validate(NOW)
    assert {v.field for v in refused.value.violations} == fields
    assert "Ann" not in str(refused.value)
