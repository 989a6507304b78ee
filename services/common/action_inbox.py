"""The agency service's inbox of the actions MARAC meetings agree for it: a Kafka
consumer, in the service's writer process, on the agency's actions topic (only
this agency's service may read it, in its own consumer group: deploy/local/
kafka_access.py). Each marac.v1.MeetingActionMessage becomes a command of the
case records, made through the writer's one change path, and the consumer's
offset is committed only after the change committed: a message is delivered
again after a crash or a restart, and recorded once (its message id is the
command's request id; an action is recorded once whatever the message).

What is skipped, logged with its partition and offset (and its message id when
that is a UUID) and never its content: a message that does not parse, names another
agency, or has no payload; one the records refuse (of the wrong shape; no case
with its reference; an action the case does not know, or closed otherwise
already, as a withdrawal that reaches an action the agency closed first: the
tracker shows how the agency closed it). A missing case is skipped rather than
answered: there is no case to record a refusal on, and the meeting's tracker shows
the action never recorded by the agency, which is what a chair needs to ask about.
An action for a closed case is recorded and closed at once as no longer needed (the
case's rule), so the tracker is told.

The inbox rides out a restart of the broker or the database as the relay does
(services.common.relay): it logs the interruption, waits longer each time, and
reads again from the committed offsets. It is making progress while it reads
with no message long in hand; the service's health says so (services.common.health).
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from google.protobuf.message import DecodeError
from kafka import KafkaConsumer, OffsetAndMetadata

from marac.v1.meeting_actions_pb2 import MeetingActionMessage
from services.common.consumer_groups import SESSION_TIMEOUT_MS
from services.common.errors import ConcurrentChange, DeadlineExceeded, DomainError, Unavailable
from services.common.grpc_requests import Unmappable
from services.common.health import broker_listening
from services.common.interruptions import INTERRUPTIONS, follow_until_stopped
from services.common.logs import log
from services.common.meeting_action_commands import (
    CloseMeetingAction,
    ReceiveMeetingAction,
    WithdrawMeetingAction,
)
from services.common.settings import MeetingActionsSettings
from services.common.tls import TlsIdentity
from services.common.unit_of_work import waiting_at_most
from services.common.validation import UUID, InvalidRequest
from services.common.vocabulary import (
    ActionClosureReason,
    ActionWithdrawalReason,
    MeetingActionStatus,
    MeetingActionType,
)

# A consumer given no partition this long (its topic unknown to it, or not
# authorized) connects again: kafka-python would wait for its next look at the
# topic's metadata, minutes later.
UNASSIGNED_SECONDS = 10.0


class NoPartitions(Exception):
    """The consumer was given no partition of the actions topic to read."""


# Besides the broker and the database themselves: the writer could not make the
# change now. The message is read again and made then.
INTERRUPTED = (*INTERRUPTIONS, NoPartitions, Unavailable, DeadlineExceeded, ConcurrentChange)
POLL_MS = 500
# How long the writer may take over one message's change before it is tried again.
CHANGE_SECONDS = 30.0
# A message in hand this long means the inbox is not making progress.
STALLED_SECONDS = 5.0


class ActionInbox:
    def __init__(
        self, records: Any, connect: Callable[[], KafkaConsumer], logger: logging.Logger
    ) -> None:
        """`connect` makes a consumer subscribed to the actions topic in the group."""
        self.records = records
        self.connect = connect
        self.logger = logger
        self.taken = self.skipped = self.interruptions = 0
        self.reading = False
        self.in_hand_since: float | None = None

    def making_progress(self) -> bool:
        since = self.in_hand_since
        return self.reading and (since is None or time.monotonic() - since < STALLED_SECONDS)

    def run(self, stopping: threading.Event) -> None:
        follow_until_stopped(
            self._read,
            stopping,
            lambda: self.taken + self.skipped,
            self._interrupted,
            INTERRUPTED,
        )
        log(self.logger, "meeting actions stopped", taken=self.taken, skipped=self.skipped)

    def _interrupted(self, error: Exception, retry_in: float) -> None:
        self.interruptions += 1
        log(self.logger, "meeting actions interrupted", error=type(error).__name__,
            retry_in=retry_in)  # fmt: skip

    def _read(self, stopping: threading.Event) -> None:
        consumer = self.connect()
        log(self.logger, "meeting actions connected")
        assigned_at = time.monotonic()
        try:
            while not stopping.is_set():
                batches = consumer.poll(timeout_ms=POLL_MS)
                # Reading only while given partitions to read.
                self.reading = bool(consumer.assignment())
                if self.reading:
                    assigned_at = time.monotonic()
                elif time.monotonic() - assigned_at > UNASSIGNED_SECONDS:
                    raise NoPartitions()
                for partition, records in batches.items():
                    for record in records:
                        self.in_hand_since = time.monotonic()
                        self.take(record)
                        self.in_hand_since = None
                    next_offset = OffsetAndMetadata(records[-1].offset + 1, "", -1)
                    consumer.commit({partition: next_offset})
        finally:
            self.reading = False
            self.in_hand_since = None
            consumer.close(autocommit=False)

    def take(self, record: Any) -> None:
        """Makes the change one message asks for, or skips it saying why."""
        where = {"partition": record.partition, "offset": record.offset}
        try:
            message = MeetingActionMessage.FromString(record.value or b"")
        except DecodeError:
            return self._skip("unreadable", **where)
        if UUID.fullmatch(message.message_id):  # anything else could hold any text
            where["message_id"] = message.message_id
        if message.agency_id != self.records.agency_id:
            return self._skip("for another agency", **where)
        try:
            command = command_of(message)
        except Exception as error:  # one message must not stop the inbox
            return self._skip("unreadable", error=type(error).__name__, **where)
        if command is None:
            return self._skip("no action, or a report by no one", **where)
        try:
            with waiting_at_most(CHANGE_SECONDS):
                if isinstance(command, ReceiveMeetingAction):
                    self.records.receive_meeting_action(command)
                elif isinstance(command, WithdrawMeetingAction):
                    self.records.withdraw_meeting_action(command)
                else:
                    self.records.close_meeting_action(command)
        except INTERRUPTED:
            raise
        except InvalidRequest as refusal:
            fields = sorted({v.field for v in refusal.violations})
            return self._skip("of the wrong shape", fields=fields, **where)
        except DomainError as refusal:
            return self._skip("refused", rule=type(refusal).__name__, **where)
        except Exception as error:  # unforeseen: logged by type, and the inbox reads on
            return self._skip("failed", error=type(error).__name__, **where)
        self.taken += 1
        log(self.logger, "meeting action taken", **where)

    def _skip(self, why: str, **fields: Any) -> None:
        self.skipped += 1
        log(self.logger, "meeting action skipped", why=why, **fields)


def command_of(
    message: MeetingActionMessage,
) -> ReceiveMeetingAction | CloseMeetingAction | WithdrawMeetingAction | None:
    """The command a message asks for; None when it asks for nothing. A report needs
    the representative who made it."""
    unmappable = Unmappable()
    about = {
        "request_id": message.message_id,
        "case_reference": message.case_reference,
        "action_id": message.action_id,
    }
    payload = message.WhichOneof("payload")
    if payload == "assigned":
        assigned = message.assigned
        return ReceiveMeetingAction(
            **about,
            meeting_id=message.meeting_id,
            type=unmappable.one(MeetingActionType, assigned.type, "assigned.type"),
            due_date=assigned.due_date,
            unknown_values=unmappable.values,
        )
    if payload == "reported" and message.reported.reported_by:
        reported = message.reported
        return CloseMeetingAction(
            **about,
            status=unmappable.one(MeetingActionStatus, reported.status, "status"),
            reason=unmappable.one(ActionClosureReason, reported.reason, "reason"),
            reported_by=reported.reported_by,
            unknown_values=unmappable.values,
        )
    if payload == "withdrawn":
        return WithdrawMeetingAction(
            **about,
            reason=unmappable.one(
                ActionWithdrawalReason, message.withdrawn.reason, "withdrawn.reason"
            ),
            unknown_values=unmappable.values,
        )
    return None


def read_meeting_actions(
    records: Any, settings: MeetingActionsSettings, tls: TlsIdentity, logger: logging.Logger
) -> Callable[[], None]:
    """Starts the inbox in a thread of its own when the settings name a topic, its
    checks among the records' background checks; returns what stops it."""
    if not settings.topic:
        return lambda: None

    def connect() -> KafkaConsumer:
        return KafkaConsumer(
            settings.topic,
            bootstrap_servers=settings.kafka_bootstrap,
            group_id=settings.group,
            session_timeout_ms=SESSION_TIMEOUT_MS,
            enable_auto_commit=False,
            # A group's first reader starts from the first action ever sent to it.
            auto_offset_reset="earliest",
            **tls.kafka_options(),
        )

    inbox = ActionInbox(records, connect, logger)
    stopping = threading.Event()
    reader = threading.Thread(
        target=inbox.run, args=(stopping,), name="meeting-actions", daemon=True
    )
    reader.start()
    records.background_checks["meeting actions"] = inbox.making_progress
    records.background_checks["broker"] = broker_listening(settings.kafka_bootstrap)

    def stop() -> None:
        stopping.set()
        reader.join(timeout=POLL_MS / 1000 + CHANGE_SECONDS)

    return stop
