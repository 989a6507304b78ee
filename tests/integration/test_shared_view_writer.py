"""The shared view's writer on real Postgres, with the projection's concurrency:
facts stored while views are recomputed never deadlock, and a recompute that fails
gives its subjects back to be recomputed at once (not when their claim runs out), a
worker that starts takes back the claims of one of its name killed while it
refreshed, a refresh whose claim another took over writes nothing, and workers hear
whether another is far behind."""

import threading
import time
from datetime import UTC, datetime

import psycopg
import pytest

from shared_view.rules import Rules
from shared_view.writer import SharedViewWriter
from tests.unit.test_facts import incident

SUBJECTS = 2000
ROUNDS = 40


def subject(n: int) -> str:
    return f"{n:064x}"


@pytest.fixture
def shared_view(create_shared_view, request):
    return create_shared_view(request.node.name[:40])


def test_facts_stored_while_views_are_recomputed_never_deadlock(shared_view):
    writers = [SharedViewWriter(shared_view, check_connections=False) for _ in range(3)]
    for writer in writers:
        writer.open()
    failures: list[BaseException] = []
    storing_done = threading.Event()

    def store(writer: SharedViewWriter) -> None:
        try:
            for round_ in range(ROUNDS):
                # Every subject, in an order of its own each round.
                order = sorted(range(SUBJECTS), key=lambda n: (n * 7919 + round_) % SUBJECTS)
                writer.record(
                    [incident(round_ * SUBJECTS + n + 1, subject=subject(n)) for n in order]
                )
        except BaseException as error:
            failures.append(error)
        finally:
            storing_done.set()

    def recompute(writer: SharedViewWriter) -> None:
        try:
            while not storing_done.is_set():
                writer.refresh(datetime.now(UTC), Rules(), 150)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=store, args=(writers[0],))] + [
        threading.Thread(target=recompute, args=(w,)) for w in writers[1:]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    while writers[1].refresh(datetime.now(UTC), Rules(), 1000).subjects:
        pass
    for writer in writers:
        writer.close()
    assert failures == []
    with psycopg.connect(shared_view) as conn:
        counts = conn.execute("SELECT min(hate_incidents), max(hate_incidents) FROM contribution")
        assert counts.fetchone() == (ROUNDS, ROUNDS)


def test_a_failed_recompute_gives_its_subjects_back_at_once(shared_view):
    # The writer waits at most 0.3 s for a lock; another session holds one.
    impatient = f"{shared_view} options='-c lock_timeout=300'"
    writer = SharedViewWriter(impatient)
    writer.open()
    try:
        writer.record([incident(1, subject=subject(1))])
        with psycopg.connect(shared_view) as blocker:
            blocker.execute("LOCK TABLE contribution IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                writer.refresh(datetime.now(UTC), Rules(), 100)
            blocker.rollback()
        refreshed = writer.refresh(datetime.now(UTC), Rules(), 100)
        assert refreshed.subjects == 1
    finally:
        writer.close()


def test_a_worker_that_starts_takes_back_the_claims_of_one_killed_while_it_refreshed(
    shared_view,
):
    """A claim committed by a refresh whose process was then killed would hold its
    subject for the 30 s lease; the next worker of its name gives it back when it
    starts, and leaves another worker's claims alone."""
    writer = SharedViewWriter(shared_view, holder="worker-1")
    other = SharedViewWriter(shared_view, holder="worker-2")
    writer.open()
    other.open()
    try:
        writer.record([incident(n, subject=subject(n)) for n in (1, 2, 3)])
        with psycopg.connect(shared_view, autocommit=True) as killed:
            for key, holder in ((subject(1), "worker-1"), (subject(2), "worker-2")):
                killed.execute(
                    "UPDATE subject_refresh SET claimed_until = now() + interval '30 seconds',"
                    " claim = %s WHERE subject_key = %s",
                    [f"{holder}/killed", key],
                )
        assert writer.refresh(datetime.now(UTC), Rules(), 100).subjects == 1  # not the claimed
        writer.record([incident(4, subject=subject(1))])
        assert writer.refresh(datetime.now(UTC), Rules(), 100).subjects == 0  # still claimed
        assert writer.release_claims() == 1  # its own, not worker-2's
        assert writer.refresh(datetime.now(UTC), Rules(), 100).subjects == 1
        assert other.release_claims() == 1
    finally:
        writer.close()
        other.close()


def test_a_refresh_whose_claim_was_taken_over_does_not_overwrite_the_newer_view(shared_view):
    """Worker 1's lease runs out while it computes; worker 2 claims the subject, sees a
    newer fact and writes its view; worker 1's stale view must not replace it."""
    slow = SharedViewWriter(shared_view, holder="worker-1")
    fast = SharedViewWriter(shared_view, holder="worker-2")
    slow.open()
    fast.open()
    try:
        slow.record([incident(1, subject=subject(1))])
        stale = slow.claim_due(datetime.now(UTC), 100, lease_seconds=0)
        fast.record([incident(2, subject=subject(1))])
        assert fast.refresh(datetime.now(UTC), Rules(), 100).subjects == 1
        assert slow.recompute(stale, datetime.now(UTC), Rules()).subjects == 0
        with psycopg.connect(shared_view) as conn:
            shown = conn.execute("SELECT hate_incidents FROM contribution").fetchall()
            due = conn.execute("SELECT due > now() FROM subject_refresh").fetchall()
        assert shown == [(2,)]
        assert due == [(True,)]  # settled by worker 2, not due again
    finally:
        slow.close()
        fast.close()


def test_a_worker_hears_that_another_is_far_behind_until_its_word_runs_out(shared_view):
    behind = SharedViewWriter(shared_view, holder="worker-1")
    caught_up = SharedViewWriter(shared_view, holder="worker-2")
    behind.open()
    caught_up.open()
    try:
        assert caught_up.report_backlog(False, 10) is False
        assert behind.report_backlog(True, 0.5) is True
        assert caught_up.report_backlog(False, 10) is True
        time.sleep(0.6)  # worker 1 said no more (killed, say)
        assert caught_up.report_backlog(False, 10) is False
        behind.report_backlog(True, 10)
        assert behind.report_backlog(False, 10) is False  # it caught up
        assert caught_up.report_backlog(False, 10) is False
    finally:
        behind.close()
        caught_up.close()
