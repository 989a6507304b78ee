"""Figures rebuild benchmark: the figures projection replays the agencies' topics of
shared events (tests/benchmarks/shared_events.py) from offset 0 into an empty
figures read model, beside a plain kafka-python consumer reading and decoding the
same topics in the same run. Prints both rates and the load. Target: at least
0.50 of the plain consumer. MARAC_BENCH_FIGURES_EVENTS sets the size (default 100000).

    deploy/local/test.sh tests/benchmarks/test_figures_rebuild.py -s
"""

import json
import os
import time
import uuid

import psycopg
import pytest

from deploy.local.stack import LOCAL, TOPIC_PARTITIONS
from figures import store
from marac.v1 import vocabulary_pb2 as vocab
from services.common.principals import FIGURES_PROJECTION
from tests.benchmarks.machine import load
from tests.benchmarks.shared_events import AGENCIES, fill_topics
from tests.benchmarks.test_rebuild import PLAIN_CONSUMER
from tests.conftest import conninfo
from tests.support import plain_consumer_rate, projection_process

pytestmark = pytest.mark.benchmark

EVENTS = int(os.environ.get("MARAC_BENCH_FIGURES_EVENTS", "100000"))


def batches(log) -> list[tuple[float, int]]:
    """(seconds since the epoch, records) of each batch the projection stored."""
    found = []
    for line in log.read_text().splitlines():
        if line.startswith("{") and '"figures batch stored"' in line:
            entry = json.loads(line)
            at = time.mktime(time.strptime(entry["ts"][:19], "%Y-%m-%dT%H:%M:%S"))
            found.append((at + float("0." + entry["ts"][20:23]), entry["records"]))
    return found


def test_figures_rebuild_rate_against_a_plain_consumer(
    create_topics, kafka_bootstrap, create_database, grant_kafka
):
    names = [
        vocab.AgencyKind.Name(kind).removeprefix("AGENCY_KIND_").lower() for kind, _ in AGENCIES
    ]
    created = create_topics(
        *(f"figures{EVENTS}.case-events.{name}" for name in names), partitions=TOPIC_PARTITIONS
    )
    topics = dict(zip((kind for kind, _ in AGENCIES), created, strict=True))
    fill_topics(topics, kafka_bootstrap, EVENTS)
    plain = plain_consumer_rate(kafka_bootstrap, created, **PLAIN_CONSUMER)
    plain_load = load()
    dsn = conninfo(create_database(f"bench_figures_{EVENTS}"))
    store.create_tables(dsn)
    group = f"bench-figures-{uuid.uuid4().hex[:8]}"
    log = LOCAL / "log" / f"{group}.log"
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_CASE_TOPICS": ",".join(created),
        "MARAC_FIGURES_PROJECTION_ID": group,
        "MARAC_FIGURES_DSN": dsn,
        "MARAC_STATE_DIR": str(LOCAL / "state" / group),
    }
    with projection_process(
        ["-m", "figures", "project"],
        FIGURES_PROJECTION,
        env["MARAC_CASE_TOPICS"],
        group,
        env,
        log,
        grant_kafka,
    ) as worker:
        deadline = time.monotonic() + 900
        while sum(n for _, n in batches(log)) < EVENTS:
            assert worker.poll() is None, f"figures projection exited; see {log}"
            assert time.monotonic() < deadline, "not replayed in 15 minutes"
            time.sleep(0.2)
        replay_load = load()
    stored = batches(log)
    # From the end of the first batch to the end of the last: the records after it.
    rate = (EVENTS - stored[0][1]) / max(stored[-1][0] - stored[0][0], 1e-3)
    with psycopg.connect(dsn) as conn:
        kept = conn.execute("SELECT count(*) FROM figures_record").fetchone()[0]
    print(
        f"\nfigures rebuild: {EVENTS} shared events, 4 agencies, {TOPIC_PARTITIONS} partitions"
        f" a topic ({kept} counted records kept)\n"
        f"  plain kafka-python consume + decode: {plain:8.0f} events/s (load {plain_load})\n"
        f"  figures projection, offset 0 to the end: {rate:8.0f} events/s,"
        f" ratio {rate / plain:.2f} (target >= 0.50) (load {replay_load})",
        flush=True,
    )
    assert kept > 0
