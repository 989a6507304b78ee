"""The outbox relay: follows a service's notification log and publishes what each
event is published as (an agency's: each shareable event to the agency's Kafka
topic, keyed by subject match key; the meeting service's: services.marac.publishing).

Tracking is recorded only after the broker acknowledged every event up to that
position, so a crash resends at most the events that were in flight and never
skips one. Consumers drop resent events by (agency_id, source_sequence).

The relay rides out a restart of the database or the broker: it logs the
interruption, waits (longer each time: services.common.interruptions) and follows the
log again from its tracking position. Anything else stops it, for its supervisor
to restart and the log to say why.
"""

import contextlib
import logging
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import ApplicationSubscription
from kafka import KafkaProducer
from kafka.errors import KafkaError

from services.common.case import Case
from services.common.erasure import ErasureRecord
from services.common.errors import CaseErased
from services.common.health import Checks, broker_listening, serve_health
from services.common.interruptions import follow_until_stopped
from services.common.logs import log
from services.common.metrics import RELAY_LAG, measured_now, serve_metrics
from services.common.settings import RelaySettings
from services.common.sharing import CaseIdentity, Mapping, to_shared_event
from services.common.store import CaseStore
from services.common.tls import TlsIdentity

# Publish what is waiting in batches: one broker round trip and one tracking
# write per batch, not per event.
MAX_BATCH = 500
ACK_TIMEOUT_SECONDS = 30
# A batch unacknowledged this long means the relay is not making progress.
STALLED_SECONDS = 5.0


@dataclass(frozen=True)
class Outgoing:
    topic: str
    key: str
    value: bytes


# What an event at a position of the log is published as (nothing, for most).
Messages = Callable[[object, int], Iterable[Outgoing]]


class CaseMessages:
    """An agency's: each event its allow-list shares, as a marac.v1.CaseEvent on the
    agency's topic, keyed by the case's subject match key."""

    def __init__(
        self, app: CaseStore, topic: str, sharing: dict[type, Mapping], agency_kind: int
    ) -> None:
        self.app = app
        self.topic = topic
        self.sharing = sharing
        self.agency_kind = agency_kind
        self.identity_of: Callable[[UUID], CaseIdentity] = lru_cache(maxsize=100_000)(
            self._identity
        )

    def _identity(self, case_id: UUID) -> CaseIdentity:
        # The opening event carries both, so one event is read, not the whole case.
        opened: Case = self.app.repository.get(case_id, version=1)
        return CaseIdentity(opened.subject_key, opened.case_reference)

    def __call__(self, event: object, position: int) -> list[Outgoing]:
        # An erased case's events read back as ErasedEvents: nothing to publish.
        if isinstance(event, Case.Opened | ErasureRecord.Erased):
            case = CaseIdentity(event.subject_key, event.case_reference)
        elif isinstance(event, Case.Event):
            try:
                case = self.identity_of(event.originator_id)
            except CaseErased:  # erased since this event was read
                return []
        else:
            return []
        shared = to_shared_event(
            self.sharing, event, case, self.agency_kind, self.app.agency_id, position
        )
        if shared is None:
            return []
        return [Outgoing(self.topic, case.subject_key, shared.SerializeToString())]


class Relay:
    def __init__(
        self,
        app: Application,
        tracking: TrackingRecorder,
        producer: KafkaProducer,
        messages: Messages,
        logger: logging.Logger,
        new_producer: Callable[[], KafkaProducer] | None = None,
    ) -> None:
        self.app = app
        self.tracking = tracking
        self.producer: KafkaProducer | None = producer
        # Makes the producer again after an interruption (None: keep the one given).
        self._new_producer = new_producer
        self.messages = messages
        self.logger = logger
        self.published = 0
        self.interruptions = 0
        self.following = False
        self.sending_since: float | None = None

    def making_progress(self) -> bool:
        """Following the log, with no batch waiting long for the broker."""
        since = self.sending_since
        return self.following and (since is None or time.monotonic() - since < STALLED_SECONDS)

    def lag(self) -> int:
        """Notifications in the log after the tracking position (the log may have
        gaps, so at most this many are waiting)."""
        published = self.tracking.max_tracking_id(self.app.name) or 0
        return max(0, (self.app.recorder.max_notification_id() or 0) - published)

    def run(self, stopping: threading.Event) -> None:
        follow_until_stopped(self._follow, stopping, lambda: self.published, self._interrupted)
        log(self.logger, "relay stopped", published=self.published)

    def _interrupted(self, error: Exception, retry_in: float) -> None:
        self.interruptions += 1
        log(self.logger, "relay interrupted", error=type(error).__name__, retry_in=retry_in)
        if self._new_producer is not None and self.producer is not None:
            # Sends the broker never acknowledged leave an idempotent producer's
            # sequence numbers ahead of the broker's: after a restart of the broker
            # every batch of the same producer timed out, for good. The next attempt
            # publishes with a producer of its own (what was in flight is sent again
            # from the tracking position; consumers drop the copies).
            with contextlib.suppress(KafkaError):  # it may not flush what it holds
                self.producer.close(timeout=0)
            self.producer = None

    def close(self) -> None:
        if self.producer is not None:
            with contextlib.suppress(KafkaError):
                self.producer.close(timeout=10)

    def _follow(self, stopping: threading.Event) -> None:
        """Publishes from the tracking position on until stopped or interrupted."""
        if self.producer is None:
            assert self._new_producer is not None
            self.producer = self._new_producer()
        start_after = self.tracking.max_tracking_id(self.app.name)
        log(self.logger, "relay following", after=start_after or 0, log_of=self.app.name)
        pending: queue.Queue = queue.Queue(maxsize=MAX_BATCH * 4)
        over = threading.Event()  # this attempt's reader stops with it
        with ApplicationSubscription(self.app, gt=start_after) as subscription:
            reader = threading.Thread(
                target=self._read, args=(subscription, pending, over), daemon=True
            )
            reader.start()
            self.following = True
            try:
                while not stopping.is_set():
                    batch = self._next_batch(pending)
                    if batch:
                        self.publish(batch)
            finally:
                self.following = False
                self.sending_since = None
                over.set()

    @staticmethod
    def _read(
        subscription: ApplicationSubscription, pending: queue.Queue, over: threading.Event
    ) -> None:
        def hand_over(item: object) -> bool:
            while not over.is_set():
                try:
                    pending.put(item, timeout=0.5)
                    return True
                except queue.Full:
                    continue
            return False

        try:
            for item in subscription:
                if not hand_over(item):
                    return
        except Exception as error:  # handed to the publishing loop, which stops on it
            hand_over(error)

    @staticmethod
    def _next_batch(pending: queue.Queue) -> list[tuple[object, Tracking]]:
        batch = []
        try:
            batch.append(pending.get(timeout=0.5))
            while len(batch) < MAX_BATCH:
                batch.append(pending.get_nowait())
        except queue.Empty:
            pass
        for item in batch:
            if isinstance(item, Exception):
                raise item
        return batch

    def publish(self, batch: list[tuple[object, Tracking]]) -> None:
        """Sends a batch, waits for every acknowledgement, then records tracking."""
        self.sending_since = time.monotonic()
        assert self.producer is not None
        futures = [
            self.producer.send(message.topic, key=message.key.encode(), value=message.value)
            for event, tracking in batch
            for message in self.messages(event, tracking.notification_id)
        ]
        for future in futures:
            future.get(timeout=ACK_TIMEOUT_SECONDS)
        self.tracking.insert_tracking(batch[-1][1])
        self.sending_since = None
        self.published += len(futures)
        log(
            self.logger,
            "published",
            events=len(futures),
            position=batch[-1][1].notification_id,
        )


def run_relay_process(
    app: Application,
    tracking: TrackingRecorder,
    messages: Messages,
    settings: RelaySettings,
    tls: TlsIdentity,
    logger: logging.Logger,
) -> None:
    """A relay's process: publishes with an idempotent producer that waits for every
    replica, answers health checks, and stops on SIGTERM or SIGINT."""

    def new_producer() -> KafkaProducer:
        return KafkaProducer(
            bootstrap_servers=settings.kafka_bootstrap,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            **tls.kafka_options(),
        )

    relay = Relay(app, tracking, new_producer(), messages, logger, new_producer)
    measured_now(RELAY_LAG.labels(app.name), relay.lag, logger)
    serve_metrics(os.environ, logger)
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    stop_health = None
    if settings.health_address:
        checks = {
            "following": relay.making_progress,
            "broker": broker_listening(settings.kafka_bootstrap),
        }
        stop_health = serve_health(settings.health_address, Checks(checks, logger), logger, tls)
    try:
        relay.run(stopping)
    finally:
        if stop_health is not None:
            stop_health()
        relay.close()
