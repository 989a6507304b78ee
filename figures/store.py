"""The figures' read model on Postgres: the records each shared event gives the
figures, one row each, in a database of their own.

A redelivered event is stored once: (agency_id, source_sequence) is unique, as the
agencies' logs make it. An erased case's records go, and a late redelivery of one
stays out (erasure is final). The case review's tables (figures.case_review_store)
share the database and the batch's transaction.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache

import psycopg

from figures import case_review_events, case_review_store
from figures.cells import Cell, Period, counted_cells
from figures.records import ERASED, INCIDENT, FigureRecord, UnusableEvent, parse, record_of
from marac.v1 import case_events_pb2
from shared_view.facts import MalformedEvent

SCHEMA = """
CREATE TABLE IF NOT EXISTS figures_record (
    agency_id text NOT NULL,
    source_sequence bigint NOT NULL,
    agency integer NOT NULL,
    kind text NOT NULL,
    case_reference text NOT NULL,
    occurred_at timestamptz NOT NULL,
    subject_key text NOT NULL,
    district text NOT NULL,
    strands integer NOT NULL,  -- a bit for each Strand the incident names
    nature text NOT NULL,
    source integer NOT NULL,
    code integer NOT NULL,
    ref text NOT NULL,
    open boolean NOT NULL,
    due_at timestamptz,
    done_at timestamptz,
    PRIMARY KEY (agency_id, source_sequence)
);
CREATE INDEX IF NOT EXISTS figures_record_by_time ON figures_record (occurred_at);
CREATE INDEX IF NOT EXISTS figures_record_by_kind ON figures_record (kind, occurred_at);
CREATE TABLE IF NOT EXISTS figures_erased (
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    PRIMARY KEY (agency_id, case_reference)
);
"""
# The additive figures' cells (figures.cells): what the records of a month, agency
# and strands added to each cell, kept as records are stored and erased.
CELLS = """
CREATE TABLE IF NOT EXISTS figures_cell (
    figure text NOT NULL,
    month text NOT NULL,
    agency integer NOT NULL,
    strands integer NOT NULL,
    row_label text NOT NULL,
    column_label text NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (figure, month, agency, strands, row_label, column_label)
)
"""
ADD_CELLS = """
INSERT INTO figures_cell AS c (figure, month, agency, strands, row_label, column_label, count)
SELECT * FROM unnest(%s::text[], %s::text[], %s::int4[], %s::int4[], %s::text[], %s::text[],
                     %s::int8[])
ORDER BY 1, 2, 3, 4, 5, 6  -- in key order, as any other batch locks them
ON CONFLICT (figure, month, agency, strands, row_label, column_label)
DO UPDATE SET count = c.count + excluded.count
"""
READ_CELLS = """
SELECT agency, strands, row_label, column_label, sum(count)::int8 FROM figures_cell
WHERE figure = %(figure)s AND (%(first)s::text IS NULL OR month >= %(first)s)
  AND (%(last)s::text IS NULL OR month <= %(last)s)
GROUP BY agency, strands, row_label, column_label HAVING sum(count) <> 0
"""
COLUMNS = (
    "agency_id, source_sequence, agency, kind, case_reference, occurred_at, subject_key, "
    "district, strands, nature, source, code, ref, open, due_at, done_at"
)
TYPES = (
    "text", "int8", "int4", "text", "text", "timestamptz", "text", "text", "int4",
    "text", "int4", "int4", "text", "bool", "timestamptz", "timestamptz",
)  # fmt: skip
# A batch's records are copied (binary COPY: no per-value text in Python) into a
# table of the session's own, then kept once each, none of an erased case.
INCOMING = (
    "CREATE TEMP TABLE IF NOT EXISTS figures_incoming (LIKE figures_record) ON COMMIT DELETE ROWS"
)
COPY_INCOMING = f"COPY figures_incoming ({COLUMNS}) FROM STDIN (FORMAT BINARY)"
STORE = f"""
INSERT INTO figures_record ({COLUMNS})
SELECT {COLUMNS} FROM figures_incoming r
WHERE NOT EXISTS (
    SELECT 1 FROM figures_erased e
    WHERE e.agency_id = r.agency_id AND e.case_reference = r.case_reference
)
ON CONFLICT DO NOTHING
RETURNING agency_id, source_sequence
"""
ERASE = f"""
WITH erased AS (
    INSERT INTO figures_erased (agency_id, case_reference) VALUES (%s, %s)
    ON CONFLICT DO NOTHING
)
DELETE FROM figures_record WHERE agency_id = %s AND case_reference = %s
RETURNING {COLUMNS}
"""


@dataclass(frozen=True)
class Batch:
    records: list[FigureRecord]
    complaints: list  # for the case review: figures.case_review.Complaint
    erasures: list[tuple[str, str]]
    unusable: int


@dataclass(frozen=True)
class Stored:
    """What a batch gave the figures (all that leaves the store's process)."""

    counted: int  # records kept for the figures
    unusable: int


class FiguresWriter:
    """Decodes and stores batches of serialised CaseEvents on a connection of its own,
    made anew after it breaks (the projection retries a batch the database refused)."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._conn = psycopg.connect(dsn)

    def __call__(self, values: Sequence[bytes]) -> Stored:
        batch = read_batch(values)
        if self._conn.closed or self._conn.broken:
            self._conn = psycopg.connect(self._dsn)
        record(self._conn, batch)
        return Stored(len(batch.records), batch.unusable)


def read_batch(values: Iterable[bytes]) -> Batch:
    """A batch of serialised CaseEvents, as the figures and the case review keep them."""
    records: list[FigureRecord] = []
    events: list[case_events_pb2.CaseEvent] = []
    unusable = 0
    for value in values:
        try:
            event = parse(value)  # once: the figures and the case review read it
            record = record_of(event)
        except UnusableEvent:
            unusable += 1
            continue
        if record is None:
            continue
        records.append(record)
        if record.kind in (INCIDENT, ERASED):
            events.append(event)
    try:
        complaints, erased = case_review_events.read_batch(events)
    except MalformedEvent:  # one event the case review refuses: read them one by one
        complaints, erased = [], []
        for one in events:
            try:
                found, gone = case_review_events.read_batch([one])
            except MalformedEvent:
                continue
            complaints += found
            erased += gone
    return Batch([r for r in records if r.kind != ERASED], complaints, erased, unusable)


def create_schema(conn: psycopg.Connection) -> None:
    conn.execute(SCHEMA)
    had_cells = conn.execute("SELECT to_regclass('figures_cell')").fetchone()[0] is not None
    conn.execute(CELLS)
    if not had_cells:  # a read model from before the cells: count its records once
        with conn.transaction():
            _add_cells(conn, counted_cells(records(conn)))
    case_review_store.create_schema(conn)


def create_tables(dsn: str) -> None:
    """The figures' tables (and the case review's), made by the database's owner."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        create_schema(conn)


def record(conn: psycopg.Connection, batch: Batch) -> None:
    """Stores a batch's records, erasures first, and the case review's complaints, in
    one transaction."""
    with conn.transaction(), conn.cursor() as cursor:
        changed: Counter = Counter()
        for agency_id, case_reference in batch.erasures:
            cursor.execute(ERASE, (agency_id, case_reference, agency_id, case_reference))
            changed.subtract(counted_cells(map(_record, cursor.fetchall())))
        if batch.records:
            # One of each: a redelivery within the batch would count twice in its cells.
            once = {(r.agency_id, r.source_sequence): r for r in reversed(batch.records)}
            cursor.execute(INCOMING)
            with cursor.copy(COPY_INCOMING) as copy:
                copy.set_types(TYPES)
                for row in map(_row, once.values()):
                    copy.write_row(row)
            cursor.execute(STORE)
            changed.update(counted_cells(once[key] for key in cursor.fetchall()))
        _add_cells(conn, changed)
        if batch.erasures:
            conn.execute("DELETE FROM figures_cell WHERE count = 0")
        case_review_store.record(conn, batch.complaints, batch.erasures)


def _add_cells(conn: psycopg.Connection, changed: Counter) -> None:
    changed = Counter({cell: n for cell, n in changed.items() if n})
    if changed:
        columns = list(zip(*((*_cell_key(c), n) for c, n in changed.items()), strict=True))
        conn.execute(ADD_CELLS, [list(column) for column in columns])


def _cell_key(cell: Cell) -> tuple:
    return (cell.figure, cell.month, cell.agency, _mask(cell.strands), cell.row, cell.column)


class ReadModel:
    """The figures' source (figures.cells.Source) on a connection `connection()` lends."""

    def __init__(self, connection: Callable[[], AbstractContextManager[psycopg.Connection]]):
        self._connection = connection

    def cells(self, figure: str, first: str | None, last: str | None):
        with self._connection() as conn:
            rows = conn.execute(READ_CELLS, {"figure": figure, "first": first, "last": last})
            return [
                (Cell(figure, "", agency, _strands(mask), row, column), count)
                for agency, mask, row, column, count in rows
            ]

    def records(self, kind: str, period: Period) -> list[FigureRecord]:
        start, end = period
        with self._connection() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM figures_record WHERE kind = %s"
                " AND (%s::timestamptz IS NULL OR occurred_at >= %s)"
                " AND (%s::timestamptz IS NULL OR occurred_at < %s)",
                (kind, start, start, end, end),
            )
            return [_record(row) for row in rows]


def records(conn: psycopg.Connection) -> list[FigureRecord]:
    """Every record kept (the figures filter and count them: figures.counts)."""
    rows = conn.execute(f"SELECT {COLUMNS} FROM figures_record").fetchall()
    return [_record(row) for row in rows]


def _mask(strands: Iterable[int]) -> int:
    return sum(1 << s for s in strands if 0 <= s < 31)


@cache  # a handful of masks, and a figure may read tens of thousands of records
def _strands(mask: int) -> tuple[int, ...]:
    return tuple(s for s in range(31) if mask >> s & 1)


def _row(r: FigureRecord) -> Sequence:
    return (
        r.agency_id, r.source_sequence, r.agency, r.kind, r.case_reference, r.occurred_at,
        r.subject_key, r.district, _mask(r.strands), r.nature, r.source, r.code, r.ref, r.open,
        r.due_at, r.done_at,
    )  # fmt: skip


def _record(row: tuple) -> FigureRecord:
    strands = _strands(row[8])
    return FigureRecord(
        agency_id=row[0], source_sequence=row[1], agency=row[2], kind=row[3],
        case_reference=row[4], occurred_at=row[5], subject_key=row[6], district=row[7],
        strands=strands, nature=row[9], source=row[10], code=row[11], ref=row[12],
        open=row[13], due_at=row[14], done_at=row[15],
    )  # fmt: skip
