"""The ledger in its own Postgres database. Nothing personal is stored (an entry's
bytes are records already published, minimised), so the rows are not encrypted.

The schema is applied by the database's owner when the stack provisions it
(`migrate`); the service's role may INSERT and SELECT only, and a trigger refuses
UPDATE, DELETE and TRUNCATE to anyone, the owner included. Each append is one
transaction that takes the head under a lock, so the chain has one head however
many writers there are, and skips records whose source is already an entry.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg

from services.audit.checkpoints import Checkpoint
from services.audit.columns import columns_of
from services.audit.ledger import Columns, Entry, Head, Record, Source, chained, first_seen

SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_entries (
    position bigint PRIMARY KEY,
    topic text NOT NULL,
    partition integer NOT NULL,
    kafka_offset bigint NOT NULL,
    kind text NOT NULL,
    value bytea NOT NULL,
    value_sha256 bytea NOT NULL,
    agency_id text,
    subject text,
    case_reference text,
    recorded_at timestamptz,
    prev_hash bytea NOT NULL,
    entry_hash bytea NOT NULL,
    UNIQUE (topic, partition, kafka_offset)
);
CREATE INDEX IF NOT EXISTS ledger_by_agency ON ledger_entries (agency_id, recorded_at);
CREATE INDEX IF NOT EXISTS ledger_by_subject ON ledger_entries (subject);
CREATE INDEX IF NOT EXISTS ledger_by_case ON ledger_entries (case_reference);
CREATE INDEX IF NOT EXISTS ledger_by_time ON ledger_entries (recorded_at);
CREATE TABLE IF NOT EXISTS ledger_checkpoints (
    entry_count bigint NOT NULL,
    head_hash bytea NOT NULL,
    signed_at timestamptz NOT NULL,
    key_id text NOT NULL,
    signature bytea NOT NULL,
    PRIMARY KEY (entry_count, signed_at)
);
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit ledger is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_checkpoints_append_only
    BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE OR REPLACE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
"""
# The advisory lock every append holds while it reads the head and writes after it.
APPEND_LOCK = 0x4D415241_4C454447  # "MARALEDG"
COLUMNS = (
    "position, topic, partition, kafka_offset, kind, value, value_sha256,"
    " agency_id, subject, case_reference, recorded_at, prev_hash, entry_hash"
)


def migrate(owner_conninfo: str) -> None:
    """The ledger's tables, as the database's owner (the service's role cannot)."""
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute(SCHEMA)


def _entry(row: tuple) -> Entry:
    position, topic, partition, offset, kind, value, value_hash, *columns = row[:11]
    return Entry(
        position,
        Source(topic, partition, offset),
        kind,
        bytes(value),
        bytes(value_hash),
        Columns(*columns),
        bytes(row[11]),
        bytes(row[12]),
    )


def _row(e: Entry) -> tuple:
    c = e.columns
    return (
        e.position, e.source.topic, e.source.partition, e.source.offset, e.kind, e.value,
        e.value_hash, c.agency_id, c.subject, c.case_reference, c.recorded_at,
        e.prev_hash, e.entry_hash,
    )  # fmt: skip


def _head(conn: psycopg.Connection) -> Head:
    row = conn.execute(
        "SELECT position, entry_hash FROM ledger_entries ORDER BY position DESC LIMIT 1"
    ).fetchone()
    return Head(row[0], bytes(row[1])) if row else Head()


class LedgerStore:
    """The ledger's rows, through one connection (one thread's)."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._conn: psycopg.Connection | None = None

    @property
    def conn(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = psycopg.connect(self._conninfo)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def append(self, records: Sequence[Record]) -> list[Entry]:
        """Appends the records not already entries, in one transaction; the new entries."""
        conn = self.conn
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])
            fresh = first_seen(records, self._known(conn, records))
            entries = chained(fresh, _head(conn), columns_of)
            if entries:
                with conn.cursor().copy(f"COPY ledger_entries ({COLUMNS}) FROM STDIN") as copy:
                    for entry in entries:
                        copy.write_row(_row(entry))
        return entries

    @staticmethod
    def _known(conn: psycopg.Connection, records: Sequence[Record]) -> set[Source]:
        if not records:
            return set()
        rows = conn.execute(
            "SELECT e.topic, e.partition, e.kafka_offset FROM ledger_entries e"
            " JOIN unnest(%s::text[], %s::int[], %s::bigint[]) AS s(topic, partition, o)"
            " ON e.topic = s.topic AND e.partition = s.partition AND e.kafka_offset = s.o",
            [
                [r.source.topic for r in records],
                [r.source.partition for r in records],
                [r.source.offset for r in records],
            ],
        ).fetchall()
        return {Source(*row) for row in rows}

    def head(self) -> Head:
        conn = self.conn
        with conn.transaction():
            return _head(conn)

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        conn = self.conn
        with conn.transaction():
            conn.execute(
                "INSERT INTO ledger_checkpoints"
                " (entry_count, head_hash, signed_at, key_id, signature)"
                " VALUES (%s, %s, %s, %s, %s)",
                [checkpoint.entry_count, checkpoint.head_hash, checkpoint.signed_at,
                 checkpoint.key_id, checkpoint.signature],
            )  # fmt: skip

    @contextmanager
    def snapshot(self) -> Iterator["Snapshot"]:
        """The entries and checkpoints as of one moment (entries read in batches)."""
        with psycopg.connect(self._conninfo) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.transaction():
                yield Snapshot(conn)


class Snapshot:
    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    def checkpoints(self) -> list[Checkpoint]:
        rows = self._conn.execute(
            "SELECT entry_count, head_hash, signed_at, key_id, signature"
            " FROM ledger_checkpoints ORDER BY entry_count, signed_at"
        ).fetchall()
        return [Checkpoint(n, bytes(h), at, k, bytes(s)) for n, h, at, k, s in rows]

    def head(self) -> Head:
        return _head(self._conn)

    def find(self, where: str, params: list) -> list[Entry]:
        """The entries a query's WHERE ... ORDER BY ... LIMIT tail selects (the IG
        console's, services.audit.console)."""
        rows = self._conn.execute(f"SELECT {COLUMNS} FROM ledger_entries {where}", params)
        return [_entry(row) for row in rows.fetchall()]

    def entries(self) -> Iterator[Entry]:
        with self._conn.cursor(name="ledger_walk") as cursor:
            cursor.itersize = 5000
            cursor.execute(f"SELECT {COLUMNS} FROM ledger_entries ORDER BY position")
            for row in cursor:
                yield _entry(row)
