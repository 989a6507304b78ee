"""The cases' data keys in the agency's own Postgres database (services.common.case_keys),
and the migration of a store made before cases had keys.

Two tables beside the store's events, named after it: <name>_case_keys (a case's
id and its wrapped key) and <name>_erased_cases (the id of each erased case and
when). Erasure deletes the key row and adds the tombstone in one transaction.

What Postgres keeps after DELETE: the row's tuple is only marked dead; its bytes
stay in the table's data file until VACUUM makes the space reusable and a later
write overwrites it (plain VACUUM does not zero it; VACUUM FULL writes a new file
without it), and in the write-ahead log, its archive and any base backup or replica
until they age out. Erasure runs VACUUM on the keys table at once (autovacuum would,
later); what stays in WAL and backups is the key wrapped by the store's key, so it
opens only with that key and those copies: their retention bounds how long an
erased case could still be read by someone holding both.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import resolve_topic
from psycopg import Cursor, sql

from services.common.case import Case
from services.common.case_keys import CaseKeys, Lookup, seal

# Decrypts an event with the store's key.
OpenWithStoreKey = Callable[[StoredEvent], bytes]


class PostgresCaseKeys(CaseKeys):
    def __init__(
        self, store_key: bytes | None, datastore: PostgresDatastore, prefix: str, create: bool
    ) -> None:
        super().__init__(store_key)
        self._datastore = datastore
        # A new case's key is inserted in its first event's transaction (by
        # CaseKeyRecorder), so that neither is ever kept without the other. Staged
        # until that commits: a group that failed is made again with the same key.
        self._with_events = not datastore.enable_db_functions
        self._staged: dict[str, bytes] = {}
        schema = sql.Identifier(datastore.schema)
        self._events = sql.SQL("{}.{}").format(schema, sql.Identifier(f"{prefix}_events"))
        self._keys = sql.SQL("{}.{}").format(schema, sql.Identifier(f"{prefix}_case_keys"))
        self._erased = sql.SQL("{}.{}").format(schema, sql.Identifier(f"{prefix}_erased_cases"))
        if create:
            self._create()

    def _create(self) -> None:
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (case_id text PRIMARY KEY,"
                    " wrapped_key bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
                ).format(self._keys)
            )
            cursor.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (case_id text PRIMARY KEY,"
                    " erased_at timestamptz NOT NULL)"
                ).format(self._erased)
            )

    def insert_staged(self, cursor: Cursor, stored_events: Sequence[StoredEvent]) -> None:
        """Adds the keys of the new cases among `stored_events`' originators, in the
        transaction that inserts those events (CaseKeyRecorder's)."""
        with self._lock:
            staged = [
                (case_id, self._staged[case_id])
                for case_id in {str(e.originator_id) for e in stored_events}
                if case_id in self._staged
            ]
        if staged:
            cursor.execute(self._upsert(), ([c for c, _ in staged], [w for _, w in staged]))

    def committed(self, stored_events: Sequence[StoredEvent]) -> None:
        """The events' transaction committed: their cases' keys are kept."""
        with self._lock:
            for event in stored_events:
                self._staged.pop(str(event.originator_id), None)

    def _lookup(self, case_id: str) -> Lookup:
        with self._lock:
            staged = self._staged.get(case_id)
        if staged is not None:  # its first events are being saved
            return Lookup(staged, False)
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(
                sql.SQL(
                    "SELECT (SELECT wrapped_key FROM {} WHERE case_id = %(id)s) AS wrapped,"
                    " EXISTS (SELECT 1 FROM {} WHERE case_id = %(id)s) AS erased"
                ).format(self._keys, self._erased),
                {"id": case_id},
            )
            row = cursor.fetchone()
        wrapped = row["wrapped"]
        return Lookup(bytes(wrapped) if wrapped is not None else None, row["erased"])

    def _keep(self, case_id: str, wrapped: bytes) -> None:
        if self._with_events:
            with self._lock:
                self._staged[case_id] = wrapped
            return
        # Without the hook (the library's insert by database function): committed
        # before the case's first event is.
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(self._upsert(), ([case_id], [wrapped]))

    def _upsert(self) -> sql.Composable:
        # A key of the same id without events (a first save that failed) is
        # replaced: no event was kept under it. Were the case's first event kept
        # already, its insert fails, and this with it.
        return sql.SQL(
            "INSERT INTO {} (case_id, wrapped_key) SELECT * FROM unnest(%s::text[], %s::bytea[])"
            " ON CONFLICT (case_id) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key"
        ).format(self._keys)

    def _all_erased(self) -> set[str]:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(sql.SQL("SELECT case_id FROM {}").format(self._erased))
            return {row["case_id"] for row in cursor.fetchall()}

    def _destroy(self, case_id: str, at: datetime) -> None:
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE case_id = %s").format(self._keys), (case_id,)
            )
            cursor.execute(
                sql.SQL(
                    "INSERT INTO {} (case_id, erased_at) VALUES (%s, %s)"
                    " ON CONFLICT (case_id) DO NOTHING"
                ).format(self._erased),
                (case_id, at),
            )
        self._vacuum(self._keys)

    def _vacuum(self, table: sql.Composable) -> None:
        with self._datastore.get_connection() as connection:
            connection.autocommit = True  # VACUUM runs outside a transaction
            try:
                connection.execute(sql.SQL("VACUUM {}").format(table))
            finally:
                connection.autocommit = False

    def migrate(self, open_with_store_key: OpenWithStoreKey) -> int:
        """Gives each case of a store made before cases had keys a key of its own and
        re-encrypts its events under it, each case in one transaction; returns how
        many it migrated (again, none). Until then such a case reads with the store's
        key; the writer runs this at start, before it writes."""
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(
                sql.SQL(
                    "SELECT originator_id::text AS id, topic FROM {} e"
                    " WHERE originator_version = 1"
                    " AND NOT EXISTS (SELECT 1 FROM {} k WHERE k.case_id = e.originator_id::text)"
                    " AND NOT EXISTS (SELECT 1 FROM {} x WHERE x.case_id = e.originator_id::text)"
                ).format(self._events, self._keys, self._erased)
            )
            rows = cursor.fetchall()
        cases = [row["id"] for row in rows if issubclass(resolve_topic(row["topic"]), Case.Event)]
        for case_id in cases:
            self._migrate(case_id, open_with_store_key)
        if cases:  # the events as they were (under the store's key) are dead tuples now
            self._vacuum(self._events)
        return len(cases)

    def _migrate(self, case_id: str, open_with_store_key: OpenWithStoreKey) -> None:
        key = AESGCM.generate_key(256)
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                sql.SQL(
                    "SELECT originator_id, originator_version, topic, state FROM {}"
                    # By the uuid, not its text: the primary key's index finds them.
                    " WHERE originator_id = %s::uuid ORDER BY originator_version FOR UPDATE"
                ).format(self._events),
                (case_id,),
            )
            for row in cursor.fetchall():
                stored = StoredEvent(
                    row["originator_id"], row["originator_version"], row["topic"], row["state"]
                )
                cursor.execute(
                    sql.SQL(
                        "UPDATE {} SET state = %s"
                        " WHERE originator_id = %s AND originator_version = %s"
                    ).format(self._events),
                    (
                        seal(key, stored, open_with_store_key(stored)),
                        stored.originator_id,
                        stored.originator_version,
                    ),
                )
            # In the same transaction: the events never stand with neither key.
            cursor.execute(
                sql.SQL("INSERT INTO {} (case_id, wrapped_key) VALUES (%s, %s)").format(self._keys),
                (case_id, self._wrap(case_id, key)),
            )
        self._forget(case_id)


class CaseKeyRecorder(PostgresApplicationRecorder):
    """The library's recorder, inserting new cases' keys in the events' transaction
    (through its hook for what a transaction does before the events)."""

    def __init__(self, keys: PostgresCaseKeys, datastore: PostgresDatastore, table: str) -> None:
        super().__init__(datastore, events_table_name=table)
        self.keys = keys

    def _insert_events(self, curs: Cursor, stored_events: Sequence[StoredEvent], **_: Any) -> None:
        self.keys.insert_staged(curs, stored_events)

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        ids = super().insert_events(stored_events, **kwargs)
        self.keys.committed(stored_events)
        return ids
