"""The risk projection's child processes (projections/children.py): one decodes
and stores batches, two recompute views, each with its own connection to the shared
view. The worker is CPU-bound, and Faust's per-record work alone fills one core.
"""

from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from functools import partial

from projections.batch import Record, Stored, store_records
from projections.children import child_processes, ready
from shared_view.rules import Rules
from shared_view.writer import Refreshed, SharedViewWriter

REFRESH_PROCESSES = 2  # recompute views beside the consumer, on the other core

_writer: SharedViewWriter | None = None  # a refresh child's own


def _open_writer(readmodel_dsn: str, check_connections: bool, holder: str) -> SharedViewWriter:
    writer = SharedViewWriter(
        readmodel_dsn, max_connections=1, check_connections=check_connections, holder=holder
    )
    writer.open()
    return writer


def fact_store(readmodel_dsn: str) -> Callable[[list[Record]], Stored]:
    """What decodes and stores batches in the store child (ChildProcess(fact_store, dsn)).
    The agent retries on OperationalError, so connections need no check per batch."""
    return partial(store_records, _open_writer(readmodel_dsn, False, ""))


def _open_refresh_child(readmodel_dsn: str, holder: str) -> None:
    global _writer
    _writer = _open_writer(readmodel_dsn, True, holder)


def _refresh_in_child(now: datetime, rules: Rules, limit: int) -> Refreshed:
    assert _writer is not None
    return _writer.refresh(now, rules, limit)


def _report_backlog_in_child(behind: bool, lease_seconds: float) -> bool:
    assert _writer is not None
    return _writer.report_backlog(behind, lease_seconds)


class RefreshProcesses:
    """Recomputes views in processes of their own, each with its own connection, so
    the work runs on another core than the consumer's (views are pure Python). The
    writer's claims keep two processes from recomputing one subject at once; they
    name the worker, `holder`."""

    def __init__(self, readmodel_dsn: str, holder: str, processes: int = REFRESH_PROCESSES):
        self.processes = processes
        self._pool = child_processes(processes, _open_refresh_child, readmodel_dsn, holder)

    def opening(self) -> list[Future[None]]:
        return [self._pool.submit(ready) for _ in range(self.processes)]

    def refresh(self, now: datetime, rules: Rules, limit: int) -> Refreshed:
        return self._pool.submit(_refresh_in_child, now, rules, limit).result()

    def report_backlog(self, behind: bool, lease_seconds: float) -> bool:
        return self._pool.submit(_report_backlog_in_child, behind, lease_seconds).result()
