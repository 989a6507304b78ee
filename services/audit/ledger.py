"""The audit ledger: every record the hub published, appended in order, each entry
chained to the one before by SHA-256, so that an entry edited, removed, inserted
or moved breaks the chain at the first place it touches.

An entry keeps the record's bytes as published (its payload; shared events are
already minimised) and its fact: what of the record stays for good (for a case
event, its envelope and the name of what happened; a disclosure or a call is all
fact). Its hash is over a fixed canonical encoding of (position, source, kind,
SHA-256 of the payload, SHA-256 of the fact, previous entry's hash): it commits to
the payload's digest, not the payload, so the payload can be removed once the
retention period ends (services.audit.retention) and the chain, and every signed
checkpoint, still verifies. Nothing in an entry needs an agency's case key, so
erasing a case later leaves every hash as it was. The indexed columns are read
from the fact (services.audit.columns), so the verifier reads them again and an
edited column is found as surely as an edited byte.

Entries appended before facts were kept (format 1) hash (position, source, kind,
SHA-256 of the bytes, previous hash): they verify as they always did, and keep
their payload, which is all their hash commits to.
"""

import hashlib
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

HASH_BYTES = 32
# What the first entry follows.
GENESIS = bytes(HASH_BYTES)
ENTRY_DOMAIN = b"marac-hub audit entry v1\n"
FACT_ENTRY_DOMAIN = b"marac-hub audit entry v2\n"
# How an entry's hash is made: over its bytes (before facts were kept), or over
# its payload's digest and its fact.
BYTES_FORMAT = 1
FACT_FORMAT = 2


@dataclass(frozen=True, order=True)
class Source:
    """Where a record was read: the idempotency key of its entry."""

    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class Columns:
    """What the IG console will search by; each None where the record has none."""

    agency_id: str | None = None
    subject: str | None = None  # a subject's match key, or an agenda handle
    case_reference: str | None = None
    recorded_at: datetime | None = None
    # A case event's position in its agency's log.
    source_sequence: int | None = None
    # What names the record, among its kind's, however often it was published: a
    # case event's or an action update's agency and sequence, a disclosure's id, an
    # access entry's request id, an action's or an agreement change's message id.
    record_id: str | None = None


@dataclass(frozen=True)
class Reading:
    """How the ledger reads a record (services.audit.columns): the fact it keeps of
    a kind's bytes, and the columns of a fact."""

    fact: Callable[[str, bytes], bytes]
    columns: Callable[[str, bytes], Columns]


@dataclass(frozen=True)
class Record:
    """A record as read from its topic, before it is an entry."""

    source: Source
    kind: str
    value: bytes


@dataclass(frozen=True)
class Head:
    count: int = 0
    hash: bytes = GENESIS


@dataclass(frozen=True)
class Entry:
    position: int
    source: Source
    kind: str
    value: bytes | None  # None once its payload was removed under retention
    value_hash: bytes
    columns: Columns
    prev_hash: bytes
    entry_hash: bytes
    fact: bytes = b""
    format: int = FACT_FORMAT


def _text(value: str) -> bytes:
    raw = value.encode("utf-8")
    return struct.pack(">I", len(raw)) + raw


def entry_hash(
    position: int,
    source: Source,
    kind: str,
    value_hash: bytes,
    prev_hash: bytes,
    fact: bytes | None = None,
) -> bytes:
    """SHA-256 of the entry's canonical encoding: fixed-width integers, texts with
    their length, so that no two different entries encode alike. Without a fact,
    the encoding of the entries made before facts were kept."""
    encoded = [
        ENTRY_DOMAIN if fact is None else FACT_ENTRY_DOMAIN,
        struct.pack(">Q", position),
        _text(source.topic),
        struct.pack(">IQ", source.partition, source.offset),
        _text(kind),
        value_hash,
        *([] if fact is None else [hashlib.sha256(fact).digest()]),
        prev_hash,
    ]
    return hashlib.sha256(b"".join(encoded)).digest()


def hash_of(entry: Entry) -> bytes:
    """The hash the entry's own fields give, in its format."""
    fact = None if entry.format == BYTES_FORMAT else entry.fact
    return entry_hash(
        entry.position, entry.source, entry.kind, entry.value_hash, entry.prev_hash, fact
    )


@dataclass(frozen=True)
class Read:
    """A record with its fact and columns read."""

    record: Record
    fact: bytes
    columns: Columns


def read_records(records: Iterable[Record], reading: Reading) -> list[Read]:
    reads = []
    for record in records:
        fact = reading.fact(record.kind, record.value)
        reads.append(Read(record, fact, reading.columns(record.kind, fact)))
    return reads


@dataclass(frozen=True)
class Fresh:
    """The records to append, and those dropped: copies of what the ledger holds
    already, the same source read again (redelivered) or the same record at another
    source (a relay's resend), and records naming an agency other than the one
    whose topic they came on (misattributed)."""

    reads: list[Read]
    redelivered: int = 0
    resent: int = 0
    misattributed: int = 0


RecordId = tuple[str, str]  # (kind, record_id)


def record_id(read: Read) -> RecordId | None:
    named = read.columns.record_id
    return None if named is None else (read.record.kind, named)


def first_seen(
    reads: Iterable[Read],
    sources: set[Source],
    records: set[RecordId] = frozenset(),
    agencies: Mapping[str, str] | None = None,
) -> Fresh:
    """The records not yet in the ledger, each once: a record whose source, or whose
    own id within its kind, the ledger (`sources`, `records`) or an earlier record
    holds appends nothing. Nor does one from a topic that carries one agency's
    records (`agencies`: topic -> agency id) naming another: its id (that agency's
    place in its log) would make the ledger drop the genuine record as resent."""
    fresh, seen_sources, seen_records = [], set(sources), set(records)
    redelivered = resent = misattributed = 0
    agencies = agencies or {}
    for read in reads:
        named = record_id(read)
        topics_agency = agencies.get(read.record.source.topic)
        if topics_agency and read.columns.agency_id not in (None, topics_agency):
            misattributed += 1
        elif read.record.source in seen_sources:
            redelivered += 1
        elif named is not None and named in seen_records:
            resent += 1
        else:
            seen_sources.add(read.record.source)
            if named is not None:
                seen_records.add(named)
            fresh.append(read)
    return Fresh(fresh, redelivered, resent, misattributed)


def chained(reads: Iterable[Read], head: Head) -> list[Entry]:
    """The records as the entries that follow `head`, in the order given."""
    entries = []
    position, prev = head.count, head.hash
    for read in reads:
        position += 1
        record = read.record
        value_hash = hashlib.sha256(record.value).digest()
        digest = entry_hash(position, record.source, record.kind, value_hash, prev, read.fact)
        entry = Entry(
            position, record.source, record.kind, record.value, value_hash, read.columns,
            prev, digest, read.fact,
        )  # fmt: skip
        entries.append(entry)
        prev = digest
    return entries


@dataclass(frozen=True)
class Break:
    """The first entry that does not verify, and what is wrong with it."""

    position: int
    problem: str


@dataclass(frozen=True)
class Verification:
    entries: int
    head: Head
    checkpoints: int
    broken: Break | None
    # Entries whose payload was removed under retention (their fact verified).
    payloads_removed: int = 0

    @property
    def ok(self) -> bool:
        return self.broken is None


class Checkpoints:
    """What the verifier needs of the signed checkpoints: the head each one signed,
    by entry count, each signature already checked (services.audit.checkpoints)."""

    def __init__(self, signed: Sequence[tuple[int, bytes]], unsigned: Sequence[int] = ()):
        self.heads: dict[int, list[bytes]] = {}
        for count, head in signed:
            self.heads.setdefault(count, []).append(head)
        self.unsigned = sorted(unsigned)  # counts whose signature does not verify

    @property
    def count(self) -> int:
        return sum(map(len, self.heads.values())) + len(self.unsigned)

    @property
    def last(self) -> int:
        return max([*self.heads, *self.unsigned], default=0)


def verify(
    entries: Iterable[Entry],
    reading: Reading,
    checkpoints: Checkpoints | None = None,
    removable: Callable[[Entry], bool] | None = None,
) -> Verification:
    """Walks the entries in the order given and stops at the first that breaks the
    chain, its fact, its columns, or a checkpoint. A payload removed is no break of
    the chain (the entry's hash commits to its digest and its fact, which stay), but
    one that `removable` says retention could not have removed is (it says so when
    it is given the retention rule: services.audit.retention.removed_in_time)."""
    checkpoints = checkpoints or Checkpoints([])
    head, removed = Head(), 0

    def verification(broken: Break | None) -> Verification:
        return Verification(head.count, head, checkpoints.count, broken, removed)

    for entry in entries:
        broken = _broken(entry, head, reading, checkpoints)
        if broken is None and entry.value is None and removable and not removable(entry):
            broken = Break(entry.position, "its payload was removed before retention allowed")
        if broken is not None:
            return verification(broken)
        head = Head(entry.position, entry.entry_hash)
        removed += entry.value is None
    if checkpoints.unsigned and checkpoints.unsigned[0] <= head.count:
        count = checkpoints.unsigned[0]
        problem = f"the checkpoint at {count} entries is not signed by the audit key"
        return verification(Break(count, problem))
    if checkpoints.last > head.count:
        problem = (
            f"the ledger ends at {head.count} entries but a checkpoint signed "
            f"{checkpoints.last}: entries were removed from its end"
        )
        return verification(Break(head.count + 1, problem))
    return verification(None)


def _broken(entry: Entry, head: Head, reading: Reading, cps: Checkpoints) -> Break | None:
    expected = head.count + 1
    if entry.position > expected:
        return Break(expected, "the entry is missing (deleted)")
    if entry.position < expected:
        return Break(expected, f"an entry at position {entry.position} is out of order")
    if entry.value is None:
        if entry.format == BYTES_FORMAT:
            return Break(expected, "its bytes were removed, and its hash commits to nothing else")
    elif hashlib.sha256(entry.value).digest() != entry.value_hash:
        return Break(expected, "its stored bytes were altered")
    elif reading.fact(entry.kind, entry.value) != entry.fact:
        return Break(expected, "its fact does not match its bytes")
    if hash_of(entry) != entry.entry_hash:
        return Break(expected, "its position, source, kind, fact or hash was altered")
    if entry.prev_hash != head.hash:
        return Break(
            expected,
            "it does not follow the entry before it: an entry was inserted, removed or replaced",
        )
    if reading.columns(entry.kind, entry.fact) != entry.columns:
        return Break(expected, "its indexed columns do not match its bytes")
    if any(signed != entry.entry_hash for signed in cps.heads.get(entry.position, [])):
        return Break(expected, "it is not the entry a signed checkpoint names")
    return None
