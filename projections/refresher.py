"""The refresher: recomputes the views of due subjects in the shared view.

It runs at once when a batch brought new facts, and every REFRESH_INTERVAL for views
that time changes (an override expiring, an incident leaving the window). While the
worker is far behind its topics (a rebuild, a backlog), it refreshes only every
BEHIND_REFRESH_INTERVAL, so a subject is recomputed once for all the facts that
reach it meanwhile rather than once per batch or per round: a rebuild of a million
events (two minutes here) computes each view once, when it has caught up. Several
workers share one shared view, each with its own partitions, and one that has caught
up would recompute the subjects another still feeds; so each says in the shared view
whether it is behind, and a worker refreshes as if behind while any is.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from projections.retry import with_retry
from services.common.logs import log
from shared_view.rules import Rules
from shared_view.writer import Refreshed

REFRESH_INTERVAL = 1.0  # seconds between looks for views that expired by themselves
REFRESH_LIMIT = 5000  # subjects recomputed per transaction
BEHIND_REFRESH_INTERVAL = 300.0  # seconds: how stale views may grow while behind
BACKLOG_CHECK_INTERVAL = 1.0  # seconds between looks at whether any worker is behind
BACKLOG_LEASE = 10.0  # seconds a worker's word that it is behind holds

Clock = Callable[[], datetime]


class Refreshes(Protocol):
    def refresh(self, now: datetime, rules: Rules, limit: int) -> Refreshed: ...

    def report_backlog(self, behind: bool, lease_seconds: float) -> bool: ...


class Refresher:
    """Recomputes due views, woken by new facts or by the passing of time; a round
    runs `parallel` claims at once (one per refresh process)."""

    def __init__(
        self,
        writer: Refreshes,
        rules: Rules,
        clock: Clock,
        logger: logging.Logger,
        parallel: int = 1,
    ):
        self._writer = writer
        self._parallel = parallel
        self._rules = rules
        self._clock = clock
        self._logger = logger
        self._woken = asyncio.Event()
        self._behind = False
        self._last_round = -BEHIND_REFRESH_INTERVAL
        self._any_behind = False  # as the shared view said when last asked
        self._reported: bool | None = None
        self._asked_at = -BACKLOG_CHECK_INTERVAL

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
            behind = await self._any_worker_behind()
            if behind and loop.time() < self._last_round + BEHIND_REFRESH_INTERVAL:
                continue
            self._last_round = loop.time()
            await self.refresh_due()

    async def _any_worker_behind(self) -> bool:
        """Whether this worker or another is far behind, asking the shared view at
        most once a BACKLOG_CHECK_INTERVAL, or at once when this worker's own changed."""
        now = asyncio.get_running_loop().time()
        if self._behind != self._reported or now >= self._asked_at + BACKLOG_CHECK_INTERVAL:
            behind = self._behind
            self._any_behind = await with_retry(
                self._writer.report_backlog, behind, BACKLOG_LEASE, logger=self._logger
            )
            self._reported, self._asked_at = behind, now
        return self._behind or self._any_behind

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
        return self._writer.refresh(self._clock(), self._rules, REFRESH_LIMIT)
