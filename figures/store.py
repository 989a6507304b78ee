"""The figures' read model on Postgres: the records each shared event gives the
figures, one row each, in a database of their own.

A redelivered event is stored once: (agency_id, source_sequence) is unique, as the
agencies' logs make it. An erased case's records go, and a late redelivery of one
stays out (erasure is final). The case review's tables (figures.case_review_store)
share the database and the batch's transaction.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import psycopg

from figures import case_review_events, case_review_store
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
CREATE TABLE IF NOT EXISTS figures_erased (
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    PRIMARY KEY (agency_id, case_reference)
);
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
"""
ERASE = """
WITH erased AS (
    INSERT INTO figures_erased (agency_id, case_reference) VALUES (%s, %s)
    ON CONFLICT DO NOTHING
)
DELETE FROM figures_record WHERE agency_id = %s AND case_reference = %s
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
    case_review_store.create_schema(conn)


def create_tables(dsn: str) -> None:
    """The figures' tables (and the case review's), made by the database's owner."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        create_schema(conn)


def record(conn: psycopg.Connection, batch: Batch) -> None:
    """Stores a batch's records, erasures first, and the case review's complaints, in
    one transaction."""
    with conn.transaction(), conn.cursor() as cursor:
        for agency_id, case_reference in batch.erasures:
            cursor.execute(ERASE, (agency_id, case_reference, agency_id, case_reference))
        if batch.records:
            cursor.execute(INCOMING)
            with cursor.copy(COPY_INCOMING) as copy:
                copy.set_types(TYPES)
                for row in map(_row, batch.records):
                    copy.write_row(row)
            cursor.execute(STORE)
        case_review_store.record(conn, batch.complaints, batch.erasures)


def records(conn: psycopg.Connection) -> list[FigureRecord]:
    """Every record kept (the figures filter and count them: figures.counts)."""
    rows = conn.execute(f"SELECT {COLUMNS} FROM figures_record").fetchall()
    return [_record(row) for row in rows]


def _row(r: FigureRecord) -> Sequence:
    mask = sum(1 << s for s in r.strands if 0 <= s < 31)
    return (
        r.agency_id, r.source_sequence, r.agency, r.kind, r.case_reference, r.occurred_at,
        r.subject_key, r.district, mask, r.nature, r.source, r.code, r.ref, r.open,
        r.due_at, r.done_at,
    )  # fmt: skip


def _record(row: tuple) -> FigureRecord:
    strands = tuple(s for s in range(31) if row[8] >> s & 1)
    return FigureRecord(
        agency_id=row[0], source_sequence=row[1], agency=row[2], kind=row[3],
        case_reference=row[4], occurred_at=row[5], subject_key=row[6], district=row[7],
        strands=strands, nature=row[9], source=row[10], code=row[11], ref=row[12],
        open=row[13], due_at=row[14], done_at=row[15],
    )  # fmt: skip
