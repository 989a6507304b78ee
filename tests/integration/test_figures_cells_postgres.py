"""The figures' cells on Postgres (figures.store): kept as batches are stored (a
redelivery, within a batch or after it, counted once), as cases are erased, and
counted once from the records of a read model made before them; every figure from
them and the records of the months a period covers in part equals the figure
counted from every record kept."""

import random
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta

import psycopg

from figures import store
from figures.cells import figure_from
from figures.counts import Filters
from figures.published import FIGURES
from figures.records import (
    CLOSURE,
    DISCUSSED,
    ENFORCEMENT,
    INCIDENT,
    MARAC_REFERRAL,
    RESPONSE,
    FigureRecord,
)
from tests.conftest import conninfo
from tests.unit.test_figures_cells import AGENCIES, BEGIN, STRANDS


def record(rng: random.Random, sequence: int) -> FigureRecord:
    at = BEGIN + timedelta(seconds=rng.randrange(500 * 86400))
    due = rng.choice([None, at])
    return FigureRecord(
        agency_id=f"a{sequence % 3}",
        source_sequence=sequence,
        agency=rng.choice(AGENCIES),
        kind=rng.choice(
            [INCIDENT] * 4 + [ENFORCEMENT, RESPONSE, CLOSURE, DISCUSSED, MARAC_REFERRAL]
        ),
        case_reference=rng.choice(["c1", "c2", "c3"]),
        occurred_at=at,
        subject_key=rng.choice(["", "s1", "s2", "s3"]),
        district=rng.choice(["L4", "L6", ""]),
        strands=tuple(sorted(rng.sample(STRANDS, rng.randrange(3)))),
        nature=rng.choice(["crime", "incident"]),
        source=rng.choice([1, 2, 3]),
        code=rng.randrange(6),
        ref=rng.choice(["m1", "m2"]),
        open=rng.random() < 0.5,
        due_at=due,
        done_at=rng.choice([None, at + timedelta(days=2)]) if due else None,
    )


def batch_of(rng: random.Random, size: int, first: int) -> store.Batch:
    kept = [record(rng, n) for n in range(first, first + size)]
    return store.Batch(kept + rng.sample(kept, size // 5), [], [], 0)  # some twice


FILTERS = [
    Filters(),
    Filters(datetime(2025, 3, 17, 13, tzinfo=UTC), datetime(2025, 11, 2, 9, tzinfo=UTC)),
    Filters(datetime(2025, 2, 28, tzinfo=UTC), None, frozenset(STRANDS[:1])),
    Filters(None, datetime(2026, 1, 1, tzinfo=UTC), frozenset(), frozenset(AGENCIES[:2])),
    Filters(datetime(2025, 6, 3, tzinfo=UTC), datetime(2025, 6, 20, tzinfo=UTC)),
    Filters(datetime(2025, 4, 1, tzinfo=UTC) - timedelta(hours=1), None),  # 1 April in England
]


def same_figures(conn: psycopg.Connection) -> None:
    every = store.records(conn)
    kept = store.ReadModel(lambda: nullcontext(conn))
    for asked in FILTERS:
        for name, figure in FIGURES.items():
            assert figure_from(name, kept, asked) == figure(every, asked), (name, asked)


def test_cells_kept_through_redeliveries_and_erasures_give_every_figure(create_database):
    rng = random.Random(13)
    dsn = conninfo(create_database("figures_cells"))
    with psycopg.connect(dsn, autocommit=True) as conn:
        store.create_schema(conn)
        first = batch_of(rng, 300, 1)
        store.record(conn, first)
        store.record(conn, store.Batch(first.records[:50], [], [], 0))  # redelivered
        store.record(conn, batch_of(rng, 300, 1000))
        same_figures(conn)
        store.record(conn, store.Batch([], [], [("a1", "c1"), ("a2", "c2")], 0))
        same_figures(conn)
        # A read model from before the cells: counted once from its records.
        conn.execute("DROP TABLE figures_cell")
        store.create_schema(conn)
        same_figures(conn)
