import pytest
from playwright.sync_api import Browser, sync_playwright

from marac.v1 import agency_case_pb2_grpc, riskview_pb2_grpc
from services.common.principals import TEST_CLIENT
from tests.support import running_stack

CHROMIUM = "/usr/bin/chromium"  # Debian's, not Playwright's own build


@pytest.fixture(scope="session")
def stack(run_id):
    with running_stack(f"t{run_id}e2e") as deployment:
        yield deployment


@pytest.fixture(scope="session")
def police(stack):
    with stack.agency_channel("police") as channel:
        yield agency_case_pb2_grpc.AgencyCaseServiceStub(channel)


@pytest.fixture(scope="session")
def riskview(stack):
    with stack.channel("riskview", TEST_CLIENT) as channel:
        yield riskview_pb2_grpc.RiskViewServiceStub(channel)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for a module's browser tests."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser):
    """A page of a browser context of its own (its own cookies; downloads kept)."""
    context = browser.new_context(ignore_https_errors=True, accept_downloads=True)
    yield context.new_page()
    context.close()
