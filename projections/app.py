"""The shared risk projection: a Faust agent from the case topics to the shared view,
in its consumer group (projections/kernel.py: batches stored off the loop, then
acknowledged). Each batch's records come with their topic's agency; the shared view
ignores the facts it already holds. A refresh task runs the refresher
(projections/refresher.py).
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import faust

from projections.batch import AGREEMENT_RECORD, Record, Stored, topic_agency
from projections.config import Config
from projections.kernel import (
    Batching,
    ConsumerGroup,
    projection_app,
    raw_topic,
    stop_the_process,
    store_in_batches,
)
from projections.refresher import Clock, Refresher, Refreshes
from services.common.logs import log
from services.common.metrics import CONSUMER_LAG
from services.common.tls import TlsIdentity

BATCH_SIZE = 2000
BATCH_WITHIN = 0.05  # seconds to wait for a batch to fill: short, for freshness
BATCHES_IN_FLIGHT = 2  # read ahead while earlier batches are being stored
BEHIND = 2 * BATCH_SIZE  # records waiting on the topics that make the worker "behind"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Batch:
    records: list[Record]  # the events' values, each with its topic's agency
    backlog: int  # records waiting behind the batch on its partitions


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
    group = ConsumerGroup(
        config.projection_id,
        config.bootstrap,
        config.state_dir,
        config.session_seconds,
        config.instance_id,
    )
    app = projection_app(group, tls)
    topic = raw_topic(
        app, *config.topics, *([config.agreements_topic] if config.agreements_topic else [])
    )
    refresher = Refresher(refreshes, config.rules, clock, logger, parallel)

    def topic_of(topic: str) -> int | None:
        if topic == config.agreements_topic:
            return AGREEMENT_RECORD
        return config.topic_agencies.get(topic, topic_agency(topic))

    agency_of = functools.cache(topic_of)

    def read(events: list[faust.EventT], waiting: int) -> Batch:
        values = [(agency_of(event.message.topic), event.value) for event in events]
        return Batch(values, waiting)

    def stored(records: int, batch: Batch, kept: Stored) -> None:
        written = kept.written
        CONSUMER_LAG.set(batch.backlog)
        if written.subjects:
            refresher.wake(behind=batch.backlog >= BEHIND)
        log(
            logger,
            "batch projected",
            records=records,
            new=written.new,
            duplicates=written.facts - written.new,
            subjects=written.subjects,
            anonymous=kept.anonymous,
            malformed=kept.malformed,
            misattributed=kept.misattributed,
            backlog=batch.backlog,
        )
        if kept.misattributed:
            # A principal wrote another agency's events: what, never.
            log(logger, "events not of their topic's agency dropped", count=kept.misattributed)

    store_in_batches(
        app,
        topic,
        "risk-view",
        Batching(BATCH_SIZE, BATCH_WITHIN, BATCHES_IN_FLIGHT),
        logger,
        read,
        lambda batch: store_batch(batch.records),
        stored,
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
