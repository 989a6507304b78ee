"""The audit ledger's chain, its verifier on every kind of tampering, and signed
checkpoints checked with the public key alone."""

import dataclasses
import hashlib
import itertools
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import access_log_pb2, case_events_pb2, disclosure_pb2
from services.audit.checkpoints import Signer, check_copy, checked
from services.audit.columns import ACCESS, CASE_EVENT, DISCLOSURE, columns_of
from services.audit.ledger import Columns, Head, Record, Source, chained, first_seen, verify

AT = datetime(2026, 12, 1, 10, 0, 0, 123456, tzinfo=UTC)


def event(n: int) -> bytes:
    stamp = Timestamp(seconds=int(AT.timestamp()) + n, nanos=123456789)
    return case_events_pb2.CaseEvent(
        event_id=f"e-{n}", agency_id="local-police", subject_key=f"{n:064x}",
        case_reference=f"CR/{n}/26", recorded_at=stamp, source_sequence=n,
    ).SerializeToString()  # fmt: skip


def records(count: int, start: int = 0) -> list[Record]:
    return [
        Record(Source("t.case-events.police", n % 3, n), CASE_EVENT, event(n))
        for n in range(start, start + count)
    ]


def ledger(count: int = 10):
    return chained(records(count), Head(), columns_of)


def test_entries_chain_from_the_genesis_in_order():
    entries = ledger(5)
    assert [e.position for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == bytes(32)
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    assert verify(entries, columns_of).ok


def test_appending_on_a_head_continues_the_chain():
    first = ledger(4)
    more = chained(records(3, 4), Head(4, first[-1].entry_hash), columns_of)
    assert [e.position for e in more] == [5, 6, 7]
    assert verify([*first, *more], columns_of).head == Head(7, more[-1].entry_hash)


def test_a_redelivered_record_appends_nothing():
    known = {r.source for r in records(3)}
    assert first_seen([*records(3), *records(2, 3), *records(2, 3)], known) == records(2, 3)


def test_columns_are_read_from_the_record():
    (entry,) = chained(records(1, 7), Head(), columns_of)
    assert entry.columns == Columns("local-police", f"{7:064x}", "CR/7/26", AT.replace(second=7))
    shown = disclosure_pb2.Disclosure(
        subject_key="ab" * 32,
        contributions=[disclosure_pb2.DisclosedContribution(agency_id="local-ddpo",
                                                            case_reference="D-1")],
    ).SerializeToString()  # fmt: skip
    assert columns_of(DISCLOSURE, shown) == Columns("local-ddpo", "ab" * 32, "D-1", None)
    seen = access_log_pb2.AccessLogEntry(
        person=disclosure_pb2.Caller(agency_id="local-police"), subject_handle="h" * 64
    ).SerializeToString()
    assert columns_of(ACCESS, seen) == Columns("local-police", "h" * 64, None, None)
    assert columns_of(CASE_EVENT, b"\xff\xff not a record") == Columns()


def broken_at(entries):
    result = verify(entries, columns_of)
    assert not result.ok
    return result.broken.position, result.broken.problem


def test_edited_bytes_are_found_at_their_entry():
    entries = ledger()
    entries[4] = dataclasses.replace(entries[4], value=event(99))
    assert broken_at(entries) == (5, "its stored bytes were altered")


def test_edited_bytes_with_their_hash_recomputed_are_found_too():
    entries = ledger()
    value = event(99)
    entries[4] = dataclasses.replace(
        entries[4], value=value, value_hash=hashlib.sha256(value).digest()
    )
    assert broken_at(entries)[0] == 5


def test_an_edited_column_is_found():
    entries = ledger()
    columns = dataclasses.replace(entries[6].columns, case_reference="CR/OTHER/26")
    entries[6] = dataclasses.replace(entries[6], columns=columns)
    assert broken_at(entries) == (7, "its indexed columns do not match its bytes")


def test_a_deleted_entry_is_found_where_it_was():
    entries = ledger()
    del entries[3]
    assert broken_at(entries) == (4, "the entry is missing (deleted)")


def test_a_deleted_entry_with_the_rest_renumbered_is_found_where_it_was():
    entries = ledger()
    del entries[3]
    entries[3:] = [dataclasses.replace(e, position=e.position - 1) for e in entries[3:]]
    assert broken_at(entries)[0] == 4


def test_an_inserted_entry_is_found():
    entries = ledger()
    forged = chained(records(1, 50), Head(3, entries[2].entry_hash), columns_of)[0]
    entries[3:] = [forged, *(dataclasses.replace(e, position=e.position + 1) for e in entries[3:])]
    # The forgery itself chains on; the entry after it no longer does.
    assert broken_at(entries) == (
        5,
        "its position, source, kind or hash was altered",
    )


def test_reordered_entries_are_found_at_the_first_moved():
    entries = ledger()
    entries[2], entries[5] = (
        dataclasses.replace(entries[5], position=3),
        dataclasses.replace(entries[2], position=6),
    )
    assert broken_at(entries)[0] == 3
    shuffled = ledger()
    shuffled[2], shuffled[5] = shuffled[5], shuffled[2]
    assert broken_at(shuffled)[0] == 3


def test_entries_removed_from_the_end_are_found_by_a_checkpoint():
    signer = Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = signer.sign(Head(10, entries[-1].entry_hash), AT)
    assert verify(entries, columns_of, checked([checkpoint], signer.public_key)).ok
    result = verify(entries[:8], columns_of, checked([checkpoint], signer.public_key))
    assert result.broken.position == 9


def test_a_checkpoint_not_signed_by_the_key_is_reported():
    signer, other = Signer(Ed25519PrivateKey.generate()), Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = other.sign(Head(6, entries[5].entry_hash), AT)
    result = verify(entries, columns_of, checked([checkpoint], signer.public_key))
    assert result.broken.position == 6
    assert "not signed" in result.broken.problem


def test_a_copy_is_checked_with_the_public_key_alone():
    signer = Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = signer.sign(Head(8, entries[7].entry_hash), AT)
    verdict = check_copy(entries, [checkpoint], signer.public_key, columns_of)
    assert verdict.accepted, verdict.reason
    assert verdict.verification.entries == 10


@pytest.mark.parametrize(
    "tamper",
    [
        lambda es, cp: (es[:3] + es[4:], cp),
        lambda es, cp: ([*es[:2], dataclasses.replace(es[2], value=event(77)), *es[3:]], cp),
        lambda es, cp: (chained(records(10, 100), Head(), columns_of), cp),
        lambda es, cp: (es[:7], cp),
        lambda es, cp: (es, dataclasses.replace(cp, entry_count=9)),
        lambda es, cp: (es, dataclasses.replace(cp, signed_at=AT.replace(year=2027))),
    ],
    ids=["deleted", "edited", "replaced", "truncated", "count changed", "time changed"],
)
def test_a_tampered_copy_is_rejected(tamper):
    signer = Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = signer.sign(Head(8, entries[7].entry_hash), AT)
    copy, cp = tamper(list(entries), checkpoint)
    verdict = check_copy(copy, [cp], signer.public_key, columns_of)
    assert not verdict.accepted


def test_a_copy_signed_by_another_key_is_rejected():
    signer, other = Signer(Ed25519PrivateKey.generate()), Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = other.sign(Head(10, entries[-1].entry_hash), AT)
    assert not check_copy(entries, [checkpoint], signer.public_key, columns_of).accepted
    assert not check_copy(entries, [], signer.public_key, columns_of).accepted
