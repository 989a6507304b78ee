"""The audit ledger's cost: its append rate (hashing, the head taken under a lock,
redelivered records skipped, one transaction per poll batch) beside a plain INSERT
of rows of the same sizes into the same database in the same run, how long
verification takes per 100,000 entries, and whether its feed keeps up with a steady
stream on real Kafka. Run with `-s` to see the figures."""

import logging
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from google.protobuf.timestamp_pb2 import Timestamp
from kafka import KafkaProducer

from deploy.local.databases import APPENDER, drop_database, provision_database, provision_reader
from deploy.local.kafka_access import client_options
from marac.v1 import case_events_pb2, disclosure_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.audit.application import verify_store
from services.audit.checkpoints import Signer
from services.audit.columns import CASE_EVENT, DISCLOSURE
from services.audit.feed import LedgerFeed
from services.audit.ledger import Record, Source
from services.audit.store import LedgerStore, migrate
from tests.benchmarks.machine import load

ENTRIES = 100_000
BATCH = 500  # records a poll hands the feed at a time under load
SINGLES = 1_000  # records appended one per transaction (a quiet feed)
# 100 commands/s, a disclosure for every two, and the access log's entries.
STREAM_RATE = 300
STREAM_SECONDS = 20


def records(count: int, start: int = 0) -> list[Record]:
    """Two case events to each disclosure, as the freshness benchmark's commands cause."""
    found = []
    now = int(datetime.now(UTC).timestamp())
    for n in range(start, start + count):
        at = Timestamp(seconds=now + n)
        if n % 3 == 2:
            value = disclosure_pb2.Disclosure(
                disclosure_id=f"{n:032x}",
                caller=disclosure_pb2.Caller(role=2, user_id=f"usr_chair-{n % 7}", issuer="x"),
                subject_key=secrets.token_hex(32),
                contributions=[
                    disclosure_pb2.DisclosedContribution(
                        agency=vocab.AGENCY_KIND_POLICE, agency_id="local-police",
                        case_reference=f"CR/{n}/26", basis=1,
                    )
                ],
                purpose=1, disclosed_at=at, view=2,
            ).SerializeToString()  # fmt: skip
            found.append(Record(Source("bench.disclosures", n % 3, n), DISCLOSURE, value))
        else:
            value = case_events_pb2.CaseEvent(
                event_id=f"{n:032x}", agency=vocab.AGENCY_KIND_POLICE, agency_id="local-police",
                subject_key=secrets.token_hex(32), case_reference=f"CR/{n}/26",
                occurred_at=at, recorded_at=at, source_sequence=n, schema_version=1,
                incident_reported=case_events_pb2.IncidentReported(
                    incident_id=f"{n:032x}", postcode_district="L4",
                ),
            ).SerializeToString()  # fmt: skip
            found.append(Record(Source("bench.case-events.police", n % 3, n), CASE_EVENT, value))
    return found


@pytest.fixture
def ledger_db(run_id):
    name = f"t{run_id}_bench_audit"
    owner = provision_database(name, secrets.token_hex(12))
    migrate(owner.conninfo())
    with psycopg.connect(owner.conninfo(), autocommit=True) as conn:
        # The plain table: the same columns and indexes; no chain, lock or trigger.
        for table in ("plain_inserted", "plain_copied"):
            conn.execute(f"CREATE TABLE {table} (LIKE ledger_entries INCLUDING ALL)")
    appender = provision_reader(owner, secrets.token_hex(12), APPENDER)
    yield appender
    drop_database(name)


PLAIN_COLUMNS = (
    "position, topic, partition, kafka_offset, kind, value, value_sha256, agency_id, subject,"
    " case_reference, recorded_at, prev_hash, entry_hash, format, fact, source_sequence"
)


def plain_insert(conninfo: str, rows: list[Record], batch: int, copy: bool = False) -> float:
    """Rows of the same sizes written with no chain, one transaction per batch: by
    INSERT, or by COPY as the ledger writes."""
    table = "plain_copied" if copy else "plain_inserted"
    with psycopg.connect(conninfo) as conn:
        started = time.perf_counter()
        for i in range(0, len(rows), batch):
            with conn.transaction(), conn.cursor() as cursor:
                values = [
                    (
                        n,
                        r.source.topic,
                        r.source.partition,
                        r.source.offset,
                        r.kind,
                        r.value,
                        bytes(32),
                        "local-police",
                        "ab" * 32,
                        "CR/1/26",
                        datetime.now(UTC),
                        bytes(32),
                        bytes(32),
                        2,
                        r.value,
                        n,
                    )
                    for n, r in enumerate(rows[i : i + batch], start=i + 1)
                ]
                if copy:
                    with cursor.copy(f"COPY {table} ({PLAIN_COLUMNS}) FROM STDIN") as out:
                        for row in values:
                            out.write_row(row)
                else:
                    cursor.executemany(
                        f"INSERT INTO {table} ({PLAIN_COLUMNS}) VALUES"
                        " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        values,
                    )
        return time.perf_counter() - started


def test_append_rate_beside_a_plain_insert_and_verification_per_100k(ledger_db):
    rows = records(ENTRIES)
    store = LedgerStore(ledger_db.conninfo())
    print(f"\nload before: {load()}")

    started = time.perf_counter()
    for i in range(0, ENTRIES, BATCH):
        store.append(rows[i : i + BATCH])
    append_seconds = time.perf_counter() - started
    plain_rate = ENTRIES / plain_insert(ledger_db.conninfo(), rows, BATCH)
    copy_rate = ENTRIES / plain_insert(ledger_db.conninfo(), rows, BATCH, copy=True)
    append_rate = ENTRIES / append_seconds
    print(
        f"ledger append, {BATCH} per transaction: {append_rate:,.0f} entries/s;"
        f" plain INSERT of the same rows: {plain_rate:,.0f} rows/s (ratio"
        f" {append_rate / plain_rate:.2f}); plain COPY: {copy_rate:,.0f} rows/s (ratio"
        f" {append_rate / copy_rate:.2f}) (load {load()})"
    )

    started = time.perf_counter()
    store.append(rows[:BATCH])  # a redelivered batch: nothing appended
    print(f"redelivered batch of {BATCH} skipped in {time.perf_counter() - started:.3f} s")

    singles = records(SINGLES, ENTRIES)
    started = time.perf_counter()
    for record in singles:
        store.append([record])
    single_rate = SINGLES / (time.perf_counter() - started)
    print(f"ledger append, one per transaction: {single_rate:,.0f} entries/s (load {load()})")

    signer = Signer(Ed25519PrivateKey.generate())
    store.add_checkpoint(signer.sign(store.head(), datetime.now(UTC)))
    started = time.perf_counter()
    result = verify_store(store, signer.public_key)
    verify_seconds = time.perf_counter() - started
    # As the command and the RPC verify: removals checked against the retention rule
    # too (a pass over the case events' facts first).
    started = time.perf_counter()
    ruled = verify_store(store, signer.public_key, timedelta(days=365))
    ruled_seconds = time.perf_counter() - started
    store.close()
    assert result.ok and result.entries == ENTRIES + SINGLES and ruled.ok
    per_100k = verify_seconds * 100_000 / result.entries
    ruled_per_100k = ruled_seconds * 100_000 / result.entries
    print(
        f"verification: {per_100k:.2f} s per 100,000 entries; with the retention rule"
        f" {ruled_per_100k:.2f} s (ratio {ruled_per_100k / per_100k:.2f}) (load {load()})"
    )
    # 100 commands/s plus their disclosures is a few hundred records a second.
    assert append_rate > 1_000 and single_rate > 100


def test_the_feed_keeps_up_with_a_steady_stream(ledger_db, create_topics, kafka_bootstrap, run_id):
    (topic,) = create_topics("bench.audit-stream")
    rows = records(STREAM_RATE * STREAM_SECONDS)
    feed = LedgerFeed(
        lambda: LedgerStore(ledger_db.conninfo()), {topic: CASE_EVENT}, kafka_bootstrap,
        f"t{run_id}-bench-audit", client_options(), logging.getLogger("bench.audit"),
    )  # fmt: skip
    stopping = threading.Event()
    runner = threading.Thread(target=feed.run, args=(stopping,))
    runner.start()
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", **client_options())
    store = LedgerStore(ledger_db.conninfo())
    backlog = []
    try:
        started = time.monotonic()
        for i, row in enumerate(rows):
            time.sleep(max(0.0, started + i / STREAM_RATE - time.monotonic()))
            producer.send(topic, value=row.value)
            if i % STREAM_RATE == STREAM_RATE - 1:  # each second: how far behind
                producer.flush()
                backlog.append(i + 1 - store.head().count)
        producer.flush()
        sent_at = time.monotonic()
        while store.head().count < len(rows) and time.monotonic() - sent_at < 60:
            time.sleep(0.05)
        drained = time.monotonic() - sent_at
        appended = store.head().count
    finally:
        stopping.set()
        runner.join(timeout=15)
        producer.close()
        store.close()
    print(
        f"\nfeed at {STREAM_RATE} records/s for {STREAM_SECONDS} s: backlog each second"
        f" at most {max(backlog)} records (median {sorted(backlog)[len(backlog) // 2]});"
        f" all appended {drained:.2f} s after the last was sent (load {load()})"
    )
    assert appended == len(rows)
    assert max(backlog) < 2 * STREAM_RATE  # never two seconds behind
