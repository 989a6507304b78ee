"""The ledger in its own Postgres database. Nothing personal is stored (an entry's
bytes are records already published, minimised), so the rows are not encrypted.

The schema is applied by the database's owner when the stack provisions it
(`migrate`); the service's role may INSERT and SELECT only, and a trigger refuses
DELETE and TRUNCATE to anyone, the owner included, and every UPDATE but one: the
retention role's (`grant_retention`: UPDATE of the payload column alone) removing
a payload, and each of its passes is recorded (ledger_retention_passes, as
append-only as the checkpoints). Each append is one transaction that takes the head under a lock, so
the chain has one head however many writers there are, and skips records whose
source, or record (its id within its kind), is already an entry.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg
from psycopg import sql

from services.audit.checkpoints import Checkpoint
from services.audit.columns import CASE_EVENT, READING, RETAINED
from services.audit.ledger import (
    Columns,
    Entry,
    Head,
    Read,
    Record,
    RecordId,
    Source,
    chained,
    first_seen,
    read_records,
    record_id,
)
from services.audit.retention import Pass, retired_cases
from services.audit.schema import SCHEMA

# The advisory lock every append holds while it reads the head and writes after it.
APPEND_LOCK = 0x4D415241_4C454447  # "MARALEDG"
COLUMNS = (
    "position, topic, partition, kafka_offset, kind, value, value_sha256,"
    " agency_id, subject, case_reference, recorded_at, source_sequence, record_id,"
    " prev_hash, entry_hash, fact, format"
)


# The record_id of an entry whose record has none, so that every entry appended since
# ids were kept has one and only the entries written without it are read again.
UNNAMED = ""


def migrate(owner_conninfo: str) -> None:
    """The ledger's tables, as the database's owner (the service's role cannot). A
    ledger made before facts were kept gets its entries' facts and source sequences,
    read from their bytes, and entries without records' ids get their ids, read from
    their facts (their hashes, and so every checkpoint, stay as they were). Ids are
    filled on every run, not once: in a rolling upgrade audit code older than them
    still appends entries after the schema is applied (in Kubernetes marac-migrate is
    a post-upgrade hook), and each is filled by the next run."""
    with psycopg.connect(owner_conninfo) as conn, conn.transaction():
        conn.execute(SCHEMA)
        unkept = conn.execute(
            "SELECT position, kind, value FROM ledger_entries WHERE fact IS NULL"
        ).fetchall()
        unnamed = conn.execute(
            "SELECT position, kind, fact FROM ledger_entries"
            " WHERE record_id IS NULL AND fact IS NOT NULL"
        ).fetchall()
        if unkept or unnamed:
            conn.execute("ALTER TABLE ledger_entries DISABLE TRIGGER USER")
            _fill(
                conn,
                unkept,
                "fact = %s, source_sequence = %s, record_id = %s",
                lambda r: [r.fact, r.columns.source_sequence, _named(r.columns)],
            )
            _fill(conn, unnamed, "record_id = %s", lambda r: [_named(r.columns)])
            conn.execute("ALTER TABLE ledger_entries ENABLE TRIGGER USER")
        conn.execute("ALTER TABLE ledger_entries ALTER COLUMN fact SET NOT NULL")


def _fill(
    conn: psycopg.Connection, rows: list[tuple], setting: str, values: Callable[[Read], list]
) -> None:
    """Sets columns of each (position, kind, bytes or fact) row to what is read from it."""
    reads = read_records((Record(Source("", 0, 0), k, bytes(v)) for _, k, v in rows), READING)
    with conn.cursor() as cursor:
        cursor.executemany(
            f"UPDATE ledger_entries SET {setting} WHERE position = %s",
            [[*values(read), position] for read, (position, *_) in zip(reads, rows, strict=True)],
        )


def grant_retention(owner_conninfo: str, role: str) -> None:
    """Lets `role` read the ledger and remove payloads: CONNECT, USAGE of its schema,
    SELECT of its tables, UPDATE of the payload column alone, which the trigger
    lets it set to NULL and nothing else, and INSERT of a record of its pass, which
    no other role keeps (the service's role is given INSERT on every table; with it,
    it could record a pass that never ran). Each grant is idempotent and made on
    every run: a role added to a database made before it (CloudNativePG's post-init
    SQL runs once, at the cluster's creation) has nothing else."""
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        (database,) = conn.execute("SELECT current_database()").fetchone()
        for statement in (
            "GRANT CONNECT ON DATABASE {database} TO {role}",
            "GRANT USAGE ON SCHEMA public TO {role}",
            "GRANT SELECT ON ledger_entries, ledger_checkpoints, ledger_retention_passes TO {role}",
            "GRANT UPDATE (value) ON ledger_entries TO {role}",
            "GRANT INSERT ON ledger_retention_passes TO {role}",
        ):
            conn.execute(
                sql.SQL(statement).format(
                    database=sql.Identifier(database), role=sql.Identifier(role)
                )
            )
        others = conn.execute(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants"
            " WHERE table_name = 'ledger_retention_passes' AND privilege_type = 'INSERT'"
            " AND grantee NOT IN (current_user, %s)",
            [role],
        ).fetchall()
        for (other,) in others:
            conn.execute(
                sql.SQL("REVOKE INSERT ON ledger_retention_passes FROM {}").format(
                    sql.Identifier(other)
                )
            )


def _named(columns: Columns) -> str:
    return UNNAMED if columns.record_id is None else columns.record_id


def _bytes(raw: object) -> bytes | None:
    return None if raw is None else bytes(raw)


def _entry(row: tuple) -> Entry:
    position, topic, partition, offset, kind, value, value_hash, *columns, named = row[:13]
    return Entry(
        position,
        Source(topic, partition, offset),
        kind,
        _bytes(value),
        bytes(value_hash),
        Columns(*columns, None if named == UNNAMED else named),
        bytes(row[13]),
        bytes(row[14]),
        bytes(row[15]),
        row[16],
    )


def _row(e: Entry) -> tuple:
    c = e.columns
    return (
        e.position, e.source.topic, e.source.partition, e.source.offset, e.kind, e.value,
        e.value_hash, c.agency_id, c.subject, c.case_reference, c.recorded_at,
        c.source_sequence, _named(c), e.prev_hash, e.entry_hash, e.fact, e.format,
    )  # fmt: skip


@dataclass(frozen=True)
class Appended:
    """The entries an append made, and the records it dropped: copies of entries,
    read again from their source or the same record resent at another, and records
    naming an agency other than their topic's."""

    entries: list[Entry]
    redelivered: int = 0
    resent: int = 0
    misattributed: int = 0


@dataclass(frozen=True)
class Retained:
    """What a pass of retention did: the cases past their period, the payloads it
    removed by kind, and their entries made before facts were kept (whose hash
    commits to their bytes, so they keep them)."""

    cases: int
    removed: dict[str, int]
    kept_whole: int


def _case_facts(conn: psycopg.Connection) -> Iterator[tuple[int, bytes]]:
    """Every case event's (position, fact), in ledger order: what retention reads."""
    with conn.cursor(name="ledger_cases") as cursor:
        cursor.itersize = 5000
        cursor.execute(
            "SELECT position, fact FROM ledger_entries WHERE kind = %s ORDER BY position",
            [CASE_EVENT],
        )
        for position, fact in cursor:
            yield position, bytes(fact)


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

    def append(
        self, records: Sequence[Record], agencies: Mapping[str, str] | None = None
    ) -> "Appended":
        """Appends the records not already entries, in one transaction, but for those
        naming an agency other than their topic's (`agencies`: ledger.first_seen)."""
        reads = read_records(records, READING)
        conn = self.conn
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])
            known = self._known(conn, reads), self._known_records(conn, reads)
            fresh = first_seen(reads, *known, agencies)
            entries = chained(fresh.reads, _head(conn))
            if entries:
                with conn.cursor().copy(f"COPY ledger_entries ({COLUMNS}) FROM STDIN") as copy:
                    for entry in entries:
                        copy.write_row(_row(entry))
        return Appended(entries, fresh.redelivered, fresh.resent, fresh.misattributed)

    @staticmethod
    def _known(conn: psycopg.Connection, reads: Sequence[Read]) -> set[Source]:
        if not reads:
            return set()
        sources = [r.record.source for r in reads]
        rows = conn.execute(
            "SELECT e.topic, e.partition, e.kafka_offset FROM ledger_entries e"
            " JOIN unnest(%s::text[], %s::int[], %s::bigint[]) AS s(topic, partition, o)"
            " ON e.topic = s.topic AND e.partition = s.partition AND e.kafka_offset = s.o",
            [[s.topic for s in sources], [s.partition for s in sources],
             [s.offset for s in sources]],
        ).fetchall()  # fmt: skip
        return {Source(*row) for row in rows}

    @staticmethod
    def _known_records(conn: psycopg.Connection, reads: Sequence[Read]) -> set[RecordId]:
        named = [n for n in map(record_id, reads) if n is not None]
        if not named:
            return set()
        rows = conn.execute(
            "SELECT e.kind, e.record_id FROM ledger_entries e"
            " JOIN unnest(%s::text[], %s::text[]) AS s(kind, record_id)"
            " ON e.kind = s.kind AND e.record_id = s.record_id",
            [[k for k, _ in named], [n for _, n in named]],
        ).fetchall()
        return {(kind, named) for kind, named in rows}

    def retain(self, retention: timedelta, now: datetime) -> Retained:
        """Removes the payloads of the entries about cases closed for `retention`
        or longer (as their case events' facts tell), in one transaction, as the
        retention role; their facts, columns and hashes stay. The pass is recorded
        with the entries it held: its snapshot (repeatable read), so it reads and
        empties none appended meanwhile."""
        conn = self.conn
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            held = _head(conn).count
            retired = sorted(retired_cases(_case_facts(conn), retention, now))
            cases = [[a for a, _ in retired], [r for _, r in retired]]
            of_retired = (
                "unnest(%s::text[], %s::text[]) AS r(agency_id, case_reference)"
                " WHERE e.agency_id = r.agency_id AND e.case_reference = r.case_reference"
                " AND e.kind = ANY(%s) AND e.value IS NOT NULL"
            )
            removed: dict[str, int] = {}
            for (kind,) in conn.execute(
                f"UPDATE ledger_entries e SET value = NULL FROM {of_retired} AND e.format >= 2"
                " RETURNING e.kind",
                [*cases, list(RETAINED)],
            ).fetchall():
                removed[kind] = removed.get(kind, 0) + 1
            # What is left: entries made before facts were kept.
            (kept,) = conn.execute(
                f"SELECT count(*) FROM ledger_entries e, {of_retired}", [*cases, list(RETAINED)]
            ).fetchone()
            conn.execute(
                "INSERT INTO ledger_retention_passes"
                " (passed_at, entry_count, period, payloads_removed) VALUES (%s, %s, %s, %s)",
                [now, held, retention, sum(removed.values())],
            )
        return Retained(len(retired), removed, kept)

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

    def retention_passes(self) -> list[Pass]:
        rows = self._conn.execute(
            "SELECT passed_at, entry_count, period, payloads_removed"
            " FROM ledger_retention_passes ORDER BY entry_count, passed_at"
        ).fetchall()
        return [Pass(*row) for row in rows]

    def case_facts(self) -> Iterator[tuple[int, bytes]]:
        return _case_facts(self._conn)

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
