"""The risk projection worker on real Kafka and Postgres: it projects every shared event
once (duplicates included), and a replay from offset 0 rebuilds identical rows."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from marac.v1 import case_events_pb2, vocabulary_pb2
from projections.risk_summary import RiskSummary, fact_from_event, summarise_all

REPO = Path(__file__).resolve().parents[2]
SUBJECTS = 200
EVENTS_PER_SUBJECT_AND_AGENCY = 40
AGENCIES = {
    "police": vocabulary_pb2.AGENCY_KIND_POLICE,
    "landlord": vocabulary_pb2.AGENCY_KIND_SOCIAL_LANDLORD,
}
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def conninfo(db: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in db.items())


def shared_events(rng: random.Random) -> dict[str, list[case_events_pb2.CaseEvent]]:
    """Per agency, the events its relay would publish, in source order."""
    subjects = [f"{rng.getrandbits(256):064x}" for _ in range(SUBJECTS)]
    published = {}
    for name, kind in AGENCIES.items():
        events = []
        for subject in subjects:
            for n in range(EVENTS_PER_SUBJECT_AND_AGENCY):
                payload = (
                    {"case_opened": case_events_pb2.CaseOpened()}
                    if n == 0
                    else {
                        "risk_assessed": case_events_pb2.RiskAssessed(
                            level=rng.choice([1, 2, 3]), tool="DASH"
                        )
                    }
                    if rng.random() < 0.2
                    else {
                        "incident_reported": case_events_pb2.IncidentReported(
                            incident_id=f"i{n}", strands=[vocabulary_pb2.STRAND_RACE]
                        )
                    }
                )
                event = case_events_pb2.CaseEvent(
                    event_id=f"{name}-{len(events) + 1}",
                    agency=kind,
                    agency_id=f"{name}-1",
                    subject_key=subject,
                    case_reference=f"{name.upper()}-{subject[:6]}",
                    source_sequence=len(events) + 1,
                    schema_version=1,
                    **payload,
                )
                event.occurred_at.FromDatetime(T0 + timedelta(hours=rng.randrange(24 * 400)))
                event.recorded_at.FromDatetime(T0 + timedelta(days=500))
                events.append(event)
        anonymous = case_events_pb2.CaseEvent(
            event_id=f"{name}-anon",
            agency=kind,
            agency_id=f"{name}-1",
            subject_key="",
            source_sequence=len(events) + 1,
            schema_version=1,
            incident_reported=case_events_pb2.IncidentReported(incident_id="anon"),
        )
        published[name] = [*events, anonymous]
    return published


def publish(bootstrap: str, topics: dict[str, str], events, rng: random.Random) -> int:
    """Sends every event, and a tenth of them a second time (an at-least-once relay)."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20)
    sent = 0
    for name, agency_events in events.items():
        for event in [*agency_events, *rng.sample(agency_events, len(agency_events) // 10)]:
            producer.send(
                topics[name], key=event.subject_key.encode(), value=event.SerializeToString()
            )
            sent += 1
    producer.flush(timeout=60)
    producer.close()
    return sent


@contextmanager
def worker(env: dict[str, str], log_path: Path):
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "projections"],
            cwd=REPO,
            stdout=log,
            stderr=log,
            env={**os.environ, **env},
        )
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            print("worker exit code", process.returncode)


def wait_for(check, process: subprocess.Popen, log_path: Path, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"worker exited: {log_path.read_text()[-3000:]}"
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"read model not complete in {timeout}s: {log_path.read_text()[-3000:]}")


def rows(dsn: str) -> dict[str, list[tuple]]:
    with psycopg.connect(dsn) as conn:
        return {
            "risk_fact": conn.execute(
                "SELECT * FROM risk_fact ORDER BY agency_id, source_sequence"
            ).fetchall(),
            "subject_summary": conn.execute(
                "SELECT * FROM subject_summary ORDER BY subject_key"
            ).fetchall(),
        }


def summaries(dsn: str) -> dict[str, RiskSummary]:
    try:
        with psycopg.connect(dsn) as conn:
            found = conn.execute("SELECT * FROM subject_summary").fetchall()
    except psycopg.errors.UndefinedTable:
        return {}
    return {row[0]: RiskSummary(row[0], tuple(row[1]), *row[2:]) for row in found}


def throughput(log_path: Path) -> tuple[int, float]:
    """Records and seconds from the first to the last batch the worker logged."""
    batches = [
        json.loads(line) for line in log_path.read_text().splitlines() if "batch projected" in line
    ]
    stamps = [datetime.strptime(b["ts"], "%Y-%m-%dT%H:%M:%S.%fZ") for b in batches]
    records = sum(b["records"] for b in batches[1:])  # the first batch ends the clock's start
    return records, (stamps[-1] - stamps[0]).total_seconds()


def uncommitted(bootstrap: str, group: str, topics: list[str]) -> int:
    """Records on the topics past the group's committed offsets."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        partitions = [
            TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t)
        ]
        ends = consumer.end_offsets(partitions)
        return sum(ends[tp] - (consumer.committed(tp) or 0) for tp in partitions)
    finally:
        consumer.close()


def fact_count(dsn: str) -> int:
    try:
        with psycopg.connect(dsn) as conn:
            return conn.execute("SELECT count(*) FROM risk_fact").fetchone()[0]
    except psycopg.errors.UndefinedTable:
        return 0


@pytest.fixture
def published(create_topics, create_database, kafka_bootstrap, request):
    """Fresh topics holding a published stream with duplicates, and an empty database."""
    name = request.node.name.removeprefix("test_")[:16]
    rng = random.Random(name)
    police_topic, landlord_topic = create_topics(f"police-{name}", f"landlord-{name}")
    dsn = conninfo(create_database(name))
    events = shared_events(rng)
    topics = {"police": police_topic, "landlord": landlord_topic}
    sent = publish(kafka_bootstrap, topics, events, rng)
    expected = summarise_all(
        fact
        for agency_events in events.values()
        for e in agency_events
        if (fact := fact_from_event(e)) is not None
    )
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_CASE_TOPICS": f"{police_topic},{landlord_topic}",
        "MARAC_READMODEL_DSN": dsn,
    }
    facts = sum(len(e) - 1 for e in events.values())  # the anonymous reports are no facts
    return env, dsn, expected, sent, facts


def test_projection_is_idempotent_and_replays_to_identical_rows(published, tmp_path):
    env, dsn, expected, sent, facts = published
    log_path = tmp_path / "projection.log"
    group = env["MARAC_CASE_TOPICS"].replace(",", "-")

    first_run = {
        **env,
        "MARAC_PROJECTION_ID": f"{group}-1",
        "MARAC_STATE_DIR": str(tmp_path / "state-1"),
    }
    with worker(first_run, log_path) as process:
        wait_for(lambda: summaries(dsn) == expected, process, log_path)
    assert process.returncode == 0  # a clean stop on SIGTERM
    topics = env["MARAC_CASE_TOPICS"].split(",")
    assert uncommitted(env["MARAC_KAFKA_BOOTSTRAP"], f"{group}-1", topics) == 0
    first = rows(dsn)
    records, seconds = throughput(log_path)
    print(
        f"\nprojected {sent} records ({len(first['risk_fact'])} facts, "
        f"{len(first['subject_summary'])} subjects); steady rate "
        f"{records / seconds:.0f} records/s over {seconds:.2f}s"
    )
    assert len(first["risk_fact"]) == facts
    assert len(first["subject_summary"]) == SUBJECTS

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE risk_fact, subject_summary")
    replay = {  # a new consumer group starts from offset 0
        **env,
        "MARAC_PROJECTION_ID": f"{group}-2",
        "MARAC_STATE_DIR": str(tmp_path / "state-2"),
    }
    with worker(replay, log_path) as process:
        wait_for(lambda: summaries(dsn) == expected, process, log_path)
    assert rows(dsn) == first


def test_a_killed_worker_resumes_without_losing_or_doubling_a_fact(published, tmp_path):
    env, dsn, expected, _, facts = published
    log_path = tmp_path / "projection.log"
    env = {
        **env,
        "MARAC_PROJECTION_ID": env["MARAC_CASE_TOPICS"].replace(",", "-"),
        "MARAC_STATE_DIR": str(tmp_path / "state"),
        # The killed member holds its partitions until its session times out.
        "MARAC_FAUST_BROKER_SESSION_TIMEOUT": "10",
    }

    with worker(env, log_path) as process:
        wait_for(lambda: fact_count(dsn) > 0, process, log_path)
        process.kill()
        process.wait(timeout=10)
    assert 0 < fact_count(dsn) < facts, "the kill should land mid-stream"
    with worker(env, log_path) as process:  # the same consumer group resumes from its commits
        wait_for(lambda: summaries(dsn) == expected, process, log_path)
    assert fact_count(dsn) == facts
