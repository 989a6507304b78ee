"""Victim support's tests again, on Postgres with AES-GCM encryption at rest."""

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher

from services.victim_support.application import VictimSupportCaseRecords
from tests.conftest import empty_store, event_store_env
from tests.unit.test_victim_support import *  # noqa: F403 (the same tests, other persistence)
from tests.unit.test_victim_support import LINKING_KEY, contact, referral


@pytest.fixture(scope="module")
def victim_support_db(create_database):
    return create_database("victim_support_practice")


@pytest.fixture
def records(victim_support_db):
    env = event_store_env(victim_support_db, AESCipher.create_key(num_bytes=32))
    env.update(LINKING_KEY=LINKING_KEY, AGENCY_ID="test-vs")
    app = VictimSupportCaseRecords(env=env)
    yield app
    app.close()
    empty_store(victim_support_db, "victim_support")


def test_the_stored_contact_notes_are_encrypted(records, victim_support_db):
    records.receive_referral(referral())
    records.record_contact(contact(notes="Moved to her sister Philippa's flat."))
    with psycopg.connect(**victim_support_db) as conn:
        rows = conn.execute("SELECT state FROM victim_support_events").fetchall()
    stored = b"".join(row[0] for row in rows)
    assert stored
    for plain in (b"Smith", b"1980-02-03", b"L4 0TH", b"Philippa"):
        assert plain not in stored
