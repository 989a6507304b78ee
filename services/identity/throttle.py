"""The rule against guessing passwords, made so that a stranger's guesses do not
lock the person out. Each name has two windows of `window` from the first refusal
in it: one per place a sign-in comes from (the person's browser, as the web app saw
it; otherwise the calling program), which after `limit` refused sign-ins refuses
further ones for that name from that place, unheard; and one for the name from
everywhere, with a far higher limit (`name_limit`, NIST SP 800-63B's ceiling of
100), against guessing spread over many places. So a few wrong guesses from
elsewhere lock out only that place; only guessing at the scale of the ceiling,
from many places, stops the name everywhere until its window ends. Refused unheard
means whatever the password, so a guess that would have been right tells nothing.
A sign-in that succeeds forgets the refusals from its place, not the name's from
everywhere (or each of the person's sign-ins would give a spread-out guesser 100
more). Sign-ins being checked count too, so that many sent at once get no more
guesses.

Pure: the caller says what time it is. The attempts are kept in memory, so they are
forgotten when the process restarts, and each process of a deployment counts its
own; names and places are kept only as a digest, and at most `max_windows` windows
at once (the oldest go first), so made-up names cannot fill the memory.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.common.errors import ResourceExhausted

LIMIT = 5  # for a name from one place
NAME_LIMIT = 100  # for a name from everywhere
WINDOW = timedelta(minutes=15)
MAX_WINDOWS = 200_000


class TooManyAttempts(ResourceExhausted):
    def __init__(self) -> None:
        super().__init__("too many refused sign-ins for this name; try again later")


@dataclass(frozen=True)
class _Limit:
    key: bytes
    limit: int


@dataclass
class _Window:
    started: datetime
    refused: int = 0
    checking: int = 0


class SignInThrottle:
    def __init__(
        self,
        limit: int = LIMIT,
        window: timedelta = WINDOW,
        max_windows: int = MAX_WINDOWS,
        name_limit: int = NAME_LIMIT,
    ):
        self._limit = limit
        self._name_limit = name_limit
        self._window = window
        self._max_windows = max_windows
        self._windows: OrderedDict[bytes, _Window] = OrderedDict()
        self._lock = threading.Lock()  # sign-ins are checked in several threads at once

    def _limits(self, username: str, place: str) -> tuple[_Limit, _Limit]:
        name = _digest(b"name", username)
        return _Limit(_digest(name, place), self._limit), _Limit(name, self._name_limit)

    def begin(self, username: str, place: str, now: datetime) -> None:
        """A sign-in for the name from `place` is being checked; TooManyAttempts, and
        nothing is to be checked, while either window is full of refusals and checks."""
        limits = self._limits(username, place)
        with self._lock:
            windows = [self._current(limit.key, now) for limit in limits]
            if any(
                w.refused + w.checking >= limit.limit
                for w, limit in zip(windows, limits, strict=True)
            ):
                raise TooManyAttempts()
            for window in windows:
                window.checking += 1

    def refused(self, username: str, place: str) -> None:
        with self._lock:
            for window in self._held(username, place):
                window.checking -= 1
                window.refused += 1

    def abandoned(self, username: str, place: str) -> None:
        """The check could not be made (the directory was unavailable): no guess."""
        with self._lock:
            for window in self._held(username, place):
                window.checking -= 1

    def succeeded(self, username: str, place: str) -> None:
        with self._lock:
            from_place, everywhere = self._limits(username, place)
            self._windows.pop(from_place.key, None)
            window = self._windows.get(everywhere.key)
            if window is not None:
                window.checking -= 1

    def _held(self, username: str, place: str) -> list[_Window]:
        found = (self._windows.get(limit.key) for limit in self._limits(username, place))
        return [window for window in found if window is not None]

    def _current(self, key: bytes, now: datetime) -> _Window:
        window = self._windows.get(key)
        if window is not None and now - window.started < self._window:
            return window
        window = self._windows[key] = _Window(now)
        self._windows.move_to_end(key)
        while len(self._windows) > self._max_windows:
            self._windows.popitem(last=False)
        return window


def _digest(within: bytes, text: str) -> bytes:
    return hashlib.sha256(within + b"\0" + text.encode("utf-8", "surrogatepass")).digest()
