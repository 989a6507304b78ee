"""What every projection of the case topics is in Faust: a consumer group of its own
that stores batches off the event loop and acknowledges only what is stored.

Records are read in batches. A writer task stores each batch in one transaction off
the event loop (projections.retry waits out an unreachable database), and only then
acknowledges its records, so Faust commits offsets only for records already stored;
meanwhile the agent reads the next batch. A crash before the write redelivers the
batch, and each projection's store keeps an event once. Any other failure stops the
process, so that it starts again from the last committed offsets.

The hooks are what differs: what a batch hands the store (`read`, on the loop), how
it is stored (`store`, off the loop) and what follows (`stored`). The risk
projection (projections/app.py) and the figures projection (figures/projection.py)
are two uses.

Faust reads its settings from the environment too; only MARAC_FAUST_* names may tune
it (for example MARAC_FAUST_BROKER_SESSION_TIMEOUT=10).
"""

import asyncio
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn, TypeVar

import faust
import psycopg
from faust.exceptions import ConsumerNotStarted

from projections.children import GC_THRESHOLDS
from projections.delivery import SCHEME as DELIVERY
from projections.retry import with_retry
from services.common.health import Checks, serve_health
from services.common.logs import configure
from services.common.tls import TlsIdentity

EX_SOFTWARE = 70
# libpq's settings for a connection that should notice a dead link in about 3 s.
QUICK_TO_GIVE_UP = {
    "connect_timeout": 2,
    "keepalives": 1,
    "keepalives_idle": 1,
    "keepalives_interval": 1,
    "keepalives_count": 2,
    "tcp_user_timeout": 3000,
}

STREAM_BUFFER = 16_384  # records fetched and waiting for the agent

Read = TypeVar("Read")
Kept = TypeVar("Kept")


def stop_the_process(logger: logging.Logger, what: str, error: Exception) -> NoReturn:
    # A restarted agent or task would go on past the failed work; stop the process
    # instead, so that it starts again from the last committed offsets.
    logger.error(what, extra={"fields": {"error": type(error).__name__}})
    logging.shutdown()
    os._exit(EX_SOFTWARE)


def tune_the_interpreter() -> None:
    """For a worker whose event loop is busy with Faust's per-record work: with the
    default 5 ms switch interval the threads that wait on its children (and Faust's
    fetcher) wait that long for the GIL each time they wake; and collect rarely
    (GC_THRESHOLDS; run_worker freezes what exists before it starts)."""
    sys.setswitchinterval(0.0005)
    gc.set_threshold(*GC_THRESHOLDS)


@dataclass(frozen=True)
class ConsumerGroup:
    """Who the projection is to the broker: its group (and Faust app id), where its
    broker is, and how soon the group hands a silent worker's partitions on."""

    name: str
    bootstrap: str
    state_dir: str
    # A worker restarted after a crash gets its partitions back within seconds, not
    # after Faust's default minute; at least the broker's group.min.session.timeout.ms.
    session_seconds: float = 10.0
    # Static membership: a worker restarted under the same id takes its partitions
    # back at once, without a rebalance (none: a dynamic member).
    instance_id: str = ""


@dataclass(frozen=True)
class Batching:
    size: int
    within: float  # seconds to wait for a batch to fill
    in_flight: int = 2  # batches read ahead while earlier ones are being stored


def projection_app(group: ConsumerGroup, tls: TlsIdentity | None) -> faust.App:
    """A Faust app that reads raw records of topics made elsewhere, from the start
    when its group has no offsets, declaring and serving nothing."""
    return faust.App(
        group.name,
        # Faust's Kafka transport, with less of the loop a record (projections/delivery.py).
        broker=f"{DELIVERY}://{group.bootstrap}",
        # Over mutual TLS as the projection's principal (none only in tests without a broker).
        broker_credentials=faust.SSLCredentials(tls.ssl_context()) if tls else None,
        datadir=group.state_dir,
        autodiscover=False,
        env_prefix="MARAC_FAUST",
        web_enabled=False,
        web_tables_enabled=False,
        topic_allow_declare=False,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        consumer_group_instance_id=group.instance_id or None,
        broker_session_timeout=group.session_seconds,
        broker_heartbeat_interval=group.session_seconds / 4,
        # Faust's 4,096 held a batch and a half: behind a backlog the buffer was full
        # whenever a batch was handed on, and each record then took Faust's slow way
        # in (projections/delivery.py) with the fetcher held up.
        stream_buffer_maxsize=STREAM_BUFFER,
        key_serializer="raw",
        value_serializer="raw",
    )


def raw_topic(app: faust.App, *names: str) -> faust.TopicT:
    return app.topic(
        *names,
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        internal=False,
    )


def store_in_batches(
    app: faust.App,
    topic: faust.TopicT,
    name: str,
    batching: Batching,
    logger: logging.Logger,
    read: Callable[[list[faust.EventT], int], Read],
    store: Callable[[Read], Kept],
    stored: Callable[[int, Read, Kept], None],
) -> None:
    """The agent `name`: each batch of `topic`'s events is `read` on the loop (told
    how many records wait behind it on its partitions), then `store`d off it; its
    events are acknowledged once stored, and `stored` is told how many records the
    batch held, what was read and what the store returned."""
    queue: asyncio.Queue[tuple[list[faust.EventT], Read]] = asyncio.Queue(
        maxsize=batching.in_flight
    )

    @app.agent(topic, name=name)
    async def project(records: faust.StreamT[bytes]) -> None:
        storing = asyncio.create_task(write(records))
        try:
            pending: list[faust.EventT] = []
            # noack_take: the writer acknowledges events, once their batch is stored.
            async for events in records.noack_take(batching.size, within=batching.within):
                pending.extend(events)
                waiting = waiting_behind(app, pending)
                short = batching.size - len(pending)
                if short > 0 and waiting >= short:
                    continue  # what would fill the batch is on its way: one write, not several
                await queue.put((pending, read(pending, waiting)))
                pending = []
        finally:
            storing.cancel()

    async def write(records: faust.StreamT[bytes]) -> None:
        while True:
            events, batch = await queue.get()
            try:
                kept = await with_retry(store, batch, logger=logger)
            except Exception as error:
                stop_the_process(logger, f"{name} batch not stored", error)
            for event in events:
                await records.ack(event)
            stored(len(events), batch, kept)


def waiting_behind(app: faust.App, events: Sequence[faust.EventT]) -> int:
    """How many records wait on the events' partitions after the last of them."""
    last: dict = {}
    for event in events:
        last[event.message.tp] = event.message.offset
    waiting = 0
    for tp, offset in last.items():
        try:
            highwater = app.consumer.highwater(tp)
        except ConsumerNotStarted:  # only in Faust's test context
            continue
        if highwater is not None:
            waiting += max(0, highwater - offset - 1)
    return waiting


class ProjectionWorker(faust.Worker):
    """A Faust worker that keeps the project's JSON log lines, without a terminal spinner."""

    def __init__(self, app: faust.App, name: str) -> None:
        super().__init__(app, loglevel="WARNING", quiet=True)
        self.spinner = None
        self._name = name

    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        configure(self._name)


def run_worker(
    app: faust.App,
    name: str,
    logger: logging.Logger,
    health_address: str,
    checks: Mapping[str, Callable[[], bool]],
    tls: TlsIdentity | None,
) -> None:
    """Runs the app until it is stopped, with a gRPC health service answering from
    `checks` at `health_address` (none when empty); stopped, the health service
    goes and then a database check's connection (none is opened after it)."""
    # The older generations would otherwise walk Faust's long-lived objects each time.
    gc.collect()
    gc.freeze()
    stop_health = None
    if health_address:
        stop_health = serve_health(health_address, Checks(dict(checks), logger), logger, tls)
    try:
        ProjectionWorker(app, name).execute_from_commandline()
    finally:
        if stop_health is not None:
            stop_health()
        for check in checks.values():
            if isinstance(check, DatabaseAnswers):
                check.close()


class DatabaseAnswers:
    """A health check of the database on one connection kept open between checks
    (a new connection each second cost a TLS handshake, a password exchange and a
    server process: 3.7 ms of this process's CPU alone), opened again when broken.
    The connection gives up on a link that stopped answering within seconds, and a
    check finding the last one still waiting fails at once, so checks never queue
    up behind a database that does not answer (and hold the other checks' threads).
    Closed, it gives its connection back and fails every check after."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._kept: psycopg.Connection | None = None
        self._lock = threading.Lock()
        self._closed = False

    def _connected(self) -> psycopg.Connection:
        if self._kept is not None and (self._kept.broken or self._kept.closed):
            self._kept.close()
            self._kept = None
        if self._kept is None:
            self._kept = psycopg.connect(self._dsn, autocommit=True, **QUICK_TO_GIVE_UP)
        return self._kept

    def __call__(self) -> bool:
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self._closed:
                return False
            conn = self._connected()
            try:
                conn.execute("SELECT 1")
            except psycopg.OperationalError:
                if not conn.broken:
                    raise
                self._connected().execute("SELECT 1")  # the kept one was cut meanwhile
            return True
        finally:
            self._lock.release()

    def close(self) -> None:
        # A check under way ends within seconds (QUICK_TO_GIVE_UP): wait for it.
        with self._lock:
            self._closed = True
            if self._kept is not None:
                self._kept.close()
                self._kept = None
