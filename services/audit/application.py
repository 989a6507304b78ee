"""The audit service's work beside its feed's appends (services.audit.feed): sign
checkpoints when due and on demand, verify the ledger against its checkpoints, say
where its head is."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.audit.checkpoints import Checkpoint, Signer, checked
from services.audit.columns import READING
from services.audit.ledger import Head, Verification, verify
from services.audit.retention import removable, removed_in_time
from services.audit.store import LedgerStore
from services.common.logs import log


def verify_store(
    store: LedgerStore, public_key: Ed25519PublicKey, retention: timedelta | None = None
) -> Verification:
    """Walks the ledger as of one moment against its checkpoints; given the
    retention period, also finds a payload no recorded pass of that period or
    longer removed."""
    with store.snapshot() as snapshot:
        checkpoints = checked(snapshot.checkpoints(), public_key)
        allowed = None
        if retention is not None:
            upto = removable(snapshot.case_facts(), snapshot.retention_passes(), retention)
            allowed = removed_in_time(upto)
        return verify(snapshot.entries(), READING, checkpoints, allowed)


@dataclass(frozen=True)
class CheckpointPolicy:
    every_entries: int
    every_seconds: float

    def due(self, head: Head, last: int, last_at: float, now: float) -> bool:
        """A checkpoint is due when the head moved by `every_entries`, or moved at all
        and `every_seconds` passed."""
        moved = head.count - last
        return moved >= self.every_entries or (moved > 0 and now - last_at >= self.every_seconds)


class Ledger:
    def __init__(
        self,
        store: Callable[[], LedgerStore],
        signer: Signer,
        policy: CheckpointPolicy,
        logger: logging.Logger,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        retention: timedelta | None = None,
    ) -> None:
        # One store per thread: the feed's, the signer's, and one per call.
        self._new_store = store
        self._signer = signer
        self._policy = policy
        self._logger = logger
        self._clock = clock
        self._retention = retention  # the shared view's period, which verify checks
        self._signing = threading.Lock()
        self._last_signed = (0, time.monotonic())

    @property
    def stores(self) -> Callable[[], LedgerStore]:
        """A new store for each reader (the IG console's, services.audit.ig_console)."""
        return self._new_store

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._signer.public_key

    def sign_checkpoint(self, store: LedgerStore) -> Checkpoint:
        """Signs the head as it is now (the entries before it committed with it)."""
        with self._signing:
            checkpoint = self._signer.sign(store.head(), self._clock())
            store.add_checkpoint(checkpoint)
            self._last_signed = (checkpoint.entry_count, time.monotonic())
        log(self._logger, "checkpoint signed", entries=checkpoint.entry_count)
        return checkpoint

    def sign_now(self) -> Checkpoint:
        store = self._new_store()
        try:
            return self.sign_checkpoint(store)
        finally:
            store.close()

    def sign_when_due(self, store: LedgerStore) -> Checkpoint | None:
        last, last_at = self._last_signed
        if not self._policy.due(store.head(), last, last_at, time.monotonic()):
            return None
        return self.sign_checkpoint(store)

    def keep_signing(self, stopping: threading.Event, every: float = 1.0) -> None:
        """Signs a checkpoint whenever one is due, until stopped."""
        store = self._new_store()
        try:
            while not stopping.wait(every):
                try:
                    self.sign_when_due(store)
                except Exception as error:  # the database away: the next round retries
                    log(self._logger, "checkpoint not signed", error=type(error).__name__)
        finally:
            store.close()

    def verify(self) -> Verification:
        store = self._new_store()
        try:
            return verify_store(store, self._signer.public_key, self._retention)
        finally:
            store.close()

    def head(self) -> tuple[Head, Checkpoint | None]:
        store = self._new_store()
        try:
            with store.snapshot() as snapshot:
                checkpoints = snapshot.checkpoints()
                return snapshot.head(), (checkpoints[-1] if checkpoints else None)
        finally:
            store.close()
