"""The audit ledger's chain, its verifier on every kind of tampering, signed
checkpoints checked with the public key alone, payloads removed under retention,
and a relay's resend appended once."""

import dataclasses
import hashlib
import itertools
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import (
    access_log_pb2,
    agreements_pb2,
    case_events_pb2,
    disclosure_pb2,
    meeting_actions_pb2,
)
from services.audit.checkpoints import Signer, check_copy, checked
from services.audit.columns import (
    ACCESS,
    ACTION_UPDATE,
    AGREEMENT,
    CASE_EVENT,
    DISCLOSURE,
    KINDS,
    MEETING_ACTION,
    READING,
    columns_of,
    fact_of,
)
from services.audit.ledger import (
    BYTES_FORMAT,
    Columns,
    Head,
    Record,
    Source,
    chained,
    entry_hash,
    first_seen,
    read_records,
    verify,
)

AT = datetime(2026, 12, 1, 10, 0, 0, 123456, tzinfo=UTC)


def event(n: int, **payload) -> bytes:
    stamp = Timestamp(seconds=int(AT.timestamp()) + n, nanos=123456789)
    return case_events_pb2.CaseEvent(
        event_id=f"e-{n}", agency_id="local-police", subject_key=f"{n:064x}",
        case_reference=f"CR/{n}/26", recorded_at=stamp, source_sequence=n, **payload,
    ).SerializeToString()  # fmt: skip


def records(count: int, start: int = 0) -> list[Record]:
    return [
        Record(Source("t.case-events.police", n % 3, n), CASE_EVENT, event(n))
        for n in range(start, start + count)
    ]


def entries_of(records: list[Record], head: Head | None = None):
    return chained(read_records(records, READING), head or Head())


def ledger(count: int = 10):
    return entries_of(records(count))


def test_entries_chain_from_the_genesis_in_order():
    entries = ledger(5)
    assert [e.position for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == bytes(32)
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    assert verify(entries, READING).ok


def test_appending_on_a_head_continues_the_chain():
    first = ledger(4)
    more = entries_of(records(3, 4), Head(4, first[-1].entry_hash))
    assert [e.position for e in more] == [5, 6, 7]
    assert verify([*first, *more], READING).head == Head(7, more[-1].entry_hash)


def test_a_redelivered_record_appends_nothing():
    known = {r.source for r in records(3)}
    reads = read_records([*records(3), *records(2, 3), *records(2, 3)], READING)
    fresh = first_seen(reads, known)
    assert [r.record for r in fresh.reads] == records(2, 3)
    assert (fresh.redelivered, fresh.resent) == (5, 0)


def resent(record: Record, offset: int) -> Record:
    """The same case event, published again by a relay after an interruption."""
    return Record(dataclasses.replace(record.source, offset=offset), record.kind, record.value)


def test_a_case_event_resent_at_another_offset_appends_once():
    held = records(3)
    again = [resent(r, 100 + r.source.offset) for r in held[1:]]
    reads = read_records([*again, *records(1, 3), resent(records(1, 3)[0], 200)], READING)
    known = {(CASE_EVENT, f"local-police/{n}") for n in range(3)}
    fresh = first_seen(reads, {r.source for r in held}, known)
    assert [r.record for r in fresh.reads] == records(1, 3)
    assert (fresh.redelivered, fresh.resent) == (0, 3)
    # Another agency's event of the same sequence is another event.
    other = case_events_pb2.CaseEvent(agency_id="local-ddpo", source_sequence=1)
    reads = read_records([Record(Source("t.ddpo", 0, 1), CASE_EVENT, other.SerializeToString())],
                         READING)  # fmt: skip
    assert len(first_seen(reads, set(), {(CASE_EVENT, "local-police/1")}).reads) == 1


ID = "4f7c1f0e-6f0c-4d4e-9a51-0d3c2b1a0001"
# A record of each kind the ledger keeps, and the id that names it however often
# it is published.
OF_EACH_KIND = {
    CASE_EVENT: (event(4), "local-police/4"),
    DISCLOSURE: (disclosure_pb2.Disclosure(disclosure_id=ID).SerializeToString(), ID),
    MEETING_ACTION: (
        meeting_actions_pb2.MeetingActionMessage(message_id=ID, agency_id="local-ddpo",
                                                 assigned={}).SerializeToString(),
        ID,
    ),
    ACTION_UPDATE: (
        meeting_actions_pb2.MeetingActionUpdate(
            action_id=ID, agency_id="local-ddpo", source_sequence=9,
            status=meeting_actions_pb2.MEETING_ACTION_STATUS_DONE,
        ).SerializeToString(),
        "local-ddpo/9",
    ),
    ACCESS: (access_log_pb2.AccessLogEntry(request_id=ID, method="/x/Y").SerializeToString(), ID),
    AGREEMENT: (agreements_pb2.AgreementChanged(message_id=ID, sequence=3).SerializeToString(),
                ID),
}  # fmt: skip


def test_every_kind_is_kept():
    assert set(OF_EACH_KIND) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_of_any_kind_resent_at_another_offset_appends_once(kind):
    value, named = OF_EACH_KIND[kind]
    (read,) = read_records([Record(Source("t.topic", 0, 1), kind, value)], READING)
    assert read.columns.record_id == named
    again = [Record(Source("t.topic", p, o), kind, value) for p, o in ((0, 7), (1, 1))]
    fresh = first_seen(read_records(again, READING), {Source("t.topic", 0, 1)}, {(kind, named)})
    assert (fresh.reads, fresh.redelivered, fresh.resent) == ([], 0, 2)
    # Within one batch too; and another kind's record of the same id is another record.
    fresh = first_seen(read_records(again, READING), set())
    assert (len(fresh.reads), fresh.resent) == (1, 1)
    others = {(k, named) for k in KINDS if k != kind}
    assert len(first_seen(read_records(again[:1], READING), set(), others).reads) == 1


@pytest.mark.parametrize("kind", [CASE_EVENT, ACTION_UPDATE])
def test_a_record_naming_another_agency_than_its_topics_is_refused_not_the_genuine_one(kind):
    """A faulty relay publishes on its own topic a record naming another agency and a
    place in its log: refused and counted, so the genuine record, on its agency's
    topic, is appended and not dropped as resent."""
    value, named = OF_EACH_KIND[kind]
    owner = named.split("/")[0]
    agencies = {"t.own": owner, "t.faulty": "local-victim_support"}
    reads = read_records(
        [Record(Source("t.faulty", 0, 1), kind, value), Record(Source("t.own", 0, 1), kind, value)],
        READING,
    )
    fresh = first_seen(reads, set(), set(), agencies)
    assert (fresh.misattributed, fresh.resent) == (1, 0)
    assert [r.record.source.topic for r in fresh.reads] == ["t.own"]
    # A record that names no agency has no id to stand for another's: it is kept.
    nameless = read_records([Record(Source("t.faulty", 0, 2), kind, b"")], READING)
    assert len(first_seen(nameless, set(), set(), agencies).reads) == 1


def test_a_record_that_names_no_id_is_kept_at_each_offset():
    unnamed = access_log_pb2.AccessLogEntry(method="/x/Y").SerializeToString()
    reads = read_records([Record(Source("t.a", 0, n), ACCESS, unnamed) for n in range(3)],
                         READING)  # fmt: skip
    assert len(first_seen(reads, set()).reads) == 3


def test_columns_are_read_from_the_record():
    (entry,) = entries_of(records(1, 7))
    assert entry.columns == Columns(
        "local-police", f"{7:064x}", "CR/7/26", AT.replace(second=7), source_sequence=7,
        record_id="local-police/7",
    )  # fmt: skip
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
    result = verify(entries, READING)
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


def removed(entries, *positions: int):
    """The entries with these positions' payloads removed, as retention does."""
    return [dataclasses.replace(e, value=None) if e.position in positions else e for e in entries]


def test_removed_payloads_leave_the_chain_and_a_checkpoint_verifying():
    signer = Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = signer.sign(Head(10, entries[-1].entry_hash), AT)
    result = verify(removed(entries, 2, 5), READING, checked([checkpoint], signer.public_key))
    assert result.ok and result.entries == 10 and result.payloads_removed == 2
    assert check_copy(removed(entries, 2, 5), [checkpoint], signer.public_key, READING).accepted


def test_an_entry_with_its_payload_removed_keeps_the_fact_of_what_happened():
    closed = event(4, case_closed=case_events_pb2.CaseClosed())
    (entry,) = entries_of([Record(Source("t", 0, 4), CASE_EVENT, closed)])
    fact = case_events_pb2.CaseEvent.FromString(entry.fact)
    assert fact.WhichOneof("payload") == "case_closed" and fact.case_reference == "CR/4/26"
    incident = case_events_pb2.IncidentReported(postcode_district="L8", incident_id="i-1")
    fact = case_events_pb2.CaseEvent.FromString(
        fact_of(CASE_EVENT, event(5, incident_reported=incident))
    )
    assert fact.WhichOneof("payload") == "incident_reported"
    assert fact.incident_reported == case_events_pb2.IncidentReported()


def test_a_fact_or_a_column_edited_after_its_payload_went_is_found():
    entries = removed(ledger(), 4)
    other = fact_of(CASE_EVENT, event(99))
    edited = [*entries[:3], dataclasses.replace(entries[3], fact=other), *entries[4:]]
    assert broken_at(edited) == (4, "its position, source, kind, fact or hash was altered")
    columns = dataclasses.replace(entries[3].columns, case_reference="CR/OTHER/26")
    edited = [*entries[:3], dataclasses.replace(entries[3], columns=columns), *entries[4:]]
    assert broken_at(edited) == (4, "its indexed columns do not match its bytes")


def test_an_edited_fact_beside_its_payload_is_found():
    entries = ledger()
    entries[2] = dataclasses.replace(entries[2], fact=fact_of(CASE_EVENT, event(99)))
    assert broken_at(entries) == (3, "its fact does not match its bytes")


def test_entries_made_before_facts_were_kept_verify_but_not_without_their_bytes():
    before = []
    for e in ledger(3):
        prev = before[-1].entry_hash if before else bytes(32)
        digest = entry_hash(e.position, e.source, e.kind, e.value_hash, prev)
        before.append(
            dataclasses.replace(e, format=BYTES_FORMAT, prev_hash=prev, entry_hash=digest)
        )
    assert verify(before, READING).ok
    assert broken_at(removed(before, 2)) == (
        2,
        "its bytes were removed, and its hash commits to nothing else",
    )


def closing(n: int, days_ago: int, reference: str = "CR/1/26", what="case_closed") -> bytes:
    stamp = Timestamp(seconds=int(AT.timestamp()) - days_ago * 86400)
    return case_events_pb2.CaseEvent(
        agency_id="local-police", case_reference=reference, occurred_at=stamp,
        source_sequence=n, **{what: getattr(case_events_pb2, what.title().replace("_", ""))()},
    ).SerializeToString()  # fmt: skip


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
    forged = entries_of(records(1, 50), Head(3, entries[2].entry_hash))[0]
    entries[3:] = [forged, *(dataclasses.replace(e, position=e.position + 1) for e in entries[3:])]
    # The forgery itself chains on; the entry after it no longer does.
    assert broken_at(entries) == (
        5,
        "its position, source, kind, fact or hash was altered",
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
    assert verify(entries, READING, checked([checkpoint], signer.public_key)).ok
    result = verify(entries[:8], READING, checked([checkpoint], signer.public_key))
    assert result.broken.position == 9


def test_a_checkpoint_not_signed_by_the_key_is_reported():
    signer, other = Signer(Ed25519PrivateKey.generate()), Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = other.sign(Head(6, entries[5].entry_hash), AT)
    result = verify(entries, READING, checked([checkpoint], signer.public_key))
    assert result.broken.position == 6
    assert "not signed" in result.broken.problem


def test_a_copy_is_checked_with_the_public_key_alone():
    signer = Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = signer.sign(Head(8, entries[7].entry_hash), AT)
    verdict = check_copy(entries, [checkpoint], signer.public_key, READING)
    assert verdict.accepted, verdict.reason
    assert verdict.verification.entries == 10


@pytest.mark.parametrize(
    "tamper",
    [
        lambda es, cp: (es[:3] + es[4:], cp),
        lambda es, cp: ([*es[:2], dataclasses.replace(es[2], value=event(77)), *es[3:]], cp),
        lambda es, cp: (entries_of(records(10, 100)), cp),
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
    verdict = check_copy(copy, [cp], signer.public_key, READING)
    assert not verdict.accepted


def test_a_copy_signed_by_another_key_is_rejected():
    signer, other = Signer(Ed25519PrivateKey.generate()), Signer(Ed25519PrivateKey.generate())
    entries = ledger()
    checkpoint = other.sign(Head(10, entries[-1].entry_hash), AT)
    assert not check_copy(entries, [checkpoint], signer.public_key, READING).accepted
    assert not check_copy(entries, [], signer.public_key, READING).accepted
