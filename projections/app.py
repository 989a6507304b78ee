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
reads and decodes the next batch. A crash before the write redelivers the batch,
and the read model ignores the facts it already holds.

A refresher task recomputes the views of due subjects: at once when a batch
brought new facts, and every REFRESH_INTERVAL for views that time changes (an
override expiring, an incident leaving the window). While the worker is far behind
its topics (a rebuild, a backlog), it refreshes only every BEHIND_REFRESH_INTERVAL,
so a subject is recomputed once for many of its facts rather than once per batch.
"""

import asyncio
import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NoReturn, TypeVar

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


class Refresher:
    """Recomputes due views, woken by new facts or by the passing of time."""

    def __init__(self, read_model: ReadModel, rules: Rules, clock: Clock, logger: logging.Logger):
        self._read_model = read_model
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
    facts: list[Fact]
    anonymous: int
    malformed: int
    backlog: int  # records waiting behind the batch on its partitions


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
    config: Config, read_model: ReadModel, logger: logging.Logger, clock: Clock = utc_now
) -> faust.App:
    """The Faust app; the read model must be open, with its schema in place."""
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
    refresher = Refresher(read_model, config.rules, clock, logger)
    read: asyncio.Queue[Batch] = asyncio.Queue(maxsize=BATCHES_IN_FLIGHT)

    @app.agent(topic, name="risk-view")
    async def project(records: faust.StreamT[bytes]) -> None:
        writer = asyncio.create_task(store(records))
        try:
            # noack_take: the writer acknowledges events, once their batch is stored.
            async for events in records.noack_take(BATCH_SIZE, within=BATCH_WITHIN):
                facts, anonymous, malformed = facts_of([event.value for event in events])
                await read.put(Batch(events, facts, anonymous, malformed, backlog(app, events)))
        finally:
            writer.cancel()

    async def store(records: faust.StreamT[bytes]) -> None:
        while True:
            batch = await read.get()
            try:
                written: Written = await with_retry(read_model.record, batch.facts, logger=logger)
            except Exception as error:
                stop_the_process(logger, "batch not written", error)
            for event in batch.events:
                await records.ack(event)
            if written.subjects:
                refresher.wake(behind=batch.backlog >= BEHIND)
            log(
                logger,
                "batch projected",
                records=len(batch.events),
                new=written.new,
                duplicates=written.facts - written.new,
                subjects=written.subjects,
                anonymous=batch.anonymous,
                malformed=batch.malformed,
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
    # interval the writer and refresher threads wait that long for the GIL after each
    # of their many short database calls, and store batches 3-4 times slower.
    sys.setswitchinterval(0.0005)
    logger = configure("risk-projection")
    config = Config.from_env()
    if not config.readmodel_dsn:
        raise SystemExit("MARAC_READMODEL_DSN is required")
    os.makedirs(config.state_dir, exist_ok=True)
    # One connection stores batches while another refreshes views.
    read_model = ReadModel(config.readmodel_dsn, max_connections=2)
    read_model.open()
    read_model.create_schema()
    app = create_app(config, read_model, logger)
    log(logger, "starting", projection_id=config.projection_id, topics=len(config.topics))
    Worker(app).execute_from_commandline()
