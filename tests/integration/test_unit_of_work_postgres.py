"""The unit of work's tests again, on Postgres with encryption at rest."""

import pytest
from eventsourcing.cryptography import AESCipher

from services.police.application import PoliceCaseRecords
from tests.conftest import empty_store, event_store_env
from tests.unit.test_unit_of_work import *  # noqa: F403 (the same tests, other persistence)


@pytest.fixture(scope="module")
def uow_db(create_database):
    return create_database("unit_of_work")


@pytest.fixture
def records(uow_db):
    env = event_store_env(uow_db, AESCipher.create_key(num_bytes=32))
    env.update(LINKING_KEY="11" * 32, AGENCY_ID="test-uow")
    app = PoliceCaseRecords(env=env)
    yield app
    app.close()
    empty_store(uow_db, "police")
