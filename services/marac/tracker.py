"""The action tracker's feed: follows each owner agency's action updates topic and
applies what the agency's case now records of each action. The topic says whose
updates it carries: an update about another agency's action is not applied.

Offsets are committed only after the updates they cover were applied and saved, so
a restart reads again at most what was in hand, and applying is idempotent (an
update's position in the agency's log is kept with the action). The feed rides out
a restart of the broker or the database: it logs, waits longer each time
(services.common.interruptions) and reads on from the committed offsets.
"""

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from google.protobuf.message import DecodeError
from kafka import KafkaConsumer

from marac.v1 import meeting_actions_pb2
from services.common.consumer_groups import SESSION_TIMEOUT_MS
from services.common.contract import from_proto, moment
from services.common.interruptions import INTERRUPTIONS, follow_until_stopped
from services.common.logs import log
from services.common.vocabulary import ActionClosureReason, MeetingActionStatus
from services.marac.application import Meetings
from services.marac.ports import AgencyUpdate

POLL_MS = 500
# Polled this recently: the feed is making progress.
STALLED_SECONDS = 30.0


class ActionUpdates:
    def __init__(
        self,
        meetings: Meetings,
        bootstrap: str,
        topics: Mapping[str, str],
        group: str,
        kafka_options: dict[str, Any],
        logger: logging.Logger,
    ) -> None:
        self._meetings = meetings
        self._bootstrap = bootstrap
        self._agency_of = {topic: agency for agency, topic in topics.items()}
        self._group = group
        self._options = kafka_options
        self._logger = logger
        self.applied = 0
        self.polled_at: float | None = None

    def making_progress(self) -> bool:
        polled = self.polled_at
        return polled is not None and time.monotonic() - polled < STALLED_SECONDS

    def run(self, stopping: threading.Event) -> None:
        follow_until_stopped(self._follow, stopping, lambda: self.applied, self._interrupted)

    def _interrupted(self, error: Exception, retry_in: float) -> None:
        self.polled_at = None
        log(self._logger, "action updates interrupted", error=type(error).__name__,
            retry_in=retry_in)  # fmt: skip

    def _follow(self, stopping: threading.Event) -> None:
        consumer = KafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=self._group,
            session_timeout_ms=SESSION_TIMEOUT_MS,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            **self._options,
        )
        try:
            consumer.subscribe(list(self._agency_of))
            log(self._logger, "following action updates", topics=len(self._agency_of))
            while not stopping.is_set():
                batches = consumer.poll(timeout_ms=POLL_MS)
                # Reading nothing for want of partitions (a topic refused, or not yet
                # assigned) is no progress.
                self.polled_at = time.monotonic() if consumer.assignment() else None
                for records in batches.values():
                    for record in records:
                        self._apply(record.topic, record.value)
                if batches:
                    consumer.commit()
        finally:
            consumer.close(autocommit=False)

    def _apply(self, topic: str, value: bytes) -> None:
        update = self.update_of(self._agency_of.get(topic, ""), value)
        if update is None:
            log(self._logger, "action update skipped", reason="unreadable", topic=topic)
            return
        try:
            applied = self._meetings.apply_update(update)
        except INTERRUPTIONS:
            raise  # read again from the committed offsets once the store is back
        except Exception as error:  # refused by the meeting's rules, or unforeseen: one
            # record must not stop the tracker
            log(self._logger, "action update skipped", reason=type(error).__name__, topic=topic)
            return
        if not applied:
            log(self._logger, "action update skipped", reason="not this agency's action",
                topic=topic)  # fmt: skip
            return
        self.applied += 1

    @staticmethod
    def update_of(topic_agency_id: str, value: bytes) -> AgencyUpdate | None:
        """The update a record carries; None when it is not one."""
        try:
            message = meeting_actions_pb2.MeetingActionUpdate.FromString(value or b"")
            status = from_proto(MeetingActionStatus, message.status)
            reason = from_proto(ActionClosureReason, message.reason)
            changed_at = moment(message.changed_at)
        except (DecodeError, ValueError, OverflowError, TypeError):
            return None
        if not topic_agency_id or status is None or not message.action_id:
            return None
        return AgencyUpdate(
            message.action_id,
            message.meeting_id,
            topic_agency_id,
            message.agency_id,
            status,
            reason,
            changed_at,
            message.source_sequence,
        )
