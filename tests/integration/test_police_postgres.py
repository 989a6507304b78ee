"""The police's tests again, on Postgres with AES-GCM encryption at rest."""

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher

from services.police.application import PoliceCaseRecords
from services.police.commands import RecordInvestigationOutcome
from services.police.vocabulary import InvestigationOutcome
from tests.conftest import empty_store, event_store_env
from tests.unit.test_police import *  # noqa: F403 (the same tests, other persistence)
from tests.unit.test_police import LINKING_KEY, crime


@pytest.fixture(scope="module")
def police_db(create_database):
    return create_database("police_practice")


@pytest.fixture
def records(police_db):
    env = event_store_env(police_db, AESCipher.create_key(num_bytes=32))
    env.update(LINKING_KEY=LINKING_KEY, AGENCY_ID="test-police")
    app = PoliceCaseRecords(env=env)
    yield app
    app.close()
    empty_store(police_db, "police")


def test_the_stored_crime_is_encrypted(records, police_db):
    records.record_crime(crime(crime_reference="CRN-55/24680/26"))
    records.record_investigation_outcome(
        RecordInvestigationOutcome(
            "R-OUTCOME", "PC-1", "CRN-55/24680/26", InvestigationOutcome.DIVERSIONARY_ACTIVITY
        )
    )
    with psycopg.connect(**police_db) as conn:
        stored = b"".join(row[0] for row in conn.execute("SELECT state FROM police_events"))
    assert stored
    for plain in (b"Smith", b"1980-02-03", b"L4 0TH", b"24680", b"Ramp", b"diversionary"):
        assert plain not in stored
