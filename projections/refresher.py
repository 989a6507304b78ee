"""The refresher: recomputes the views of due subjects in the shared view.

It runs at once when a batch brought new facts, and every REFRESH_INTERVAL for views
that time changes (an override expiring, an incident leaving the window). While the
worker is far behind its topics (a rebuild, a backlog), it refreshes only every
BEHIND_REFRESH_INTERVAL, so a subject is recomputed once for all the facts that
reach it meanwhile rather than once per batch or per round: a rebuild of a million
events (two minutes here) computes each view once, when it has caught up.
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

Clock = Callable[[], datetime]


class Refreshes(Protocol):
    def refresh(self, now: datetime, rules: Rules, limit: int) -> Refreshed: ...


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
        return self._writer.refresh(self._clock(), self._rules, REFRESH_LIMIT)
