"""Helpers the tests over real processes share: a local stack of their own, one
agency service as its real process, any python process beside the tests and the
wait until it serves, channels as a principal of the local PKI, the field
violations of an INVALID_ARGUMENT error, and a topic's records read to its end."""

import functools
import os
import secrets
import subprocess
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import grpc
import pytest
from eventsourcing.cryptography import AESCipher
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from deploy.local.databases import POSTGRES_TLS
from deploy.local.kafka_access import KAFKA_BOOTSTRAP, grant, joins, reads, writes
from deploy.local.pki import Pki
from deploy.local.stack import LOCAL, Process, Stack, create_topics, free_port
from marac.v1 import case_events_pb2
from services.common import principals
from services.common.principals import Principal, agency_system
from shared_view.rules import Rules
from shared_view.writer import SharedViewWriter
from tests.conftest import event_store_env
from tests.match_keys import MatchKeys, NoMatchKeys


def tls_env(principal: Principal) -> dict[str, str]:
    """What gives a process started by a test `principal`'s certificate and key."""
    return Pki().issued(principal).tls_env()


# The access log of the services a test starts alone, outside a stack.
TESTS_ACCESS_LOG = "tests.access-log"


@functools.cache
def access_log_env(principal: Principal) -> dict[str, str]:
    """What lets a process started by a test as `principal` write the tests' access
    log (the topic made, and the principal granted WRITE on it, by the operator)."""
    create_topics([TESTS_ACCESS_LOG])
    grant(KAFKA_BOOTSTRAP, [writes(principal, TESTS_ACCESS_LOG)])
    return {"MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP, "MARAC_ACCESS_LOG_TOPIC": TESTS_ACCESS_LOG}


def channel_as(principal: Principal, address: str, **options) -> grpc.Channel:
    """A channel to `address`, presenting `principal`'s certificate."""
    credentials = Pki().issued(principal).channel_credentials()
    return grpc.secure_channel(address, credentials, options=list(options.items()) or None)


@contextmanager
def running_stack(name: str, only: tuple[str, ...] = (), **options) -> Iterator[Stack]:
    """A local stack of its own databases, topics and processes (all, or `only`
    these), started quietly and logging under .local/log/<name>; torn down after."""
    stack = Stack(prefix=name, log_dir=LOCAL / "log" / name, **options)
    stack.provision()
    try:
        stack.start(progress=lambda _: None, only=only)
        yield stack
    finally:
        stack.teardown()


@contextmanager
def agency_process(
    agency: str,
    db: dict[str, str],
    log_dir: Path,
    request_processes: int = 1,
    linking_key: str = "",
    env: dict[str, str] | None = None,
) -> Iterator[Process]:
    """`python -m services.<agency> serve` on its own store, answering requests in
    its writer or in `request_processes` of their own, serving; stopped after. Its
    linking key is `linking_key` (hex) when given, so that the test, as operator, can
    compute match keys (deploy.local.stack.match_key); a random one otherwise. `env`
    adds to or replaces its settings."""
    address = f"127.0.0.1:{free_port()}"
    env = {
        **event_store_env(db, AESCipher.create_key(num_bytes=32)),
        "LINKING_KEY": linking_key or secrets.token_hex(32),
        "AGENCY_ID": f"test-{agency}",
        "MARAC_GRPC_ADDRESS": address,
        "MARAC_REQUEST_PROCESSES": str(request_processes),
        **tls_env(principals.agency_service(agency)),
        **access_log_env(principals.agency_service(agency)),
        **POSTGRES_TLS,
        **(env or {}),
    }
    process = Process(agency, ["-m", f"services.{agency}", "serve"], env,
                      log_dir / f"{agency}.log", address)  # fmt: skip
    process.start()
    try:
        process.wait_serving(timeout=30)
        yield process
    finally:
        process.stop(timeout=15)


@contextmanager
def agency_service(
    agency: str,
    db: dict[str, str],
    log_dir: Path,
    request_processes: int = 1,
    match_keys: MatchKeys | None = None,
) -> Iterator[grpc.Channel]:
    """A channel to the agency's service (agency_process) as the agency's own case
    system; the service must stop cleanly. No answer on it may carry the match key
    of a subject a request on it named (`match_keys`, or checks of its own, with the
    linking key the service is given): such a call fails."""
    keys = match_keys or MatchKeys(secrets.token_hex(32))
    with (
        agency_process(agency, db, log_dir, request_processes, keys.linking_key) as process,
        channel_as(agency_system(agency), process.grpc_address) as plain,
    ):
        yield grpc.intercept_channel(plain, NoMatchKeys(keys))
    assert not keys.leaks, f"answers with a match key: {Counter(keys.leaks)}"
    assert process.popen.returncode == 0, process.log_path.read_text()[-2000:]


@contextmanager
def python_process(
    name: str, args: list[str], env: dict[str, str], log_path: Path, stop_seconds: float = 15
) -> Iterator[subprocess.Popen]:
    """`python ARGS` with the tests' environment and `env`, its output appended to
    `log_path`; stopped after (SIGTERM, then SIGKILL after `stop_seconds`), as the
    local stack stops its processes."""
    process = Process(name, args, {**os.environ, **env}, log_path)
    process.start()
    try:
        yield process.popen
    finally:
        process.stop(timeout=stop_seconds)


@contextmanager
def projection_process(
    args: list[str],
    principal: Principal,
    topics: str,
    group: str,
    env: dict[str, str],
    log_path: Path,
    grant_kafka,
) -> Iterator[subprocess.Popen]:
    """`python ARGS`, a projection, as `principal`, allowed to read `topics`
    (comma-separated) and join its consumer group `group`; `env` adds to its
    settings. Stopped (python_process) after."""
    grant_kafka(*(reads(principal, t) for t in topics.split(",")), joins(principal, group))
    with python_process(group, args, {**tls_env(principal), **env}, log_path, 30) as process:
        yield process


def field_violations(error: grpc.RpcError) -> set[str]:
    """The fields an INVALID_ARGUMENT error names (google.rpc.BadRequest details)."""
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = set()
    for detail in rpc_status.from_call(error).details:
        bad_request = error_details_pb2.BadRequest()
        assert detail.Unpack(bad_request)
        found |= {v.field for v in bad_request.field_violations}
    return found


def filled_shared_view(dsn: str, facts: Iterable) -> str:
    """`dsn`'s shared view holding `facts`, every view computed (as the projection's
    refresher would, with the default rules)."""
    writer = SharedViewWriter(dsn)
    writer.open()
    writer.record(list(facts))
    while writer.refresh(datetime.now(UTC), Rules(), 1000).subjects:
        pass
    writer.close()
    return dsn


def wait_until_serving(channel, process, log_path, timeout=30.0):
    """Returns once the process on `channel` answers its health SERVING; fails, with
    its log's end, when it exits or has not by `timeout`."""
    health = health_pb2_grpc.HealthStub(channel)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()[-2000:]
        try:
            status = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=1).status
            if status == health_pb2.HealthCheckResponse.SERVING:
                return
        except grpc.RpcError:
            pass
        time.sleep(0.1)
    pytest.fail(f"not serving after {timeout}s: {log_path.read_text()[-2000:]}")


@contextmanager
def topic_records(
    bootstrap: str, *topics: str, wait_seconds: float = 30, **consumer_options
) -> Iterator[Iterator[ConsumerRecord]]:
    """The records of `topics`, every partition from its first offset to the end it
    has on entry, read without a consumer group by a consumer given
    `consumer_options` (a principal's client_options, say); the reading fails if it
    has not reached every end `wait_seconds` after it began. The consumer connects on
    entry, so that a test timing the reading times only the reading."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **consumer_options
    )
    try:
        partitions = []
        for topic in topics:
            found = consumer.partitions_for_topic(topic)
            # A topic not made, or hidden from the principal, would otherwise read as empty.
            assert found, f"no partitions of {topic} (not made, or not this principal's)"
            partitions += [TopicPartition(topic, p) for p in found]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        yield _to_the_end(consumer, consumer.end_offsets(partitions), wait_seconds)
    finally:
        consumer.close()


def plain_consumer_rate(
    bootstrap: str, topics: Iterable[str], wait_seconds: float, **consumer_options
) -> float:
    """Records per second a plain kafka-python consumer reads and decodes as
    marac.v1.CaseEvent, the topics' every record: the baseline of the projections'
    rates, timed from its first poll (it connects before)."""
    with topic_records(bootstrap, *topics, wait_seconds=wait_seconds, **consumer_options) as read:
        started, decoded = time.perf_counter(), 0
        for record in read:
            case_events_pb2.CaseEvent.FromString(record.value)
            decoded += 1
        return decoded / (time.perf_counter() - started)


def _to_the_end(
    consumer: KafkaConsumer, ends: dict[TopicPartition, int], wait_seconds: float
) -> Iterator[ConsumerRecord]:
    deadline = time.monotonic() + wait_seconds
    while any(consumer.position(p) < end for p, end in ends.items()):
        assert time.monotonic() < deadline, (
            f"{sorted({p.topic for p in ends})} not read to the end in {wait_seconds}s"
        )
        for batch in consumer.poll(timeout_ms=500).values():
            yield from batch
