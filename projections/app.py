"""The shared risk projection: a Faust worker from the case topics to the read model.

Environment:
    MARAC_KAFKA_BOOTSTRAP   Kafka bootstrap servers (default 127.0.0.1:29092)
    MARAC_CASE_TOPICS       comma-separated topics: every agency's, and the MARAC
                            meeting service's (MaracDiscussed)
    MARAC_PROJECTION_ID     consumer group and Faust app id (default marac-risk-projection)
    MARAC_READMODEL_DSN     the read-model database (required)
    MARAC_STATE_DIR         Faust's local state directory
    MARAC_RULE_*            MARAC eligibility rules (see projections/rules.py)

Records are read in batches. A writer task stores each batch's facts in one
transaction off the event loop, and only then acknowledges its records, so Faust
commits offsets only for records already in the read model; meanwhile the agent
reads the next batch. A crash before the write redelivers the batch,
and the read model ignores the facts it already holds.

The worker is CPU-bound, and Faust's per-record work alone fills one core (one
GIL). So `python -m projections` decodes and stores batches in a child process
(StoreProcess) and recomputes views in two more (RefreshProcesses), each with its
own connection; the event loop only hands them the records' bytes and waits for the
answer before acknowledging. Children end with the worker, even a killed one.

A refresher task recomputes the views of due subjects: at once when a batch
brought new facts, and every REFRESH_INTERVAL for views that time changes (an
override expiring, an incident leaving the window). While the worker is far behind
its topics (a rebuild, a backlog), it refreshes only every BEHIND_REFRESH_INTERVAL,
so a subject is recomputed once for many of its facts rather than once per batch.
"""

import asyncio
import contextlib
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NoReturn, Protocol, TypeVar

import faust
import psycopg
from faust.exceptions import ConsumerNotStarted

from projections.facts import Fact, MalformedEvent, decode
from projections.read_model import ReadModel, Refreshed, Written
from projections.rules import Rules
from services.common.logs import configure, log

BATCH_SIZE = 2000
BATCH_WITHIN = 0.05  # seconds to wait for a batch to fill: short, for freshness
BATCHES_IN_FLIGHT = 2  # read ahead while earlier batches are being stored
REFRESH_INTERVAL = 1.0  # seconds between looks for views that expired by themselves
REFRESH_LIMIT = 5000  # subjects recomputed per transaction
REFRESH_PROCESSES = 2  # recompute views beside the consumer, on the other core
BEHIND = 2 * BATCH_SIZE  # records waiting on the topics that make the worker "behind"
BEHIND_REFRESH_INTERVAL = 30.0  # seconds: how stale views may grow while behind
RETRY_DELAYS = (0.5, 1, 2, 5, 10, 30)  # seconds, while the read model is unreachable
EX_SOFTWARE = 70

Clock = Callable[[], datetime]
T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Config:
    bootstrap: str
    topics: tuple[str, ...]
    projection_id: str
    readmodel_dsn: str
    state_dir: str
    rules: Rules = field(default_factory=Rules)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Config":
        env = dict(os.environ if env is None else env)
        topics = tuple(t.strip() for t in env.get("MARAC_CASE_TOPICS", "").split(",") if t.strip())
        if not topics:
            raise SystemExit("MARAC_CASE_TOPICS must name at least one topic")
        try:
            rules = Rules.from_env(env)
        except ValueError as error:
            raise SystemExit(str(error)) from None
        return cls(
            bootstrap=env.get("MARAC_KAFKA_BOOTSTRAP", "127.0.0.1:29092"),
            topics=topics,
            projection_id=env.get("MARAC_PROJECTION_ID", "marac-risk-projection"),
            readmodel_dsn=env.get("MARAC_READMODEL_DSN", ""),
            state_dir=env.get(
                "MARAC_STATE_DIR", os.path.join(tempfile.gettempdir(), "marac-projections")
            ),
            rules=rules,
        )


def facts_of(records: Sequence[bytes]) -> tuple[list[Fact], int, int]:
    """The facts in a batch of records, with the counts of anonymous and malformed ones."""
    facts: list[Fact] = []
    anonymous = malformed = 0
    for record in records:
        try:
            fact = decode(record)
        except MalformedEvent:
            malformed += 1
            continue
        if fact is None:
            anonymous += 1
        else:
            facts.append(fact)
    return facts, anonymous, malformed


async def with_retry(work: Callable[..., T], *args: object, logger: logging.Logger) -> T:
    """Runs read-model work off the event loop; waits out an unreachable database
    instead of giving up on the work."""
    for attempt, delay in enumerate((*RETRY_DELAYS, None), start=1):
        try:
            return await asyncio.to_thread(work, *args)
        except psycopg.OperationalError as error:
            if delay is None:
                raise
            log(logger, "read model unreachable", attempt=attempt, error=type(error).__name__)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")


def stop_the_process(logger: logging.Logger, what: str, error: Exception) -> NoReturn:
    # A restarted agent or task would go on past the failed work; stop the process
    # instead, so that it starts again from the last committed offsets.
    logger.error(what, extra={"fields": {"error": type(error).__name__}})
    logging.shutdown()
    os._exit(EX_SOFTWARE)


class Refreshes(Protocol):
    def refresh(self, now: datetime, rules: Rules, limit: int) -> Refreshed: ...


_child_read_model: ReadModel | None = None


def _exit_with_parent() -> None:
    """A child process ends as soon as the worker does, even when the worker is killed
    (a child's connection and claims must not outlive it)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _open_child(readmodel_dsn: str) -> None:
    global _child_read_model
    gc.set_threshold(100_000, 50, 1000)  # see main()
    _exit_with_parent()
    _child_read_model = ReadModel(readmodel_dsn, max_connections=1)
    _child_read_model.open()


def _refresh_in_child(now: datetime, rules: Rules, limit: int) -> Refreshed:
    assert _child_read_model is not None
    return _child_read_model.refresh(now, rules, limit)


def _ready() -> None:
    pass


class RefreshProcesses:
    """Recomputes views in processes of their own, each with its own connection, so
    the work runs on another core than the consumer's (views are pure Python). The
    read model's claims keep two processes from recomputing one subject at once."""

    def __init__(self, readmodel_dsn: str, processes: int = REFRESH_PROCESSES):
        self.processes = processes
        self._pool = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open_child,
            initargs=(readmodel_dsn,),
        )

    def start(self) -> None:
        for done in [self._pool.submit(_ready) for _ in range(self.processes)]:
            done.result()

    def refresh(self, now: datetime, rules: Rules, limit: int) -> Refreshed:
        return self._pool.submit(_refresh_in_child, now, rules, limit).result()


class Refresher:
    """Recomputes due views, woken by new facts or by the passing of time; a round
    runs `parallel` claims at once (one per refresh process)."""

    def __init__(
        self,
        read_model: Refreshes,
        rules: Rules,
        clock: Clock,
        logger: logging.Logger,
        parallel: int = 1,
    ):
        self._read_model = read_model
        self._parallel = parallel
        self._rules = rules
        self._clock = clock
        self._logger = logger
        self._woken = asyncio.Event()
        self._behind = False
        self._last_round = -BEHIND_REFRESH_INTERVAL

    def wake(self, behind: bool) -> None:
        """New facts are stored; `behind` says whether many more wait on the topics."""
        self._behind = behind
        self._woken.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), REFRESH_INTERVAL)
            self._woken.clear()
            if self._behind and loop.time() < self._last_round + BEHIND_REFRESH_INTERVAL:
                continue
            self._last_round = loop.time()
            await self.refresh_due()

    async def refresh_due(self) -> None:
        if self._parallel == 1:
            await self._refresh_until_done()
        else:
            await asyncio.gather(*(self._refresh_until_done() for _ in range(self._parallel)))

    async def _refresh_until_done(self) -> None:
        while True:
            refreshed: Refreshed = await with_retry(self._refresh, logger=self._logger)
            if refreshed.subjects:
                log(
                    self._logger,
                    "views refreshed",
                    subjects=refreshed.subjects,
                    eligible=refreshed.eligible,
                )
            if refreshed.subjects < REFRESH_LIMIT:
                return

    def _refresh(self) -> Refreshed:
        return self._read_model.refresh(self._clock(), self._rules, REFRESH_LIMIT)


@dataclass(frozen=True)
class Batch:
    events: list[faust.EventT]
    records: list[bytes]  # the events' values
    backlog: int  # records waiting behind the batch on its partitions


@dataclass(frozen=True)
class Stored:
    written: Written
    anonymous: int
    malformed: int


def store_records(read_model: ReadModel, records: Sequence[bytes]) -> Stored:
    """Decodes a batch of records and stores their facts."""
    facts, anonymous, malformed = facts_of(records)
    return Stored(read_model.record(facts), anonymous, malformed)


_child_writer: ReadModel | None = None


def _open_writer(readmodel_dsn: str) -> None:
    global _child_writer
    gc.set_threshold(100_000, 50, 1000)  # see main()
    _exit_with_parent()
    # It retries on OperationalError, so connections need no check per batch.
    _child_writer = ReadModel(readmodel_dsn, max_connections=1, check_connections=False)
    _child_writer.open()


def _store_in_child(records: list[bytes]) -> Stored:
    assert _child_writer is not None
    return store_records(_child_writer, records)


class StoreProcess:
    """Decodes and stores batches in a process of its own, so that this process's
    one core (its GIL) is left to Faust's per-record work."""

    def __init__(self, readmodel_dsn: str):
        self._pool = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open_writer,
            initargs=(readmodel_dsn,),
        )

    def start(self) -> None:
        self._pool.submit(_ready).result()

    def store(self, records: list[bytes]) -> Stored:
        return self._pool.submit(_store_in_child, records).result()


def backlog(app: faust.App, events: Sequence[faust.EventT]) -> int:
    """How many records wait on the batch's partitions after its last ones."""
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


def create_app(
    config: Config,
    read_model: ReadModel,
    logger: logging.Logger,
    clock: Clock = utc_now,
    refreshes: RefreshProcesses | None = None,
    stores: StoreProcess | None = None,
) -> faust.App:
    """The Faust app; the read model must be open, with its schema in place. Batches
    are decoded and stored by `stores`, views recomputed by `refreshes`, when given,
    else by `read_model` in this process."""
    app = faust.App(
        config.projection_id,
        broker=f"kafka://{config.bootstrap}",
        datadir=config.state_dir,
        autodiscover=False,
        # Faust reads its settings from the environment too; only MARAC_FAUST_* names
        # may tune it (for example MARAC_FAUST_BROKER_SESSION_TIMEOUT=10).
        env_prefix="MARAC_FAUST",
        web_enabled=False,
        web_tables_enabled=False,
        topic_allow_declare=False,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        key_serializer="raw",
        value_serializer="raw",
    )
    topic = app.topic(
        *config.topics,
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        internal=False,
    )
    if refreshes is None:
        refresher = Refresher(read_model, config.rules, clock, logger)
    else:
        refresher = Refresher(refreshes, config.rules, clock, logger, refreshes.processes)
    read: asyncio.Queue[Batch] = asyncio.Queue(maxsize=BATCHES_IN_FLIGHT)
    if stores is None:

        def store_batch(records: list[bytes]) -> Stored:
            return store_records(read_model, records)

    else:
        store_batch = stores.store

    @app.agent(topic, name="risk-view")
    async def project(records: faust.StreamT[bytes]) -> None:
        writer = asyncio.create_task(store(records))
        try:
            # noack_take: the writer acknowledges events, once their batch is stored.
            async for events in records.noack_take(BATCH_SIZE, within=BATCH_WITHIN):
                values = [event.value for event in events]
                await read.put(Batch(events, values, backlog(app, events)))
        finally:
            writer.cancel()

    async def store(records: faust.StreamT[bytes]) -> None:
        while True:
            batch = await read.get()
            try:
                stored: Stored = await with_retry(store_batch, batch.records, logger=logger)
            except Exception as error:
                stop_the_process(logger, "batch not written", error)
            for event in batch.events:
                await records.ack(event)
            written = stored.written
            if written.subjects:
                refresher.wake(behind=batch.backlog >= BEHIND)
            log(
                logger,
                "batch projected",
                records=len(batch.events),
                new=written.new,
                duplicates=written.facts - written.new,
                subjects=written.subjects,
                anonymous=stored.anonymous,
                malformed=stored.malformed,
                backlog=batch.backlog,
            )

    @app.task
    async def refresh() -> None:
        try:
            await refresher.run()
        except Exception as error:
            stop_the_process(logger, "views not refreshed", error)

    return app


class Worker(faust.Worker):
    """A Faust worker that keeps the project's JSON log lines, without a terminal spinner."""

    def __init__(self, app: faust.App) -> None:
        super().__init__(app, loglevel="WARNING", quiet=True)
        self.spinner = None

    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        configure("risk-projection")


def main() -> None:
    # The event loop is busy with Faust's per-record work; with the default 5 ms switch
    # interval the threads that wait on the store and refresh processes (and Faust's
    # fetcher) wait that long for the GIL each time they wake.
    sys.setswitchinterval(0.0005)
    # Each batch makes tens of thousands of short-lived objects (records, facts, rows);
    # with the default thresholds the collector runs thousands of times a second and
    # its older generations walk Faust's and the worker's long-lived objects each time.
    # Collect rarely, and never walk what exists once the worker has started.
    gc.set_threshold(100_000, 50, 1000)
    logger = configure("risk-projection")
    config = Config.from_env()
    if not config.readmodel_dsn:
        raise SystemExit("MARAC_READMODEL_DSN is required")
    os.makedirs(config.state_dir, exist_ok=True)
    # Here, only the schema; the store process writes batches and the refresh
    # processes recompute views.
    read_model = ReadModel(config.readmodel_dsn, max_connections=1)
    read_model.open()
    read_model.create_schema()
    stores = StoreProcess(config.readmodel_dsn)
    stores.start()
    refreshes = RefreshProcesses(config.readmodel_dsn)
    refreshes.start()
    app = create_app(config, read_model, logger, refreshes=refreshes, stores=stores)
    gc.collect()
    gc.freeze()
    log(logger, "starting", projection_id=config.projection_id, topics=len(config.topics))
    Worker(app).execute_from_commandline()
