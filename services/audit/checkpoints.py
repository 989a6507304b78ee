"""Signed checkpoints: the audit service signs (entry count, head hash, time) with
its own Ed25519 key, so that anyone holding only its public key can tell whether a
copy of the ledger is the ledger that was signed, without trusting the database
it came from."""

import hashlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from services.audit.ledger import Checkpoints, Entry, Head, Reading, Verification, verify

CHECKPOINT_DOMAIN = b"marac-hub audit checkpoint v1\n"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Checkpoint:
    entry_count: int
    head_hash: bytes
    signed_at: datetime  # to the microsecond, as Postgres keeps it
    key_id: str
    signature: bytes

    def signed_bytes(self) -> bytes:
        return signed_bytes(self.entry_count, self.head_hash, self.signed_at)


def signed_bytes(entry_count: int, head_hash: bytes, signed_at: datetime) -> bytes:
    micros = (signed_at - EPOCH) // timedelta(microseconds=1)
    return CHECKPOINT_DOMAIN + struct.pack(">Qq", entry_count, micros) + head_hash


def key_id(public_key: Ed25519PublicKey) -> str:
    """The first 16 bytes of the SHA-256 of the raw public key, in hex."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:32]


class Signer:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public_key = key.public_key()
        self.key_id = key_id(self.public_key)

    def sign(self, head: Head, at: datetime) -> Checkpoint:
        at = at.astimezone(UTC)
        signature = self._key.sign(signed_bytes(head.count, head.hash, at))
        return Checkpoint(head.count, head.hash, at, self.key_id, signature)


def is_signed_by(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> bool:
    try:
        public_key.verify(checkpoint.signature, checkpoint.signed_bytes())
    except InvalidSignature:
        return False
    return checkpoint.key_id == key_id(public_key)


def checked(checkpoints: Iterable[Checkpoint], public_key: Ed25519PublicKey) -> Checkpoints:
    """The checkpoints for the verifier: the heads signed, and where a signature fails."""
    signed, unsigned = [], []
    for checkpoint in checkpoints:
        if is_signed_by(checkpoint, public_key):
            signed.append((checkpoint.entry_count, checkpoint.head_hash))
        else:
            unsigned.append(checkpoint.entry_count)
    return Checkpoints(signed, unsigned)


@dataclass(frozen=True)
class CopyVerdict:
    accepted: bool
    reason: str
    verification: Verification | None = None
    checkpoint: Checkpoint | None = None


def check_copy(
    entries: Iterable[Entry],
    checkpoints: Iterable[Checkpoint],
    public_key: Ed25519PublicKey,
    reading: Reading,
) -> CopyVerdict:
    """A copy is accepted when its latest checkpoint is signed by the key, and its
    entries chain from the first to the head that checkpoint signed (and on, past
    it, to the copy's end)."""
    latest = max(checkpoints, key=lambda c: (c.entry_count, c.signed_at), default=None)
    if latest is None:
        return CopyVerdict(False, "the copy has no checkpoint")
    if not is_signed_by(latest, public_key):
        return CopyVerdict(False, "its latest checkpoint is not signed by this key", None, latest)
    signed = Checkpoints([(latest.entry_count, latest.head_hash)])
    verification = verify(entries, reading, signed)
    if verification.broken is not None:
        broken = verification.broken
        reason = f"entry {broken.position}: {broken.problem}"
        return CopyVerdict(False, reason, verification, latest)
    return CopyVerdict(True, "it is the ledger the checkpoint signed", verification, latest)
