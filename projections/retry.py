"""Waiting out an unreachable shared-view database instead of giving up on the work."""

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

import psycopg

from services.common.logs import log

RETRY_DELAYS = (0.5, 1, 2, 5, 10, 30)  # seconds, while the database is unreachable

T = TypeVar("T")


async def with_retry(work: Callable[..., T], *args: object, logger: logging.Logger) -> T:
    """Runs shared-view work off the event loop, again after each delay while the
    database is unreachable; the last failure is raised."""
    for attempt, delay in enumerate((*RETRY_DELAYS, None), start=1):
        try:
            return await asyncio.to_thread(work, *args)
        except psycopg.OperationalError as error:
            if delay is None:
                raise
            log(logger, "read model unreachable", attempt=attempt, error=type(error).__name__)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")
