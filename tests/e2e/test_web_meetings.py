"""A MARAC meeting in the web app, in a browser (Playwright driving Debian's
Chromium, one browser for the module) against the e2e session's stack, with a
subject of this module's own: a chair schedules a meeting whose agenda closes a
few seconds later, sees the eligible subject with its reasons, records attendance,
opens the meeting, records a discussion and an action for the landlord; the
landlord's service records it, its representative reports it done, and the chair's
tracker shows it done; then the minutes (and their print stylesheet) and the CSV.
Bad input gives the error summary and a message at each field and records nothing
(the meeting service says so over gRPC). Every page passes axe-core's WCAG 2.2
A/AA rules, and a chair runs an item's discussion and action by keyboard alone."""

import csv
import dataclasses
import io
import time
import uuid
from datetime import date, datetime, timedelta

import grpc
import pytest
from playwright.sync_api import Page

from deploy.local.scenario import Victim, play
from marac.v1 import (
    meeting_actions_pb2,
    meeting_pb2,
    meeting_pb2_grpc,
    riskview_pb2,
    riskview_pb2_grpc,
)
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from services.common.working_days import ENGLAND
from tests.e2e.test_web import (
    accessible,
    screenshot,
    sign_in,
    tab_to,
    url,
)
from tests.people import handle_of, signed_in

# The subject of this module's meetings: no other test plays it.
SUBJECT = Victim(given_name="Marisolde", family_name="Quenby")
WAIT_SECONDS = 30
OPEN = meeting_actions_pb2.MEETING_ACTION_STATUS_OPEN
LANDLORD = "local-social_landlord"


def eventually(check, what: str, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.5)
    return found


@pytest.fixture(scope="module")
def chair(stack):
    """The meeting service as the chair, over gRPC."""
    stack.processes["web"].wait_serving()
    stack.processes["marac"].wait_serving()
    with stack.channel("marac", TEST_CLIENT) as channel:
        yield Chair(meeting_pb2_grpc.MeetingServiceStub(channel), stack)


@pytest.fixture
def subject(stack):
    """A subject of the test's own on RiskView's agenda (a meeting that discusses one
    takes it off the agenda): (played, its handle)."""
    victim = dataclasses.replace(SUBJECT, family_name=f"Quenby-{uuid.uuid4().hex[:8]}")
    played = play(stack.agency_channel, victim)
    handle = handle_of(stack, stack.match_key(played.subject))
    with stack.channel("riskview", TEST_CLIENT) as channel:
        view = riskview_pb2_grpc.RiskViewServiceStub(channel)
        request = riskview_pb2.ListAgendaRequest(page_size=200)

        def listed() -> set[str]:
            return {
                i.handle for i in view.ListAgenda(request, metadata=signed_in(stack, "chair")).items
            }

        eventually(lambda: handle in listed(), "the subject on RiskView's agenda", 60)
    return played, handle


class Chair:
    """The meeting service as the chair, over gRPC: what the pages did, seen directly."""

    def __init__(self, stub, stack):
        self.stub, self.stack = stub, stack

    def __call__(self, rpc: str, **fields):
        request = getattr(meeting_pb2, f"{rpc}Request")(**fields)
        return getattr(self.stub, rpc)(request, metadata=signed_in(self.stack, "chair"))

    def meeting(self, meeting_id: str) -> meeting_pb2.Meeting:
        return self("GetMeeting", meeting_id=meeting_id).meeting

    def open_meeting(self, handle: str) -> meeting_pb2.Meeting:
        """A meeting tomorrow, its agenda closed with `handle` on it, opened."""
        day = tomorrow()
        meeting = self(
            "ScheduleMeeting",
            request_id=str(uuid.uuid4()),
            date=day.isoformat(),
            area="E2E-WEB",
            agenda_cutoff=timestamp(datetime.now(ENGLAND) - timedelta(seconds=1)),
        ).meeting
        try:
            self("CloseAgenda", request_id=str(uuid.uuid4()), meeting_id=meeting.meeting_id)
        except grpc.RpcError as error:  # the service's own timer was first
            assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
        closed = eventually(
            lambda: (m := self.meeting(meeting.meeting_id)).agenda_closed_at.seconds and m,
            "the agenda closed",
        )
        assert handle in [i.handle for i in closed.items]
        for agency in closed.agencies:
            self(
                "RecordAttendance",
                request_id=str(uuid.uuid4()),
                meeting_id=meeting.meeting_id,
                agency_id=agency.agency_id,
                status=meeting_pb2.ATTENDANCE_STATUS_PRESENT,
                attendee=f"usr-{agency.agency_id}",
                acknowledged_confidentiality=True,
            )
        self("OpenMeeting", request_id=str(uuid.uuid4()), meeting_id=meeting.meeting_id)
        return self.meeting(meeting.meeting_id)


def tomorrow() -> date:
    return datetime.now(ENGLAND).date() + timedelta(days=1)


def fill_date(page: Page, prefix: str, day: date) -> None:
    page.locator(f"#{prefix}-day").fill(str(day.day))
    page.locator(f"#{prefix}-month").fill(str(day.month))
    page.locator(f"#{prefix}-year").fill(str(day.year))


def press(page: Page, button) -> None:
    """Sends a form by its button (a name on the page, or a locator) and waits for
    the page that answers."""
    if isinstance(button, str):
        button = page.get_by_role("button", name=button)
    with page.expect_navigation():
        button.click()


def shown(page: Page, text: str) -> None:
    page.get_by_text(text).first.wait_for()


def item_card(page: Page, handle: str):
    return page.locator(".govuk-summary-card", has=page.locator(f"a[href^='/agenda/{handle}']"))


def test_a_chair_runs_a_meeting_and_the_landlord_reports_its_action_done(
    stack, chair, subject, page, browser
):
    played, handle = subject
    landlord = played.case_references["social_landlord"]
    sign_in(page, stack, "chair")
    page.wait_for_url(url(stack, "/agenda"))
    page.get_by_role("link", name="Meetings").click()
    accessible(page)
    page.get_by_role("button", name="Schedule a meeting").click()
    accessible(page)
    cutoff = datetime.now(ENGLAND) + timedelta(seconds=4)
    fill_date(page, "date", tomorrow())
    page.get_by_label("Area code").fill("e2e-web-flow")
    fill_date(page, "cutoff", cutoff.date())
    page.get_by_label("Time of the cut-off").fill(cutoff.strftime("%H:%M:%S"))
    press(page, "Schedule the meeting")
    meeting_id = page.url.rsplit("/", 1)[1]
    assert meeting_id.startswith("MARAC-")
    shown(page, "Scheduled: the agenda is open")

    # The service closes agendas every 5 s: the subject eligible then is on it.
    def closed() -> bool:
        page.reload()
        return page.get_by_text("Agenda closed: agencies check their records").is_visible()

    eventually(closed, "the agenda closed at its cut-off")
    card = item_card(page, handle).inner_text()
    assert "Eligible at the cut-off" in card
    assert "Cumulative harm" in card or "Escalation" in card, card
    accessible(page)
    screenshot(page, "meeting-agenda")

    item_card(page, handle).get_by_role("link", name="Risk card").click()
    page.wait_for_url(lambda address: f"/agenda/{handle}?meeting={meeting_id}" in address)
    page.get_by_role("heading", name="Why it is on the agenda").wait_for()
    assert landlord in page.content()
    accessible(page)
    screenshot(page, "meeting-risk-card")
    page.get_by_role("link", name="Back to the meeting's agenda").click()

    page.get_by_role("link", name="Attendance").click()
    shown(page, "The information shared at this meeting is confidential")
    accessible(page)
    for agency in chair.meeting(meeting_id).agencies:
        form = page.locator(f"form[action$='/attendance/{agency.agency_id}']")
        form.get_by_label("Present", exact=True).check()
        form.get_by_label("Attendee's user id").fill(f"usr-{agency.agency_id}")
        form.get_by_label("The attendee acknowledged the confidentiality statement").check()
        press(page, form.get_by_role("button"))
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Social landlord"))
    assert "Present" in row.inner_text() and "Yes" in row.inner_text()
    screenshot(page, "meeting-attendance")

    page.get_by_role("link", name="Back to the meeting").click()
    press(page, "Open the meeting")
    shown(page, "In progress")
    item_card(page, handle).get_by_role("link", name="Open item").click()
    page.get_by_label("Minutes discussed").fill("12")
    page.get_by_label("High").check()
    page.get_by_label("Actions agreed").check()
    press(page, "Save the discussion")
    shown(page, "12 of 15 minutes")
    page.get_by_label("Social landlord").check()
    page.get_by_label("Type of action").select_option(
        label="Target hardening (locks, lighting, alarms)"
    )
    fill_date(page, "due", tomorrow() + timedelta(days=14))
    page.get_by_label("Note (optional)").fill("Fit window locks and a door chain.")
    press(page, "Agree the action")
    page.locator("tr", has_text=landlord).wait_for()
    accessible(page)
    screenshot(page, "meeting-item")

    page.get_by_role("link", name="Action tracker").click()
    page.get_by_role("heading", name="Action tracker").wait_for()
    row = page.locator("tr", has_text=landlord)
    assert "Target hardening" in row.inner_text() and "Open" in row.inner_text()

    # The landlord's service records the action on its case; its update comes back.
    def recorded() -> bool:
        page.reload()
        return "Yes" in page.locator("tr", has_text=landlord).inner_text()

    eventually(recorded, "the landlord's service recorded the action", 20)
    accessible(page)
    screenshot(page, "tracker")

    representative = browser.new_context(ignore_https_errors=True).new_page()
    sign_in(representative, stack, "social_landlord-rep")
    representative.goto(url(stack, f"/meetings/{meeting_id}"))  # the agenda, read-only
    assert not representative.get_by_role("button", name="Close the meeting").count()
    accessible(representative)
    press(representative, representative.locator(f"form[action$='/{handle}/research'] button"))
    shown(representative, "Your agency checked its records")
    screenshot(representative, "meeting-representative")
    item = next(i for i in chair.meeting(meeting_id).items if i.handle == handle)
    assert list(item.researched_by) == [LANDLORD]
    representative.goto(url(stack, "/actions"))
    accessible(representative)
    representative.locator("tr", has_text=landlord).get_by_role("link", name="Report").click()
    accessible(representative)
    representative.get_by_label("Done", exact=True).check()
    press(representative, "Send the report")
    shown(representative, "Your report was sent")
    representative.context.close()

    def done() -> bool:
        page.reload()
        return "Done" in page.locator("tr", has_text=landlord).inner_text()

    eventually(done, "the chair's tracker shows the action done", 20)

    page.goto(url(stack, f"/meetings/{meeting_id}"))
    press(page, "Close the meeting")
    shown(page, "The meeting closed")
    page.get_by_role("link", name="Minutes").click()
    page.get_by_role("heading", name="Attendees").wait_for()
    minutes = page.inner_text("main")
    assert "Social landlord: usr-local-social_landlord" in minutes
    assert f"Social landlord ({landlord})" in minutes and "Done" in minutes
    assert handle[:8] in minutes and handle not in page.content()
    assert SUBJECT.given_name not in page.content()
    accessible(page)
    screenshot(page, "minutes")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-header").is_visible()
    assert not page.get_by_role("button").first.is_visible()
    screenshot(page, "minutes-print")
    page.emulate_media(media="screen")

    download = page.request.get(url(stack, f"/meetings/{meeting_id}/actions.csv"))
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text())))
    assert [(r["case reference"], r["status"], r["note"]) for r in rows] == [
        (landlord, "Done", "Fit window locks and a door chain.")
    ]
    for name in (SUBJECT.given_name, "Quenby-"):
        assert name not in download.text()


def errors_shown(page: Page) -> dict[str, str]:
    """The error summary's links: where each goes -> what it says."""
    summary = page.locator(".govuk-error-summary")
    summary.get_by_text("There is a problem").wait_for()
    assert page.title().startswith("Error: ")
    return {
        link.get_attribute("href"): link.inner_text() for link in summary.get_by_role("link").all()
    }


def test_bad_input_gives_the_error_summary_and_field_messages_and_records_nothing(
    stack, chair, subject, page, browser
):
    _, handle = subject
    meeting = chair.open_meeting(handle)
    path = f"/meetings/{meeting.meeting_id}"
    sign_in(page, stack, "chair")
    page.wait_for_url(url(stack, "/agenda"))

    page.goto(url(stack, f"{path}/items/{handle}"))
    page.get_by_label("Type of action").select_option(label="Safety plan")
    fill_date(page, "due", datetime.now(ENGLAND).date() - timedelta(days=1))
    page.get_by_label("Note (optional)").fill("n" * 501)
    press(page, "Agree the action")
    assert errors_shown(page) == {
        "#owner": "Select the agency that owns the action",
        "#due-day": "Due date must be today or in the future",
        "#note": "Note must be 500 characters or fewer",
    }
    assert "Select the agency that owns the action" in page.locator("#owner-error").inner_text()
    assert "today or in the future" in page.locator("#due-error").inner_text()
    assert "500 characters or fewer" in page.locator("#note-error").inner_text()
    accessible(page)
    screenshot(page, "meeting-item-errors")

    page.goto(url(stack, path))
    page.get_by_label("Late referral").check()
    page.get_by_label("Agency whose case it is").select_option(label="Police")
    page.get_by_label("The agency's case reference").fill("POL-NO-SUCH-CASE")
    press(page, "Add the subject")
    no_case = "The agency has no case with this reference that the MARAC panel may be told of"
    assert errors_shown(page) == {"#case-reference": no_case}
    assert no_case in page.locator("#case-reference-error").inner_text()
    assert page.get_by_label("The agency's case reference").input_value() == "POL-NO-SUCH-CASE"
    accessible(page)

    after = chair.meeting(meeting.meeting_id)
    assert [i.handle for i in after.items] == [i.handle for i in meeting.items]
    assert all(not i.actions for i in after.items)

    # A reason that does not fit the outcome, sent without JavaScript (every
    # question shown): refused at the reason's question, and nothing reported.
    action = chair(
        "AgreeAction",
        request_id=str(uuid.uuid4()),
        meeting_id=meeting.meeting_id,
        handle=handle,
        owner_agency_id=LANDLORD,
        type=meeting_actions_pb2.MEETING_ACTION_TYPE_WELFARE_CHECK,
        due_date=(tomorrow() + timedelta(days=7)).isoformat(),
    ).meeting
    action_id = next(a.action_id for i in action.items for a in i.actions)
    plain = browser.new_context(ignore_https_errors=True, java_script_enabled=False).new_page()
    sign_in(plain, stack, "social_landlord-rep")
    plain.goto(url(stack, f"/actions/{action_id}/report"))
    plain.get_by_label("Could not be done").check()
    plain.get_by_label("Risk reduced").check()  # a reason of "no longer needed"
    press(plain, "Send the report")
    assert errors_shown(plain) == {"#reason-3": "Select a reason that fits what happened"}
    assert "fits what happened" in plain.locator("#reason-3-error").inner_text()
    plain.context.close()
    reported = [a for i in chair.meeting(meeting.meeting_id).items for a in i.actions]
    assert [(a.status, a.report_pending) for a in reported] == [(OPEN, False)]


def test_a_chair_records_an_items_discussion_and_an_action_by_keyboard_alone(
    stack, chair, subject, page
):
    _, handle = subject
    meeting = chair.open_meeting(handle)
    page.goto(url(stack, "/sign-in"))
    tab_to(page, lambda: page.evaluate("document.activeElement.id") == "username")
    page.keyboard.type("chair")
    page.keyboard.press("Tab")
    page.keyboard.type(stack.people.passwords["chair"])
    page.keyboard.press("Enter")
    page.wait_for_url(url(stack, "/agenda"))

    def focused(attribute: str) -> str:
        return page.evaluate(f"document.activeElement.getAttribute('{attribute}') || ''")

    def follow(href: str) -> None:
        tab_to(page, lambda: focused("href") == href, most=200)
        page.keyboard.press("Enter")
        page.wait_for_url(url(stack, href))

    follow("/meetings")
    follow(f"/meetings/{meeting.meeting_id}")
    follow(f"/meetings/{meeting.meeting_id}/items/{handle}")

    tab_to(page, lambda: focused("id") == "minutes", most=100)
    page.keyboard.type("9")
    page.keyboard.press("Tab")  # the risk after discussion: the first, then the next
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")  # the decision
    page.keyboard.press("Space")
    tab_to(page, lambda: page.evaluate("document.activeElement.innerText") == "Save the discussion")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    tab_to(page, lambda: focused("name") == "owner", most=100)
    page.keyboard.press("Space")
    for _ in range(5):  # arrows move along the radios, choosing each
        if focused("value") == LANDLORD:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first type of action
    for part, value in zip(("day", "month", "year"), (1, 1, tomorrow().year + 1), strict=True):
        page.keyboard.press("Tab")
        assert focused("id") == f"due-{part}"
        page.keyboard.type(str(value))
    tab_to(page, lambda: page.evaluate("document.activeElement.innerText") == "Agree the action")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    item = next(i for i in chair.meeting(meeting.meeting_id).items if i.handle == handle)
    assert (item.minutes_discussed, item.risk_after_discussion) == (9, 2)
    assert [a.due_date for a in item.actions] == [f"{tomorrow().year + 1}-01-01"]
