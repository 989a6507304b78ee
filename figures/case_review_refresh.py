"""Keeping the case review's flags current in the figures projection: a task that
recomputes what is due (people and districts with new complaints, and flags whose
complaints leave the period) every few seconds, off the event loop, on a
connection of its own (the batch writer keeps the other)."""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg

from figures import case_review_store
from figures.case_review_rules import CaseReviewRules
from projections.retry import with_retry
from services.common.logs import log

REFRESH_LIMIT = 500  # people and districts a transaction
REFRESH_INTERVAL = 2.0  # seconds between rounds: a flag is at most this much late


def utc_now() -> datetime:
    return datetime.now(UTC)


class CaseReviewRefresher:
    """One round recomputes everything due at its start; returns how many."""

    def __init__(
        self, dsn: str, rules: CaseReviewRules, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._dsn = dsn
        self._rules = rules
        self._clock = clock
        self._conn: psycopg.Connection | None = None

    def __call__(self) -> int:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = psycopg.connect(self._dsn, autocommit=True)
            case_review_store.use_rules(self._conn, self._rules)
        now = self._clock()
        refreshed = 0
        while done := case_review_store.refresh(self._conn, now, self._rules, REFRESH_LIMIT):
            refreshed += done
        return refreshed

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


async def keep_case_reviews_current(
    refresh_round: Callable[[], int], logger: logging.Logger, interval: float = REFRESH_INTERVAL
) -> None:
    """Runs a round, then waits `interval`, for ever; waits out an unreachable
    database (projections.retry), and raises anything else."""
    while True:
        refreshed = await with_retry(refresh_round, logger=logger)
        if refreshed:
            log(logger, "case reviews refreshed", refreshed=refreshed)
        await asyncio.sleep(interval)
