"""The shared risk projection: a Faust agent from the case topics to the shared view.

Records are read in batches. A writer task stores each batch's facts in one
transaction off the event loop, and only then acknowledges its records, so Faust
commits offsets only for records already in the shared view; meanwhile the agent
reads the next batch. A crash before the write redelivers the batch, and the shared
view ignores the facts it already holds. A refresh task runs the refresher
(projections/refresher.py).

Faust reads its settings from the environment too; only MARAC_FAUST_* names may tune
it (for example MARAC_FAUST_BROKER_SESSION_TIMEOUT=10).
"""

import asyncio
import functools
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NoReturn

import faust
from faust.exceptions import ConsumerNotStarted

from projections.batch import AGREEMENT_RECORD, Record, Stored, topic_agency
from projections.config import Config
from projections.refresher import Clock, Refresher, Refreshes
from projections.retry import with_retry
from services.common.logs import log
from services.common.metrics import CONSUMER_LAG
from services.common.tls import TlsIdentity

BATCH_SIZE = 2000
BATCH_WITHIN = 0.05  # seconds to wait for a batch to fill: short, for freshness
BATCHES_IN_FLIGHT = 2  # read ahead while earlier batches are being stored
BEHIND = 2 * BATCH_SIZE  # records waiting on the topics that make the worker "behind"
EX_SOFTWARE = 70


def utc_now() -> datetime:
    return datetime.now(UTC)


def stop_the_process(logger: logging.Logger, what: str, error: Exception) -> NoReturn:
    # A restarted agent or task would go on past the failed work; stop the process
    # instead, so that it starts again from the last committed offsets.
    logger.error(what, extra={"fields": {"error": type(error).__name__}})
    logging.shutdown()
    os._exit(EX_SOFTWARE)


@dataclass(frozen=True)
class Batch:
    events: list[faust.EventT]
    records: list[Record]  # the events' values, each with its topic's agency
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
    config: Config,
    logger: logging.Logger,
    store_batch: Callable[[list[Record]], Stored],
    refreshes: Refreshes,
    parallel: int = 1,
    clock: Clock = utc_now,
    tls: TlsIdentity | None = None,
) -> faust.App:
    """The Faust app. `store_batch` decodes and stores a batch of records (in the store
    process, or with a writer here); `refreshes` recomputes views, `parallel` rounds
    at once. The shared view's schema must be in place."""
    app = faust.App(
        config.projection_id,
        broker=f"kafka://{config.bootstrap}",
        # As the projection, over mutual TLS (none only in tests without a broker).
        broker_credentials=faust.SSLCredentials(tls.ssl_context()) if tls else None,
        datadir=config.state_dir,
        autodiscover=False,
        env_prefix="MARAC_FAUST",
        web_enabled=False,
        web_tables_enabled=False,
        topic_allow_declare=False,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        consumer_group_instance_id=config.instance_id or None,
        broker_session_timeout=config.session_seconds,
        broker_heartbeat_interval=config.session_seconds / 4,
        key_serializer="raw",
        value_serializer="raw",
    )
    topic = app.topic(
        *config.topics,
        *([config.agreements_topic] if config.agreements_topic else []),
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        internal=False,
    )
    refresher = Refresher(refreshes, config.rules, clock, logger, parallel)

    def topic_of(topic: str) -> int | None:
        if topic == config.agreements_topic:
            return AGREEMENT_RECORD
        return config.topic_agencies.get(topic, topic_agency(topic))

    agency_of = functools.cache(topic_of)
    read: asyncio.Queue[Batch] = asyncio.Queue(maxsize=BATCHES_IN_FLIGHT)

    @app.agent(topic, name="risk-view")
    async def project(records: faust.StreamT[bytes]) -> None:
        storing = asyncio.create_task(store(records))
        try:
            # noack_take: the store task acknowledges events, once their batch is stored.
            async for events in records.noack_take(BATCH_SIZE, within=BATCH_WITHIN):
                values = [(agency_of(event.message.topic), event.value) for event in events]
                await read.put(Batch(events, values, backlog(app, events)))
        finally:
            storing.cancel()

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
            CONSUMER_LAG.set(batch.backlog)
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
                misattributed=stored.misattributed,
                backlog=batch.backlog,
            )
            if stored.misattributed:
                # A principal wrote another agency's events: what, never.
                log(
                    logger, "events not of their topic's agency dropped", count=stored.misattributed
                )

    @app.on_partitions_assigned.connect
    async def assigned(app: faust.App, assigned: set, **_: object) -> None:
        # Which worker owns which partitions, after each rebalance (topic names only).
        owned = sorted(f"{tp.topic}:{tp.partition}" for tp in assigned)
        log(logger, "partitions assigned", count=len(owned), partitions=owned)

    @app.task
    async def refresh() -> None:
        try:
            await refresher.run()
        except Exception as error:
            stop_the_process(logger, "views not refreshed", error)

    return app
