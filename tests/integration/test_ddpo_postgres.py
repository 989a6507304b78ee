"""The DDPO's case records tests again, on Postgres with AES-GCM encryption at
rest, and what only a real store shows: the waiting list survives a restart and
nothing personal is stored in clear."""

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher

from services.ddpo.application import DdpoCaseRecords
from services.ddpo.commands import (
    AccessArrangement,
    JoinWaitingList,
    ListWaitingList,
    RecordAccessNeeds,
)
from services.ddpo.vocabulary import AccessNeed
from tests.conftest import empty_store, event_store_env
from tests.unit.ddpo_records import LINKING_KEY, PROFESSIONAL, anonymous, open_cases, report
from tests.unit.test_ddpo import *  # noqa: F403 (the same tests, other persistence)
from tests.unit.test_ddpo_advocacy import *  # noqa: F403
from tests.unit.test_ddpo_validation import *  # noqa: F403


@pytest.fixture(scope="module")
def ddpo_db(create_database):
    return create_database("ddpo_records")


@pytest.fixture(scope="module")
def ddpo_env(ddpo_db):
    env = event_store_env(ddpo_db, AESCipher.create_key(num_bytes=32))
    env.update(LINKING_KEY=LINKING_KEY, AGENCY_ID="test-ddpo")
    return env


@pytest.fixture
def records(ddpo_db, ddpo_env):
    app = DdpoCaseRecords(env=ddpo_env)
    yield app
    app.close()
    empty_store(ddpo_db, "ddpo")


def test_the_waiting_list_survives_a_restart(records, ddpo_env):
    open_cases(records, "DD-1", "DD-2", "DD-3")
    for reference in ("DD-2", "DD-1", "DD-3"):
        records.join_waiting_list(JoinWaitingList(f"J-{reference}", reference))
    before = records.waiting_list(ListWaitingList())

    restarted = DdpoCaseRecords(env=ddpo_env)
    try:
        after = restarted.waiting_list(ListWaitingList())
        assert after == before
        assert [e.case_reference for e in after.entries] == ["DD-2", "DD-1", "DD-3"]
        # And it goes on from where it was.
        restarted.record_report(report("R-DD-4", "DD-4"))
        assert restarted.join_waiting_list(JoinWaitingList("J-DD-4", "DD-4")).place == 4
    finally:
        restarted.close()


def test_the_stored_record_is_encrypted(records, ddpo_db):
    records.record_report(report(narrative="He mocked her hearing aid on the stairs."))
    records.record_report(anonymous("R-ANON", "DD-2", narrative="Shouting at the bus stop."))
    records.record_access_needs(
        RecordAccessNeeds(
            "R-NEEDS",
            "DD-1",
            (AccessArrangement(AccessNeed.SPOKEN_LANGUAGE_INTERPRETER, "syl", PROFESSIONAL),),
        )
    )
    records.join_waiting_list(JoinWaitingList("J-1", "DD-1"))
    with psycopg.connect(**ddpo_db) as conn:
        stored = b"".join(row[0] for row in conn.execute("SELECT state FROM ddpo_events"))
    assert stored
    for plain in (b"Smith", b"1980-02-03", b"E1 6AN", b"hearing aid", b"bus stop", b"DD-1"):
        assert plain not in stored


def test_a_write_that_lost_a_race_is_redone_on_the_waiting_list_as_it_now_is(records, ddpo_env):
    open_cases(records, "DD-1", "DD-2")
    other = DdpoCaseRecords(env=ddpo_env)
    try:
        other.join_waiting_list(JoinWaitingList("J-2", "DD-2"))
        # This service's copy of the list is now behind the store: its save fails,
        # and the join is redone on the list as stored.
        records.join_waiting_list(JoinWaitingList("J-1", "DD-1"))
        page = records.waiting_list(ListWaitingList())
        assert [(e.case_reference, e.place) for e in page.entries] == [("DD-2", 1), ("DD-1", 2)]
    finally:
        other.close()
