"""Two risk-projection workers in one consumer group, on real Kafka and Postgres:
they split the topics' partitions; one SIGKILLed hands its partitions to the other
once its session times out, and new events still reach the view; the read model
they built equals a single worker's replay from offset 0 of the same topics, row by
row (subject_refresh's mark, claimed_until and claim, bookkeeping, left out).
"""

import json
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from shared_view.rules import Rules
from tests.integration.test_projection import (
    EVENTS,
    expected_rows,
    publish,
    settled,
    shared_events,
    table_rows,
    wait_for,
    worker,
)

SESSION_SECONDS = 10  # MARAC_PROJECTION_SESSION_SECONDS: how long a dead worker holds on
PARTITIONS = 3


def assignments(log_path: Path, after: float = 0.0) -> list[tuple[float, set[str]]]:
    """(when, partitions) of each assignment the worker logged after `after`."""
    found = []
    if not log_path.exists():
        return found
    for line in log_path.read_text().splitlines():
        if '"partitions assigned"' in line:
            entry = json.loads(line)
            at = datetime.strptime(entry["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
            if at.timestamp() >= after:
                found.append((at.timestamp(), set(entry["partitions"])))
    return found


def owned(log_path: Path) -> set[str]:
    """The partitions the worker owns since its last rebalance."""
    found = assignments(log_path)
    return found[-1][1] if found else set()


def records_projected(log_path: Path) -> int:
    return sum(
        json.loads(line)["records"]
        for line in log_path.read_text().splitlines()
        if '"batch projected"' in line
    )


def test_two_workers_split_the_partitions_and_a_killed_ones_move_to_the_other(
    create_topics, create_shared_view, kafka_bootstrap, grant_kafka, tmp_path
):
    rng = random.Random("two workers")
    anchor = datetime.now(UTC).replace(second=0, microsecond=0)
    events = shared_events(EVENTS, anchor, rng)
    topics = dict(
        zip(events, create_topics(*(f"workers.case-events.{t}" for t in events)), strict=True)
    )
    every = {f"{topic}:{p}" for topic in topics.values() for p in range(PARTITIONS)}
    # Four fifths of each topic before the kill, the rest after.
    before = {name: stream[: len(stream) * 4 // 5] for name, stream in events.items()}
    after = {name: stream[len(stream) * 4 // 5 :] for name, stream in events.items()}
    facts = sum(1 for stream in events.values() for e in stream if e.subject_key)
    facts_before = sum(1 for stream in before.values() for e in stream if e.subject_key)
    dsn = create_shared_view("two_workers")
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_CASE_TOPICS": ",".join(topics.values()),
        "MARAC_READMODEL_DSN": dsn,
        "MARAC_PROJECTION_ID": f"{tmp_path.name}-workers",
        "MARAC_PROJECTION_SESSION_SECONDS": str(SESSION_SECONDS),
    }
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]

    def as_worker(n: int) -> dict[str, str]:
        return {
            **env,
            "MARAC_PROJECTION_INSTANCE": f"{env['MARAC_PROJECTION_ID']}-{n}",
            "MARAC_STATE_DIR": str(tmp_path / f"state-{n}"),
        }

    with (
        worker(as_worker(1), logs[0], grant_kafka) as first,
        worker(as_worker(2), logs[1], grant_kafka) as second,
    ):

        def split() -> bool:
            mine, theirs = owned(logs[0]), owned(logs[1])
            return bool(mine) and bool(theirs) and not mine & theirs and mine | theirs == every

        wait_for(split, first, logs[0], timeout=90)
        assert second.poll() is None, logs[1].read_text()[-3000:]
        shares = [len(owned(log)) for log in logs]
        publish(kafka_bootstrap, topics, before, rng)
        wait_for(lambda: settled(dsn, facts_before), first, logs[0])
        assert all(records_projected(log) > 0 for log in logs), "each worker projects"

        killed_at = time.time()
        second.kill()
        second.wait(timeout=10)
        publish(kafka_bootstrap, topics, after, rng)
        wait_for(lambda: owned(logs[0]) == every, first, logs[0], timeout=60)
        moved_after = assignments(logs[0], after=killed_at)[-1][0] - killed_at
        wait_for(lambda: settled(dsn, facts), first, logs[0])
        caught_up_after = time.time() - killed_at
    two_workers = table_rows(dsn)
    expected = expected_rows(events, datetime.now(UTC), Rules())
    assert {table: sorted(two_workers[table]) for table in expected} == expected

    replay = create_shared_view("one_worker_replay")
    single = {
        **env,
        "MARAC_READMODEL_DSN": replay,
        "MARAC_PROJECTION_ID": f"{tmp_path.name}-replay",
        "MARAC_PROJECTION_INSTANCE": f"{tmp_path.name}-replay-1",
        "MARAC_STATE_DIR": str(tmp_path / "state-replay"),
    }
    log_path = tmp_path / "replay.log"
    with worker(single, log_path, grant_kafka) as process:
        wait_for(lambda: settled(replay, facts), process, log_path)
    assert table_rows(replay) == two_workers
    print(
        f"\ntwo workers: partitions {shares[0]} and {shares[1]} of {len(every)};"
        f" worker 2 killed: its partitions moved to worker 1 after {moved_after:.1f}s"
        f" (session {SESSION_SECONDS}s), every view current after {caught_up_after:.1f}s;"
        f" {facts} facts, {len(two_workers['contribution'])} contributions,"
        " equal to one worker's replay row by row"
    )
    assert moved_after <= SESSION_SECONDS + 5
