"""The unit of work for writes: one writer thread per service, which applies changes
to cases kept in memory and commits each group of changes in one transaction.

The store serialises its writers to keep the notification log in order, so one
commit per command would cap a service at one fsync per command. Instead every
change waiting when the writer is free joins one group (group commit). The
service is the only writer of its store, so a cached case is current and is not
re-read before a change; a group that fails to commit forgets what the cache holds
of its cases, and the group's changes are made again one by one from the store.

A change gets its case (None when the case is new) and the session, through which
it may touch other aggregates saved in the same transaction (the DDPO's waiting
list); it returns the case and its answer. A change that fails leaves its case as
it was before it: events it raised partway are undone. A change whose caller has
stopped waiting (its deadline passed in the queue) is not made.
"""

import contextlib
import contextvars
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from services.common.case import Case
from services.common.errors import CaseErased, ConcurrentChange, DeadlineExceeded
from services.common.metrics import GROUP_COMMIT_COMMANDS

A = TypeVar("A", bound=Aggregate)
MAX_GROUP = 256
ATTEMPTS = 5
# How long a caller waits beyond its own deadline for the writer to say what happened.
ANSWER_GRACE_SECONDS = 10.0
# A writer that has not taken the oldest change waiting for this long, or is still on
# the group it took this long ago (a lock held on its table, a database that stopped
# answering), is making no progress: the service says NOT_SERVING meanwhile. Groups
# take well under a second, even at the most the benchmarks put through.
STALLED_SECONDS = 5.0

# When the caller of the change in hand stops waiting (time.monotonic()); set by the
# entrypoint around a command, so commands need not carry it.
deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)


@contextlib.contextmanager
def waiting_at_most(seconds: float | None) -> Iterator[None]:
    token = deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        deadline.reset(token)


class Session:
    """The aggregates besides cases that a group of changes touches."""

    def __init__(self, load: Callable[[UUID], Aggregate | None]) -> None:
        self._load = load
        self.touched: dict[UUID, Aggregate] = {}

    def get(self, aggregate_id: UUID, new: Callable[[], A]) -> A:
        """The aggregate, loaded once per group, or `new()` if it does not exist yet."""
        if aggregate_id not in self.touched:
            self.touched[aggregate_id] = self._load(aggregate_id) or new()
        return self.touched[aggregate_id]  # type: ignore[return-value]


Follow = Callable[[Case, Sequence[Case.Event], Session], None]
ChangeOf = Callable[[Case | None, Session], tuple[Case | None, Any]]


@dataclass
class Pending:
    case_id: UUID
    change: ChangeOf
    deadline: float | None
    done: Future = field(default_factory=Future)
    queued_at: float = field(default_factory=time.monotonic)


class CaseWriter:
    """Owns the queue of changes, group commit, the case cache and its eviction,
    retries after a conflicting writer, and deadlines. `follow` is told each change's
    new events, to keep other aggregates in step in the same transaction."""

    def __init__(
        self, app: Application, follow: Follow | None = None, max_group: int = MAX_GROUP
    ) -> None:
        self._app = app
        self._follow = follow
        self._max_group = max_group
        self._pending: queue.Queue[Pending | None] = queue.Queue()
        # When the writer took the group in hand (time.monotonic()); None between groups.
        self._taken_at: float | None = None
        self._thread = threading.Thread(target=self._write_groups, name="writer", daemon=True)
        self._thread.start()

    def submit(self, case_id: UUID, change: ChangeOf) -> Any:
        """Queues a change and waits until it is committed; returns its answer or
        raises what refused it."""
        until = deadline.get()
        pending = Pending(case_id, change, until)
        self._pending.put(pending)
        wait = None if until is None else max(0.0, until - time.monotonic()) + ANSWER_GRACE_SECONDS
        try:
            return pending.done.result(wait)
        except TimeoutError:
            raise DeadlineExceeded("the change was not confirmed in time; retry") from None

    def progressing(self, stalled_after: float = STALLED_SECONDS) -> bool:
        """False while the group in hand, or the oldest change waiting, has waited
        `stalled_after` seconds (for the health check)."""
        now = time.monotonic()
        taken_at = self._taken_at
        if taken_at is not None and now - taken_at > stalled_after:
            return False
        with self._pending.mutex:  # a look at the oldest, without taking it
            oldest = next((p for p in self._pending.queue if p is not None), None)
        return oldest is None or now - oldest.queued_at <= stalled_after

    def close(self) -> None:
        self._pending.put(None)
        self._thread.join(timeout=10)

    # The writer thread

    def _write_groups(self) -> None:
        while (first := self._pending.get()) is not None:
            group = [first]
            while len(group) < self._max_group:
                try:
                    item = self._pending.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._pending.put(None)  # stop after this group
                    break
                group.append(item)
            self._taken_at = time.monotonic()
            GROUP_COMMIT_COMMANDS.observe(len(group))
            try:
                self._write(group)
            finally:
                self._taken_at = None

    def _write(self, group: list[Pending]) -> None:
        cases: dict[UUID, Case | None] = {}
        session = Session(self._load)
        answered = []
        for pending in group:
            if pending.deadline is not None and time.monotonic() > pending.deadline:
                pending.done.set_exception(DeadlineExceeded("the caller stopped waiting"))
                continue
            if pending.case_id not in cases:
                cases[pending.case_id] = self._load(pending.case_id)
            applied = self._apply(pending, cases, session)
            if applied is not None:
                answered.append((pending, applied[0]))
        changed = _changed(cases, session)
        try:
            if changed:
                self._app.save(*changed)
        except IntegrityError:
            # Another writer changed one of these first: make them again one by one.
            self._evict(changed)
            for pending, _ in answered:
                self._write_alone(pending)
            return
        except Exception as error:
            self._evict(changed)
            for pending, _ in answered:
                pending.done.set_exception(error)
            return
        for pending, answer in answered:
            pending.done.set_result(answer)

    def _apply(
        self, pending: Pending, cases: dict[UUID, Case | None], session: Session
    ) -> Any | None:
        """Makes one change on the group's cases; None when it was refused (and undone)."""
        case = cases[pending.case_id]
        marks = {a.id: len(a.pending_events) for a in (case, *session.touched.values()) if a}
        try:
            case, answer = pending.change(case, session)
            if case is not None:
                cases[pending.case_id] = case
                new_events = case.pending_events[marks.get(case.id, 0) :]
                if new_events and self._follow is not None:
                    self._follow(case, new_events, session)
        except Exception as error:
            pending.done.set_exception(error)
            self._undo(pending.case_id, cases, session, marks)
            return None
        return (answer,)

    def _undo(
        self,
        case_id: UUID,
        cases: dict[UUID, Case | None],
        session: Session,
        marks: dict[UUID, int],
    ) -> None:
        """Puts back the aggregates a refused change touched as they were before it."""
        case = cases.get(case_id)
        if case is not None and len(case.pending_events) > marks.get(case.id, 0):
            cases[case_id] = self._restore(case, marks.get(case.id, 0))
        for aggregate_id, aggregate in list(session.touched.items()):
            if len(aggregate.pending_events) > marks.get(aggregate_id, 0):
                restored = self._restore(aggregate, marks.get(aggregate_id, 0))
                if restored is None:
                    del session.touched[aggregate_id]
                else:
                    session.touched[aggregate_id] = restored

    def _restore(self, aggregate: A, keep: int) -> A | None:
        """The aggregate as stored, with the first `keep` of its pending events."""
        kept = list(aggregate.pending_events[:keep])
        self._evict([aggregate])
        restored = self._load(aggregate.id)
        for event in kept:
            restored = event.mutate(restored)
        if restored is not None:
            restored.pending_events[:] = kept
        return restored

    def _write_alone(self, pending: Pending) -> None:
        for _ in range(ATTEMPTS):
            cases = {pending.case_id: self._load(pending.case_id)}
            session = Session(self._load)
            applied = self._apply(pending, cases, session)
            if applied is None:
                return
            changed = _changed(cases, session)
            try:
                if changed:
                    self._app.save(*changed)
            except IntegrityError:
                self._evict(changed)
                continue
            except Exception as error:
                self._evict(changed)
                pending.done.set_exception(error)
                return
            pending.done.set_result(applied[0])
            return
        pending.done.set_exception(ConcurrentChange("the case changed meanwhile; retry"))

    # The cache

    def _load(self, aggregate_id: UUID) -> Any:
        # The writer changes the cached aggregate itself: nothing else does.
        try:
            return self._app.repository.get(aggregate_id, deepcopy_from_cache=False)
        except (AggregateNotFoundError, CaseErased):  # an erased case reads as none
            return None

    def _evict(self, aggregates: Sequence[Aggregate]) -> None:
        cache = self._app.repository.cache
        if cache is None:
            return
        for aggregate in aggregates:
            with contextlib.suppress(KeyError):
                cache.get(aggregate.id, evict=True)


def _changed(cases: dict[UUID, Case | None], session: Session) -> list[Aggregate]:
    aggregates = (*cases.values(), *session.touched.values())
    return [a for a in aggregates if a is not None and a.pending_events]
