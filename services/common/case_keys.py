"""A data key of its own for each case, so that a case can be erased by destroying
its key (crypto-shredding) while the store's log stays whole.

Each case's events (and its snapshots) are encrypted with AES-GCM under a data key
made when the case opens; the data key is kept in the agency's own store, wrapped
(encrypted) by the store's key (CIPHER_KEY) and bound to its case. Every other
aggregate's events (an erasure's record, the DDPO's waiting list) are encrypted
with the store's key, as before. Which key an event needs follows from its
originator: one with a key row is a case's; one with neither a key row nor an
erasure was recorded before cases had keys (a store made before this change) and is
read with the store's key. Erasing a case deletes its key row and leaves a
tombstone (its id and when), so its events read back as `ErasedEvent`s: a log
follower (the relay, the case list) passes over them, and rebuilding the case from
them raises CaseErased.

`CaseKeyMapper` is eventsourcing's Mapper with the cipher chosen per event; the
store (services.common.store) makes it with the keys of its persistence module.
"""

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)

from services.common.case import Case
from services.common.errors import CaseErased
from services.common.values import TypedMapper

KEY_BYTES = 32
NONCE_BYTES = 12
CACHED_KEYS = 100_000


@dataclass(frozen=True)
class Lookup:
    """What the store holds for an originator: its wrapped key, or its tombstone."""

    wrapped: bytes | None
    erased: bool


NOTHING = Lookup(None, False)


class CaseKeys:
    """The data keys of a store's cases, held in memory (for unit tests and the
    in-memory store); `PostgresCaseKeys` keeps them in the agency's database.

    Unwrapped keys are cached in the process. Erasure removes a key from the
    cache of the process that erases; another process that still holds it may read
    the case's events until it next asks `erased` (every read of a case does)."""

    def __init__(self, store_key: bytes | None) -> None:
        self._wrapping = AESGCM(store_key) if store_key else None
        self._cache: OrderedDict[str, Lookup] = OrderedDict()
        self._lock = threading.Lock()
        self._rows: dict[str, bytes] = {}
        self._tombstones: dict[str, datetime] = {}
        # Every erased case, in the process that erases (its writer: `know_erasures`).
        self._erasures: set[str] | None = None

    # What a store keeps (overridden by PostgresCaseKeys)

    def _lookup(self, case_id: str) -> Lookup:
        return Lookup(self._rows.get(case_id), case_id in self._tombstones)

    def _keep(self, case_id: str, wrapped: bytes) -> None:
        """Keeps a new case's key by the time its first event is kept, in place of
        any key a case of that id had without events (its events were not saved)."""
        self._rows[case_id] = wrapped

    def _all_erased(self) -> set[str]:
        return set(self._tombstones)

    def _destroy(self, case_id: str, at: datetime) -> None:
        self._rows.pop(case_id, None)
        self._tombstones.setdefault(case_id, at)

    # The keys

    def for_writing(self, case_id: str, opening: bool) -> bytes | None:
        """The key to encrypt an event of this originator with; a new one when the
        event opens a case; None for the store's key (not a case, or a case of a
        store made before cases had keys, until it is migrated)."""
        if opening:  # a new case: no key to look up (the writer knows its erasures)
            if self.known_erased(case_id):
                raise CaseErased()
            key = AESGCM.generate_key(256)
            wrapped = self._wrap(case_id, key)
            self._keep(case_id, wrapped)
            self._remember(case_id, Lookup(wrapped, False))
            return key
        found = self._cached(case_id)
        if found.erased:
            raise CaseErased()
        return self._unwrap(case_id, found.wrapped) if found.wrapped else None

    def for_reading(self, case_id: str) -> bytes | None:
        """The key to decrypt an event of this originator with (None: the store's);
        raises CaseErased when the case was erased."""
        found = self._cached(case_id)
        if found.erased:
            raise CaseErased()
        return self._unwrap(case_id, found.wrapped) if found.wrapped else None

    def know_erasures(self) -> None:
        """Holds every erased case's id from now on (for the writer, which erases)."""
        self._erasures = self._all_erased()

    def known_erased(self, case_id: str) -> bool:
        """Whether the case was erased, as far as this process knows: in the writer,
        as the store says."""
        if self._erasures is not None:
            return case_id in self._erasures
        return self._cached(case_id).erased

    def erased(self, case_id: str) -> bool:
        """Whether the case was erased, as the store says now; what it says is
        cached for reading the case's events next."""
        return self._remember(case_id, self._lookup(case_id)).erased

    def destroy(self, case_id: str, at: datetime) -> None:
        """Destroys the case's key (committed before this returns) and leaves its
        tombstone; again, it changes nothing."""
        self._destroy(case_id, at)
        if self._erasures is not None:
            self._erasures.add(case_id)
        self._remember(case_id, Lookup(None, True))

    def _cached(self, case_id: str) -> Lookup:
        with self._lock:
            found = self._cache.get(case_id)
            if found is not None:
                self._cache.move_to_end(case_id)
                return found
        return self._remember(case_id, self._lookup(case_id))

    def _remember(self, case_id: str, found: Lookup) -> Lookup:
        with self._lock:
            self._cache[case_id] = found
            while len(self._cache) > CACHED_KEYS:
                self._cache.popitem(last=False)
        return found

    def _forget(self, case_id: str) -> None:
        with self._lock:
            self._cache.pop(case_id, None)

    def _wrap(self, case_id: str, key: bytes) -> bytes:
        if self._wrapping is None:  # a store without a key: nothing to wrap with
            return key
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._wrapping.encrypt(nonce, key, case_id.encode())

    def _unwrap(self, case_id: str, wrapped: bytes) -> bytes:
        if self._wrapping is None:
            return wrapped
        nonce, sealed = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
        try:
            return self._wrapping.decrypt(nonce, sealed, case_id.encode())
        except InvalidTag:
            raise MapperDeserialisationError(
                "a case key does not open with the store key"
            ) from None


class ErasedEvent:
    """An event of an erased case, as the store reads it back: which it was, and
    nothing of what it said. Rebuilding a case from it raises CaseErased."""

    def __init__(self, stored: StoredEvent) -> None:
        self.originator_id = stored.originator_id
        self.originator_version = stored.originator_version
        self.topic = stored.topic

    def mutate(self, aggregate: Any) -> Any:
        raise CaseErased()


def seal(key: bytes, stored: StoredEvent, plain: bytes) -> bytes:
    """`plain` encrypted under a case's key, bound to the event's place in its case."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, _place(stored))


def unseal(key: bytes, stored: StoredEvent) -> bytes:
    state = stored.state
    try:
        return AESGCM(key).decrypt(state[:NONCE_BYTES], state[NONCE_BYTES:], _place(stored))
    except (InvalidTag, ValueError):
        raise MapperDeserialisationError(
            f"event {stored.originator_version} of {stored.originator_id} does not open "
            "with its case's key"
        ) from None


def _place(stored: StoredEvent) -> bytes:
    return f"{stored.originator_id}/{stored.originator_version}".encode()


class CaseKeyMapper(TypedMapper):
    """eventsourcing's Mapper, encrypting each event with its case's key or, for an
    originator that is no case (or a case of before keys), with the store's key."""

    keys: CaseKeys

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        # The library's own steps run without a cipher: this mapper encrypts.
        super().__init__(transcoder, compressor, cipher=None)
        self.store_cipher = cipher
        self.keys = CaseKeys(getattr(cipher, "key", None))

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        plain = super().to_stored_event(domain_event)
        opening = isinstance(domain_event, Case.Event) and plain.originator_version == 1
        key = self.keys.for_writing(str(plain.originator_id), opening)
        if key is not None:
            state = seal(key, plain, plain.state)
        elif self.store_cipher is not None:
            state = self.store_cipher.encrypt(plain.state)
        else:
            state = plain.state
        return StoredEvent(plain.originator_id, plain.originator_version, plain.topic, state)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            key = self.keys.for_reading(str(stored_event.originator_id))
        except CaseErased:
            return ErasedEvent(stored_event)
        return super().to_domain_event(self.opened(stored_event, key))

    def opened(self, stored: StoredEvent, key: bytes | None) -> StoredEvent:
        """The stored event with its state decrypted (with `key`, or the store's)."""
        if key is not None:
            state = unseal(key, stored)
        elif self.store_cipher is not None:
            try:
                state = self.store_cipher.decrypt(stored.state)
            except (InvalidTag, ValueError):
                raise MapperDeserialisationError(
                    f"event {stored.originator_version} of {stored.originator_id} does not "
                    "open with the store's key"
                ) from None
        else:
            state = stored.state
        return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, state)
