"""The projection worker on real Kafka and Postgres: it stores every shared event once
(duplicates included), derives the views the pure shared view gives, rebuilds
identical rows from offset 0, and withdrawal and override expiry leave the shared
view within seconds. Prints the rebuild rate beside a plain kafka-python consumer's.

MARAC_TEST_PROJECTION_EVENTS sets the size of the published stream (default 40000).
"""

import json
import math
import os
import random
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from kafka import KafkaProducer

from deploy.local.kafka_access import client_options
from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from projections.app import BATCH_SIZE
from services.common.principals import PROJECTION_PRINCIPAL
from shared_view.kinds import fact_from_event
from shared_view.rows import agenda_row, contribution_row, reason_row, share_row
from shared_view.rules import Rules
from shared_view.schema import migrate
from shared_view.view import agenda_entry, subject_views
from shared_view.writer import NEVER
from tests.agreements import AGREED
from tests.support import plain_consumer_rate, projection_process

EVENTS = int(os.environ.get("MARAC_TEST_PROJECTION_EVENTS", "40000"))
EVENTS_PER_SUBJECT = 20
AGENCIES = {
    "police": vocab.AGENCY_KIND_POLICE,
    "social_landlord": vocab.AGENCY_KIND_SOCIAL_LANDLORD,
    "victim_support": vocab.AGENCY_KIND_VICTIM_SUPPORT,
    "ddpo": vocab.AGENCY_KIND_DDPO,
}
RECIPIENTS = [
    vocab.RECIPIENT_POLICE,
    vocab.RECIPIENT_SOCIAL_LANDLORD,
    vocab.RECIPIENT_VICTIM_SUPPORT,
    vocab.RECIPIENT_DDPO,
]
VIEW_TABLES = {  # table: its key columns, for a stable order
    "shared_fact": "agency_id, source_sequence",
    "case_subject": "agency_id, case_reference",
    "contribution": "subject_key, agency_id, case_reference",
    "recipient_view": "subject_key, recipient, agency_id, case_reference",
    "marac_agenda": "subject_key",
    "marac_reason": "subject_key, rule",
}
GROUNDS = [
    pb.MARAC_REFERRAL_GROUND_PROFESSIONAL_JUDGEMENT,
    pb.MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK,
    pb.MARAC_REFERRAL_GROUND_ESCALATION,
]
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def timestamp(at: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(at)
    return stamp


def scope(recipient: int, purpose: int) -> pb.ConsentScope:
    return pb.ConsentScope(recipient=recipient, purpose=purpose)


class Agency:
    """One agency's relay: events in source order, numbered 1, 2, ..."""

    def __init__(self, name: str):
        self.name, self.kind, self.events = name, AGENCIES[name], []

    def publish(self, subject: str, occurred_at: datetime, **payload) -> pb.CaseEvent:
        event = pb.CaseEvent(
            event_id=f"{self.name}-{len(self.events) + 1}",
            agency=self.kind,
            agency_id=f"{self.name}-1",
            subject_key=subject,
            case_reference=f"{self.name[0].upper()}-{subject[:10]}",
            source_sequence=len(self.events) + 1,
            schema_version=1,
            **payload,
        )
        event.occurred_at.FromDatetime(occurred_at)
        event.recorded_at.FromDatetime(occurred_at + HOUR)
        self.events.append(event)
        return event


def case_history(agency: Agency, subject: str, anchor: datetime, rng: random.Random, n: int):
    """A case of `n` events. Every instant is 6 hours off a whole day from the anchor, so
    no override expires and no incident leaves the window while a test runs."""

    def day(days_ago: int) -> datetime:
        return anchor - days_ago * DAY - 6 * HOUR

    start = rng.randrange(30, 420)
    agency.publish(subject, day(start), case_opened=pb.CaseOpened())
    scopes = [scope(r, vocab.PURPOSE_RISK_ASSESSMENT) for r in RECIPIENTS if rng.random() < 0.5]
    if rng.random() < 0.7:
        scopes.append(scope(vocab.RECIPIENT_MARAC_PANEL, vocab.PURPOSE_MARAC_DISCUSSION))
    refused = [vocab.RECIPIENT_POLICE] if agency.name == "ddpo" and rng.random() < 0.5 else []
    agency.publish(
        subject,
        day(start),
        consent_recorded=pb.ConsentRecorded(scopes=scopes, refused_recipients=refused),
    )
    for _ in range(n - 2):
        at = day(rng.randrange(0, start + 1))
        roll = rng.random()
        if roll < 0.55:
            agency.publish(
                subject,
                at,
                incident_reported=pb.IncidentReported(
                    incident_id=f"i{rng.getrandbits(32)}",
                    strands=rng.sample(range(1, 10), rng.choice([0, 1, 1, 2])),
                    classification=rng.choice([1, 2, 3]),
                    postcode_district="L4",
                    category="anti_social_behaviour",
                ),
            )
        elif roll < 0.7:
            agency.publish(
                subject, at, risk_assessed=pb.RiskAssessed(level=rng.choice([1, 2, 3]), tool="DASH")
            )
        elif roll < 0.78:
            agency.publish(
                subject,
                at,
                support_changed=pb.SupportChanged(
                    area=rng.randrange(1, 9), open=rng.random() < 0.7
                ),
            )
        elif roll < 0.84:
            agency.publish(
                subject,
                at,
                action_changed=pb.ActionChanged(
                    action_id=f"a{rng.randrange(3)}",
                    type=rng.randrange(1, 10),
                    open=rng.random() < 0.7,
                    due_at=timestamp(day(-rng.randrange(1, 30))),
                ),
            )
        elif roll < 0.9:
            override = pb.OverrideRecorded(
                override_id=f"o{rng.getrandbits(32)}",
                basis=vocab.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK,
                scopes=[scope(rng.choice(RECIPIENTS), vocab.PURPOSE_RISK_ASSESSMENT)],
                authoriser_role="safeguarding lead",
            )
            override.expires_at.FromDatetime(day(rng.choice([-3, -30, 2, 40])))
            agency.publish(subject, at, override_recorded=override)
        elif roll < 0.94:
            agency.publish(
                subject,
                at,
                consent_recorded=pb.ConsentRecorded(
                    scopes=[] if rng.random() < 0.5 else scopes,
                    change=pb.CONSENT_CHANGE_WITHDRAWN,
                ),
            )
        elif roll < 0.97:
            agency.publish(
                subject,
                at,
                marac_referral_made=pb.MaracReferralMade(ground=rng.choice(GROUNDS)),
            )
        else:  # within the retention period: every fact stays in the read model
            closed_at = max(at, day(Rules().retention_days - 30))
            agency.publish(subject, closed_at, case_closed=pb.CaseClosed(outcome=1))


def shared_events(total: int, anchor: datetime, rng: random.Random) -> dict[str, list]:
    """Per topic (each agency's and the meeting service's), the events in source order."""
    agencies = {name: Agency(name) for name in AGENCIES}
    meetings: list[pb.CaseEvent] = []
    subjects = max(1, total // EVENTS_PER_SUBJECT)
    for _ in range(subjects):
        subject = f"{rng.getrandbits(256):064x}"
        involved = rng.sample(list(agencies), rng.randrange(1, 5))
        for name in involved:
            case_history(agencies[name], subject, anchor, rng, EVENTS_PER_SUBJECT // len(involved))
        if rng.random() < 0.1:
            discussed = pb.CaseEvent(
                event_id=f"marac-{len(meetings) + 1}",
                agency_id="marac",
                subject_key=subject,
                source_sequence=len(meetings) + 1,
                schema_version=1,
                marac_discussed=pb.MaracDiscussed(meeting_id="m-1"),
            )
            discussed.occurred_at.FromDatetime(anchor - rng.randrange(1, 400) * DAY - 6 * HOUR)
            meetings.append(discussed)
    anonymous = agencies["ddpo"].publish("", anchor, incident_reported=pb.IncidentReported())
    assert not anonymous.subject_key
    return {**{name: a.events for name, a in agencies.items()}, "marac": meetings}


def publish(bootstrap: str, topics: dict[str, str], events, rng: random.Random) -> int:
    """Sends every event, and a twentieth of them again (an at-least-once relay)."""
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        linger_ms=20,
        batch_size=256 * 1024,
        **client_options(),
    )
    sent = 0
    for name, stream in events.items():
        for event in [*stream, *rng.sample(stream, len(stream) // 20)]:
            producer.send(
                topics[name], key=event.subject_key.encode(), value=event.SerializeToString()
            )
            sent += 1
    producer.flush(timeout=120)
    producer.close()
    return sent


def expected_rows(events, now: datetime, rules: Rules) -> dict[str, list[tuple]]:
    """The derived tables as the pure shared view gives them at `now`."""
    facts = [
        fact
        for stream in events.values()
        for event in stream
        if (fact := fact_from_event(event)) is not None
    ]
    views = subject_views(facts, now, rules, AGREED)
    eligible = [entry for v in views.values() if (entry := agenda_entry(v))]
    return {
        "contribution": sorted(
            contribution_row(v.subject_key, c) for v in views.values() for c in v.contributions
        ),
        "recipient_view": sorted(
            share_row(v.subject_key, s) for v in views.values() for s in v.shares
        ),
        "marac_agenda": sorted(agenda_row(e) for e in eligible),
        "marac_reason": sorted(reason_row(e.subject_key, r) for e in eligible for r in e.reasons),
        "valid_until": sorted((v.subject_key, v.valid_until or NEVER) for v in views.values()),
    }


def table_rows(dsn: str) -> dict[str, list[tuple]]:
    with psycopg.connect(dsn) as conn:
        found = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY {key}").fetchall()
            for table, key in VIEW_TABLES.items()
        }
        found["valid_until"] = conn.execute(
            "SELECT subject_key, due FROM subject_refresh ORDER BY subject_key"
        ).fetchall()
    return found


def settled(dsn: str, facts: int) -> bool:
    """All facts stored and no subject left to recompute."""
    with psycopg.connect(dsn) as conn:
        stored = conn.execute("SELECT count(*) FROM shared_fact").fetchone()[0]
        due = conn.execute("SELECT count(*) FROM subject_refresh WHERE due <= now()").fetchone()[0]
    return stored == facts and due == 0


def worker(env: dict[str, str], log_path: Path, grant_kafka):
    """`python -m projections` as the projection principal, allowed to read its
    topics and join its group."""
    return projection_process(
        ["-m", "projections"],
        PROJECTION_PRINCIPAL,
        env["MARAC_CASE_TOPICS"],
        env["MARAC_PROJECTION_ID"],
        env,
        log_path,
        grant_kafka,
    )


def wait_for(check, process: subprocess.Popen, log_path: Path, timeout: float = 300) -> float:
    """Seconds until check() holds."""
    started = time.monotonic()
    while time.monotonic() < started + timeout:
        assert process.poll() is None, f"worker exited: {log_path.read_text()[-3000:]}"
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    pytest.fail(f"read model not settled in {timeout}s: {log_path.read_text()[-3000:]}")


def batches_after(log_path: Path, after: float) -> list[tuple[float, int]]:
    """When (epoch seconds) the worker logged each batch after `after`, and its records."""
    found = []
    for line in log_path.read_text().splitlines():
        if '"batch projected"' in line:
            entry = json.loads(line)
            at = datetime.strptime(entry["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
            if at.timestamp() >= after - 0.001:
                found.append((at.timestamp(), entry["records"]))
    assert found, "no batch logged"
    return found


@pytest.fixture
def published(create_topics, create_shared_view, kafka_bootstrap, request):
    """Fresh topics holding a published stream with duplicates, and an empty shared view."""
    name = request.node.name.removeprefix("test_")[:16]
    rng = random.Random(name)
    anchor = datetime.now(UTC).replace(second=0, microsecond=0)
    events = shared_events(EVENTS, anchor, rng)
    topics = dict(
        zip(events, create_topics(*(f"{name}.case-events.{t}" for t in events)), strict=True)
    )
    sent = publish(kafka_bootstrap, topics, events, rng)
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_CASE_TOPICS": ",".join(topics.values()),
        "MARAC_READMODEL_DSN": create_shared_view(name),
    }
    facts = sum(1 for stream in events.values() for e in stream if e.subject_key)
    return env, events, sent, facts


def test_the_read_model_is_the_domains_view_and_a_replay_rebuilds_it_row_by_row(
    published, tmp_path, kafka_bootstrap, grant_kafka
):
    env, events, sent, facts = published
    dsn = env["MARAC_READMODEL_DSN"]
    log_path = tmp_path / "projection.log"
    group = f"{tmp_path.name}-projection"
    with worker({**env, "MARAC_PROJECTION_ID": f"{group}-1"}, log_path, grant_kafka) as process:
        wait_for(lambda: settled(dsn, facts), process, log_path)
    assert process.returncode == 0, "a clean stop on SIGTERM"
    live = table_rows(dsn)
    assert len(live["shared_fact"]) == facts
    expected = expected_rows(events, datetime.now(UTC), Rules())
    assert {table: sorted(live[table]) for table in expected} == expected

    with psycopg.connect(dsn, autocommit=True) as conn:  # an empty shared view again
        conn.execute(f"DROP TABLE {', '.join(VIEW_TABLES)}, subject_refresh, schema_migration")
    migrate(dsn)
    started = time.time()
    with worker({**env, "MARAC_PROJECTION_ID": f"{group}-2"}, log_path, grant_kafka) as process:
        wait_for(lambda: settled(dsn, facts), process, log_path)
        rebuilt_at = time.time()
    assert table_rows(dsn) == live
    batches = batches_after(log_path, started)
    # Behind, each batch is filled before it is written (one transaction, not several):
    # short only where its partitions held no more.
    partitions = 3 * len(env["MARAC_CASE_TOPICS"].split(","))
    assert len(batches) <= math.ceil(sent / BATCH_SIZE) + partitions, batches
    seconds = rebuilt_at - batches[0][0]
    plain = plain_consumer_rate(
        kafka_bootstrap, env["MARAC_CASE_TOPICS"].split(","), 120, **client_options()
    )
    rate = sent / seconds
    print(
        f"\nrebuilt {sent} records ({facts} facts, {len(live['contribution'])} contributions)"
        f" in {seconds:.2f}s: {rate:.0f} records/s; plain kafka-python read+decode"
        f" {plain:.0f} records/s; ratio {rate / plain:.2f}"
    )


def test_a_killed_worker_resumes_without_losing_or_doubling_a_fact(
    published, tmp_path, grant_kafka
):
    env, _, _, facts = published
    dsn = env["MARAC_READMODEL_DSN"]
    log_path = tmp_path / "projection.log"
    env = {
        **env,
        "MARAC_PROJECTION_ID": f"{tmp_path.name}-projection",
        "MARAC_STATE_DIR": str(tmp_path / "state"),
        # The killed member holds its partitions until its session times out.
        "MARAC_FAUST_BROKER_SESSION_TIMEOUT": "10",
    }
    with worker(env, log_path, grant_kafka) as process:
        wait_for(lambda: stored(dsn) > 0, process, log_path)
        process.kill()
        process.wait(timeout=10)
    assert 0 < stored(dsn) < facts, "the kill should land mid-stream"
    with worker(
        env, log_path, grant_kafka
    ) as process:  # the same consumer group resumes from its commits
        wait_for(lambda: settled(dsn, facts), process, log_path)
    assert stored(dsn) == facts


def stored(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT count(*) FROM shared_fact").fetchone()[0]


# Of the incident's place only its postcode district is kept ("ZZ9": the MARAC area's).
CANARIES = ["canary-category", "canary-authoriser", "canary-incident-7", "canary-event"]


def test_withdrawal_and_expiry_leave_the_read_model_within_seconds_and_only_minimised_fields_stay(
    create_topics, create_shared_view, kafka_bootstrap, tmp_path, grant_kafka
):
    (topic,) = create_topics("live.case-events.ddpo", partitions=1)
    dsn = create_shared_view("live")
    ddpo = Agency("ddpo")
    subject = "c" * 64
    now = datetime.now(UTC)
    ddpo.publish(subject, now - DAY, case_opened=pb.CaseOpened())
    incident = ddpo.publish(
        subject,
        now - DAY,
        incident_reported=pb.IncidentReported(
            incident_id="canary-incident-7", strands=[vocab.STRAND_DISABILITY],
            postcode_district="ZZ9", category="canary-category",
        ),
    )  # fmt: skip
    incident.event_id = "canary-event"
    ddpo.publish(
        subject,
        now - DAY,
        consent_recorded=pb.ConsentRecorded(
            scopes=[scope(vocab.RECIPIENT_MARAC_PANEL, vocab.PURPOSE_MARAC_DISCUSSION)],
            refused_recipients=[vocab.RECIPIENT_POLICE],
        ),
    )
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", **client_options())

    def send(event: pb.CaseEvent) -> None:
        producer.send(topic, key=event.subject_key.encode(), value=event.SerializeToString())
        producer.flush()

    for event in ddpo.events:
        send(event)

    def recipients() -> set[int]:
        with psycopg.connect(dsn) as conn:
            rows = conn.execute("SELECT recipient FROM recipient_view").fetchall()
        return {row[0] for row in rows}

    log_path = tmp_path / "projection.log"
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_CASE_TOPICS": topic,
        "MARAC_READMODEL_DSN": dsn,
        "MARAC_PROJECTION_ID": f"{tmp_path.name}-live",
        "MARAC_STATE_DIR": str(tmp_path / "state"),
    }
    with worker(env, log_path, grant_kafka) as process:
        wait_for(lambda: recipients() == {vocab.RECIPIENT_MARAC_PANEL}, process, log_path, 60)
        # The override's 8 s run from now, the worker projecting (its start under load
        # can take longer than that).
        expires = datetime.now(UTC) + timedelta(seconds=8)
        override = pb.OverrideRecorded(
            override_id="o-1", basis=vocab.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK,
            scopes=[scope(vocab.RECIPIENT_POLICE, vocab.PURPOSE_RISK_ASSESSMENT)],
            authoriser_role="canary-authoriser",
        )  # fmt: skip
        override.expires_at.FromDatetime(expires)
        send(ddpo.publish(subject, datetime.now(UTC), override_recorded=override))
        wait_for(
            lambda: recipients() == {vocab.RECIPIENT_POLICE, vocab.RECIPIENT_MARAC_PANEL},
            process,
            log_path,
            timeout=10,
        )
        send(ddpo.publish(subject, datetime.now(UTC), consent_recorded=pb.ConsentRecorded()))
        withdrawn_in = wait_for(
            lambda: recipients() == {vocab.RECIPIENT_POLICE}, process, log_path, timeout=10
        )
        time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()))
        expired_in = wait_for(lambda: recipients() == set(), process, log_path, timeout=10)
    print(f"\nwithdrawal left the view in {withdrawn_in:.2f}s, expiry in {expired_in:.2f}s")
    assert withdrawn_in < 5 and expired_in < 3

    with psycopg.connect(dsn) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT quote_ident(table_name) FROM information_schema.tables"
            " WHERE table_schema = 'public'"
        )]  # fmt: skip
        stored_text = "\n".join(
            str(row[0]) for t in tables for row in conn.execute(f"SELECT t::text FROM {t} t")
        )
    assert subject in stored_text  # the scan reads what was stored
    for canary in CANARIES:
        assert canary not in stored_text, f"{canary!r} stored in the read model"
