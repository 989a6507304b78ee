"""An in-memory index kept in step with an application's own notification log.

It needs no store of its own: after a restart the first query reads the log
once, later queries read only what was recorded since. The index sees each event
once, in the order recorded.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.application import Application

BATCH = 1_000


class LogFollower:
    def __init__(
        self, app: Application, apply: Callable[[Any], None], topics: list[str] | None = None
    ) -> None:
        """`apply` takes each event; `topics` (event classes' topics) limits which."""
        self._app = app
        self._apply = apply
        self._topics = topics or []
        self._position = 0
        self._lock = threading.Lock()

    @contextmanager
    def caught_up(self) -> Iterator[None]:
        """Reads what is new, then holds the index still while the caller reads it."""
        with self._lock:
            while True:
                notifications = self._app.recorder.select_notifications(
                    start=self._position + 1, limit=BATCH, topics=self._topics
                )
                for notification in notifications:
                    self._apply(self._app.mapper.to_domain_event(notification))
                if notifications:
                    self._position = notifications[-1].id
                if len(notifications) < BATCH:
                    break
            yield
