"""MARAC meetings as a chair and the representatives run them, on the meeting
service's application with an in-memory store and RiskView's subjects faked."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.common.errors import (
    FailedPrecondition,
    PermissionDenied,
    RequestIdReused,
    RuleBroken,
)
from services.common.validation import InvalidRequest
from services.common.vocabulary import (
    ActionClosureReason,
    MeetingActionStatus,
    MeetingActionType,
    RiskLevel,
)
from services.marac import commands as asked
from services.marac.domain import Meeting
from services.marac.ports import AgencyUpdate
from services.marac.refusals import NoCaseForOwner, NoSuchSubject, NotTheOwner, ReferrerNotHere
from services.marac.vocabulary import (
    AdditionReason,
    AttendanceStatus,
    DeferralReason,
    ItemDecision,
    ItemSource,
    MeetingStage,
)
from tests.unit.meetings import (
    CHAIR_PERSON,
    IG_PERSON,
    LANDLORD_CASE,
    LANDLORD_REP,
    POLICE_CASE,
    POLICE_REP,
    subject,
    world,
)

MEETING_DAY = date(2026, 12, 15)


@pytest.fixture
def w():
    """The meetings on an in-memory store (tests/integration: on Postgres)."""
    return world()


def fields(error: InvalidRequest) -> set[str]:
    return {v.field for v in error.violations}


def discuss(w, meeting, item, minutes=12, decision=ItemDecision.ACTIONS_AGREED):
    command = asked.RecordDiscussion(
        w.request_id(), meeting.meeting_id, item.handle, minutes, RiskLevel.MEDIUM, decision
    )
    return w.meetings.record_discussion(CHAIR_PERSON, command)


def agree(w, meeting, item, owner=LANDLORD_CASE.agency_id, due=MEETING_DAY, note="Fit locks"):
    command = asked.AgreeAction(
        w.request_id(),
        meeting.meeting_id,
        item.handle,
        owner,
        MeetingActionType.TARGET_HARDENING,
        due,
        note,
    )
    return w.meetings.agree_action(CHAIR_PERSON, command)


def test_a_meeting_is_scheduled_with_its_cutoff_five_working_days_before_at_five_pm(w):
    meeting = w.schedule(MEETING_DAY)
    assert meeting.meeting_id.startswith("MARAC-20261215-")
    assert meeting.stage is MeetingStage.SCHEDULED
    # Tuesday 15 December: five working days before is Tuesday 8, 17:00 GMT.
    assert meeting.agenda_cutoff == datetime(2026, 12, 8, 17, 0, tzinfo=UTC)
    assert meeting.chair == CHAIR_PERSON.user_id


def test_scheduling_retried_with_the_same_request_id_makes_one_meeting(w):
    command = asked.Schedule("SCHEDULE-1", MEETING_DAY, "LIVERPOOL-NORTH", None)
    first = w.meetings.schedule(CHAIR_PERSON, command)
    again = w.meetings.schedule(CHAIR_PERSON, command)
    assert again.meeting_id == first.meeting_id
    assert [m.meeting_id for m in w.meetings.meetings(CHAIR_PERSON)] == [first.meeting_id]
    for other in (
        asked.Schedule("SCHEDULE-1", MEETING_DAY, "WIRRAL", None),
        asked.Schedule("SCHEDULE-1", MEETING_DAY + timedelta(days=1), "LIVERPOOL-NORTH", None),
    ):
        with pytest.raises(RequestIdReused):
            w.meetings.schedule(CHAIR_PERSON, other)
    # Retried after its cut-off passed, it is still answered, not refused.
    soon = asked.Schedule("SCHEDULE-2", MEETING_DAY, "WIRRAL", w.clock.now + timedelta(hours=1))
    scheduled = w.meetings.schedule(CHAIR_PERSON, soon)
    w.clock.move(days=2)
    assert w.meetings.schedule(CHAIR_PERSON, soon).meeting_id == scheduled.meeting_id


def test_a_change_retried_is_applied_once_and_its_id_cannot_be_used_for_another(w):
    w.subjects.now_eligible = [subject(1), subject(2)]
    meeting = w.run_to_open(w.schedule(MEETING_DAY))
    item = next(iter(meeting.items.values()))
    action = asked.AgreeAction(
        "AGREE-1", meeting.meeting_id, item.handle, LANDLORD_CASE.agency_id,
        MeetingActionType.SAFETY_PLAN, MEETING_DAY, "",
    )  # fmt: skip
    w.subjects.cases[item.handle] = (LANDLORD_CASE,)
    w.meetings.agree_action(CHAIR_PERSON, action)
    after = w.meetings.agree_action(CHAIR_PERSON, action)
    assert len(after.actions) == 1
    with pytest.raises(RequestIdReused):
        w.meetings.agree_action(CHAIR_PERSON, asked.AgreeAction(**{**vars(action), "note": "x"}))


def test_bad_scheduling_names_each_field_and_never_echoes_a_value(w):
    command = asked.Schedule("", None, "Mrs Canary's street", None)
    with pytest.raises(InvalidRequest) as refused:
        w.meetings.schedule(CHAIR_PERSON, command)
    assert fields(refused.value) == {"request_id", "date", "area"}
    assert "Canary" not in str(refused.value.violations)
    early = datetime(2026, 9, 1, tzinfo=UTC)  # more than 60 days before the meeting
    with pytest.raises(InvalidRequest) as refused:
        w.meetings.schedule(CHAIR_PERSON, asked.Schedule("S-2", MEETING_DAY, "WIRRAL", early))
    assert fields(refused.value) == {"agenda_cutoff"}
    assert w.meetings.meetings(CHAIR_PERSON) == []


@pytest.mark.parametrize("person", [LANDLORD_REP, IG_PERSON])
def test_only_a_chair_schedules(w, person):
    with pytest.raises(PermissionDenied):
        w.meetings.schedule(person, asked.Schedule("S-1", MEETING_DAY, "WIRRAL", None))


def test_ig_staff_see_no_meetings_and_representatives_do(w):
    meeting = w.schedule(MEETING_DAY)
    assert w.meetings.meeting(LANDLORD_REP, meeting.meeting_id).meeting_id == meeting.meeting_id
    with pytest.raises(PermissionDenied):
        w.meetings.meeting(IG_PERSON, meeting.meeting_id)


def test_the_agenda_is_what_was_eligible_at_the_cutoff_not_what_became_eligible_later(w):
    meeting = w.schedule(MEETING_DAY)
    w.subjects.now_eligible = [subject(1)]
    with pytest.raises(FailedPrecondition):
        w.meetings.close_agenda(CHAIR_PERSON, w.of(meeting))
    w.clock.now = meeting.agenda_cutoff + timedelta(seconds=5)
    assert w.meetings.close_due_agendas() == [meeting.meeting_id]
    # The register notes it, so later rounds read no meeting.
    assert w.meetings.records.register().agendas_due(w.clock.now) == []
    w.subjects.now_eligible = [subject(1), subject(2)]  # eligible after the cut-off
    assert w.meetings.close_due_agendas() == []
    closed = w.meetings.meeting(CHAIR_PERSON, meeting.meeting_id)
    assert [i.handle for i in closed.items.values()] == [subject(1).handle]
    assert closed.stage is MeetingStage.AGENDA_CLOSED
    assert closed.agenda_closed_at == meeting.agenda_cutoff + timedelta(seconds=5)


def test_an_agenda_closed_late_is_the_subjects_eligible_at_the_cutoff_not_at_the_close(w):
    # The service was away at the cut-off: it closes the agendas an hour later, when
    # subject 2 has become eligible and subject 1 no longer is.
    timer = w.schedule(MEETING_DAY)
    by_chair = w.schedule(MEETING_DAY, area="WIRRAL")
    w.subjects.now_eligible = [subject(2)]
    w.subjects.eligible_then[timer.agenda_cutoff] = [subject(1)]
    w.clock.now = timer.agenda_cutoff + timedelta(hours=1)
    w.meetings.close_agenda(CHAIR_PERSON, w.of(by_chair))
    assert w.meetings.close_due_agendas() == [timer.meeting_id]
    assert w.subjects.asked_as_of == [timer.agenda_cutoff] * 2
    for meeting in (timer, by_chair):
        closed = w.meetings.meeting(CHAIR_PERSON, meeting.meeting_id)
        assert [i.handle for i in closed.items.values()] == [subject(1).handle]


def test_a_chair_adds_a_subject_with_a_reason_by_handle_or_by_an_agencys_case(w):
    meeting = w.schedule(MEETING_DAY)
    late = subject(7, rules=())
    w.subjects.known[late.handle] = late
    w.subjects.cases[late.handle] = (POLICE_CASE,)
    by_case = asked.AddItem(
        w.request_id(), meeting.meeting_id, AdditionReason.LATE_REFERRAL,
        agency_id=POLICE_CASE.agency_id, case_reference=POLICE_CASE.case_reference,
    )  # fmt: skip
    added = w.meetings.add_item(CHAIR_PERSON, by_case)
    item = added.items[late.handle]
    assert item.source is ItemSource.CHAIR_ADDITION
    assert item.addition_reason is AdditionReason.LATE_REFERRAL
    unknown = asked.AddItem(
        w.request_id(), meeting.meeting_id, AdditionReason.LATE_REFERRAL, "A" * 64
    )
    with pytest.raises(NoSuchSubject):
        w.meetings.add_item(CHAIR_PERSON, unknown)
    # Closing the agenda keeps the addition beside the eligible subjects.
    w.subjects.now_eligible = [subject(1)]
    w.clock.now = meeting.agenda_cutoff
    closed = w.meetings.close_agenda(CHAIR_PERSON, w.of(meeting))
    assert set(closed.items) == {late.handle, subject(1).handle}


def test_each_agency_records_its_research_once(w):
    w.subjects.now_eligible = [subject(1)]
    meeting = w.schedule(MEETING_DAY)
    w.clock.now = meeting.agenda_cutoff
    w.meetings.close_agenda(CHAIR_PERSON, w.of(meeting))
    for person in (LANDLORD_REP, LANDLORD_REP, POLICE_REP):
        command = asked.OfItem(w.request_id(), meeting.meeting_id, subject(1).handle)
        meeting = w.meetings.record_research(person, command)
    assert meeting.items[subject(1).handle].researched_by == (
        LANDLORD_REP.agency_id,
        POLICE_REP.agency_id,
    )
    with pytest.raises(PermissionDenied):
        w.meetings.record_research(CHAIR_PERSON, command)


def test_an_attendee_acknowledges_the_confidentiality_statement_before_the_meeting_opens(w):
    w.subjects.now_eligible = [subject(1)]
    meeting = w.schedule(MEETING_DAY)
    w.clock.now = meeting.agenda_cutoff
    w.meetings.close_agenda(CHAIR_PERSON, w.of(meeting))
    with pytest.raises(InvalidRequest) as refused:
        w.attend(meeting, LANDLORD_CASE.agency_id, acknowledged=False)
    assert fields(refused.value) == {"acknowledged_confidentiality"}
    w.attend(meeting, POLICE_CASE.agency_id, AttendanceStatus.APOLOGIES)
    with pytest.raises(FailedPrecondition):
        w.meetings.open(CHAIR_PERSON, w.of(meeting))
    ack = w.attend(meeting, LANDLORD_CASE.agency_id)
    assert ack.attendance[LANDLORD_CASE.agency_id].acknowledged_confidentiality
    opened = w.meetings.open(CHAIR_PERSON, w.of(meeting))
    assert opened.stage is MeetingStage.IN_PROGRESS


def test_an_item_whose_referrer_neither_attends_nor_briefed_someone_is_deferred_not_discussed(w):
    referred = subject(3, rules=("professional_judgement",), referring=(POLICE_CASE.agency_id,))
    w.subjects.now_eligible = [referred]
    meeting = w.run_to_open(w.schedule(MEETING_DAY))
    item = meeting.items[referred.handle]
    with pytest.raises(ReferrerNotHere):
        discuss(w, meeting, item)
    w.attend(meeting, POLICE_CASE.agency_id, AttendanceStatus.APOLOGIES_BRIEFED)
    assert discuss(w, meeting, item).items[referred.handle].discussed


def test_an_action_needs_an_owner_with_a_case_a_date_not_before_the_meeting_and_a_short_note(w):
    w.subjects.now_eligible = [subject(1)]
    meeting = w.run_to_open(w.schedule(MEETING_DAY))
    item = meeting.items[subject(1).handle]
    with pytest.raises(NoCaseForOwner):
        agree(w, meeting, item)
    w.subjects.cases[item.handle] = (LANDLORD_CASE,)
    w.clock.now = datetime(2026, 12, 15, 10, tzinfo=UTC)
    with pytest.raises(InvalidRequest) as refused:
        agree(w, meeting, item, owner="", due=date(2026, 12, 1), note="n" * 501)
    assert fields(refused.value) == {"owner_agency_id", "due_date", "note"}
    agreed = agree(w, meeting, item)
    (action,) = agreed.actions.values()
    assert action.owner == LANDLORD_CASE
    assert action.status is MeetingActionStatus.OPEN and not action.recorded_by_agency


def test_closing_publishes_each_discussed_subject_and_defers_the_rest_to_the_next_meeting(w):
    w.subjects.now_eligible = [subject(1), subject(2)]
    first = w.run_to_open(w.schedule(MEETING_DAY))
    discuss(w, first, first.items[subject(1).handle])
    closed = w.meetings.close(CHAIR_PERSON, w.of(first))
    assert closed.stage is MeetingStage.CLOSED
    assert closed.items[subject(2).handle].deferral is DeferralReason.NOT_DISCUSSED
    published = [
        e.subject_key
        for e in w.meetings.store.events.get(closed.id)
        if isinstance(e, Meeting.SubjectDiscussed)
    ]
    assert published == [subject(1).subject_key]
    # The area's next meeting carries the deferred item; subject 1, discussed within
    # 12 months and eligible again, is a repeat case.
    second = w.schedule(date(2027, 1, 12))
    w.subjects.now_eligible = [subject(1)]
    w.clock.now = second.agenda_cutoff
    agenda = w.meetings.close_agenda(CHAIR_PERSON, w.of(second))
    assert agenda.items[subject(2).handle].source is ItemSource.DEFERRED
    assert agenda.items[subject(2).handle].deferred_from == first.meeting_id
    assert agenda.items[subject(1).handle].repeat
    assert not agenda.items[subject(2).handle].repeat


def test_the_tracker_shows_overdue_actions_first_and_each_representative_their_own(w):
    w.subjects.now_eligible = [subject(1)]
    meeting = w.run_to_open(w.schedule(MEETING_DAY))
    item = meeting.items[subject(1).handle]
    w.subjects.cases[item.handle] = (LANDLORD_CASE, POLICE_CASE)
    agree(w, meeting, item, due=date(2027, 2, 1))
    agree(w, meeting, item, owner=POLICE_CASE.agency_id, due=date(2026, 12, 20))
    # An item with actions is not deferred, nor the meeting closed before it is discussed.
    with pytest.raises(FailedPrecondition):
        w.meetings.defer(
            CHAIR_PERSON,
            asked.Defer(
                w.request_id(), meeting.meeting_id, item.handle, DeferralReason.OUT_OF_TIME
            ),
        )
    with pytest.raises(FailedPrecondition):
        w.meetings.close(CHAIR_PERSON, w.of(meeting))
    discuss(w, meeting, item)
    w.meetings.close(CHAIR_PERSON, w.of(meeting))
    w.clock.now = datetime(2027, 1, 4, 9, tzinfo=UTC)
    tracker = [a for _, a in w.meetings.actions(CHAIR_PERSON)]
    assert [a.owner.agency_id for a in tracker] == [POLICE_CASE.agency_id, LANDLORD_CASE.agency_id]
    assert tracker[0].overdue_on(date(2027, 1, 4))
    assert [a.owner for _, a in w.meetings.actions(LANDLORD_REP)] == [LANDLORD_CASE]
    # The area's next meeting flags the overdue action on its agenda.
    later = w.schedule(date(2027, 1, 12))
    overdue = [a.owner.agency_id for _, a in w.meetings.overdue_actions(later)]
    assert overdue == [POLICE_CASE.agency_id]


def test_a_reported_action_changes_when_the_owner_agency_records_it_once(w):
    w.subjects.now_eligible = [subject(1)]
    meeting = w.run_to_open(w.schedule(MEETING_DAY))
    item = meeting.items[subject(1).handle]
    w.subjects.cases[item.handle] = (LANDLORD_CASE,)
    (action,) = agree(w, meeting, item).actions.values()
    report = asked.ReportAction(
        w.request_id(), action.action_id, MeetingActionStatus.NOT_POSSIBLE, None
    )
    with pytest.raises(RuleBroken):
        w.meetings.report_action(LANDLORD_REP, report)
    with pytest.raises(NotTheOwner):
        w.meetings.report_action(POLICE_REP, report)
    done = asked.ReportAction(w.request_id(), action.action_id, MeetingActionStatus.DONE, None)

    def update(status, sequence, reason=None):
        return AgencyUpdate(
            action.action_id, meeting.meeting_id, LANDLORD_CASE.agency_id, LANDLORD_CASE.agency_id,
            status, reason,
            w.clock.now, sequence,
        )  # fmt: skip

    # Not yet on the agency's case: a report now could only be refused there.
    with pytest.raises(FailedPrecondition, match="has not recorded this action"):
        w.meetings.report_action(LANDLORD_REP, done)
    assert w.meetings.apply_update(update(MeetingActionStatus.OPEN, 10))
    _, pending = w.meetings.report_action(LANDLORD_REP, done)
    assert pending.reported is MeetingActionStatus.DONE and pending.open
    assert w.meetings.apply_update(update(MeetingActionStatus.DONE, 11))
    # Redelivered, or an older one arriving late: nothing changes.
    assert w.meetings.apply_update(update(MeetingActionStatus.OPEN, 10))
    after = w.meetings.meeting(CHAIR_PERSON, meeting.meeting_id).action(action.action_id)
    assert after.status is MeetingActionStatus.DONE and after.recorded_by_agency
    assert after.reported is None
    # Another agency's update about it is not applied.
    foreign = AgencyUpdate(
        action.action_id, meeting.meeting_id, LANDLORD_CASE.agency_id, POLICE_CASE.agency_id,
        MeetingActionStatus.NO_LONGER_NEEDED, ActionClosureReason.VICTIM_MOVED, w.clock.now, 99,
    )  # fmt: skip
    assert not w.meetings.apply_update(foreign)


def test_subjects_last_discussed_twelve_months_ago_or_more_are_due_for_review(w):
    w.subjects.now_eligible = [subject(1)]
    meeting = w.run_to_open(w.schedule(MEETING_DAY))
    discuss(w, meeting, meeting.items[subject(1).handle])
    w.meetings.close(CHAIR_PERSON, w.of(meeting))
    assert w.meetings.due_for_review(CHAIR_PERSON) == []
    w.clock.now = datetime(2027, 12, 15, 9, tzinfo=UTC)
    (due,) = w.meetings.due_for_review(CHAIR_PERSON)
    assert (due.handle, due.meeting_id, due.discussed_on) == (
        subject(1).handle,
        meeting.meeting_id,
        MEETING_DAY,
    )


def test_every_method_of_the_meeting_service_says_which_roles_may_call_it():
    from marac.v1 import meeting_pb2
    from services.marac.grpc_api import MAY_CALL

    service = meeting_pb2.DESCRIPTOR.services_by_name["MeetingService"]
    assert set(MAY_CALL) == {method.name for method in service.methods}


def test_twelve_months_are_counted_in_months_not_days():
    from services.marac.records import twelve_months_before

    assert twelve_months_before(date(2027, 12, 15)) == date(2026, 12, 15)
    assert twelve_months_before(date(2028, 2, 29)) == date(2027, 2, 28)
