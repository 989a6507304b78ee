"""Rebuild benchmark: the risk projection replays the agencies' topics of shared
events from offset 0 into an empty read model, beside a plain kafka-python
consumer that reads and decodes the same topics, in the same run; at 100,000 events for 10,000
subjects and at 1,000,000 for 100,000 (MARAC_BENCH_REBUILD_SIZES changes them).
For each it prints both rates, how many times each subject's view was computed,
the deadlocks Postgres counted, and the read model's size with its live and dead
rows. Target: at 1,000,000 events, at least 0.40 of the plain consumer and no
worse than at 100,000; no deadlocks.

    deploy/local/test.sh tests/benchmarks/test_rebuild.py -s
"""

import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from deploy.local.kafka_access import client_options, joins, reads
from deploy.local.stack import LOCAL, REPO
from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from services.common.principals import PROJECTION_PRINCIPAL
from tests.support import tls_env

SIZES = [int(n) for n in os.environ.get("MARAC_BENCH_REBUILD_SIZES", "100000,1000000").split(",")]
EVENTS_PER_SUBJECT = 10
AGENCIES = [
    (vocab.AGENCY_KIND_POLICE, "bench-police"),
    (vocab.AGENCY_KIND_SOCIAL_LANDLORD, "bench-landlord"),
    (vocab.AGENCY_KIND_VICTIM_SUPPORT, "bench-victim-support"),
    (vocab.AGENCY_KIND_DDPO, "bench-ddpo"),
]
PANEL = pb.ConsentScope(
    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
)


def shared_events(count: int):
    """A realistic mix: each case opens with consent, then incidents and assessments."""
    subjects = count // EVENTS_PER_SUBJECT
    rng = random.Random(7)
    sequence = {agency_id: 0 for _, agency_id in AGENCIES}
    opened: set[tuple[str, int]] = set()
    start = time.time() - 300 * 86400
    for n in range(count):
        kind, agency_id = AGENCIES[n % len(AGENCIES)]
        subject = rng.randrange(subjects)
        key = uuid.uuid5(uuid.NAMESPACE_OID, str(subject)).hex * 2
        case = (agency_id, subject)
        sequence[agency_id] += 1
        envelope = pb.CaseEvent(
            event_id=str(uuid.uuid4()), agency=kind, agency_id=agency_id, subject_key=key,
            case_reference=f"{agency_id}-{subject}", source_sequence=sequence[agency_id],
            schema_version=1,
        )  # fmt: skip
        moment = timestamp_at(start + n * 120)
        envelope.occurred_at.CopyFrom(moment)
        envelope.recorded_at.CopyFrom(moment)
        if case not in opened:
            opened.add(case)
            envelope.consent_recorded.CopyFrom(
                pb.ConsentRecorded(scopes=[PANEL], change=pb.CONSENT_CHANGE_GIVEN)
            )
        elif rng.random() < 0.8:
            envelope.incident_reported.CopyFrom(
                pb.IncidentReported(
                    incident_id=str(uuid.uuid4()), strands=[vocab.STRAND_DISABILITY],
                    classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
                    perceived_by=[vocab.PERCEIVER_VICTIM], postcode_district="L4",
                    source=vocab.REPORT_SOURCE_VICTIM,
                )
            )  # fmt: skip
        else:
            envelope.risk_assessed.CopyFrom(
                pb.RiskAssessed(level=rng.choice([1, 2, 3]), tool="professional_judgement")
            )
        yield kind, key.encode(), envelope.SerializeToString()


def timestamp_at(seconds: float):
    return timestamp(datetime.fromtimestamp(seconds, UTC))


def fill_topics(topics: dict[int, str], bootstrap: str, events: int) -> None:
    """Each agency's events onto its own topic, as its relay would."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=20,
                             batch_size=256 * 1024, **client_options())  # fmt: skip
    for n, (kind, key, value) in enumerate(shared_events(events), start=1):
        producer.send(topics[kind], key=key, value=value)
        if n % 100_000 == 0:
            print(f"  produced {n}/{events}", flush=True)
    producer.flush()
    producer.close()


def plain_consumer_rate(topics: list[str], bootstrap: str, events: int) -> float:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                             max_poll_records=5000, **client_options())  # fmt: skip
    partitions = [
        TopicPartition(topic, p) for topic in topics for p in consumer.partitions_for_topic(topic)
    ]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    started = time.perf_counter()
    decoded = 0
    while decoded < events:
        for batch in consumer.poll(timeout_ms=1000).values():
            for record in batch:
                pb.CaseEvent.FromString(record.value)
                decoded += 1
    elapsed = time.perf_counter() - started
    consumer.close()
    return decoded / elapsed


def progress(conninfo: str) -> tuple[int, int]:
    """Facts stored, and subjects whose view still waits to be recomputed."""
    with psycopg.connect(conninfo) as conn:
        stored = conn.execute("SELECT count(*) FROM shared_fact").fetchone()[0]
        due = conn.execute("SELECT count(*) FROM subject_refresh WHERE due <= now()")
        return stored, due.fetchone()[0]


def projection_rate(
    topics: list[str], bootstrap: str, conninfo: str, events: int, grant_kafka
) -> tuple[float, int]:
    """Events/s from the first fact stored until every view is rebuilt, into an empty
    shared view; and how many views were computed."""
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
        "MARAC_STATE_DIR": str(LOCAL / "state" / group),
    }
    log = (LOCAL / "log" / f"{group}.log").open("wb")
    worker = subprocess.Popen([sys.executable, "-m", "projections"], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        started = None
        reported = 0
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            assert worker.poll() is None, f"projection exited; see {log.name}"
            stored, due = progress(conninfo)
            if started is None and stored > 0:
                started, first = time.perf_counter(), stored
            if stored >= reported + 100_000:
                reported = stored - stored % 100_000
                print(f"  projection stored {reported}/{events}", flush=True)
            if stored >= events and due == 0:
                rate = (stored - first) / (time.perf_counter() - started)
                return rate, views_computed(Path(log.name))
            time.sleep(0.2)
        raise AssertionError("the projection did not rebuild the read model in 15 minutes")
    finally:
        worker.terminate()
        worker.wait(30)
        log.close()


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
    created = create_topics(*(f"rebuild{events}.case-events.{name}" for name in names))
    topics = dict(zip((kind for kind, _ in AGENCIES), created, strict=True))
    fill_topics(topics, kafka_bootstrap, events)
    plain = plain_consumer_rate(created, kafka_bootstrap, events)
    read_model = create_shared_view(f"bench_rebuild_{events}")
    deadlocks_before = deadlocks(read_model)
    rebuilt, computed = projection_rate(created, kafka_bootstrap, read_model, events, grant_kafka)
    found = deadlocks(read_model) - deadlocks_before
    time.sleep(2)  # the statistics collector catches up
    size, tables = read_model_size(read_model)
    subjects = tables["subject_refresh"][0] or 1
    rows = ", ".join(f"{name} {live}/{dead}" for name, (live, dead) in tables.items())
    print(
        f"\nrebuild: {events} shared events, {events // EVENTS_PER_SUBJECT} subjects, 4 agencies\n"
        f"  risk projection from offset 0 until every view is rebuilt: {rebuilt:8.0f} events/s\n"
        f"  plain kafka-python consume + decode: {plain:8.0f} events/s\n"
        f"  ratio: {rebuilt / plain:.2f} (target >= 0.40, and no worse at 1M than at 100k)\n"
        f"  views computed per subject: {computed / subjects:.2f}\n"
        f"  deadlocks: {found}\n"
        f"  read model: {size / 2**20:.0f} MiB; live/dead rows: {rows}"
    )
