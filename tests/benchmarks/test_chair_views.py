"""What a MARAC chair reads, on a read model the stack's risk projection built from
generated shared events (tests/benchmarks/shared_events.py): 100,000 events for
10,000 subjects and 1,000,000 for 100,000 (MARAC_BENCH_CHAIR_SIZES changes them).
Ten events a subject at each size, spread over the same 300 days, so a subject's
card holds alike at both and only the size of the read model differs.

- The risk card query: RiskView's GetAgendaItem (reasons naming agencies, each
  shared contribution, a disclosure recorded on Kafka before the answer) over gRPC
  with mutual TLS, from 8 client threads over 8 connections (as the web app calls),
  for handles chosen at random among all those ListAgenda gave the chair. Target:
  p99 <= 50 ms.
- The case view query: RiskView's GetCaseView, as the police representative, of
  the police's cases chosen at random, called as the risk card is. Target: p99 <= 50 ms.
- The agenda page: an HTTPS GET of the web app's /agenda (ListAgenda's first page,
  a disclosure for each item listed) by 8 signed-in chairs, each on a connection of
  their own. Target: p99 <= 150 ms.

Each is measured with RiskView as each count of processes in
MARAC_BENCH_RISKVIEW_PROCESSES (default 1,2), alternated MARAC_BENCH_ROUNDS times
(default 2) on the same read model, RiskView started again between them. Each prints
p50 and p99 at each size and count, their ratio between the sizes (target: flat)
and the load of the machine.

    deploy/local/test.sh tests/benchmarks/test_chair_views.py -s
"""

import itertools
import os
import random
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import grpc
import psycopg
import pytest

from deploy.local.stack import KAFKA_BOOTSTRAP, Stack
from marac.v1 import riskview_pb2, riskview_pb2_grpc
from services.common.grpc_connections import OWN_CONNECTION
from services.common.paging import MAX_PAGE_SIZE
from services.common.principals import TEST_CLIENT
from tests.agreements import agree_in
from tests.benchmarks.browser import Browser
from tests.benchmarks.machine import cpu_seconds, load
from tests.benchmarks.shared_events import (
    AGENCY_ID,
    EVENTS_PER_SUBJECT,
    agency_topics,
    fill_topics,
    read_model_progress,
)
from tests.people import signed_in
from tests.support import running_stack

pytestmark = pytest.mark.benchmark

SIZES = [int(n) for n in os.environ.get("MARAC_BENCH_CHAIR_SIZES", "100000,1000000").split(",")]
CONCURRENCY = 8
CARDS = int(os.environ.get("MARAC_BENCH_CARD_CALLS", "2000"))
PAGES = int(os.environ.get("MARAC_BENCH_PAGE_CALLS", "1000"))
RISKVIEW_PROCESSES = [
    int(n) for n in os.environ.get("MARAC_BENCH_RISKVIEW_PROCESSES", "1,2").split(",")
]
ROUNDS = int(os.environ.get("MARAC_BENCH_ROUNDS", "2"))
MEETING = "BENCH-1"
BUILD_SECONDS = 1200
# What the chair's reads need of the stack: no agency service or relay (the web app
# serves only while sign-in, RiskView and the meeting service do).
PROCESSES = ("projection", "riskview", "identity", "marac", "web")
# (what, RiskView's processes, events) -> each round's p50 and p99 in ms, for the
# comparison at the last size.
FIGURES: dict[tuple[str, int, int], list[tuple[float, float]]] = {}


@dataclass(frozen=True)
class Agenda:
    stack: Stack
    events: int
    handles: list[str]  # every item ListAgenda gave the chair
    police_cases: list[str]  # every police case reference in the read model


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"{n // 1000}k")
def agenda(request, run_id) -> Iterator[Agenda]:
    """A stack of what the chair's reads need, its read model built from `events`
    generated events, and the chair's whole agenda."""
    events = request.param
    with running_stack(f"t{run_id}chair{events // 1000}k", only=PROCESSES) as stack:
        agree_in(stack.databases["readmodel"].conninfo())  # no audit service here
        print(
            f"\n{events:,} shared events for {events // EVENTS_PER_SUBJECT:,} subjects", flush=True
        )
        fill_topics(agency_topics(stack.prefix), KAFKA_BOOTSTRAP, events)
        wait_until_built(stack, events)
        yield Agenda(stack, events, chairs_agenda(stack), police_cases(stack))


def wait_until_built(stack: Stack, events: int) -> None:
    """Until the projection has stored every event and no view waits to be recomputed."""
    conninfo = stack.databases["readmodel"].conninfo()
    started = time.monotonic()
    reported = 0
    while True:
        stored, due = read_model_progress(conninfo)
        if stored >= events and due == 0:
            print(f"  read model built in {time.monotonic() - started:.0f} s", flush=True)
            return
        if stored >= reported + 100_000:
            reported = stored - stored % 100_000
            print(f"  projection stored {reported:,}/{events:,}", flush=True)
        assert time.monotonic() - started < BUILD_SECONDS, "the read model was not built in time"
        time.sleep(1)


def chairs_agenda(stack: Stack) -> list[str]:
    """Every agenda item's handle, as the chair pages through ListAgenda."""
    handles: list[str] = []
    token = ""
    started = time.monotonic()
    with stack.channel("riskview", TEST_CLIENT) as channel:
        view = riskview_pb2_grpc.RiskViewServiceStub(channel)
        while True:
            page = view.ListAgenda(
                riskview_pb2.ListAgendaRequest(
                    meeting_id=MEETING, page_size=MAX_PAGE_SIZE, page_token=token
                ),
                metadata=signed_in(stack, "chair"),
                timeout=30,
            )
            handles += [item.handle for item in page.items]
            token = page.next_page_token
            if not token:
                break
    seconds = time.monotonic() - started
    print(f"  the chair's agenda: {len(handles):,} items, listed in {seconds:.0f} s", flush=True)
    return handles


def concurrently(shares: list[list], each: Callable[[list], list[float]]) -> tuple[list, float]:
    """`each` over every share at once, one thread a share: the seconds each call took,
    and the seconds they all took."""
    started = time.perf_counter()
    with ThreadPoolExecutor(len(shares)) as pool:
        took = [t for share in pool.map(each, shares) for t in share]
    return took, time.perf_counter() - started


def riskview_as(stack: Stack, processes: int) -> int:
    """RiskView started again as `processes` processes sharing its port, serving; its
    first process's pid."""
    riskview = stack.processes["riskview"]
    riskview.stop()
    riskview.env["MARAC_RISKVIEW_PROCESSES"] = str(processes)
    riskview.start()
    riskview.wait_serving()
    time.sleep(2 if processes > 1 else 0)  # until its other processes listen too
    return riskview.popen.pid


def police_cases(stack: Stack) -> list[str]:
    with psycopg.connect(stack.databases["readmodel"].conninfo()) as conn:
        rows = conn.execute(
            "SELECT case_reference FROM case_subject WHERE agency_id = %s ORDER BY 1",
            [AGENCY_ID["police"]],
        )
        return [reference for (reference,) in rows]


def each_once(
    stack: Stack,
    chosen: list[str],
    ask: Callable[[riskview_pb2_grpc.RiskViewServiceStub, str], None],
) -> tuple[list[float], float]:
    """`ask` RiskView about each chosen once, from CONCURRENCY threads, each call on the
    next of CONCURRENCY connections (as the web app spreads them)."""
    address, credentials = stack.grpc_address("riskview"), stack.credentials(TEST_CLIENT)
    channels = [
        grpc.secure_channel(address, credentials, options=[OWN_CONNECTION])
        for _ in range(CONCURRENCY)
    ]
    views = [riskview_pb2_grpc.RiskViewServiceStub(channel) for channel in channels]
    turns, turning = itertools.cycle(views), threading.Lock()
    try:

        def ask_share(share: list[str]) -> list[float]:
            took = []
            for one in share:
                with turning:
                    view = next(turns)
                started = time.perf_counter()
                ask(view, one)
                took.append(time.perf_counter() - started)
            return took

        return concurrently([chosen[n::CONCURRENCY] for n in range(CONCURRENCY)], ask_share)
    finally:
        for channel in channels:
            channel.close()


def open_card(stack: Stack) -> Callable[[riskview_pb2_grpc.RiskViewServiceStub, str], None]:
    def ask(view: riskview_pb2_grpc.RiskViewServiceStub, handle: str) -> None:
        card = view.GetAgendaItem(
            riskview_pb2.GetAgendaItemRequest(handle=handle, meeting_id=MEETING),
            metadata=signed_in(stack, "chair"),
            timeout=10,
        )
        assert card.contributions and card.disclosure_id

    return ask


def view_case(stack: Stack) -> Callable[[riskview_pb2_grpc.RiskViewServiceStub, str], None]:
    def ask(view: riskview_pb2_grpc.RiskViewServiceStub, reference: str) -> None:
        case = view.GetCaseView(
            riskview_pb2.GetCaseViewRequest(case_reference=reference),
            metadata=signed_in(stack, "police-rep"),
            timeout=10,
        )
        assert any(c.case_reference == reference for c in case.contributions)

    return ask


def view_agenda_pages(chairs: list[Browser], views: int) -> tuple[list[float], float]:
    """Each chair's browser GETs the agenda page views / len(chairs) times."""

    def view_pages(chair: list[Browser]) -> list[float]:
        (browser,) = chair
        took = []
        for _ in range(views // len(chairs)):
            started = time.perf_counter()
            status, page = browser.get("/agenda")
            took.append(time.perf_counter() - started)
            assert status == 200 and "Subjects on the agenda" in page
        return took

    return concurrently([[chair] for chair in chairs], view_pages)


def measure_calls(
    agenda: Agenda,
    what: str,
    how: str,
    among: list[str],
    ask: Callable[[riskview_pb2_grpc.RiskViewServiceStub, str], None],
) -> None:
    """CARDS calls of `ask`, each for one of `among` chosen at random, after a tenth
    as many to warm up, with RiskView as each count of processes, each round."""
    assert len(among) >= 100, f"too few to measure the {what} on"
    chosen = random.Random(11).choices(among, k=CARDS // 10 + CARDS)
    for _, processes in itertools.product(range(ROUNDS), RISKVIEW_PROCESSES):
        riskview = riskview_as(agenda.stack, processes)
        try:
            each_once(agenda.stack, chosen[: CARDS // 10], ask)
            load_before, cpu_before = load(), cpu_seconds(riskview)
            took, elapsed = each_once(agenda.stack, chosen[CARDS // 10 :], ask)
            cpu = cpu_seconds(riskview) - cpu_before
        except grpc.RpcError as error:
            pytest.fail(f"the {what} failed: {error.code().name}")
        report(
            what,
            processes,
            how,
            agenda.events,
            took,
            elapsed,
            50,
            f"RiskView CPU {cpu / CARDS * 1000:.2f} ms per call; load average before"
            f" {load_before}, after {load()}",
        )


def test_the_risk_card_query_at_concurrency_8(agenda):
    measure_calls(
        agenda,
        "risk card",
        "GetAgendaItem over mutual TLS, a disclosure on Kafka each;"
        f" {len(agenda.handles):,} subjects on the agenda",
        agenda.handles,
        open_card(agenda.stack),
    )


def test_the_case_view_query_at_concurrency_8(agenda):
    measure_calls(
        agenda,
        "case view",
        f"GetCaseView over mutual TLS as the police representative; {len(agenda.police_cases):,}"
        " police cases",
        agenda.police_cases,
        view_case(agenda.stack),
    )


def test_the_agenda_page_at_concurrency_8(agenda):
    stack = agenda.stack
    for _, processes in itertools.product(range(ROUNDS), RISKVIEW_PROCESSES):
        riskview = riskview_as(stack, processes)
        stack.processes["web"].wait_serving()
        password = stack.people.passwords["chair"]
        chairs = [Browser.signed_in(stack.web_url, "chair", password) for _ in range(CONCURRENCY)]
        try:
            view_agenda_pages(chairs, PAGES // 10)  # to warm up
            load_before, cpu_before = load(), cpu_seconds(riskview)
            web = stack.processes["web"].popen.pid
            web_before = cpu_seconds(web)
            took, elapsed = view_agenda_pages(chairs, PAGES)
            cpu, web_cpu = cpu_seconds(riskview) - cpu_before, cpu_seconds(web) - web_before
        finally:
            for chair in chairs:
                chair.close()
        report(
            "agenda page",
            processes,
            "HTTPS GET /agenda as 8 signed-in chairs: ListAgenda's first page, a disclosure"
            " for each item",
            agenda.events,
            took,
            elapsed,
            150,
            f"CPU per page: RiskView {cpu / PAGES * 1000:.2f} ms, web app"
            f" {web_cpu / PAGES * 1000:.2f} ms; load average before {load_before},"
            f" after {load()}",
        )


def report(
    what: str,
    processes: int,
    how: str,
    events: int,
    took: list[float],
    elapsed: float,
    target: int,
    notes: str,
) -> None:
    quantiles = statistics.quantiles(took, n=100)
    p50, p99 = quantiles[49] * 1000, quantiles[98] * 1000
    FIGURES.setdefault((what, processes, events), []).append((p50, p99))
    print(
        f"\n{what}, RiskView as {processes} process(es): {events:,} events,"
        f" {events // EVENTS_PER_SUBJECT:,} subjects ({how})\n"
        f"  {len(took)} from {CONCURRENCY} at once after a tenth as many to warm up:"
        f" p50 {p50:.1f} ms, p99 {p99:.1f} ms (target <= {target}),"
        f" max {max(took) * 1000:.1f} ms, {len(took) / elapsed:.0f}/s\n"
        f"  {notes} ({os.cpu_count()} cores)"
    )
    smallest = min(n for kind, count, n in FIGURES if (kind, count) == (what, processes))
    if events != smallest:
        base50, base99 = map(
            statistics.median, zip(*FIGURES[(what, processes, smallest)], strict=True)
        )
        print(
            f"  against {smallest:,} events (median of its rounds): p50 x{p50 / base50:.2f},"
            f" p99 x{p99 / base99:.2f} (target: flat)"
        )
