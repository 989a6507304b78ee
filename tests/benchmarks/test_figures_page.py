"""The partnership figures page: an HTTPS GET of the web app's /figures (the twelve
months to today, every figure the page shows: eleven GetFigure calls to the figures
service, each computed from the figures' read model and suppressed there, drawn as
SVG charts with their tables) by 8 signed-in partnership analysts, each on a
connection of their own, on figures the stack's figures projection built from
generated shared events (tests/benchmarks/shared_events.py: 20,000 by default,
MARAC_BENCH_FIGURES_PAGE_EVENTS changes it, spread over the 300 days to now).
Prints p50 and p99, the rate and the CPU per page of the web app and of the
figures service, and the load of the machine; then the page's figures computed in
the test from the cells (figures.cells) beside the same from every record, as the
service did before them. A minute or two at the defaults.

    deploy/local/test.sh tests/benchmarks/test_figures_page.py -s
"""

import json
import os
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from datetime import time as time_of_day

import psycopg
import pytest

from deploy.local.stack import KAFKA_BOOTSTRAP
from figures import store
from figures.cells import figure_from
from figures.counts import Filters
from figures.published import FIGURES
from services.common.working_days import ENGLAND
from services.web.pages.figures import MONTHS_SHOWN, first_of_month
from tests.benchmarks.browser import Browser
from tests.benchmarks.machine import cpu_seconds, load
from tests.benchmarks.shared_events import agency_topics, fill_topics
from tests.benchmarks.test_chair_views import CONCURRENCY, concurrently
from tests.support import running_stack

pytestmark = pytest.mark.benchmark

EVENTS = int(os.environ.get("MARAC_BENCH_FIGURES_PAGE_EVENTS", "20000"))
PAGES = int(os.environ.get("MARAC_BENCH_FIGURES_PAGES", "160"))
BUILD_SECONDS = 600
# What the page needs: the web app serves while sign-in, RiskView and the meeting
# service do; the figures' projection and service.
PROCESSES = ("riskview", "identity", "marac", "web", "figures-projection", "figures")


def stored(log) -> int:
    """The shared events the figures projection has read, from its log's batches."""
    read = 0
    for line in log.read_text().splitlines():
        if line.startswith("{") and '"figures batch stored"' in line:
            read += json.loads(line)["records"]
    return read


@pytest.fixture(scope="module")
def figures(run_id):
    with running_stack(f"t{run_id}figpage", only=PROCESSES) as stack:
        fill_topics(agency_topics(stack.prefix), KAFKA_BOOTSTRAP, EVENTS)
        started, log = time.monotonic(), stack.processes["figures-projection"].log_path
        while stored(log) < EVENTS:
            assert time.monotonic() - started < BUILD_SECONDS, "the figures were not built"
            time.sleep(1)
        print(
            f"\n{EVENTS:,} shared events: figures built in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        stack.processes["web"].wait_serving()
        yield stack


def view_pages(analysts: list[Browser], views: int) -> tuple[list[float], float]:
    def each(share: list[Browser]) -> list[float]:
        (browser,) = share
        took = []
        for _ in range(views // len(analysts)):
            started = time.perf_counter()
            status, page = browser.get("/figures")
            took.append(time.perf_counter() - started)
            assert status == 200 and page.count('<svg class="app-chart"') == 11
        return took

    return concurrently([[analyst] for analyst in analysts], each)


def computing_a_page(dsn: str) -> tuple[float, float]:
    """Seconds to compute the page's eleven figures (the twelve months to today) from
    the cells and the records they need, and, as before them, from every record:
    the medians of three alternated rounds on one connection."""
    today = datetime.now(ENGLAND).date()
    start = datetime.combine(first_of_month(MONTHS_SHOWN - 1, today), time_of_day(), ENGLAND)
    asked = Filters(start.astimezone(UTC))
    cells_took, records_took = [], []
    with psycopg.connect(dsn) as conn:
        source = store.ReadModel(lambda: nullcontext(conn))
        for _ in range(3):
            started = time.perf_counter()
            from_cells = {name: figure_from(name, source, asked) for name in FIGURES}
            cells_took.append(time.perf_counter() - started)
            started = time.perf_counter()
            every = store.records(conn)
            from_records = {name: figure(every, asked) for name, figure in FIGURES.items()}
            records_took.append(time.perf_counter() - started)
            assert from_cells == from_records
    return sorted(cells_took)[1], sorted(records_took)[1]


def test_the_figures_page_at_concurrency_8(figures):
    stack = figures
    password = stack.people.passwords["analyst"]
    analysts = [Browser.signed_in(stack.web_url, "analyst", password) for _ in range(CONCURRENCY)]
    web, service = stack.processes["web"].popen.pid, stack.processes["figures"].popen.pid
    try:
        view_pages(analysts, CONCURRENCY * 2)  # to warm up
        load_before = load()
        web_before, service_before = cpu_seconds(web), cpu_seconds(service)
        took, elapsed = view_pages(analysts, PAGES)
        web_cpu = cpu_seconds(web) - web_before
        service_cpu = cpu_seconds(service) - service_before
    finally:
        for analyst in analysts:
            analyst.close()
    took.sort()
    p50, p99 = took[len(took) // 2] * 1000, took[int(len(took) * 0.99)] * 1000
    print(
        f"\nfigures page: {EVENTS:,} shared events, HTTPS GET /figures as {CONCURRENCY}"
        f" signed-in analysts (11 GetFigure calls a page)\n"
        f"  {len(took)} pages after {CONCURRENCY * 2} to warm up: p50 {p50:.0f} ms,"
        f" p99 {p99:.0f} ms, max {took[-1] * 1000:.0f} ms, {len(took) / elapsed:.1f} pages/s\n"
        f"  CPU per page: web app {web_cpu / len(took) * 1000:.1f} ms, figures service"
        f" {service_cpu / len(took) * 1000:.1f} ms; load average before {load_before},"
        f" after {load()} ({os.cpu_count()} cores)",
        flush=True,
    )
    load_before = load()
    from_cells, from_records = computing_a_page(stack.databases["figures_reader"].conninfo())
    print(
        f"  the page's 11 figures computed in the test: from cells {from_cells * 1000:.0f} ms,"
        f" from every record (as before) {from_records * 1000:.0f} ms,"
        f" ratio {from_records / from_cells:.1f}; load {load_before}, after {load()}",
        flush=True,
    )
