"""Erasure on Postgres: the unit tests of case keys and erasure again, then what a
copy of the agency's database holds after a case is erased (every table read back,
and every event tried with the store's key and every case key left), and the
migration of a store written before cases had keys."""

import contextlib

import psycopg
import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent

from services.common.case import Case, Subject
from services.common.case_keys import unseal
from services.common.commands import OpenCase
from services.common.erasure import EraseCase
from services.common.errors import CaseErased
from services.common.store import CaseStore
from services.police.application import PoliceCaseRecords
from tests.conftest import empty_store, event_store_env
from tests.e2e.canaries import CANARIES, CANARY_VICTIM
from tests.unit.test_case_erasure import *  # noqa: F403 (the same tests, on Postgres)
from tests.unit.test_case_erasure import CONSENT, UPHELD, keyed_env, store_cipher
from tests.unit.test_case_records import ANN, incident

CANARY = Subject(
    CANARY_VICTIM.given_name,
    CANARY_VICTIM.family_name,
    CANARY_VICTIM.date_of_birth,
    CANARY_VICTIM.postcode,
)
CANARY_NARRATIVE = f"{CANARY_VICTIM.address}: {CANARY_VICTIM.narratives[2][1]}"


@pytest.fixture(scope="module")
def police_db(create_database):
    return create_database("police_erasure")


@pytest.fixture
def keyed(police_db, store_key):
    app = PoliceCaseRecords(env={**event_store_env(police_db, store_key), **keyed_env(store_key)})
    yield app
    app.close()
    empty_store(police_db, "police")


def every_table_as_text(db) -> str:
    """Every row of every table of the database, as text (what a dump holds)."""
    with psycopg.connect(**db) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        rows = []
        for table in tables:
            rows += [r[0] for r in conn.execute(f'SELECT t::text FROM "{table}" t').fetchall()]
    return "\n".join(rows)


def readable_with_every_key_left(records, db, store_key) -> bytes:
    """Every stored event that opens with the store's key or any case key the
    database still holds, decrypted (what someone holding a copy and the store's key
    could read)."""
    keys = [
        records.case_keys._unwrap(case_id, bytes(wrapped)) for case_id, wrapped in _key_rows(db)
    ]
    with psycopg.connect(**db) as conn:
        rows = conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM police_events"
        ).fetchall()
    readable = []
    for row in rows:
        stored = StoredEvent(row[0], row[1], row[2], bytes(row[3]))
        for key in keys:
            with contextlib.suppress(MapperDeserialisationError):
                readable.append(unseal(key, stored))
        with contextlib.suppress(ValueError):
            readable.append(store_cipher(store_key).decrypt(stored.state))
    return b"\n".join(readable)


def _key_rows(db):
    with psycopg.connect(**db) as conn:
        return conn.execute("SELECT case_id, wrapped_key FROM police_case_keys").fetchall()


def test_a_copy_of_the_database_after_erasure_holds_no_canary(keyed, police_db, store_key):
    keyed.open_case(OpenCase("R-CANARY", "CR-CANARY", CANARY, CONSENT))
    keyed.record_incident(incident("R-CANARY-INC", "CR-CANARY", narrative=CANARY_NARRATIVE))
    keyed.open_case(OpenCase("R-OTHER", "CR-OTHER", ANN))
    keyed.record_incident(incident("R-OTHER-INC", "CR-OTHER"))
    # Before: what the keys open holds the canaries (so the scan below can see them).
    before = readable_with_every_key_left(keyed, police_db, store_key).decode(errors="replace")
    assert CANARY_VICTIM.family_name in before and CANARY_VICTIM.address in before

    keyed.erase_case(EraseCase("R-ERASE", "CR-CANARY", UPHELD))

    text = every_table_as_text(police_db)
    assert "police_case_keys" not in text  # (names of tables are not rows)
    opened = readable_with_every_key_left(keyed, police_db, store_key).decode(errors="replace")
    for canary in CANARIES:
        assert canary not in text, canary
        assert canary not in opened, canary
    assert "Smith" in opened  # the other case's events still open
    assert keyed.get_case("CR-OTHER").subject.family_name == "Smith"
    with pytest.raises(CaseErased):
        keyed.get_case("CR-CANARY")
    # What stays: the tombstone and the record of the erasure, with no personal data.
    assert str(keyed.case_id("CR-CANARY")) in text


def test_a_store_from_before_case_keys_is_migrated_at_start_and_can_then_be_erased(
    police_db, store_key
):
    class OldPolice(CaseStore):
        """The police store as it was: every event under the store's key alone."""

        name = "police"

        def construct_mapper(self):
            return Application.construct_mapper(self)

        def construct_recorder(self):
            return Application.construct_recorder(self)

    env = {**event_store_env(police_db, store_key), **keyed_env(store_key)}
    old = OldPolice(env=env)
    case = Case.open("test-police", "CR-OLD", CANARY, "old-key")
    old.save(case)
    old.close()
    try:
        records = PoliceCaseRecords(env=env)  # the writer: it migrates at start
        case_id = str(records.case_id("CR-OLD"))
        assert [c for c, _ in _key_rows(police_db)] == [case_id]
        with psycopg.connect(**police_db) as conn:
            (state,) = conn.execute("SELECT state FROM police_events").fetchone()
        with pytest.raises(ValueError):  # re-encrypted: no longer under the store's key
            store_cipher(store_key).decrypt(bytes(state))
        assert records.get_case("CR-OLD").subject.family_name == CANARY_VICTIM.family_name
        assert records.migrate_to_case_keys() == 0  # again: nothing left to migrate
        records.erase_case(EraseCase("R-ERASE-OLD", "CR-OLD", UPHELD))
        opened = readable_with_every_key_left(records, police_db, store_key)
        assert CANARY_VICTIM.family_name.encode() not in opened
        records.close()
    finally:
        empty_store(police_db, "police")
