"""The ledger's feed: follows every topic the ledger keeps and appends each poll's
records in one transaction. Offsets are committed only after that transaction
commits, so a restart reads again at most what was in hand, and the append skips
what is already an entry: a redelivered record, or any record a relay resent
after an interruption (the same record's id at another offset), appends nothing (each counted on
marac_ledger_duplicates_dropped); a record naming an agency other than its topic's is
refused (marac_ledger_records_misattributed, and logged). The feed rides out
a restart of the broker or the database as the kernel's followers do
(services.common.interruptions) and reads on from the committed offsets."""

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from kafka import KafkaConsumer

from services.audit.ledger import Record, Source
from services.audit.store import LedgerStore
from services.common.consumer_groups import SESSION_TIMEOUT_MS
from services.common.interruptions import follow_until_stopped
from services.common.logs import log
from services.common.metrics import LEDGER_DUPLICATES_DROPPED, LEDGER_RECORDS_MISATTRIBUTED

POLL_MS = 500
MAX_POLL_RECORDS = 2000
# Polled this recently, with partitions: the feed is making progress.
STALLED_SECONDS = 30.0


class LedgerFeed:
    def __init__(
        self,
        store: Callable[[], LedgerStore],
        kinds: Mapping[str, str],  # topic -> the kind of record it carries
        bootstrap: str,
        group: str,
        kafka_options: dict[str, Any],
        logger: logging.Logger,
        agencies: Mapping[str, str] | None = None,  # topic -> whose records alone it carries
    ) -> None:
        self._new_store = store
        self._kinds = dict(kinds)
        self._agencies = dict(agencies or {})
        self._bootstrap = bootstrap
        self._group = group
        self._options = kafka_options
        self._logger = logger
        self.entries_appended = 0
        self.polled_at: float | None = None

    def making_progress(self) -> bool:
        polled = self.polled_at
        return polled is not None and time.monotonic() - polled < STALLED_SECONDS

    def run(self, stopping: threading.Event) -> None:
        def interrupted(error: Exception, wait: float) -> None:
            self.polled_at = None
            log(self._logger, "ledger feed interrupted", error=type(error).__name__,
                retry_in=wait)  # fmt: skip

        follow_until_stopped(self._follow, stopping, lambda: self.entries_appended, interrupted)

    def _follow(self, stopping: threading.Event) -> None:
        store = self._new_store()
        consumer = KafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=self._group,
            session_timeout_ms=SESSION_TIMEOUT_MS,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=MAX_POLL_RECORDS,
            **self._options,
        )
        try:
            consumer.subscribe(list(self._kinds))
            log(self._logger, "following the ledger's topics", topics=len(self._kinds))
            while not stopping.is_set():
                batches = consumer.poll(timeout_ms=POLL_MS)
                self.polled_at = time.monotonic() if consumer.assignment() else None
                records = [
                    Record(
                        Source(r.topic, r.partition, r.offset), self._kinds[r.topic], r.value or b""
                    )
                    for part in batches.values()
                    for r in part
                ]
                if not records:
                    continue
                appended = store.append(records, self._agencies)
                consumer.commit()
                self.entries_appended += len(appended.entries)
                LEDGER_DUPLICATES_DROPPED.labels(copy="redelivered").inc(appended.redelivered)
                LEDGER_DUPLICATES_DROPPED.labels(copy="resent").inc(appended.resent)
                if appended.resent:
                    log(self._logger, "resent events dropped", count=appended.resent)
                if appended.misattributed:
                    # Never appended: its id, another agency's, would stand for theirs.
                    LEDGER_RECORDS_MISATTRIBUTED.inc(appended.misattributed)
                    log(self._logger, "records not of their topic's agency refused",
                        count=appended.misattributed)  # fmt: skip
        finally:
            consumer.close(autocommit=False)
            store.close()
