"""The shared risk projection: a Faust worker from the agency topics to the read model.

Records are read in batches; each batch is written to Postgres in one transaction
off the event loop, and only then acknowledged, so Faust commits offsets only for
records already in the read model. A crash before the write redelivers the batch,
and the read model ignores the facts it already holds.
"""

import asyncio
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import faust
import psycopg

from projections.read_model import ReadModel, Written
from projections.risk_summary import Fact, MalformedEvent, decode
from services.common.logs import configure, log

BATCH_SIZE = 1000
BATCH_WITHIN = 0.25  # seconds to wait for a batch to fill
RETRY_DELAYS = (0.5, 1, 2, 5, 10, 30)  # seconds, while the read model is unreachable
EX_SOFTWARE = 70


@dataclass(frozen=True)
class Config:
    bootstrap: str
    topics: tuple[str, ...]
    projection_id: str
    readmodel_dsn: str
    state_dir: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Config":
        env = dict(os.environ if env is None else env)
        topics = tuple(t.strip() for t in env.get("MARAC_CASE_TOPICS", "").split(",") if t.strip())
        if not topics:
            raise SystemExit("MARAC_CASE_TOPICS must name at least one topic")
        return cls(
            bootstrap=env.get("MARAC_KAFKA_BOOTSTRAP", "127.0.0.1:59092"),
            topics=topics,
            projection_id=env.get("MARAC_PROJECTION_ID", "marac-risk-projection"),
            readmodel_dsn=env.get("MARAC_READMODEL_DSN", ""),
            state_dir=env.get(
                "MARAC_STATE_DIR", os.path.join(tempfile.gettempdir(), "marac-projections")
            ),
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


async def write_with_retry(
    write: Callable[[Sequence[Fact]], Written], facts: Sequence[Fact], logger: logging.Logger
) -> Written:
    """Writes a batch; waits out an unreachable database instead of skipping the batch."""
    for attempt, delay in enumerate((*RETRY_DELAYS, None), start=1):
        try:
            return await asyncio.to_thread(write, facts)
        except psycopg.OperationalError as error:
            if delay is None:
                raise
            log(logger, "read model unreachable", attempt=attempt, error=type(error).__name__)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")


def create_app(config: Config, read_model: ReadModel, logger: logging.Logger) -> faust.App:
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

    @app.agent(topic, name="risk-summary")
    async def project(records: faust.StreamT[bytes]) -> None:
        # noack_take: events are acknowledged below, only once their batch is stored.
        async for events in records.noack_take(BATCH_SIZE, within=BATCH_WITHIN):
            facts, anonymous, malformed = facts_of([event.value for event in events])
            try:
                written = await write_with_retry(read_model.record, facts, logger)
            except Exception as error:
                # A restarted agent would go on past this batch; stop the process
                # instead so that the batch is redelivered when it starts again.
                logger.error("batch not written", extra={"fields": {"error": type(error).__name__}})
                logging.shutdown()
                os._exit(EX_SOFTWARE)
            for event in events:
                await records.ack(event)
            log(
                logger,
                "batch projected",
                records=len(events),
                new=written.new,
                duplicates=written.facts - written.new,
                subjects=written.subjects,
                anonymous=anonymous,
                malformed=malformed,
            )

    return app


class Worker(faust.Worker):
    """A Faust worker that keeps the project's JSON log lines, without a terminal spinner."""

    def __init__(self, app: faust.App) -> None:
        super().__init__(app, loglevel="WARNING", quiet=True)
        self.spinner = None

    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        configure("risk-projection")


def main() -> None:
    logger = configure("risk-projection")
    config = Config.from_env()
    if not config.readmodel_dsn:
        raise SystemExit("MARAC_READMODEL_DSN is required")
    os.makedirs(config.state_dir, exist_ok=True)
    read_model = ReadModel(config.readmodel_dsn, max_connections=1)
    read_model.open()
    read_model.create_schema()
    app = create_app(config, read_model, logger)
    log(logger, "starting", projection_id=config.projection_id, topics=len(config.topics))
    Worker(app).execute_from_commandline()
