"""A MARAC meeting on the real stack, over gRPC as the web app calls it: the agenda
closes at its cut-off with the subjects eligible then (not those eligible later);
attendance, discussion and an action are recorded; closing the meeting publishes
the discussion, so the subject leaves the agenda and comes back as a repeat case
with a new incident; and nothing said at the meeting reaches Kafka."""

import uuid
from datetime import UTC, date, datetime, timedelta

import grpc
import pytest

from deploy.local import scenario
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import meeting_actions_pb2 as actions_pb
from marac.v1 import meeting_pb2, meeting_pb2_grpc, riskview_pb2, riskview_pb2_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.e2e.test_privacy_and_recovery import keys_and_values
from tests.e2e.test_shared_risk_view import agenda_item, eventually
from tests.people import RiskViewPeople, bearer
from tests.support import field_violations

NOTE = "canary-note: Mrs Quill at 4 Canary Row says the neighbour has a key"
AREA = "E2E-NORTH"


class Meetings:
    """The meeting service as the stack's demo users."""

    def __init__(self, stub, stack):
        self.stub, self.stack = stub, stack

    def as_(self, username: str):
        metadata = bearer(self.stack.people.token(username))
        stub = self.stub

        class Calls:
            def __getattr__(self, rpc):
                return lambda request: getattr(stub, rpc)(request, metadata=metadata, timeout=20)

        return Calls()


def request_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture(scope="module")
def meetings(stack):
    with stack.channel("marac", TEST_CLIENT) as channel:
        yield Meetings(meeting_pb2_grpc.MeetingServiceStub(channel), stack)


@pytest.fixture(scope="module")
def view(stack):
    with stack.channel("riskview", TEST_CLIENT) as channel:
        yield RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(channel), stack)


def eligible(view, key):
    return eventually(lambda: agenda_item(view, key), "the subject on RiskView's agenda")


def meeting_now(meetings, meeting_id):
    request = meeting_pb2.GetMeetingRequest(meeting_id=meeting_id)
    return meetings.as_("chair").GetMeeting(request).meeting


@pytest.fixture(scope="module")
def held(stack, meetings, view):
    """A meeting whose agenda closed a moment after its subject became eligible; a
    second subject becomes eligible only after the cut-off."""
    first = scenario.play(stack.agency_channel)
    key = stack.match_key(first.subject)
    eligible(view, key)
    cutoff = datetime.now(UTC) + timedelta(seconds=2)
    scheduled = (
        meetings.as_("chair")
        .ScheduleMeeting(
            meeting_pb2.ScheduleMeetingRequest(
                request_id=request_id(),
                date=(date.today() + timedelta(days=7)).isoformat(),
                area=AREA,
                agenda_cutoff=timestamp(cutoff),
            )
        )
        .meeting
    )
    meeting_id = scheduled.meeting_id
    closed = eventually(
        lambda: (
            (m := meeting_now(meetings, meeting_id)).stage
            == meeting_pb2.MEETING_STAGE_AGENDA_CLOSED
            and m
        ),
        "the agenda closed by the service at its cut-off",
        30,
    )
    later = scenario.play(stack.agency_channel)
    later_key = stack.match_key(later.subject)
    eligible(view, later_key)
    return {
        "meeting": closed,
        "played": first,
        "handle": view.handle(key),
        "key": key,
        "later_handle": view.handle(later_key),
        "cutoff": cutoff,
    }


def test_the_agenda_closes_at_the_cutoff_with_the_subjects_eligible_then(meetings, held):
    meeting = meeting_now(meetings, held["meeting"].meeting_id)
    handles = [item.handle for item in meeting.items]
    assert held["handle"] in handles
    assert held["later_handle"] not in handles
    assert meeting.agenda_closed_at.ToDatetime(tzinfo=UTC) >= held["cutoff"]
    (item,) = [i for i in meeting.items if i.handle == held["handle"]]
    assert item.source == meeting_pb2.ITEM_SOURCE_ELIGIBLE
    assert riskview_pb2.ELIGIBILITY_RULE_CUMULATIVE_HARM in item.rules
    assert {a.agency_id for a in meeting.agencies} >= {"local-police", "local-social_landlord"}


@pytest.fixture(scope="module")
def opened(meetings, held):
    """The meeting open: the landlord present, having acknowledged the statement."""
    meeting_id = held["meeting"].meeting_id
    chair = meetings.as_("chair")
    chair.RecordAttendance(
        meeting_pb2.RecordAttendanceRequest(
            request_id=request_id(), meeting_id=meeting_id, agency_id="local-social_landlord",
            status=meeting_pb2.ATTENDANCE_STATUS_PRESENT, attendee="usr_landlord-rep",
            acknowledged_confidentiality=True,
        )
    )  # fmt: skip
    chair.OpenMeeting(
        meeting_pb2.OpenMeetingRequest(request_id=request_id(), meeting_id=meeting_id)
    )
    return held


def test_an_action_with_bad_fields_is_refused_naming_each_and_records_nothing(meetings, opened):
    meeting_id = opened["meeting"].meeting_id
    chair = meetings.as_("chair")
    with pytest.raises(grpc.RpcError) as refused:
        chair.AgreeAction(
            meeting_pb2.AgreeActionRequest(
                request_id=request_id(), meeting_id=meeting_id, handle=opened["handle"],
                owner_agency_id="", type=actions_pb.MEETING_ACTION_TYPE_TARGET_HARDENING,
                due_date="2001-01-01", note=NOTE * 10,
            )
        )  # fmt: skip
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(refused.value)) == {"owner_agency_id", "due_date", "note"}
    assert "canary" not in str(refused.value.details())
    with pytest.raises(grpc.RpcError) as unknown:
        chair.AgreeAction(
            meeting_pb2.AgreeActionRequest(
                request_id=request_id(), meeting_id=meeting_id, handle="A" * 64,
                owner_agency_id="local-social_landlord",
                type=actions_pb.MEETING_ACTION_TYPE_TARGET_HARDENING,
                due_date=(date.today() + timedelta(days=14)).isoformat(),
            )
        )  # fmt: skip
    assert unknown.value.code() == grpc.StatusCode.NOT_FOUND
    assert not any(item.actions for item in meeting_now(meetings, meeting_id).items)


def test_a_closed_meeting_makes_its_subject_a_repeat_case_when_something_new_happens(
    stack, meetings, view, opened
):
    held = opened
    meeting_id = held["meeting"].meeting_id
    chair = meetings.as_("chair")
    chair.RecordDiscussion(
        meeting_pb2.RecordDiscussionRequest(
            request_id=request_id(), meeting_id=meeting_id, handle=held["handle"],
            minutes_discussed=12, risk_after_discussion=vocab.RISK_LEVEL_MEDIUM,
            decision=meeting_pb2.ITEM_DECISION_ACTIONS_AGREED,
        )
    )  # fmt: skip
    agreed = chair.AgreeAction(
        meeting_pb2.AgreeActionRequest(
            request_id=request_id(), meeting_id=meeting_id, handle=held["handle"],
            owner_agency_id="local-social_landlord",
            type=actions_pb.MEETING_ACTION_TYPE_TARGET_HARDENING,
            due_date=(date.today() + timedelta(days=14)).isoformat(), note=NOTE,
        )
    ).meeting  # fmt: skip
    (action,) = [a for i in agreed.items for a in i.actions]
    held["action"] = action
    held["second"] = chair.AgreeAction(
        meeting_pb2.AgreeActionRequest(
            request_id=request_id(), meeting_id=meeting_id, handle=held["handle"],
            owner_agency_id="local-social_landlord",
            type=actions_pb.MEETING_ACTION_TYPE_RECORDS_CHECK,
            due_date=(date.today() + timedelta(days=7)).isoformat(),
        )
    ).meeting  # fmt: skip
    held["open"] = chair.AgreeAction(
        meeting_pb2.AgreeActionRequest(
            request_id=request_id(), meeting_id=meeting_id, handle=held["handle"],
            owner_agency_id="local-social_landlord",
            type=actions_pb.MEETING_ACTION_TYPE_WELFARE_CHECK,
            due_date=(date.today() + timedelta(days=8)).isoformat(),
        )
    ).meeting  # fmt: skip
    # The police share nothing with the panel: the panel cannot give them an action.
    with pytest.raises(grpc.RpcError) as not_told:
        chair.AgreeAction(
            meeting_pb2.AgreeActionRequest(
                request_id=request_id(), meeting_id=meeting_id, handle=held["handle"],
                owner_agency_id="local-police",
                type=actions_pb.MEETING_ACTION_TYPE_PATROLS,
                due_date=(date.today() + timedelta(days=7)).isoformat(),
            )
        )  # fmt: skip
    assert not_told.value.code() == grpc.StatusCode.NOT_FOUND
    assert action.case_reference == held["played"].case_references["social_landlord"]
    assert action.note == NOTE  # the chair's own
    police = meetings.as_("police-rep").GetMeeting(
        meeting_pb2.GetMeetingRequest(meeting_id=meeting_id)
    )
    # Another agency's representative sees neither the landlord's action nor the
    # panel's view of the subject (what made it eligible, how serious).
    assert NOTE not in str(police)
    assert not [a for item in police.meeting.items for a in item.actions]
    assert not any(item.rules or item.risk_level_at_cutoff for item in police.meeting.items)
    closed = chair.CloseMeeting(
        meeting_pb2.CloseMeetingRequest(request_id=request_id(), meeting_id=meeting_id)
    ).meeting
    assert closed.stage == meeting_pb2.MEETING_STAGE_CLOSED
    # Discussed, and nothing new since: off the agenda.
    eventually(lambda: agenda_item(view, held["key"]) is None, "the subject off the agenda")
    risk_card_only_for_meetings_whose_agenda_it_is_on(meetings, view, held)
    with stack.agency_channel("social_landlord") as channel:
        case_grpc.AgencyCaseServiceStub(channel).RecordIncident(
            case_pb.RecordIncidentRequest(
                request_id=request_id(),
                case_reference=held["played"].case_references["social_landlord"],
                occurred_at=timestamp(datetime.now(UTC)),
                strands=[vocab.STRAND_DISABILITY],
                classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
                perceived_by=[vocab.PERCEIVER_VICTIM],
                location_postcode="L4 0TH",
            )
        )

    def repeat():
        item = agenda_item(view, held["key"])
        rules = {r.rule for r in item.reasons} if item else set()
        return riskview_pb2.ELIGIBILITY_RULE_REPEAT_REFERRAL in rules

    eventually(repeat, "the subject back on the agenda as a repeat case")
    # Nothing said at the meeting went onto Kafka: the note is on no topic.
    for topic in (stack.marac_topic, stack.actions_topic("social_landlord")):
        for _, value in keys_and_values(topic):
            assert b"canary" not in value and b"Canary" not in value


def risk_card_only_for_meetings_whose_agenda_it_is_on(meetings, view, held):
    """A subject not eligible now opens for a meeting whose agenda it is on (here,
    discussed there), as the meeting service tells RiskView; not for another meeting,
    nor a meeting id no meeting has."""
    other = (
        meetings.as_("chair")
        .ScheduleMeeting(
            meeting_pb2.ScheduleMeetingRequest(
                request_id=request_id(),
                date=(date.today() + timedelta(days=30)).isoformat(),
                area="E2E-ELSEWHERE",
            )
        )
        .meeting
    )
    chair = view.as_("chair")

    def opened(meeting_id):
        request = riskview_pb2.GetAgendaItemRequest(handle=held["handle"], meeting_id=meeting_id)
        return chair.GetAgendaItem(request)

    assert opened(held["meeting"].meeting_id).disclosure_id
    for meeting_id in (other.meeting_id, "MARAC-20990101-AAAAAA"):
        with pytest.raises(grpc.RpcError) as refused:
            opened(meeting_id)
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND, meeting_id


def tracked(meetings, username, action_id):
    listed = meetings.as_(username).ListActions(meeting_pb2.ListActionsRequest(page_size=200))
    found = [a for a in listed.actions if a.action_id == action_id]
    return found[0] if found else None


def landlord_case(stack, reference):
    with stack.agency_channel("social_landlord") as channel:
        stub = case_grpc.AgencyCaseServiceStub(channel)
        return stub.GetCase(case_pb.GetCaseRequest(case_reference=reference), timeout=10)


def test_actions_reach_the_owner_agencys_case_and_what_it_records_comes_back(
    stack, meetings, opened
):
    if "action" not in opened:
        pytest.fail("the meeting test before this one agrees the actions")
    action = opened["action"]
    reference = opened["played"].case_references["social_landlord"]

    def on_the_case(action_id, status=actions_pb.MEETING_ACTION_STATUS_OPEN):
        case = landlord_case(stack, reference)
        found = [a for a in case.meeting_actions if a.action_id == action_id]
        return found[0] if found and found[0].status == status else None

    recorded = eventually(lambda: on_the_case(action.action_id), "the action on the landlord case")
    assert recorded.type == actions_pb.MEETING_ACTION_TYPE_TARGET_HARDENING
    assert recorded.meeting_id == opened["meeting"].meeting_id
    eventually(
        lambda: (t := tracked(meetings, "chair", action.action_id)) and t.recorded_by_agency,
        "the tracker showing the action recorded by the landlord",
    )
    # The police representative's tracker does not list the landlord's action.
    assert tracked(meetings, "police-rep", action.action_id) is None
    with pytest.raises(grpc.RpcError) as not_theirs:
        meetings.as_("police-rep").ReportAction(
            meeting_pb2.ReportActionRequest(
                request_id=request_id(), action_id=action.action_id,
                status=actions_pb.MEETING_ACTION_STATUS_DONE,
            )
        )  # fmt: skip
    assert not_theirs.value.code() == grpc.StatusCode.PERMISSION_DENIED
    reported = meetings.as_("social_landlord-rep").ReportAction(
        meeting_pb2.ReportActionRequest(
            request_id=request_id(), action_id=action.action_id,
            status=actions_pb.MEETING_ACTION_STATUS_DONE,
        )
    ).action  # fmt: skip
    assert reported.report_pending
    done = eventually(
        lambda: on_the_case(action.action_id, actions_pb.MEETING_ACTION_STATUS_DONE),
        "the report recorded on the landlord case",
    )
    assert done.reported_by  # the representative's user id, never a name
    eventually(
        lambda: (
            (t := tracked(meetings, "chair", action.action_id))
            and t.status == actions_pb.MEETING_ACTION_STATUS_DONE
            and not t.report_pending
        ),
        "the tracker showing the action done",
    )
    # The landlord's own case system closes the other action: it could not be done.
    (second,) = [
        a for i in opened["second"].items for a in i.actions if a.action_id != action.action_id
    ]
    eventually(lambda: on_the_case(second.action_id), "the second action on the landlord case")
    with stack.agency_channel("social_landlord") as channel:
        case_grpc.AgencyCaseServiceStub(channel).CloseMeetingAction(
            case_pb.CloseMeetingActionRequest(
                request_id=request_id(), case_reference=reference, action_id=second.action_id,
                status=actions_pb.MEETING_ACTION_STATUS_NOT_POSSIBLE,
                reason=actions_pb.ACTION_CLOSURE_REASON_VICTIM_DECLINED,
            ),
            timeout=10,
        )  # fmt: skip
    closed = eventually(
        lambda: (
            (t := tracked(meetings, "chair", second.action_id))
            and t.status == actions_pb.MEETING_ACTION_STATUS_NOT_POSSIBLE
            and t
        ),
        "the tracker showing the second action not possible",
    )
    assert closed.closure_reason == actions_pb.ACTION_CLOSURE_REASON_VICTIM_DECLINED


def test_an_action_still_open_past_its_due_date_is_flagged_on_the_areas_next_meeting(
    meetings, opened
):
    if "open" not in opened:
        pytest.fail("the meeting test before this one agrees the actions")
    done = {opened["action"].action_id}
    (still_open,) = [
        a
        for item in opened["open"].items
        for a in item.actions
        if a.type == actions_pb.MEETING_ACTION_TYPE_WELFARE_CHECK and a.action_id not in done
    ]
    later = (
        meetings.as_("chair")
        .ScheduleMeeting(
            meeting_pb2.ScheduleMeetingRequest(
                request_id=request_id(),
                date=(date.today() + timedelta(days=14)).isoformat(),
                area=AREA,
                agenda_cutoff=timestamp(datetime.now(UTC) + timedelta(days=1)),
            )
        )
        .meeting
    )
    overdue = {a.action_id: a for a in later.overdue_actions}
    assert still_open.action_id in overdue
    assert overdue[still_open.action_id].meeting_id == opened["meeting"].meeting_id
    assert opened["action"].action_id not in overdue  # done, so not outstanding
    # Another area's meeting is not told of it.
    elsewhere = (
        meetings.as_("chair")
        .ScheduleMeeting(
            meeting_pb2.ScheduleMeetingRequest(
                request_id=request_id(),
                date=(date.today() + timedelta(days=14)).isoformat(),
                area="E2E-SOUTH",
            )
        )
        .meeting
    )
    assert not elsewhere.overdue_actions
