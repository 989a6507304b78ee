"""MARAC areas on a real stack of their own (MARAC_AREAS for RiskView, the meeting
service and the web app): a meeting of an area not configured is refused naming
area; the scenario's subject (of L4) is on the north's agenda and risk card, not the
south's, over gRPC and on the web app's agenda page, where a chair chooses the area
(and the area of a meeting they schedule)."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta

import grpc
import pytest
from playwright.sync_api import Page

from deploy.local import scenario
from marac.v1 import meeting_pb2, meeting_pb2_grpc, riskview_pb2, riskview_pb2_grpc
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.e2e.test_meetings import Meetings, meeting_now
from tests.e2e.test_shared_risk_view import eventually
from tests.e2e.test_web import accessible, screenshot, sign_in, url
from tests.people import RiskViewPeople
from tests.support import field_violations, running_stack

AREAS = "E2E-SOUTH=L8,L17;E2E-NORTH=L4,L5"


@pytest.fixture(scope="module")
def areas_stack(run_id):
    with running_stack(f"t{run_id}areas", areas=AREAS) as deployment:
        yield deployment


@pytest.fixture(scope="module")
def played(areas_stack):
    """The scenario, played once for the module (the victim's postcode: L4 0TH)."""
    return scenario.play(areas_stack.agency_channel)


def schedule(meetings, area: str, cutoff: datetime | None = None):
    request = meeting_pb2.ScheduleMeetingRequest(
        request_id=str(uuid.uuid4()),
        date=(date.today() + timedelta(days=7)).isoformat(),
        area=area,
        agenda_cutoff=timestamp(cutoff) if cutoff else None,
    )
    return meetings.as_("chair").ScheduleMeeting(request).meeting


def test_each_meeting_gets_its_areas_subjects_and_an_area_not_configured_is_refused(
    areas_stack, played
):
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


def test_a_chair_chooses_an_areas_agenda_on_the_web_app_without_javascript(
    areas_stack, played, browser, page: Page
):
    stack = areas_stack
    stack.processes["web"].wait_serving()
    with stack.channel("riskview", TEST_CLIENT) as riskview:
        view = RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(riskview), stack)
        handle = view.handle(stack.match_key(played.subject))
        north = riskview_pb2.ListAgendaRequest(page_size=100, area="E2E-NORTH")
        eventually(
            lambda: handle in {i.handle for i in view.as_("chair").ListAgenda(north).items},
            "the subject on the north's agenda",
        )
    card = f"a[href='/agenda/{handle}?area=E2E-NORTH']"
    # The chooser is a GET form: it works with JavaScript off.
    without = browser.new_context(ignore_https_errors=True, java_script_enabled=False)
    try:
        plain = without.new_page()
        sign_in(plain, stack, "chair")
        plain.wait_for_url(url(stack, "/agenda"))
        plain.get_by_label("Area").select_option("E2E-NORTH")
        plain.get_by_role("button", name="Show the agenda").click()
        plain.wait_for_url(url(stack, "/agenda?area=E2E-NORTH"))
        assert plain.get_by_role("heading", name="MARAC agenda for E2E-NORTH").is_visible()
        assert plain.locator(card).count() == 1
        plain.get_by_label("Area").select_option("E2E-SOUTH")
        plain.get_by_role("button", name="Show the agenda").click()
        plain.wait_for_url(url(stack, "/agenda?area=E2E-SOUTH"))
        assert plain.get_by_role("heading", name="MARAC agenda for E2E-SOUTH").is_visible()
        assert plain.locator(f"a[href^='/agenda/{handle}']").count() == 0
    finally:
        without.close()
    sign_in(page, stack, "chair")
    page.wait_for_url(url(stack, "/agenda"))
    page.goto(url(stack, "/agenda?area=E2E-NORTH"))
    accessible(page)
    screenshot(page, "agenda-of-an-area")
    page.locator(card).click()
    page.wait_for_url(url(stack, f"/agenda/{handle}?area=E2E-NORTH"))
    assert page.get_by_role("heading", name="Risk card").is_visible()
    page.goto(url(stack, "/agenda?area=E2E-WEST"))  # not one of the list's
    assert page.get_by_role("link", name="Select an area from the list").is_visible()
    accessible(page)
    screenshot(page, "agenda-area-not-listed")

    # A meeting is scheduled for an area chosen from the list.
    page.goto(url(stack, "/meetings/new"))
    page.get_by_label("E2E-NORTH").check()
    day = date.today() + timedelta(days=21)
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        page.get_by_role("group", name="Date of the meeting").get_by_label(part).fill(str(value))
    accessible(page)
    screenshot(page, "schedule-of-an-area")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.wait_for_url(re.compile(r"/meetings/MARAC-"))
    assert page.locator(".govuk-caption-l").inner_text() == "E2E-NORTH"
