"""Signing in to the web app through an OpenID Connect issuer (the tests' own on
127.0.0.1, tests/e2e/oidc_issuer.py), in a browser (Playwright driving Debian's
Chromium), against a stack of this module's own whose RiskView and meeting
service accept that issuer's access tokens (MARAC_TOKEN_* through
Stack.token_settings): the chair signs in through the issuer and sees the agenda
and the subjects due for review; the token is renewed with the refresh token, and
without one the session ends with the token; a forged state, a refusal by the
issuer, an ID token of another audience, nonce or issuer, expired or
forged, and an issuer that
cannot be reached give the sign-in page's error summary,
never what the issuer said. axe-core finds no WCAG 2.2 A/AA violation."""

import time
import urllib.parse

import pytest
from playwright.sync_api import Browser, Page

from services.web.settings import CALLBACK
from tests.e2e.oidc_issuer import CANARY, LocalIssuer, Running
from tests.e2e.test_web import accessible, screenshot, url
from tests.people import CHAIR
from tests.support import running_stack

HUB_AUDIENCE = "https://marac-hub.test/api"  # not the client id: the access token's
ISSUER_NAME = "Test Council"
BUTTON = f"Sign in with {ISSUER_NAME}"
LIFETIME = 120
RENEW_SECONDS = 118  # so a token is renewed 2 s after it is given


@pytest.fixture(scope="module")
def issuer():
    made = LocalIssuer(person=CHAIR, hub_audience=HUB_AUDIENCE, lifetime=LIFETIME)
    running = Running(made)
    yield made
    running.stop()


@pytest.fixture(scope="module")
def stack(run_id, issuer, tmp_path_factory):
    """Only what the chair's pages need; the web app's client secret in a file."""
    secret = tmp_path_factory.mktemp("oidc") / "client-secret"
    secret.write_text(issuer.client_secret + "\n")
    secret.chmod(0o600)
    web_settings = {
        "MARAC_OIDC_ISSUER": issuer.url,
        "MARAC_OIDC_CLIENT_ID": issuer.client_id,
        "MARAC_OIDC_CLIENT_SECRET_FILE": str(secret),
        "MARAC_OIDC_NAME": ISSUER_NAME,
        "MARAC_WEB_RENEW_SECONDS": str(RENEW_SECONDS),
    }
    token_settings = {
        "MARAC_TOKEN_ISSUER": issuer.url,
        "MARAC_TOKEN_AUDIENCE": HUB_AUDIENCE,
        "MARAC_TOKEN_KEYS": f"{issuer.url}/jwks",
    }
    with running_stack(
        f"t{run_id}oidc",
        only=("riskview", "identity", "marac", "web"),
        web_settings=web_settings,
        token_settings=token_settings,
    ) as deployment:
        deployment.processes["web"].wait_serving()
        issuer.redirect_uri = deployment.web_url + CALLBACK
        yield deployment


@pytest.fixture
def page(browser: Browser, issuer):
    context = browser.new_context(ignore_https_errors=True)
    yield context.new_page()
    context.close()
    issuer.refresh, issuer.refuse, issuer.token_down, issuer.hold = True, False, False, False
    issuer.lifetime, issuer.id_token_claims, issuer.forge = LIFETIME, {}, False


def through_issuer(page: Page, stack) -> None:
    page.goto(url(stack, "/sign-in"))
    page.get_by_role("button", name=BUTTON).click()


def error_summary(page: Page) -> str:
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    return summary.inner_text()


def test_the_chair_signs_in_through_the_issuer_and_sees_the_agenda(stack, issuer, page):
    page.goto(url(stack, "/sign-in"))
    assert page.get_by_role("button", name="Sign in", exact=True).is_visible()
    accessible(page)
    screenshot(page, "sign-in-with-issuer")
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_url(url(stack, "/agenda"))
    # RiskView accepted the issuer's access token: a refusal would be the sign-in page.
    assert page.get_by_role("heading", name="MARAC agenda").is_visible()
    assert issuer.grants == ["authorization_code"]
    page.goto(url(stack, "/meetings"))  # the meeting service accepts it too
    assert page.get_by_role("heading", name="Meetings").is_visible()
    page.get_by_role("link", name="Subjects due for review").click()
    page.wait_for_url(url(stack, "/meetings/due-for-review"))
    assert page.get_by_role("heading", name="Subjects due for review").is_visible()
    assert page.get_by_text("No subject is due for review").is_visible()
    accessible(page)
    screenshot(page, "due-for-review")


def test_the_token_is_renewed_with_the_refresh_token(stack, issuer, page):
    through_issuer(page, stack)
    page.wait_for_url(url(stack, "/agenda"))
    time.sleep(LIFETIME - RENEW_SECONDS + 0.5)
    page.goto(url(stack, "/agenda"))
    assert page.get_by_role("heading", name="MARAC agenda").is_visible()
    assert issuer.grants[-1] == "refresh_token"


def test_without_a_refresh_token_the_session_ends_with_the_token(stack, issuer, page):
    issuer.refresh, issuer.lifetime = False, 3
    through_issuer(page, stack)
    page.wait_for_url(url(stack, "/agenda"))
    time.sleep(3.5)
    page.goto(url(stack, "/agenda"))
    assert page.url.startswith(url(stack, "/sign-in"))


def test_a_forged_state_is_refused_and_the_real_one_is_then_used_up(stack, issuer, page):
    issuer.hold = True
    through_issuer(page, stack)
    page.wait_for_url(f"{issuer.url}/authorize?*")
    real = issuer.held
    code = urllib.parse.parse_qs(urllib.parse.urlparse(real).query)["code"][0]
    forged = f"{url(stack, CALLBACK)}?code={code}&state=forged-by-someone"
    response = page.goto(forged)
    assert response.status == 400
    assert "could not be completed" in error_summary(page)
    assert page.get_by_role("button", name=BUTTON).is_visible()
    accessible(page)
    screenshot(page, "sign-in-with-issuer-refused")
    page.goto(real)  # one sign-in, one callback: the forged one used it up
    assert "could not be completed" in error_summary(page)
    page.goto(url(stack, "/agenda"))
    assert page.url == url(stack, "/sign-in")


def test_a_refused_sign_in_says_so_without_what_the_issuer_said(stack, issuer, page):
    issuer.refuse = True
    through_issuer(page, stack)
    page.wait_for_url(url(stack, CALLBACK) + "?*")
    assert f"{ISSUER_NAME} did not sign you in" in error_summary(page)
    assert CANARY not in page.content()
    page.goto(url(stack, "/agenda"))
    assert page.url == url(stack, "/sign-in")


@pytest.mark.parametrize(
    ("claims", "forged"),
    [
        ({"aud": "another-client"}, False),
        ({"nonce": "replayed"}, False),
        ({"iss": "https://elsewhere.test"}, False),
        ({"exp": int(time.time()) - 120}, False),
        ({}, True),
    ],
    ids=["audience", "nonce", "issuer", "expired", "signature"],
)
def test_an_id_token_that_is_not_for_this_sign_in_is_refused(stack, issuer, page, claims, forged):
    issuer.id_token_claims, issuer.forge = claims, forged
    through_issuer(page, stack)
    page.wait_for_url(url(stack, CALLBACK) + "?*")
    assert f"{ISSUER_NAME} did not sign you in" in error_summary(page)
    page.goto(url(stack, "/agenda"))
    assert page.url == url(stack, "/sign-in")


def test_an_issuer_that_cannot_be_reached_gives_the_error_summary(stack, issuer, page):
    issuer.token_down = True
    through_issuer(page, stack)
    page.wait_for_url(url(stack, CALLBACK) + "?*")
    assert "cannot be reached at the moment" in error_summary(page)
    assert "Down" not in page.content()
    accessible(page)
