"""The rule against guessing passwords: after `limit` refused sign-ins for a name
within `window` of the first of them, every further sign-in for that name is refused
unheard until the window is over (whatever the password, so a guess that would have
been right tells nothing either). A sign-in that succeeds forgets the name's refusals.
Sign-ins being checked count too, so that many sent at once get no more guesses.

Pure: the caller says what time it is. The attempts are kept in memory, so they are
forgotten when the process restarts, and each process of a deployment counts its
own; names are kept only as a digest, and at most `max_names` windows at once (the
oldest go first), so no one can fill the memory with made-up names.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.common.errors import ResourceExhausted

LIMIT = 5
WINDOW = timedelta(minutes=15)
MAX_NAMES = 100_000


class TooManyAttempts(ResourceExhausted):
    def __init__(self) -> None:
        super().__init__("too many refused sign-ins for this name; try again later")


@dataclass
class _Window:
    started: datetime
    refused: int = 0
    checking: int = 0


class SignInThrottle:
    def __init__(self, limit: int = LIMIT, window: timedelta = WINDOW, max_names: int = MAX_NAMES):
        self._limit = limit
        self._window = window
        self._max_names = max_names
        self._windows: OrderedDict[bytes, _Window] = OrderedDict()
        self._lock = threading.Lock()  # sign-ins are checked in several threads at once

    def begin(self, username: str, now: datetime) -> None:
        """A sign-in for the name is being checked; TooManyAttempts, and nothing is to
        be checked, while its window holds `limit` refusals and checks."""
        key = _digest(username)
        with self._lock:
            window = self._current(key, now)
            if window is None:
                window = self._windows[key] = _Window(now)
                while len(self._windows) > self._max_names:
                    self._windows.popitem(last=False)
            if window.refused + window.checking >= self._limit:
                raise TooManyAttempts()
            window.checking += 1

    def refused(self, username: str) -> None:
        with self._lock:
            window = self._windows.get(_digest(username))
            if window is not None:
                window.checking -= 1
                window.refused += 1

    def abandoned(self, username: str) -> None:
        """The check could not be made (the directory was unavailable): no guess."""
        with self._lock:
            window = self._windows.get(_digest(username))
            if window is not None:
                window.checking -= 1

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._windows.pop(_digest(username), None)

    def _current(self, key: bytes, now: datetime) -> _Window | None:
        window = self._windows.get(key)
        if window is not None and now - window.started >= self._window:
            del self._windows[key]
            return None
        return window


def _digest(username: str) -> bytes:
    return hashlib.sha256(username.encode("utf-8", "surrogatepass")).digest()
