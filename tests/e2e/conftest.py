import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from deploy.local.stack import Stack
from marac.v1 import agency_case_pb2_grpc, riskview_pb2_grpc
from services.common.principals import TEST_CLIENT
from tests.support import running_stack

CHROMIUM = "/usr/bin/chromium"  # Debian's, not Playwright's own build
LOG_LINES = 15  # of each of the stack's logs, shown when a test on it fails


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test on a stack reports the last lines of its processes' logs (the
    services log no personal data), which CI's output would not otherwise hold."""
    report = yield
    if report.failed and call.when == "call":
        stacks = {id(v): v for v in getattr(item, "funcargs", {}).values() if isinstance(v, Stack)}
        for stack in stacks.values():
            for log in sorted(stack.log_dir.glob("*.log")):
                report.sections.append((f"{stack.prefix} log {log.name}", last_lines(log)))
    return report


def last_lines(path: Path, lines: int = LOG_LINES, chunk: int = 8192) -> str:
    """The file's last lines, read from its end only."""
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - chunk))
        tail = f.read().decode(errors="replace").splitlines()
    return "\n".join(tail[-lines:])


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
