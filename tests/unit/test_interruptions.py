"""A follower the database or the broker interrupts waits longer after each
interruption, from the shortest wait again once a try made progress; anything
else stops it."""

import threading

import psycopg
import pytest
from kafka.errors import KafkaConnectionError

from services.common.interruptions import follow_until_stopped


class Stopping(threading.Event):
    """Stops after `waits` waits, recording each instead of sleeping."""

    def __init__(self, waits: int):
        super().__init__()
        self.waited: list[float] = []
        self._waits = waits

    def wait(self, timeout=None) -> bool:
        self.waited.append(timeout)
        if len(self.waited) == self._waits:
            self.set()
        return self.is_set()


def test_waits_double_up_to_the_longest_and_start_again_after_progress():
    stopping, done, told = Stopping(waits=8), [0], []
    # Tries 1-5 fail at once; try 6 does something before it fails; then they fail.
    outcomes = iter([0, 0, 0, 0, 0, 3, 0, 0])

    def follow(stopping):
        done[0] += next(outcomes)
        raise KafkaConnectionError() if len(told) % 2 else psycopg.OperationalError()

    follow_until_stopped(follow, stopping, lambda: done[0], lambda e, w: told.append(w))
    assert stopping.waited == [0.5, 1.0, 2.0, 4.0, 8.0, 0.5, 1.0, 2.0]
    assert told == stopping.waited


def test_anything_but_an_interruption_stops_the_follower():
    def follow(stopping):
        raise ValueError("a bug, for the supervisor to restart and the log to show")

    with pytest.raises(ValueError):
        follow_until_stopped(follow, Stopping(waits=3), lambda: 0, lambda e, w: None)


def test_a_follower_that_returns_is_not_called_again_once_stopped():
    stopping, calls = Stopping(waits=1), []

    def follow(stopping):
        calls.append(1)
        stopping.set()

    follow_until_stopped(follow, stopping, lambda: 0, lambda e, w: None)
    assert calls == [1] and stopping.waited == []
