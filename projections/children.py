"""A projection worker's children: its store (and other work) in processes of their
own, so that the worker's one core (its GIL) is left to Faust's per-record work: the
event loop only hands a child the records' bytes (or a round of work) and waits.
Children end with the worker, even a killed one (a child's connections and claims
must not outlive it).
"""

import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, Protocol, TypeVar

# Each batch makes tens of thousands of short-lived objects (records, facts, rows);
# with the default thresholds the collector runs thousands of times a second.
GC_THRESHOLDS = (100_000, 50, 1000)

Result = TypeVar("Result")

_work: Callable[..., Any] | None = None  # a ChildProcess's own


def _exit_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _open(open_child: Callable[..., None], args: Sequence[object]) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    _exit_with_parent()
    open_child(*args)


def child_processes(
    processes: int, open_child: Callable[..., None], *args: object
) -> ProcessPoolExecutor:
    """`processes` children, each opened by `open_child(*args)` (a module's function:
    the children are spawned, not forked from a worker running threads)."""
    return ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_open,
        initargs=(open_child, args),
    )


def ready() -> None:
    """Returns once the child that runs it is open."""
    pass


class Children(Protocol):
    def opening(self) -> list[Future[None]]:
        """Starts the children opening; each future is done when one is open."""
        ...


def open_together(*children: Children) -> None:
    """Opens every child at once and returns when all are open (a restarted worker
    is back within seconds: one at a time, each spawned child's start was added up)."""
    for opened in [future for child in children for future in child.opening()]:
        opened.result()


def _open_work(open_work: Callable[..., Callable[..., Any]], *args: object) -> None:
    global _work
    _work = open_work(*args)


def _work_in_child(*args: object) -> object:
    assert _work is not None
    return _work(*args)


class ChildProcess(Generic[Result]):
    """Runs work in a child process: the callable that `open_work(*args)` returns
    there (for example a store with its own connection). What it is given and what
    it returns cross between the processes: keep them small."""

    def __init__(self, open_work: Callable[..., Callable[..., Result]], *args: object):
        self._pool = child_processes(1, _open_work, open_work, *args)

    def opening(self) -> list[Future[None]]:
        return [self._pool.submit(ready)]

    def run(self, *args: object) -> Result:
        return self._pool.submit(_work_in_child, *args).result()
