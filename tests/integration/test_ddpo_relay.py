"""The DDPO relay (`python -m services.ddpo relay`) on real Postgres and Kafka: a
report that names no one is published with an empty key and subject key, a
named victim's under their match key, and the refusal of the police travels in
every consent."""

import time

import pytest
from eventsourcing.cryptography import AESCipher
from kafka import KafkaConsumer

from deploy.local.kafka_access import client_options, writes
from marac.v1 import case_events_pb2, vocabulary_pb2
from services.common import principals
from services.common.commands import Consent
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.vocabulary import PoliceInvolvement
from tests.conftest import event_store_env
from tests.support import python_process, tls_env
from tests.unit.test_ddpo import LINKING_KEY, anonymous, report


@pytest.fixture
def store(create_database):
    env = event_store_env(create_database("ddpo_relay"), AESCipher.create_key(num_bytes=32))
    env.update(LINKING_KEY=LINKING_KEY, AGENCY_ID="test-ddpo")
    return env


def consume(topic: str, bootstrap: str, count: int, timeout: float = 30.0) -> list:
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        consumer_timeout_ms=1000,
        **client_options(),
    )
    records = []
    deadline = time.monotonic() + timeout
    try:
        while len(records) < count and time.monotonic() < deadline:
            records.extend(consumer)
    finally:
        consumer.close()
    return records


def test_the_relay_publishes_unnamed_and_named_reports(
    store, create_topics, kafka_bootstrap, tmp_path, grant_kafka
):
    [topic] = create_topics("case-events.ddpo", partitions=1)
    records = DdpoCaseRecords(env=store)
    try:
        records.record_report(
            anonymous("R-ANON", "DD-1", police_involvement=PoliceInvolvement.NOT_WANTED)
        )
        named = records.record_report(
            report("R-NAMED", "DD-2", police_involvement=PoliceInvolvement.NOT_WANTED,
                   consent=Consent())
        )  # fmt: skip
    finally:
        records.close()

    log_path = tmp_path / "relay.log"
    # The relay is not given the linking key: it publishes match keys already made.
    relay_store = {k: v for k, v in store.items() if k != "LINKING_KEY"}
    env = {
        **relay_store,
        **tls_env(principals.relay("ddpo")),
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_TOPIC": topic,
    }
    grant_kafka(writes(principals.relay("ddpo"), topic))
    with python_process("ddpo-relay", ["-m", "services.ddpo", "relay"], env, log_path) as relay:
        published = consume(topic, kafka_bootstrap, count=6)
    assert relay.returncode == 0, log_path.read_text()[-2000:]

    events = [(r.key, case_events_pb2.CaseEvent.FromString(r.value)) for r in published]
    assert len(events) == 6, log_path.read_text()[-2000:]
    by_case = {}
    for key, event in events:
        assert key == event.subject_key.encode()
        by_case.setdefault(event.case_reference, []).append(event)
    assert {e.subject_key for e in by_case["DD-1"]} == {""}
    assert {e.subject_key for e in by_case["DD-2"]} == {named.subject_key}
    for case_events in by_case.values():
        assert [e.WhichOneof("payload") for e in case_events] == [
            "case_opened",
            "consent_recorded",
            "incident_reported",
        ]
        assert list(case_events[1].consent_recorded.refused_recipients) == [
            vocabulary_pb2.RECIPIENT_POLICE
        ]
