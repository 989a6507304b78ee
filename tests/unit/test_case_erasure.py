"""A key per case, and erasing a case by destroying its key (crypto-shredding), on
in-memory persistence encrypted as the services' stores are.

tests/integration/test_case_erasure_postgres.py runs these same tests on Postgres.
"""

import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import JSONTranscoder, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import Environment
from psycopg import sql

from marac.v1 import case_events_pb2 as pb
from services.common.case import Case, Consent
from services.common.case_keys import CaseKeyMapper, ErasedEvent, unseal
from services.common.case_keys_postgres import PostgresCaseKeys
from services.common.case_list import ListCases
from services.common.commands import OpenCase
from services.common.erasure import EraseCase
from services.common.errors import CaseErased, FailedPrecondition, NoSuchCase, RequestIdReused
from services.common.relay import CaseMessages
from services.common.sharing import KERNEL_SHARING
from services.common.validation import InvalidRequest
from services.common.values import TypedMapper, register_values
from services.common.vocabulary import ErasureReason, Purpose, Recipient
from services.police.application import PoliceCaseRecords
from tests.unit.conftest import LINKING_KEY
from tests.unit.test_case_records import ANN, incident

UPHELD = ErasureReason.ERASURE_REQUEST_UPHELD
NARRATIVE = b"wheelchair"  # in incident()'s narrative
CONSENT = Consent(((Recipient.SOCIAL_LANDLORD, Purpose.RISK_ASSESSMENT),))


def keyed_env(cipher_key: str) -> dict[str, str]:
    return {
        "LINKING_KEY": LINKING_KEY,
        "AGENCY_ID": "test-police",
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": cipher_key,
    }


@pytest.fixture
def store_key() -> str:
    return AESCipher.create_key(num_bytes=32)


@pytest.fixture
def keyed(store_key):
    app = PoliceCaseRecords(env=keyed_env(store_key))
    yield app
    app.close()


def stored_events(records, case_reference: str) -> list[StoredEvent]:
    return list(records.recorder.select_events(records.case_id(case_reference)))


def two_cases(records) -> None:
    for reference in ("CR-1", "CR-2"):
        records.open_case(OpenCase(f"R-OPEN-{reference}", reference, ANN, CONSENT))
        records.record_incident(incident(f"R-INC-{reference}", reference))


def put_back(keys, case_id: str, wrapped: bytes) -> None:
    """The case's key row as it was, and no tombstone (in memory or on Postgres)."""
    if isinstance(keys, PostgresCaseKeys):
        with keys._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                sql.SQL("INSERT INTO {} VALUES (%s, %s)").format(keys._keys), (case_id, wrapped)
            )
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE case_id = %s").format(keys._erased), (case_id,)
            )
    else:
        keys._rows[case_id] = wrapped
        del keys._tombstones[case_id]
    keys._forget(case_id)


def store_cipher(store_key: str) -> AESCipher:
    return AESCipher(Environment(env={"CIPHER_KEY": store_key}))


def test_each_case_is_encrypted_with_its_own_key_and_reads_back(keyed, store_key):
    two_cases(keyed)
    for stored in stored_events(keyed, "CR-1"):
        with pytest.raises(ValueError):  # not with the store's key
            store_cipher(store_key).decrypt(stored.state)
    other = keyed.case_keys.for_reading(str(keyed.case_id("CR-2")))
    with pytest.raises(MapperDeserialisationError):  # nor with another case's
        unseal(other, stored_events(keyed, "CR-1")[0])
    own = keyed.case_keys.for_reading(str(keyed.case_id("CR-1")))
    assert NARRATIVE in b"".join(unseal(own, s) for s in stored_events(keyed, "CR-1"))
    case = keyed.get_case("CR-1")
    assert (case.subject.family_name, len(case.incidents)) == ("Smith", 1)


def test_an_erased_case_cannot_be_read_and_another_case_can(keyed):
    two_cases(keyed)
    case_id = str(keyed.case_id("CR-1"))
    key = keyed.case_keys.for_reading(case_id)
    erased = keyed.erase_case(EraseCase("R-ERASE", "CR-1", UPHELD))
    assert (erased.case_reference, erased.reason) == ("CR-1", UPHELD)

    with pytest.raises(CaseErased):
        keyed.get_case("CR-1")
    events = [keyed.mapper.to_domain_event(s) for s in stored_events(keyed, "CR-1")]
    assert events and all(isinstance(e, ErasedEvent) for e in events)
    assert keyed.case_keys.erased(case_id)
    # The key is gone from the store: a copy of the store holds none for the case.
    assert keyed.case_keys._lookup(case_id).wrapped is None
    assert key is not None  # (the key it had: only a copy taken before could open it)
    assert keyed.get_case("CR-2").subject.family_name == "Smith"
    listed = keyed.list_cases(ListCases()).cases
    assert [c.case_reference for c in listed] == ["CR-2"]


def test_an_erasure_retried_is_applied_once_and_answers_the_same(keyed):
    two_cases(keyed)
    first = keyed.erase_case(EraseCase("R-ERASE", "CR-1", UPHELD))
    notifications = keyed.recorder.max_notification_id()
    assert keyed.erase_case(EraseCase("R-ERASE", "CR-1", UPHELD)) == first
    assert keyed.recorder.max_notification_id() == notifications
    with pytest.raises(CaseErased):  # erased already, by another request
        keyed.erase_case(EraseCase("R-AGAIN", "CR-1", ErasureReason.COURT_ORDER))
    with pytest.raises(RequestIdReused):
        keyed.erase_case(EraseCase("R-ERASE", "CR-1", ErasureReason.COURT_ORDER))


def test_erasing_an_unknown_case_is_not_found_and_records_nothing(keyed):
    before = keyed.recorder.max_notification_id()
    with pytest.raises(NoSuchCase):
        keyed.erase_case(EraseCase("R-ERASE", "CR-404", UPHELD))
    assert keyed.recorder.max_notification_id() == before
    keyed.open_case(OpenCase("R-OPEN", "CR-404", ANN))  # not erased: it may open later
    assert keyed.get_case("CR-404").subject.family_name == "Smith"


def test_an_erasure_with_bad_input_names_each_field():
    with pytest.raises(InvalidRequest) as error:
        EraseCase("not an id!", "cr 1", None).validate(None)
    assert {v.field for v in error.value.violations} == {
        "request_id",
        "case_reference",
        "reason",
    }


def test_after_erasure_every_change_is_refused_and_the_reference_cannot_open_again(keyed):
    two_cases(keyed)
    keyed.erase_case(EraseCase("R-ERASE", "CR-1", UPHELD))
    with pytest.raises(CaseErased):
        keyed.record_incident(incident("R-LATER", "CR-1"))
    with pytest.raises(FailedPrecondition):
        keyed.open_case(OpenCase("R-REOPEN", "CR-1", ANN))


def test_the_relay_passes_over_an_erased_case_and_shares_only_that_it_was_erased(keyed):
    two_cases(keyed)
    keyed.erase_case(EraseCase("R-ERASE", "CR-1", UPHELD))
    messages = CaseMessages(keyed, "t.police", KERNEL_SHARING, 1)
    shared = [
        pb.CaseEvent.FromString(m.value)
        for n in keyed.recorder.select_notifications(start=1, limit=1000)
        for m in messages(keyed.mapper.to_domain_event(n), n.id)
    ]
    erased_case = [(e.case_reference, e.WhichOneof("payload")) for e in shared]
    assert erased_case.count(("CR-1", "case_erased")) == 1
    assert [p for r, p in erased_case if r == "CR-1"] == ["case_erased"]
    assert ("CR-2", "incident_reported") in erased_case
    (erasure,) = [e for e in shared if e.case_reference == "CR-1"]
    assert erasure.agency_id == "test-police" and erasure.subject_key
    assert erasure.case_erased.ByteSize() == 0  # the reason stays with the agency


def test_a_store_of_before_case_keys_still_reads_with_the_store_key(store_key):
    """Events written with the store's key alone (as every store was before cases
    had keys) read back through the per-case mapper, with no key row for the case."""
    before = PoliceCaseRecords(env=keyed_env(store_key))
    transcoder = JSONTranscoder()
    before.register_transcodings(transcoder)
    register_values(transcoder)
    old = TypedMapper(transcoder, cipher=store_cipher(store_key))
    case = Case.open("test-police", "CR-OLD", ANN, "key")
    stored = [old.to_stored_event(e) for e in case.collect_events()]
    mapper = before.mapper
    assert isinstance(mapper, CaseKeyMapper)
    (opened,) = [mapper.to_domain_event(s) for s in stored]
    assert isinstance(opened, Case.Opened) and opened.case_reference == "CR-OLD"
    before.close()


def test_an_erasure_left_half_done_is_finished_by_the_writer(keyed):
    """The writer stopped after recording the erasure and before destroying the key:
    the next writer's start (or a retry) destroys it."""
    two_cases(keyed)
    case_id = str(keyed.case_id("CR-1"))
    wrapped = keyed.case_keys._lookup(case_id).wrapped
    keyed.erase_case(EraseCase("R-ERASE", "CR-1", UPHELD))
    put_back(keyed.case_keys, case_id, wrapped)  # as if the key had not been destroyed
    assert not keyed.case_keys.erased(case_id)
    assert keyed.finish_erasures() == 1
    assert keyed.case_keys.erased(case_id)
    with pytest.raises(CaseErased):
        keyed.get_case("CR-1")
    assert keyed.finish_erasures() == 0


def test_an_event_read_before_its_case_was_erased_is_not_published(keyed):
    two_cases(keyed)
    read = [
        (keyed.mapper.to_domain_event(n), n.id)
        for n in keyed.recorder.select_notifications(start=1, limit=1000)
    ]
    keyed.erase_case(EraseCase("R-ERASE", "CR-1", UPHELD))
    messages = CaseMessages(keyed, "t.police", KERNEL_SHARING, 1)
    later = [event for event, _ in read if not isinstance(event, Case.Opened)]
    shared = [pb.CaseEvent.FromString(m.value) for e in later for m in messages(e, 1)]
    assert {e.case_reference for e in shared} == {"CR-2"}
