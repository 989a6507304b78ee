"""The figures projection: a Faust agent from the case topics (every agency's and
the MARAC topic) to the figures' read model, in a consumer group of its own
(projections/kernel.py: batches stored off the loop, then acknowledged). The read
model keeps each event once (figures.store). A task keeps the case review's flags
current (figures.case_review_refresh).
"""

import logging
from collections.abc import Callable

import faust

from figures.case_review_refresh import keep_case_reviews_current
from figures.config import FiguresConfig
from figures.store import Stored
from projections import kernel
from services.common.logs import log
from services.common.tls import TlsIdentity

BATCH_SIZE = 2000
BATCH_WITHIN = 0.2  # seconds: figures are not read by the second
BATCHES_IN_FLIGHT = 2


def create_app(
    config: FiguresConfig,
    logger: logging.Logger,
    store_batch: Callable[[list[bytes]], Stored],
    tls: TlsIdentity | None = None,
    case_reviews: Callable[[], int] | None = None,
) -> faust.App:
    """The Faust app. `store_batch` decodes and stores a batch of serialised
    CaseEvents (in a process of its own) and says what it kept."""
    app = kernel.projection_app(
        kernel.ConsumerGroup(config.projection_id, config.bootstrap, config.state_dir), tls
    )

    def stored(records: int, _: list[bytes], kept: Stored) -> None:
        log(
            logger,
            "figures batch stored",
            records=records,
            counted=kept.counted,
            unusable=kept.unusable,
        )

    kernel.store_in_batches(
        app,
        kernel.raw_topic(app, *config.topics),
        "figures",
        kernel.Batching(BATCH_SIZE, BATCH_WITHIN, BATCHES_IN_FLIGHT),
        logger,
        lambda events, _waiting: [event.value for event in events],
        store_batch,
        stored,
    )

    if case_reviews is not None:

        @app.task
        async def refresh_case_reviews() -> None:
            try:
                await keep_case_reviews_current(case_reviews, logger)
            except Exception as error:
                kernel.stop_the_process(logger, "case reviews not refreshed", error)

    return app
