"""Riding out a restart of the database or the broker: a follower (a relay, an
inbox, a feed) that one of them interrupts waits, longer each time, and follows
again from where it had recorded being; after a try that made progress it starts
again from the shortest wait. Anything else stops it, for its supervisor to
restart and the log to say why."""

import threading
from collections.abc import Callable

import psycopg
from eventsourcing.persistence import PersistenceError
from kafka.errors import KafkaError

# The database or the broker unreachable for a while.
INTERRUPTIONS = (PersistenceError, psycopg.Error, KafkaError)
FIRST_WAIT_SECONDS = 0.5
LONGEST_WAIT_SECONDS = 8.0


def follow_until_stopped(
    follow: Callable[[threading.Event], None],
    stopping: threading.Event,
    progress: Callable[[], int],
    interrupted: Callable[[Exception, float], None],
    interruptions: tuple[type[Exception], ...] = INTERRUPTIONS,
) -> None:
    """`follow(stopping)` again after each of `interruptions` (told to `interrupted`
    with the wait before the next try) until `stopping` is set. `progress` counts
    what has been done, so that a try that did something resets the wait."""
    wait = FIRST_WAIT_SECONDS
    while not stopping.is_set():
        before = progress()
        try:
            follow(stopping)
        except interruptions as error:
            if progress() > before:
                wait = FIRST_WAIT_SECONDS  # it had recovered before this one
            interrupted(error, wait)
            stopping.wait(wait)
            wait = min(wait * 2, LONGEST_WAIT_SECONDS)
