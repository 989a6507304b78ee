"""The landlord's tests again, on Postgres with AES-GCM encryption at rest."""

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher

from services.common.commands import OpenCase
from services.common.vocabulary import EnforcementType
from services.social_landlord.application import LandlordCaseRecords
from services.social_landlord.commands import AssignCaseOfficer, Perpetrator, StartEnforcement
from services.social_landlord.overdue import ListOverdueReports
from tests.conftest import empty_store, event_store_env
from tests.unit.landlord_records import ANN, DUE, LINKING_KEY, report
from tests.unit.test_social_landlord import *  # noqa: F403 (the same tests, other persistence)
from tests.unit.test_social_landlord_practice import *  # noqa: F403
from tests.unit.test_social_landlord_validation import *  # noqa: F403


@pytest.fixture(scope="module")
def landlord_db(create_database):
    return create_database("landlord_practice")


@pytest.fixture
def landlord_env(landlord_db):
    env = event_store_env(landlord_db, AESCipher.create_key(num_bytes=32))
    env.update(LINKING_KEY=LINKING_KEY, AGENCY_ID="test-landlord")
    yield env
    empty_store(landlord_db, "social_landlord")


@pytest.fixture
def records(landlord_env, clock):
    app = LandlordCaseRecords(env=landlord_env, clock=clock)
    yield app
    app.close()


def test_the_stored_record_is_encrypted(records, landlord_db):
    records.open_case(OpenCase("R-OPEN", "HC-1", ANN))
    records.log_report(report())
    records.assign_case_officer(AssignCaseOfficer("R-OFFICER", "HC-1", "Jo Officer"))
    records.start_enforcement(
        StartEnforcement("R-WARN", "HC-1", EnforcementType.WARNING, Perpetrator("Rob Neighbour"))
    )
    with psycopg.connect(**landlord_db) as conn:
        stored = b"".join(
            row[0] for row in conn.execute("SELECT state FROM social_landlord_events")
        )
    assert stored
    for plain in (b"Smith", b"L4 0TH", b"wheelchair", b"Example Walk", b"Jo Officer", b"Rob"):
        assert plain not in stored


def test_a_restarted_service_lists_the_same_overdue_reports(records, landlord_env, clock):
    records.open_case(OpenCase("R-OPEN", "HC-1", ANN))
    records.log_report(report())
    records.assign_case_officer(AssignCaseOfficer("R-OFFICER", "HC-1", "Jo Officer"))
    clock.now = DUE
    records.record_overdue_responses()
    before, _ = records.list_overdue_reports(ListOverdueReports(None))

    restarted = LandlordCaseRecords(env=landlord_env, clock=clock)
    try:
        after, _ = restarted.list_overdue_reports(ListOverdueReports(None))
        assert restarted.record_overdue_responses() == 0
    finally:
        restarted.close()
    assert after == before
    assert [(i.breach_recorded, i.case_officer) for i in after] == [(True, "Jo Officer")] * 2
