"""The projection's child processes: one decodes and stores batches, two recompute
views, each with its own connection to the shared view.

The worker is CPU-bound, and Faust's per-record work alone fills one core (one
GIL); the event loop only hands the children the records' bytes (or a refresh
round) and waits for the answer. Children end with the worker, even a killed one.
"""

import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from projections.batch import Record, Stored, store_records
from shared_view.rules import Rules
from shared_view.writer import Refreshed, SharedViewWriter

REFRESH_PROCESSES = 2  # recompute views beside the consumer, on the other core
# Each batch makes tens of thousands of short-lived objects (records, facts, rows);
# with the default thresholds the collector runs thousands of times a second.
GC_THRESHOLDS = (100_000, 50, 1000)

_writer: SharedViewWriter | None = None  # a child's own


def _exit_with_parent() -> None:
    """A child process ends as soon as the worker does, even when the worker is killed
    (a child's connection and claims must not outlive it)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _open_child(readmodel_dsn: str, check_connections: bool, holder: str) -> None:
    global _writer
    gc.set_threshold(*GC_THRESHOLDS)
    _exit_with_parent()
    _writer = SharedViewWriter(
        readmodel_dsn, max_connections=1, check_connections=check_connections, holder=holder
    )
    _writer.open()


def _ready() -> None:
    pass


def _children(readmodel_dsn: str, processes: int, check_connections: bool, holder: str = ""):
    return ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_open_child,
        initargs=(readmodel_dsn, check_connections, holder),
    )


def _store_in_child(records: list[Record]) -> Stored:
    assert _writer is not None
    return store_records(_writer, records)


def _refresh_in_child(now: datetime, rules: Rules, limit: int) -> Refreshed:
    assert _writer is not None
    return _writer.refresh(now, rules, limit)


def _report_backlog_in_child(behind: bool, lease_seconds: float) -> bool:
    assert _writer is not None
    return _writer.report_backlog(behind, lease_seconds)


class StoreProcess:
    """Decodes and stores batches in a process of its own, so that this process's
    one core (its GIL) is left to Faust's per-record work."""

    def __init__(self, readmodel_dsn: str):
        # The agent retries on OperationalError, so connections need no check per batch.
        self._pool = _children(readmodel_dsn, 1, check_connections=False)

    def start(self) -> None:
        self._pool.submit(_ready).result()

    def store(self, records: list[Record]) -> Stored:
        return self._pool.submit(_store_in_child, records).result()


class RefreshProcesses:
    """Recomputes views in processes of their own, each with its own connection, so
    the work runs on another core than the consumer's (views are pure Python). The
    writer's claims keep two processes from recomputing one subject at once; they
    name the worker, `holder`."""

    def __init__(self, readmodel_dsn: str, holder: str, processes: int = REFRESH_PROCESSES):
        self.processes = processes
        self._pool = _children(readmodel_dsn, processes, check_connections=True, holder=holder)

    def start(self) -> None:
        for done in [self._pool.submit(_ready) for _ in range(self.processes)]:
            done.result()

    def refresh(self, now: datetime, rules: Rules, limit: int) -> Refreshed:
        return self._pool.submit(_refresh_in_child, now, rules, limit).result()

    def report_backlog(self, behind: bool, lease_seconds: float) -> bool:
        return self._pool.submit(_report_backlog_in_child, behind, lease_seconds).result()
