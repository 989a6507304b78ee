"""Rebuild benchmark: the risk projection replays the agencies' topics of shared
events from offset 0 into an empty read model, beside a plain kafka-python
consumer that reads and decodes the same topics, in the same run; at 100,000 events for 10,000
subjects and at 1,000,000 for 100,000 (MARAC_BENCH_REBUILD_SIZES changes them), with one
worker and with two in one consumer group (MARAC_BENCH_REBUILD_WORKERS, "1,2"), each into
an empty read model of its own. The topics have the local stack's partitions.
For each it prints the rates, how many times each subject's view was computed,
the deadlocks Postgres counted, and the read model's size with its live and dead
rows. Target: at 1,000,000 events, at least 0.40 of the plain consumer and no
worse than at 100,000; no deadlocks.

    deploy/local/test.sh tests/benchmarks/test_rebuild.py -s
"""

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from deploy.local.kafka_access import client_options, joins, reads
from deploy.local.spawning import spawn
from deploy.local.stack import LOCAL, REPO, TOPIC_PARTITIONS
from marac.v1 import vocabulary_pb2 as vocab
from services.common.principals import PROJECTION_PRINCIPAL
from tests.benchmarks.shared_events import (
    AGENCIES,
    EVENTS_PER_SUBJECT,
    fill_topics,
    read_model_progress,
)
from tests.support import plain_consumer_rate, tls_env

pytestmark = pytest.mark.benchmark

SIZES = [int(n) for n in os.environ.get("MARAC_BENCH_REBUILD_SIZES", "100000,1000000").split(",")]
# Risk-projection workers in one consumer group, one rebuild each (as the local stack's
# MARAC_PROJECTION_WORKERS).
WORKERS = [int(n) for n in os.environ.get("MARAC_BENCH_REBUILD_WORKERS", "1,2").split(",")]
# The plain consumer the rebuilds are measured against (its wait bounds a broken run,
# it is no target), as the operator.
PLAIN_CONSUMER = {"wait_seconds": 600, "max_poll_records": 5000, **client_options()}


@contextmanager
def replaying(
    topics: list[str], bootstrap: str, conninfo: str, grant_kafka, workers: int = 1
) -> Iterator[list[tuple[subprocess.Popen, Path]]]:
    """`workers` risk-projection workers of a consumer group of their own, replaying
    `topics` from offset 0 into the shared view at `conninfo`; each with its log."""
    group = f"bench-rebuild-{uuid.uuid4().hex[:8].upper()}"
    grant_kafka(
        *(reads(PROJECTION_PRINCIPAL, topic) for topic in topics),
        joins(PROJECTION_PRINCIPAL, group),
    )
    env = {
        **os.environ,
        **tls_env(PROJECTION_PRINCIPAL),
        "MARAC_KAFKA_BOOTSTRAP": bootstrap,
        "MARAC_CASE_TOPICS": ",".join(topics),
        "MARAC_PROJECTION_ID": group,
        "MARAC_READMODEL_DSN": conninfo,
    }
    running = []
    try:
        for n in range(1, workers + 1):
            log = LOCAL / "log" / f"{group}-{n}.log"
            worker_env = {
                **env,
                "MARAC_PROJECTION_INSTANCE": f"{group}-{n}",
                "MARAC_STATE_DIR": str(LOCAL / "state" / group / str(n)),
            }
            with log.open("wb") as out:
                running.append((
                    spawn([sys.executable, "-m", "projections"], cwd=REPO,
                          env=worker_env, stdout=out, stderr=subprocess.STDOUT),
                    log,
                ))  # fmt: skip
        yield running
    finally:
        for worker, _ in running:
            worker.terminate()
        for worker, _ in running:
            worker.wait(30)


def projection_rate(
    topics: list[str], bootstrap: str, conninfo: str, events: int, grant_kafka, workers: int
) -> tuple[float, float, int]:
    """Events/s from the first fact stored until every view is rebuilt, into an empty
    shared view, by `workers` workers in one consumer group; events/s until the last
    fact was stored; and how many views they computed."""
    with replaying(topics, bootstrap, conninfo, grant_kafka, workers) as running:
        started = all_stored = None
        reported = 0
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            for worker, log in running:
                assert worker.poll() is None, f"projection exited; see {log}"
            stored, due = read_model_progress(conninfo)
            if started is None and stored > 0:
                started, first = time.perf_counter(), stored
            if stored >= reported + 100_000:
                reported = stored - stored % 100_000
                print(f"  projection stored {reported}/{events}", flush=True)
            if stored >= events and all_stored is None:
                all_stored = time.perf_counter()
            if stored >= events and due == 0:
                done = time.perf_counter()
                rate = (stored - first) / (done - started)
                storing = (stored - first) / (all_stored - started)
                return rate, storing, sum(views_computed(log) for _, log in running)
            time.sleep(0.2)
        raise AssertionError("the projection did not rebuild the read model in 15 minutes")


def views_computed(log: Path) -> int:
    lines = (json.loads(line) for line in log.read_text().splitlines() if line.startswith("{"))
    return sum(line.get("subjects", 0) for line in lines if line.get("event") == "views refreshed")


def deadlocks(conninfo: str) -> int:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()[0]


def read_model_size(conninfo: str) -> tuple[int, dict[str, tuple[int, int]]]:
    """The database's bytes, and each table's live and dead rows."""
    with psycopg.connect(conninfo) as conn:
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        tables = conn.execute(
            "SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables ORDER BY relname"
        ).fetchall()
    return size, {name: (live, dead) for name, live, dead in tables}


@pytest.mark.parametrize("events", SIZES, ids=lambda n: f"{n // 1000}k")
def test_rebuild_rate_against_a_plain_consumer(
    events, create_topics, kafka_bootstrap, create_shared_view, grant_kafka
):
    names = [
        vocab.AgencyKind.Name(kind).removeprefix("AGENCY_KIND_").lower() for kind, _ in AGENCIES
    ]
    created = create_topics(
        *(f"rebuild{events}.case-events.{name}" for name in names), partitions=TOPIC_PARTITIONS
    )
    topics = dict(zip((kind for kind, _ in AGENCIES), created, strict=True))
    fill_topics(topics, kafka_bootstrap, events)
    plain = plain_consumer_rate(kafka_bootstrap, created, **PLAIN_CONSUMER)
    print(
        f"\nrebuild: {events} shared events, {events // EVENTS_PER_SUBJECT} subjects, 4 agencies,"
        f" {TOPIC_PARTITIONS} partitions a topic\n"
        f"  plain kafka-python consume + decode: {plain:8.0f} events/s"
    )
    for workers in WORKERS:
        read_model = create_shared_view(f"bench_rebuild_{events}_{workers}")
        deadlocks_before = deadlocks(read_model)
        rebuilt, storing, computed = projection_rate(
            created, kafka_bootstrap, read_model, events, grant_kafka, workers
        )
        found = deadlocks(read_model) - deadlocks_before
        time.sleep(2)  # the statistics collector catches up
        size, tables = read_model_size(read_model)
        subjects = tables["subject_refresh"][0] or 1
        rows = ", ".join(f"{name} {live}/{dead}" for name, (live, dead) in tables.items())
        print(
            f"  {workers} worker(s), from offset 0 until every view is rebuilt:"
            f" {rebuilt:8.0f} events/s, ratio {rebuilt / plain:.2f}"
            " (target >= 0.40, and no worse at 1M than at 100k)\n"
            f"    until the last fact was stored: {storing:8.0f} events/s"
            f" ({events / storing:.0f} s), then the views still due:"
            f" {events / rebuilt - events / storing:.0f} s\n"
            f"    views computed per subject: {computed / subjects:.2f}; deadlocks: {found}\n"
            f"    read model: {size / 2**20:.0f} MiB; live/dead rows: {rows}",
            flush=True,
        )
