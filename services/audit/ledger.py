"""The audit ledger: every record the hub published, appended in order, each entry
chained to the one before by SHA-256, so that an entry edited, removed, inserted
or moved breaks the chain at the first place it touches.

An entry hashes a fixed canonical encoding of (position, source, kind, SHA-256 of
its bytes, previous entry's hash). Its bytes are the record's value as published
(shared events are already minimised): nothing in an entry needs an agency's case
key, so erasing a case later leaves every hash as it was. The indexed columns are
read from the bytes (services.audit.columns), so the verifier reads them again
and an edited column is found as surely as an edited byte.
"""

import hashlib
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

HASH_BYTES = 32
# What the first entry follows.
GENESIS = bytes(HASH_BYTES)
ENTRY_DOMAIN = b"marac-hub audit entry v1\n"


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
    value: bytes
    value_hash: bytes
    columns: Columns
    prev_hash: bytes
    entry_hash: bytes


def _text(value: str) -> bytes:
    raw = value.encode("utf-8")
    return struct.pack(">I", len(raw)) + raw


def entry_hash(
    position: int, source: Source, kind: str, value_hash: bytes, prev_hash: bytes
) -> bytes:
    """SHA-256 of the entry's canonical encoding: fixed-width integers, texts with
    their length, so that no two different entries encode alike."""
    encoded = b"".join(
        [
            ENTRY_DOMAIN,
            struct.pack(">Q", position),
            _text(source.topic),
            struct.pack(">IQ", source.partition, source.offset),
            _text(kind),
            value_hash,
            prev_hash,
        ]
    )
    return hashlib.sha256(encoded).digest()


ColumnsOf = Callable[[str, bytes], Columns]


def chained(records: Iterable[Record], head: Head, columns_of: ColumnsOf) -> list[Entry]:
    """The records as the entries that follow `head`, in the order given."""
    entries = []
    position, prev = head.count, head.hash
    for record in records:
        position += 1
        value_hash = hashlib.sha256(record.value).digest()
        digest = entry_hash(position, record.source, record.kind, value_hash, prev)
        entries.append(
            Entry(
                position,
                record.source,
                record.kind,
                record.value,
                value_hash,
                columns_of(record.kind, record.value),
                prev,
                digest,
            )
        )
        prev = digest
    return entries


def first_seen(records: Iterable[Record], known: set[Source]) -> list[Record]:
    """The records not yet in the ledger, each once (a redelivery appends nothing)."""
    fresh, seen = [], set(known)
    for record in records:
        if record.source not in seen:
            seen.add(record.source)
            fresh.append(record)
    return fresh


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
    entries: Iterable[Entry], columns_of: ColumnsOf, checkpoints: Checkpoints | None = None
) -> Verification:
    """Walks the entries in the order given and stops at the first that breaks the
    chain, its columns, or a checkpoint."""
    checkpoints = checkpoints or Checkpoints([])
    head = Head()
    for entry in entries:
        broken = _broken(entry, head, columns_of, checkpoints)
        if broken is not None:
            return Verification(head.count, head, checkpoints.count, broken)
        head = Head(entry.position, entry.entry_hash)
    if checkpoints.unsigned and checkpoints.unsigned[0] <= head.count:
        count = checkpoints.unsigned[0]
        problem = f"the checkpoint at {count} entries is not signed by the audit key"
        return Verification(head.count, head, checkpoints.count, Break(count, problem))
    if checkpoints.last > head.count:
        problem = (
            f"the ledger ends at {head.count} entries but a checkpoint signed "
            f"{checkpoints.last}: entries were removed from its end"
        )
        return Verification(head.count, head, checkpoints.count, Break(head.count + 1, problem))
    return Verification(head.count, head, checkpoints.count, None)


def _broken(entry: Entry, head: Head, columns_of: ColumnsOf, cps: Checkpoints) -> Break | None:
    expected = head.count + 1
    if entry.position > expected:
        return Break(expected, "the entry is missing (deleted)")
    if entry.position < expected:
        return Break(expected, f"an entry at position {entry.position} is out of order")
    if hashlib.sha256(entry.value).digest() != entry.value_hash:
        return Break(expected, "its stored bytes were altered")
    digest = entry_hash(entry.position, entry.source, entry.kind, entry.value_hash, entry.prev_hash)
    if digest != entry.entry_hash:
        return Break(expected, "its position, source, kind or hash was altered")
    if entry.prev_hash != head.hash:
        return Break(
            expected,
            "it does not follow the entry before it: an entry was inserted, removed or replaced",
        )
    if columns_of(entry.kind, entry.value) != entry.columns:
        return Break(expected, "its indexed columns do not match its bytes")
    if any(signed != entry.entry_hash for signed in cps.heads.get(entry.position, [])):
        return Break(expected, "it is not the entry a signed checkpoint names")
    return None
