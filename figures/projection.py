"""The figures projection: a Faust agent from the case topics (every agency's and
the MARAC topic) to the figures' read model, in a consumer group of its own.

Records are read in batches; each batch is stored in one transaction off the event
loop and only then acknowledged, so Faust commits offsets only for records already
stored. A crash before the store redelivers the batch, and the read model keeps
each event once (figures.store). A task keeps the case review's flags current
(figures.case_review_refresh).
"""

import asyncio
import logging
from collections.abc import Callable

import faust

from figures.case_review_refresh import keep_case_reviews_current
from figures.config import FiguresConfig
from figures.store import Batch, read_batch
from projections.app import stop_the_process
from projections.retry import with_retry
from services.common.logs import log
from services.common.tls import TlsIdentity

BATCH_SIZE = 2000
BATCH_WITHIN = 0.2  # seconds: figures are not read by the second
BATCHES_IN_FLIGHT = 2
SESSION_SECONDS = 10.0  # at least the broker's group.min.session.timeout.ms, 6 s


def create_app(
    config: FiguresConfig,
    logger: logging.Logger,
    store_batch: Callable[[Batch], None],
    tls: TlsIdentity | None = None,
    case_reviews: Callable[[], int] | None = None,
) -> faust.App:
    app = faust.App(
        config.projection_id,
        broker=f"kafka://{config.bootstrap}",
        broker_credentials=faust.SSLCredentials(tls.ssl_context()) if tls else None,
        datadir=config.state_dir,
        autodiscover=False,
        env_prefix="MARAC_FAUST",
        web_enabled=False,
        web_tables_enabled=False,
        topic_allow_declare=False,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        # A worker restarted after a crash gets its partitions back within seconds,
        # not after Faust's default minute for the group to give up on the old one.
        broker_session_timeout=SESSION_SECONDS,
        broker_heartbeat_interval=SESSION_SECONDS / 4,
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
    read: asyncio.Queue = asyncio.Queue(maxsize=BATCHES_IN_FLIGHT)

    @app.agent(topic, name="figures")
    async def project(records: faust.StreamT[bytes]) -> None:
        storing = asyncio.create_task(store(records))
        try:
            async for events in records.noack_take(BATCH_SIZE, within=BATCH_WITHIN):
                await read.put(events)
        finally:
            storing.cancel()

    async def store(records: faust.StreamT[bytes]) -> None:
        while True:
            events = await read.get()
            try:
                batch = read_batch(event.value for event in events)
                await with_retry(store_batch, batch, logger=logger)
            except Exception as error:
                stop_the_process(logger, "figures batch not stored", error)
            for event in events:
                await records.ack(event)
            log(
                logger,
                "figures batch stored",
                records=len(events),
                counted=len(batch.records),
                unusable=batch.unusable,
            )

    if case_reviews is not None:

        @app.task
        async def refresh_case_reviews() -> None:
            try:
                await keep_case_reviews_current(case_reviews, logger)
            except Exception as error:
                stop_the_process(logger, "case reviews not refreshed", error)

    return app
