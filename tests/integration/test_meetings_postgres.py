"""The meetings' tests again, on Postgres with AES-GCM encryption at rest: a meeting
read back from its stored events is the meeting that recorded them."""

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher

from tests.conftest import event_store_env
from tests.unit.meetings import world
from tests.unit.test_meeting_publishing import (
    test_a_closed_meeting_publishes_its_discussions_and_actions_and_never_a_note,
)
from tests.unit.test_meetings import *  # noqa: F403 (the same tests, other persistence)


@pytest.fixture(scope="module")
def meetings_db(create_database):
    return create_database("meetings")


@pytest.fixture
def w(meetings_db):
    made = world(env=event_store_env(meetings_db, AESCipher.create_key(num_bytes=32)))
    yield made
    made.meetings.store.close()
    with psycopg.connect(**meetings_db, autocommit=True) as conn:
        conn.execute("TRUNCATE meetings_events")


def test_the_stored_meeting_record_is_encrypted(w, meetings_db):
    test_a_closed_meeting_publishes_its_discussions_and_actions_and_never_a_note(w)
    with psycopg.connect(**meetings_db) as conn:
        stored = b"".join(row[0] for row in conn.execute("SELECT state FROM meetings_events"))
    assert stored
    for plain in (b"Canary", b"Baker", b"LIVERPOOL-NORTH"):
        assert plain not in stored
