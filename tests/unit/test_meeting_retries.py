"""A request the meeting service applied, sent again with its request id (the answer
was lost on the way), gets the first answer and changes nothing, even when the
request's checks no longer hold: its due date has since passed, the partnership
has changed, RiskView cannot be reached. A new request is still checked. On the
meeting service's application with an in-memory store and RiskView faked."""

import dataclasses
from datetime import date

import pytest

from services.common.errors import PermissionDenied, Unavailable
from services.common.validation import InvalidRequest
from services.common.vocabulary import MeetingActionStatus, MeetingActionType
from services.marac import commands as asked
from services.marac.application import Meetings
from services.marac.ports import AgencyUpdate, Partners
from services.marac.vocabulary import AttendanceStatus
from tests.unit.meetings import (
    CHAIR_PERSON,
    LANDLORD_CASE,
    LANDLORD_REP,
    PARTNERS,
    POLICE_CASE,
    POLICE_REP,
    discussed,
    subject,
    world,
)

MEETING_DAY = date(2026, 12, 15)
DUE = date(2026, 12, 18)


@pytest.fixture
def w():
    return world()


def agreeing(w, meeting, item, due=DUE, request_id=""):
    return asked.AgreeAction(
        request_id or w.request_id(), meeting.meeting_id, item.handle, LANDLORD_CASE.agency_id,
        MeetingActionType.TARGET_HARDENING, due, "Fit window locks",
    )  # fmt: skip


def events(w) -> int:
    """How many events the meetings' store holds."""
    return len(w.meetings.store.recorder.select_notifications(start=1, limit=10_000))


def test_an_action_retried_after_its_due_date_passed_is_answered_once(w):
    meeting, item = discussed(w, MEETING_DAY)
    agree = agreeing(w, meeting, item)
    (first,) = w.meetings.agree_action(CHAIR_PERSON, agree).actions.values()
    recorded = events(w)
    w.clock.move(days=11)  # the due date is past now
    (again,) = w.meetings.agree_action(CHAIR_PERSON, agree).actions.values()
    assert again == first
    assert events(w) == recorded
    # A new request with that due date is refused.
    with pytest.raises(InvalidRequest, match="must not be in the past"):
        w.meetings.agree_action(CHAIR_PERSON, agreeing(w, meeting, item))


def test_a_reassignment_retried_after_its_due_date_passed_is_answered_once(w):
    meeting, item = discussed(w, MEETING_DAY)
    (action,) = w.meetings.agree_action(CHAIR_PERSON, agreeing(w, meeting, item)).actions.values()
    reassign = asked.ReassignAction(
        w.request_id(), action.action_id, POLICE_CASE.agency_id, date(2026, 12, 22)
    )
    _, withdrawn, given = w.meetings.reassign_action(CHAIR_PERSON, reassign)
    recorded = events(w)
    w.clock.move(days=30)
    assert w.meetings.reassign_action(CHAIR_PERSON, reassign)[1:] == (withdrawn, given)
    assert events(w) == recorded
    assert len(w.meetings.records.meeting(meeting.meeting_id).actions) == 2
    later = asked.ReassignAction(
        w.request_id(), given.action_id, LANDLORD_CASE.agency_id, date(2026, 12, 22)
    )
    with pytest.raises(InvalidRequest, match="must not be in the past"):
        w.meetings.reassign_action(CHAIR_PERSON, later)


def test_a_retry_is_answered_while_riskview_cannot_be_reached(w):
    meeting, item = discussed(w, MEETING_DAY)
    agree = agreeing(w, meeting, item)
    (action,) = w.meetings.agree_action(CHAIR_PERSON, agree).actions.values()
    reassign = asked.ReassignAction(w.request_id(), action.action_id, POLICE_CASE.agency_id)
    given = w.meetings.reassign_action(CHAIR_PERSON, reassign)[2]
    recorded = events(w)
    w.subjects.away = True
    # Each was applied with RiskView's answer: a retry needs none. It is answered with
    # the meeting as it is (the action since reassigned), nothing agreed again.
    assert set(w.meetings.agree_action(CHAIR_PERSON, agree).actions) == {
        action.action_id,
        given.action_id,
    }
    assert w.meetings.reassign_action(CHAIR_PERSON, reassign)[2] == given
    assert events(w) == recorded
    with pytest.raises(Unavailable):
        w.meetings.agree_action(CHAIR_PERSON, agreeing(w, meeting, item))


def test_an_agenda_closed_and_retried_while_riskview_cannot_be_reached_is_answered(w):
    w.subjects.now_eligible = [subject(1)]
    meeting = w.schedule(MEETING_DAY)
    w.clock.now = meeting.agenda_cutoff
    close = w.of(meeting)
    closed = w.meetings.close_agenda(CHAIR_PERSON, close)
    w.subjects.away = True
    assert w.meetings.close_agenda(CHAIR_PERSON, close).items == closed.items


def test_a_retry_is_answered_after_its_agency_left_the_partnership(w):
    meeting, item = discussed(w, MEETING_DAY)
    attend = asked.RecordAttendance(
        w.request_id(), meeting.meeting_id, POLICE_CASE.agency_id, AttendanceStatus.APOLOGIES,
        "", False,
    )  # fmt: skip
    w.meetings.record_attendance(CHAIR_PERSON, attend)
    agree = asked.AgreeAction(
        w.request_id(), meeting.meeting_id, item.handle, POLICE_CASE.agency_id,
        MeetingActionType.RECORDS_CHECK, DUE, "",
    )  # fmt: skip
    (action,) = w.meetings.agree_action(CHAIR_PERSON, agree).actions.values()
    recorded = events(w)
    # The service restarted with the police no longer among the partnership's agencies.
    without_police = {k: v for k, v in PARTNERS.kinds.items() if k != POLICE_CASE.agency_id}
    restarted = Meetings(w.meetings.store, w.subjects, Partners(without_police), w.clock)
    answered = restarted.record_attendance(CHAIR_PERSON, attend)
    assert answered.attendance[POLICE_CASE.agency_id].status is AttendanceStatus.APOLOGIES
    assert restarted.agree_action(CHAIR_PERSON, agree).actions == {action.action_id: action}
    assert events(w) == recorded
    with pytest.raises(InvalidRequest, match="not an agency of this partnership"):
        restarted.agree_action(CHAIR_PERSON, dataclasses.replace(agree, request_id="AGAIN-1"))


def test_a_report_is_answered_to_its_owner_agency_only(w):
    meeting, item = discussed(w, MEETING_DAY)
    (action,) = w.meetings.agree_action(CHAIR_PERSON, agreeing(w, meeting, item)).actions.values()
    w.meetings.close(CHAIR_PERSON, w.of(meeting))
    recorded = AgencyUpdate(
        action.action_id, meeting.meeting_id, LANDLORD_CASE.agency_id, LANDLORD_CASE.agency_id,
        MeetingActionStatus.OPEN, None, w.clock.now, 1,
    )  # fmt: skip
    w.meetings.apply_update(recorded)
    report = asked.ReportAction(w.request_id(), action.action_id, MeetingActionStatus.DONE, None)
    reported = w.meetings.report_action(LANDLORD_REP, report)[1]
    w.clock.move(days=30)
    assert w.meetings.report_action(LANDLORD_REP, report)[1] == reported
    # Another agency's representative with the same request is refused, never told.
    with pytest.raises(PermissionDenied):
        w.meetings.report_action(POLICE_REP, report)


def test_two_agencies_using_one_request_id_make_two_requests(w):
    w.subjects.now_eligible = [subject(1)]
    meeting = w.schedule(MEETING_DAY)
    w.clock.now = meeting.agenda_cutoff
    w.meetings.close_agenda(CHAIR_PERSON, w.of(meeting))
    # Each agency's system makes its own request ids: two may be alike.
    research = asked.OfItem("REQ-7", meeting.meeting_id, subject(1).handle)
    w.meetings.record_research(LANDLORD_REP, research)
    researched = w.meetings.record_research(POLICE_REP, research)
    assert researched.items[subject(1).handle].researched_by == (
        LANDLORD_REP.agency_id,
        POLICE_REP.agency_id,
    )
    # Each one's retry is still answered once.
    recorded = events(w)
    assert w.meetings.record_research(POLICE_REP, research) == researched
    assert events(w) == recorded


def test_two_chairs_using_one_request_id_schedule_two_meetings(w):
    other_chair = dataclasses.replace(CHAIR_PERSON, user_id="chair-2")
    command = asked.Schedule("REQ-1", MEETING_DAY, "LIVERPOOL-NORTH", None)
    first = w.meetings.schedule(CHAIR_PERSON, command)
    second = w.meetings.schedule(other_chair, command)
    assert first.meeting_id != second.meeting_id
    assert w.meetings.schedule(other_chair, command).meeting_id == second.meeting_id
