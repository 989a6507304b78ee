"""The ledger's feed on real Kafka and Postgres: it appends what the topics hold,
commits its offsets only after the append, and records read again (a consumer
group that starts over, as after a crash between the append and the commit)
append nothing, nor do records of every kind published again at later offsets
(a relay's resend), each counted on marac_ledger_duplicates_dropped."""

import logging
import threading
import time

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from prometheus_client import REGISTRY

from deploy.local.kafka_access import client_options
from marac.v1 import access_log_pb2
from services.audit.application import verify_store
from services.audit.checkpoints import Signer
from services.audit.columns import ACCESS, CASE_EVENT, KINDS
from services.audit.feed import LedgerFeed
from services.audit.store import LedgerStore
from tests.unit.test_audit_ledger import OF_EACH_KIND, event

WAIT_SECONDS = 30


def produce(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", **client_options())
    for value in values:
        producer.send(topic, value=value)
    producer.flush()
    producer.close()


def follow(ledger_db, bootstrap, kinds, group, until: int, agencies=None) -> LedgerFeed:
    """Runs a feed until the ledger holds `until` entries (and a moment more)."""
    feed = LedgerFeed(
        lambda: LedgerStore(ledger_db.conninfo()), kinds, bootstrap, group, client_options(),
        logging.getLogger("test.audit"), agencies,
    )  # fmt: skip
    stopping = threading.Event()
    runner = threading.Thread(target=feed.run, args=(stopping,))
    runner.start()
    store = LedgerStore(ledger_db.conninfo())
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while store.head().count < until and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # a redelivery, if any, would have been appended by now
        return feed
    finally:
        stopping.set()
        runner.join(timeout=15)
        store.close()


def test_records_read_again_append_nothing(ledger_db, create_topics, kafka_bootstrap, run_id):
    events, access = create_topics("audit-feed.case-events", "audit-feed.access-log")
    produce(kafka_bootstrap, events, [event(n) for n in range(30)])
    produce(
        kafka_bootstrap,
        access,
        [access_log_pb2.AccessLogEntry(method="/x/Y").SerializeToString()] * 5,
    )
    kinds = {events: CASE_EVENT, access: ACCESS}
    group = f"t{run_id}-audit-feed"

    first = follow(ledger_db, kafka_bootstrap, kinds, group, until=35)
    assert first.entries_appended == 35
    # Its offsets were committed after the appends: the group is at the end.
    consumer = KafkaConsumer(bootstrap_servers=kafka_bootstrap, group_id=group, **client_options())
    partitions = [TopicPartition(t, p) for t in kinds for p in consumer.partitions_for_topic(t)]
    ends = consumer.end_offsets(partitions)
    assert {p: consumer.committed(p) or 0 for p in partitions} == ends
    consumer.close()

    # Everything delivered again, to a group that starts from the first offset.
    again = follow(ledger_db, kafka_bootstrap, kinds, f"{group}-again", until=35)
    assert again.entries_appended == 0
    produce(kafka_bootstrap, events, [event(99)])
    more = follow(ledger_db, kafka_bootstrap, kinds, group, until=36)
    assert more.entries_appended == 1

    store = LedgerStore(ledger_db.conninfo())
    result = verify_store(store, Signer(Ed25519PrivateKey.generate()).public_key)
    store.close()
    assert result.ok and result.entries == 36


def dropped(copy: str) -> float:
    return REGISTRY.get_sample_value("marac_ledger_duplicates_dropped_total", {"copy": copy}) or 0


def test_records_of_every_kind_published_again_append_once_and_are_counted(
    ledger_db, create_topics, kafka_bootstrap, run_id
):
    topics = create_topics(*(f"audit-feed.{kind}" for kind in KINDS))
    kinds = dict(zip(topics, KINDS, strict=True))
    for topic, kind in kinds.items():
        produce(kafka_bootstrap, topic, [OF_EACH_KIND[kind][0]] * 2)  # published, then again
    before = dropped("resent")
    feed = follow(ledger_db, kafka_bootstrap, kinds, f"t{run_id}-audit-resent", until=len(KINDS))
    assert feed.entries_appended == len(KINDS)
    assert dropped("resent") - before == len(KINDS)
    with psycopg.connect(ledger_db.conninfo()) as conn:
        held = dict(conn.execute("SELECT kind, count(*) FROM ledger_entries GROUP BY kind"))
    assert held == dict.fromkeys(KINDS, 1)


def test_a_record_on_another_agencys_topic_is_refused_and_counted(
    ledger_db, create_topics, kafka_bootstrap, run_id, caplog
):
    """The faulty relay's copy names the police and a place in their log: refused and
    counted, and the police's own record is appended, not dropped as resent."""
    faulty, police = create_topics("audit-feed.case-events.ddpo", "audit-feed.case-events.police")
    value, _ = OF_EACH_KIND[CASE_EVENT]  # the police's event 4
    produce(kafka_bootstrap, faulty, [value])
    produce(kafka_bootstrap, police, [value])
    kinds = {faulty: CASE_EVENT, police: CASE_EVENT}
    agencies = {faulty: "local-ddpo", police: "local-police"}
    before = REGISTRY.get_sample_value("marac_ledger_records_misattributed_total") or 0
    group = f"t{run_id}-audit-misattributed"
    with caplog.at_level(logging.INFO, logger="test.audit"):
        feed = follow(ledger_db, kafka_bootstrap, kinds, group, until=1, agencies=agencies)
    assert feed.entries_appended == 1
    assert REGISTRY.get_sample_value("marac_ledger_records_misattributed_total") - before == 1
    assert "records not of their topic's agency refused" in caplog.text
    with psycopg.connect(ledger_db.conninfo()) as conn:
        assert conn.execute("SELECT topic FROM ledger_entries").fetchall() == [(police,)]
