"""The case kernel's tests again, on Postgres with AES-GCM encryption at rest."""

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher

from services.common.commands import OpenCase
from services.police.application import PoliceCaseRecords
from tests.conftest import empty_store, event_store_env
from tests.unit.conftest import LINKING_KEY
from tests.unit.test_case_records import *  # noqa: F403 (the same tests, other persistence)
from tests.unit.test_case_records import ANN, incident


@pytest.fixture(scope="module")
def police_db(create_database):
    return create_database("police_records")


@pytest.fixture
def records(police_db):
    env = event_store_env(police_db, AESCipher.create_key(num_bytes=32))
    env.update(LINKING_KEY=LINKING_KEY, AGENCY_ID="test-police")
    app = PoliceCaseRecords(env=env)
    yield app
    app.close()
    empty_store(police_db, "police")


def test_the_stored_record_is_encrypted(records, police_db):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    records.record_incident(incident())
    with psycopg.connect(**police_db) as conn:
        stored = b"".join(row[0] for row in conn.execute("SELECT state FROM police_events"))
    assert stored
    for plain in (b"Smith", b"1980-02-03", b"L4 0TH", b"wheelchair"):
        assert plain not in stored
