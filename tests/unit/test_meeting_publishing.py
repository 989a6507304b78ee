"""What the meeting service publishes from its record: each subject discussed at a
closed meeting for the projection, each action and each report on it for the owner
agency, and nothing said at the meeting."""

from datetime import date

import pytest

from marac.v1 import case_events_pb2, meeting_actions_pb2
from marac.v1 import meeting_actions_pb2 as actions_pb
from services.common.vocabulary import MeetingActionStatus, MeetingActionType, RiskLevel
from services.marac import commands as asked
from services.marac.domain import Meeting
from services.marac.ports import AgencyUpdate
from services.marac.publishing import Topics, outgoing
from services.marac.vocabulary import ItemDecision
from tests.unit.meetings import CHAIR_PERSON, LANDLORD_CASE, LANDLORD_REP, subject, world

TOPICS = Topics("t.case-events.marac", lambda agency: f"t.meeting-actions.{agency}")
CANARY_NOTE = "Canary Wharfside, 221B Baker Street, Mrs Ada Canary"


def published(w):
    """Every message the relay would send, in the order of the notification log."""
    found = []
    for notification in w.meetings.store.recorder.select_notifications(start=1, limit=1000):
        event = w.meetings.store.mapper.to_domain_event(notification)
        meeting = w.meetings.store.repository.get(event.originator_id)
        if isinstance(meeting, Meeting):
            message = outgoing(event, notification.id, meeting, TOPICS)
            if message is not None:
                found.append(message)
    return found


@pytest.fixture
def w():
    return world()


def test_a_closed_meeting_publishes_its_discussions_and_actions_and_never_a_note(w):
    w.subjects.now_eligible = [subject(1), subject(2)]
    meeting = w.run_to_open(w.schedule(date(2026, 12, 15)))
    handle = subject(1).handle
    w.subjects.cases[handle] = (LANDLORD_CASE,)
    w.meetings.record_discussion(
        CHAIR_PERSON,
        asked.RecordDiscussion(
            w.request_id(), meeting.meeting_id, handle, 14, RiskLevel.HIGH,
            ItemDecision.ACTIONS_AGREED,
        ),
    )  # fmt: skip
    agreed = w.meetings.agree_action(
        CHAIR_PERSON,
        asked.AgreeAction(
            w.request_id(), meeting.meeting_id, handle, LANDLORD_CASE.agency_id,
            MeetingActionType.TARGET_HARDENING, date(2027, 1, 8), CANARY_NOTE,
        ),
    )  # fmt: skip
    (action,) = agreed.actions.values()
    w.meetings.close(CHAIR_PERSON, w.of(meeting))
    recorded = AgencyUpdate(
        action.action_id, meeting.meeting_id, LANDLORD_CASE.agency_id, LANDLORD_CASE.agency_id,
        MeetingActionStatus.OPEN, None, w.clock.now, 1,
    )  # fmt: skip
    assert w.meetings.apply_update(recorded)  # the agency's case has it
    w.meetings.report_action(
        LANDLORD_REP,
        asked.ReportAction(w.request_id(), action.action_id, MeetingActionStatus.DONE, None),
    )
    sent = published(w)
    assert [(m.topic, m.key) for m in sent] == [
        ("t.meeting-actions.local-social_landlord", LANDLORD_CASE.case_reference),
        ("t.case-events.marac", subject(1).subject_key),
        ("t.meeting-actions.local-social_landlord", LANDLORD_CASE.case_reference),
    ]
    assigned = meeting_actions_pb2.MeetingActionMessage.FromString(sent[0].value)
    assert (assigned.action_id, assigned.agency_id, assigned.case_reference) == (
        action.action_id,
        LANDLORD_CASE.agency_id,
        LANDLORD_CASE.case_reference,
    )
    assert assigned.assigned.type == actions_pb.MEETING_ACTION_TYPE_TARGET_HARDENING
    assert assigned.assigned.due_date == "2027-01-08"
    discussed = case_events_pb2.CaseEvent.FromString(sent[1].value)
    assert discussed.agency_id == "marac" and discussed.subject_key == subject(1).subject_key
    assert discussed.marac_discussed.meeting_id == meeting.meeting_id
    reported = meeting_actions_pb2.MeetingActionMessage.FromString(sent[2].value)
    assert reported.reported.status == actions_pb.MEETING_ACTION_STATUS_DONE
    assert reported.reported.reported_by == LANDLORD_REP.user_id
    # Each message's id derives from its position: a resend is the same message.
    assert published(w) == sent
    for message in sent:
        assert b"Canary" not in message.value and b"Baker" not in message.value
