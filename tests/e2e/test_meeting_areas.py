"""MARAC areas on a real stack of their own (MARAC_AREAS for RiskView and the meeting
service): a meeting of an area not configured is refused naming area; the
scenario's subject (of L4) is on the north's agenda and risk card, not the south's."""

import uuid
from datetime import UTC, date, datetime, timedelta

import grpc
import pytest

from deploy.local import scenario
from marac.v1 import meeting_pb2, meeting_pb2_grpc, riskview_pb2, riskview_pb2_grpc
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.e2e.test_meetings import Meetings, meeting_now
from tests.e2e.test_shared_risk_view import eventually
from tests.people import RiskViewPeople
from tests.support import field_violations, running_stack

AREAS = "E2E-SOUTH=L8,L17;E2E-NORTH=L4,L5"


@pytest.fixture(scope="module")
def areas_stack(run_id):
    with running_stack(f"t{run_id}areas", areas=AREAS) as deployment:
        yield deployment


def schedule(meetings, area: str, cutoff: datetime | None = None):
    request = meeting_pb2.ScheduleMeetingRequest(
        request_id=str(uuid.uuid4()),
        date=(date.today() + timedelta(days=7)).isoformat(),
        area=area,
        agenda_cutoff=timestamp(cutoff) if cutoff else None,
    )
    return meetings.as_("chair").ScheduleMeeting(request).meeting


def test_each_meeting_gets_its_areas_subjects_and_an_area_not_configured_is_refused(areas_stack):
    stack = areas_stack
    with (
        stack.channel("marac", TEST_CLIENT) as marac,
        stack.channel("riskview", TEST_CLIENT) as riskview,
    ):
        meetings = Meetings(meeting_pb2_grpc.MeetingServiceStub(marac), stack)
        view = RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(riskview), stack)
        with pytest.raises(grpc.RpcError) as refused:
            schedule(meetings, "E2E-WEST")
        assert field_violations(refused.value) == {"area"}

        played = scenario.play(stack.agency_channel)  # the victim's postcode: L4 0TH
        handle = view.handle(stack.match_key(played.subject))

        def listed(area: str) -> set[str]:
            request = riskview_pb2.ListAgendaRequest(page_size=100, area=area)
            return {item.handle for item in view.as_("chair").ListAgenda(request).items}

        eventually(lambda: handle in listed("E2E-NORTH"), "the subject on the north's agenda")
        assert handle not in listed("E2E-SOUTH")

        cutoff = datetime.now(UTC) + timedelta(seconds=2)
        south, north = (schedule(meetings, area, cutoff) for area in ("E2E-SOUTH", "E2E-NORTH"))
        closed = {
            m.area: eventually(
                lambda m=m: (
                    (now := meeting_now(meetings, m.meeting_id)).stage
                    == meeting_pb2.MEETING_STAGE_AGENDA_CLOSED
                    and now
                ),
                "the agenda closed at its cut-off",
                30,
            )
            for m in (south, north)
        }
        assert handle in {item.handle for item in closed["E2E-NORTH"].items}
        assert handle not in {item.handle for item in closed["E2E-SOUTH"].items}

        def card(meeting) -> riskview_pb2.GetAgendaItemResponse:
            request = riskview_pb2.GetAgendaItemRequest(
                handle=handle, meeting_id=meeting.meeting_id
            )
            return view.as_("chair").GetAgendaItem(request)

        assert card(north).contributions
        with pytest.raises(grpc.RpcError) as refused:
            card(south)
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND
