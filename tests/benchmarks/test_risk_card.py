"""Risk card benchmark: a MARAC chair opening agenda items (RiskView's GetAgendaItem,
the risk card: reasons naming agencies, each shared contribution, a disclosure
recorded on Kafka before the answer) over gRPC with mutual TLS, from 8 client
threads, against a RiskView process on a read model the stack's risk projection
built from generated shared events (tests/benchmarks/shared_events.py): 100,000
events for 10,000 subjects and 1,000,000 for 100,000 (MARAC_BENCH_CARD_SIZES
changes them). Ten events a subject at each size, spread over the same 300 days, so
each card holds alike and only the size of the read model differs. The handles are
those ListAgenda gives the chair, paged through to the end, opened at random.

Prints p50 and p99 at each size, and their ratio between the sizes, with the load
of the machine. Targets: p99 <= 50 ms at each size; flat between them.

    deploy/local/test.sh tests/benchmarks/test_risk_card.py -s
"""

import os
import random
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import grpc
import pytest

from deploy.local.stack import KAFKA_BOOTSTRAP, Stack
from marac.v1 import riskview_pb2, riskview_pb2_grpc
from services.common.paging import MAX_PAGE_SIZE
from services.common.principals import TEST_CLIENT
from tests.benchmarks.machine import load, own_cpu_seconds
from tests.benchmarks.shared_events import (
    EVENTS_PER_SUBJECT,
    agency_topics,
    fill_topics,
    read_model_progress,
)
from tests.people import signed_in
from tests.support import running_stack

pytestmark = pytest.mark.benchmark

SIZES = [int(n) for n in os.environ.get("MARAC_BENCH_CARD_SIZES", "100000,1000000").split(",")]
CONCURRENCY = 8
CALLS = int(os.environ.get("MARAC_BENCH_CARD_CALLS", "2000"))
WARM_UP = 200
MEETING = "BENCH-1"
BUILD_SECONDS = 1200
# p50 and p99 in ms by size, for the comparison at the last size.
FIGURES: dict[int, tuple[float, float]] = {}


@dataclass(frozen=True)
class Agenda:
    stack: Stack
    events: int
    handles: list[str]  # every item ListAgenda gave the chair


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"{n // 1000}k")
def agenda(request, run_id) -> Iterator[Agenda]:
    """A stack of RiskView and the projection only, its read model built from
    `events` generated events, and the chair's whole agenda."""
    events = request.param
    name = f"t{run_id}card{events // 1000}k"
    with running_stack(name, only=("projection", "riskview")) as stack:
        print(
            f"\n{events:,} shared events for {events // EVENTS_PER_SUBJECT:,} subjects", flush=True
        )
        fill_topics(agency_topics(stack.prefix), KAFKA_BOOTSTRAP, events)
        wait_until_built(stack, events)
        yield Agenda(stack, events, chairs_agenda(stack))


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


def open_cards(stack: Stack, handles: list[str]) -> list[float]:
    """Each handle's card opened once, by CONCURRENCY threads on one channel (as one
    web app process would); the seconds each call took."""
    shares = [handles[n::CONCURRENCY] for n in range(CONCURRENCY)]
    with stack.channel("riskview", TEST_CLIENT) as channel:
        view = riskview_pb2_grpc.RiskViewServiceStub(channel)

        def open_share(share: list[str]) -> list[float]:
            took = []
            for handle in share:
                started = time.perf_counter()
                card = view.GetAgendaItem(
                    riskview_pb2.GetAgendaItemRequest(handle=handle, meeting_id=MEETING),
                    metadata=signed_in(stack, "chair"),
                    timeout=10,
                )
                took.append(time.perf_counter() - started)
                assert card.contributions and card.disclosure_id
            return took

        with ThreadPoolExecutor(CONCURRENCY) as pool:
            return [t for took in pool.map(open_share, shares) for t in took]


def test_risk_card_query_at_concurrency_8(agenda):
    assert len(agenda.handles) >= 100, "too few subjects on the agenda to measure"
    chosen = random.Random(11).choices(agenda.handles, k=WARM_UP + CALLS)
    riskview = agenda.stack.processes["riskview"].popen.pid
    try:
        open_cards(agenda.stack, chosen[:WARM_UP])
        load_before, cpu_before = load(), own_cpu_seconds(riskview)
        started = time.perf_counter()
        took = open_cards(agenda.stack, chosen[WARM_UP:])
        elapsed = time.perf_counter() - started
        cpu = own_cpu_seconds(riskview) - cpu_before
    except grpc.RpcError as error:
        pytest.fail(f"GetAgendaItem failed: {error.code().name}")
    quantiles = statistics.quantiles(took, n=100)
    p50, p99 = quantiles[49] * 1000, quantiles[98] * 1000
    FIGURES[agenda.events] = (p50, p99)
    subjects = agenda.events // EVENTS_PER_SUBJECT
    print(
        f"\nrisk card (GetAgendaItem, mutual TLS, disclosure on Kafka): {agenda.events:,} events,"
        f" {subjects:,} subjects, {len(agenda.handles):,} on the agenda\n"
        f"  {CALLS} calls from {CONCURRENCY} threads after {WARM_UP} to warm up:"
        f" p50 {p50:.1f} ms, p99 {p99:.1f} ms (target <= 50), max {max(took) * 1000:.1f} ms,"
        f" {CALLS / elapsed:.0f} calls/s\n"
        f"  RiskView CPU {cpu / CALLS * 1000:.2f} ms per call;"
        f" load average before {load_before}, after {load()} ({os.cpu_count()} cores)"
    )
    smallest = min(FIGURES)
    if agenda.events != smallest:
        base50, base99 = FIGURES[smallest]
        print(
            f"  against {smallest:,} events: p50 x{p50 / base50:.2f}, p99 x{p99 / base99:.2f}"
            " (target: flat)"
        )
