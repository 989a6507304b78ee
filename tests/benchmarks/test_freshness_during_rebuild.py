"""Freshness while a rebuild runs beside it (issue 14): the stack's agency topics
hold a history of generated shared events (MARAC_BENCH_HISTORY, 1,000,000 for
100,000 subjects by default) that its projection has already taken in; then a
second projection, a consumer group of its own, replays that history from offset 0
into an empty read model, as an operator rebuilding the view would, while the
freshness benchmark's load (100 commands/s) runs on the live stack. Printed side by
side in one run: freshness before the rebuild, and during it.

    deploy/local/test.sh tests/benchmarks/test_freshness_during_rebuild.py -s
"""

import os
import time

import pytest

from tests.benchmarks.machine import load
from tests.benchmarks.shared_events import agency_topics, fill_topics, read_model_progress
from tests.benchmarks.test_freshness import one_run
from tests.benchmarks.test_rebuild import replaying
from tests.support import running_stack

pytestmark = pytest.mark.benchmark

HISTORY = int(os.environ.get("MARAC_BENCH_HISTORY", "1000000"))
TAKE_IN_SECONDS = 1800  # for the live projection to take the history in first


@pytest.fixture(scope="module")
def stack(run_id):
    with running_stack(f"t{run_id}frebuild") as deployment:
        yield deployment


def taken_in(conninfo: str, events: int, what: str) -> float:
    """Waits until the shared view at `conninfo` holds `events` facts and no view
    is due; the seconds it took."""
    started = time.monotonic()
    reported = 0
    while True:
        stored, due = read_model_progress(conninfo)
        if stored >= events and due == 0:
            return time.monotonic() - started
        if stored >= reported + 100_000:
            reported = stored - stored % 100_000
            print(f"  {what} stored {reported:,}/{events:,}", flush=True)
        assert time.monotonic() - started < TAKE_IN_SECONDS, f"{what} did not take it in"
        time.sleep(0.5)


def test_freshness_before_and_during_a_rebuild(stack, kafka_bootstrap, grant_kafka,
                                               create_shared_view):  # fmt: skip
    topics = agency_topics(stack.prefix)
    live = stack.databases["readmodel"].conninfo()
    stored_before, _ = read_model_progress(live)
    fill_topics(topics, kafka_bootstrap, HISTORY)
    seconds = taken_in(live, stored_before + HISTORY, "the live projection")
    print(f"\nhistory of {HISTORY:,} shared events taken in by the stack in {seconds:.0f} s")

    print(f"before the rebuild (load {load()}):", flush=True)
    before = one_run(stack, 1)
    rebuilt = create_shared_view(f"bench_frebuild_{HISTORY}")
    with replaying(sorted(topics.values()), kafka_bootstrap, rebuilt, grant_kafka) as workers:
        while read_model_progress(rebuilt)[0] == 0:  # the replay has begun
            assert all(w.poll() is None for w, _ in workers), "the rebuild exited"
            time.sleep(0.2)
        print(f"during the rebuild (load {load()}):", flush=True)
        during = one_run(stack, 2)
        stored, due = read_model_progress(rebuilt)
        assert all(w.poll() is None for w, _ in workers), "the rebuild exited"
    still = "still rebuilding" if stored < HISTORY or due else "rebuilt before the run ended"
    print(
        f"\nfreshness beside a rebuild of {HISTORY:,} shared events "
        f"(the rebuild had stored {stored:,} facts by the run's end, {still}):\n"
        f"  before: p50 {before.p50:.0f} ms, p99 {before.p99:.0f} ms, worst 10 s "
        f"{max(before.windows):.0f} ms\n"
        f"  during: p50 {during.p50:.0f} ms, p99 {during.p99:.0f} ms, worst 10 s "
        f"{max(during.windows):.0f} ms\n"
        f"  during/before: p50 x{during.p50 / before.p50:.2f}, p99 x{during.p99 / before.p99:.2f}"
    )
