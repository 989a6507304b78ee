"""The web app in a browser (Playwright driving Debian's Chromium, headless, one
browser for the module) against the e2e session's running stack, with the demo
scenario played through the agencies' APIs: a chair signs in and works from the
agenda to a risk card; representatives see their own agency's cases and only what
was shared with them; signed-out and wrong-role people, forms without their CSRF
token, bad input and idle sessions get what they should. Every page passes
axe-core's WCAG 2.2 A/AA rules, and the chair's flow works with the keyboard alone.
Screenshots go to .local/artefacts/screenshots/."""

import re
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from deploy.local.scenario import play
from deploy.local.stack import LOCAL, Stack
from marac.v1 import access_log_pb2, riskview_pb2, riskview_pb2_grpc
from services.common.principals import TEST_CLIENT
from tests.e2e.test_privacy_and_recovery import keys_and_values
from tests.people import handle_of, signed_in

SCREENSHOTS = LOCAL / "artefacts" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


@pytest.fixture(scope="module")
def web(stack):
    """The e2e session's stack with the scenario played (a subject of its own) and on
    the agenda: (stack, played, the subject's agenda handle)."""
    stack.processes["web"].wait_serving()
    played = play(stack.agency_channel)
    handle = handle_of(stack, stack.match_key(played.subject))
    with stack.channel("riskview", TEST_CLIENT) as channel:
        view = riskview_pb2_grpc.RiskViewServiceStub(channel)
        deadline = time.monotonic() + 60
        while handle not in {
            item.handle
            for item in view.ListAgenda(
                riskview_pb2.ListAgendaRequest(page_size=200),
                metadata=signed_in(stack, "chair"),
            ).items
        }:
            assert time.monotonic() < deadline, "the subject never reached the agenda"
            time.sleep(0.3)
    return stack, played, handle


def url(stack: Stack, path: str) -> str:
    return stack.web_url + path


def sign_in(page: Page, stack: Stack, username: str) -> None:
    page.goto(url(stack, "/sign-in"))
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(stack.people.passwords[username])
    page.get_by_role("button", name="Sign in").click()


def accessible(page: Page) -> None:
    """axe-core finds no violation of the WCAG 2.2 A and AA rules on the page."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_a_chair_signs_in_sees_the_eligible_subject_with_reasons_and_opens_its_risk_card(web, page):
    stack, played, handle = web
    page.goto(url(stack, "/sign-in"))
    accessible(page)
    screenshot(page, "sign-in")
    sign_in(page, stack, "chair")
    page.wait_for_url(url(stack, "/agenda"))
    assert page.get_by_role("heading", name="MARAC agenda").is_visible()
    row = page.locator("tr", has=page.locator(f"a[href='/agenda/{handle}']"))
    reasons = row.inner_text()
    assert "Cumulative harm" in reasons or "Escalation" in reasons, reasons
    for agency in ("Social landlord", "Victim Support"):
        assert agency in reasons
    accessible(page)
    screenshot(page, "agenda")

    row.get_by_role("link").click()
    page.wait_for_url(url(stack, f"/agenda/{handle}"))
    card = page.content()
    assert page.get_by_role("heading", name="Risk card").is_visible()
    for shown in ("Why it is on the agenda", "Incidents by month", "Who to ask", "Open actions"):
        assert page.get_by_role("heading", name=shown).is_visible()
    for agency in ("social_landlord", "victim_support", "ddpo"):
        assert played.case_references[agency] in card  # each shared with the panel
    # The police shared nothing with the panel: their case is not named.
    assert played.case_references["police"] not in card
    assert page.get_by_role("table", name="Incidents by month and agency").is_visible()
    accessible(page)
    screenshot(page, "risk-card")


def test_the_police_representative_never_gets_the_ddpo_contribution_withheld_from_them(web, page):
    stack, played, _ = web
    police, ddpo = played.case_references["police"], played.case_references["ddpo"]
    sign_in(page, stack, "police-rep")
    page.wait_for_url(url(stack, "/cases"))
    assert page.get_by_role("link", name=police).is_visible()
    assert ddpo not in page.content()
    accessible(page)
    screenshot(page, "own-cases")
    page.get_by_role("link", name=police).click()
    page.wait_for_url(re.compile(r"/cases/POL-"))
    html = page.content()
    assert police in html and "Police" in html
    assert ddpo not in html and "local-ddpo" not in html
    assert "Deaf and Disabled" not in html
    accessible(page)
    screenshot(page, "case-police")


def test_the_landlords_representative_sees_what_the_ddpo_shared_with_landlords(web, page):
    """The other side of the test above: the DDPO did share with social landlords."""
    stack, played, _ = web
    landlord = played.case_references["social_landlord"]
    sign_in(page, stack, "social_landlord-rep")
    page.goto(url(stack, f"/cases/{landlord}"))
    html = page.content()
    assert played.case_references["ddpo"] in html and "Shared with consent" in html
    accessible(page)


def test_signed_out_people_get_the_sign_in_page_and_the_wrong_role_cannot_see_the_page(web, page):
    stack, played, handle = web
    began = time.time_ns()
    for path in ("/agenda", f"/agenda/{handle}", "/cases", "/"):
        page.goto(url(stack, path))
        assert page.url == url(stack, "/sign-in"), path
    sign_in(page, stack, "police-rep")
    page.wait_for_url(url(stack, "/cases"))
    for path in ("/agenda", f"/agenda/{handle}"):
        response = page.goto(url(stack, path))
        assert response.status == 403
        assert page.get_by_role("heading", name="You cannot see this page").is_visible()
        assert handle not in page.content().replace(f"/agenda/{handle}", "")
        assert played.case_references["ddpo"] not in page.content()
    accessible(page)
    missing = page.goto(url(stack, "/cases/NO-SUCH-CASE"))
    assert missing.status == 404 and page.get_by_role("heading", name="Page not found")
    accessible(page)
    # Each refusal is on the access log, by route and never by address.
    refused = [
        entry
        for entry in map(
            access_log_pb2.AccessLogEntry.FromString,
            (value for _, value in keys_and_values(stack.access_log_topic)),
        )
        if entry.service == "web" and entry.at.ToNanoseconds() >= began
    ]
    assert {(e.method, e.code, e.person.user_id != "") for e in refused} >= {
        ("GET /agenda", 16, False),
        ("GET /agenda/{handle}", 16, False),
        ("GET /cases", 16, False),
        ("GET /agenda", 7, True),
        ("GET /agenda/{handle}", 7, True),
    }
    assert handle not in str(refused)


def test_a_form_posted_without_its_csrf_token_is_refused_and_does_nothing(web, page):
    stack, _, _ = web
    sign_in(page, stack, "chair")
    page.wait_for_url(url(stack, "/agenda"))
    forged = page.request.post(url(stack, "/sign-out"), form={"csrf_token": "made-up"})
    assert forged.status == 403 and "Your form could not be sent" in forged.text()
    missing = page.request.post(url(stack, "/sign-out"), form={})
    assert missing.status == 403
    page.goto(url(stack, "/agenda"))  # still signed in: the sign-out did not happen
    assert page.url == url(stack, "/agenda")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(url(stack, "/sign-in?signed-out"))
    assert page.get_by_text("You have signed out").is_visible()
    page.goto(url(stack, "/agenda"))
    assert page.url == url(stack, "/sign-in")


def test_sign_in_with_empty_fields_or_a_wrong_password_shows_the_errors(web, page):
    stack, _, _ = web
    page.goto(url(stack, "/sign-in"))
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert summary.get_by_role("link", name="Enter your user name").is_visible()
    assert summary.get_by_role("link", name="Enter your password").is_visible()
    assert page.locator("#username-error").inner_text().endswith("Enter your user name")
    assert page.locator("#password-error").inner_text().endswith("Enter your password")
    assert page.title().startswith("Error: ")
    accessible(page)
    screenshot(page, "sign-in-errors")
    page.get_by_label("User name").fill("chair")
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    assert (
        page.locator("#username-error")
        .inner_text()
        .endswith("Enter a correct user name and password")
    )
    assert "not the password" not in page.content()


def test_the_chairs_flow_works_with_the_keyboard_alone(web, page):
    stack, _, handle = web
    page.goto(url(stack, "/sign-in"))
    tab_to(page, lambda: page.evaluate("document.activeElement.id") == "username")
    page.keyboard.type("chair")
    page.keyboard.press("Tab")
    page.keyboard.type(stack.people.passwords["chair"])
    page.keyboard.press("Enter")
    page.wait_for_url(url(stack, "/agenda"))
    target = f"/agenda/{handle}"
    tab_to(page, lambda: page.evaluate("document.activeElement.getAttribute('href')") == target)
    page.keyboard.press("Enter")
    page.wait_for_url(url(stack, target))
    tab_to(page, lambda: page.evaluate("document.activeElement.innerText") == "Sign out")
    page.keyboard.press("Enter")
    page.wait_for_url(url(stack, "/sign-in?signed-out"))


def tab_to(page: Page, reached, most: int = 60) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if reached():
            return
    raise AssertionError("never reached by Tab")


# Longer than signing in takes on a busy machine (with 3 s, two suites at once, the session of the
# sign-in form itself ran out before the form was answered).
IDLE_SECONDS = 6


@pytest.fixture
def short_idle_timeout(web):
    """The web app restarted with a short idle timeout, and as it was after."""
    stack, _, _ = web
    process = stack.processes["web"]
    process.env["MARAC_WEB_IDLE_SECONDS"] = str(IDLE_SECONDS)
    stack.restart("web")
    process.wait_serving()
    yield
    del process.env["MARAC_WEB_IDLE_SECONDS"]
    stack.restart("web")
    process.wait_serving()


def test_a_session_left_idle_is_signed_out(web, short_idle_timeout, page):
    stack, _, _ = web
    sign_in(page, stack, "chair")
    page.wait_for_url(url(stack, "/agenda"))
    time.sleep(IDLE_SECONDS + 0.5)
    page.goto(url(stack, "/agenda"))
    assert page.url == url(stack, "/sign-in?timed-out")
    assert page.get_by_text("You were signed out because you had not used the service").is_visible()
    accessible(page)
