"""Notices time passing: every few minutes the landlord service records the
response steps whose due time passed undone, so a breach of the one-working-day
standard is shared when it happens, not only when the step is finally done.

It runs in the service process (the store's only writer), in a thread the
service stops when it stops. MARAC_BREACH_SWEEP_SECONDS sets the interval
(default 300); 0 turns it off, leaving RecordOverdueResponses to a scheduler.
"""

import logging
import threading
from collections.abc import Callable, Mapping

from services.common.logs import log
from services.common.settings import seconds, setting
from services.social_landlord.application import LandlordCaseRecords

DEFAULT_SECONDS = 300.0


def sweep_breaches(
    records: LandlordCaseRecords, logger: logging.Logger, env: Mapping[str, str]
) -> Callable[[], None]:
    """The landlord service's background work, as its settings say."""
    interval = setting(
        env,
        "MARAC_BREACH_SWEEP_SECONDS",
        seconds,
        "a number of seconds, 0 for no sweeping",
        default=DEFAULT_SECONDS,
    )
    if not interval:
        return lambda: None
    return start_sweeping(records, logger, interval)


def start_sweeping(
    records: LandlordCaseRecords, logger: logging.Logger, interval: float
) -> Callable[[], None]:
    """Starts sweeping every `interval` seconds; returns what stops it."""
    stopping = threading.Event()

    def sweep() -> None:
        while not stopping.wait(interval):
            try:
                recorded = records.record_overdue_responses()
            except Exception:  # the next sweep retries; the log names the error type only
                logger.exception("breach sweep failed")
                continue
            if recorded:
                log(logger, "breaches recorded", count=recorded)

    sweeper = threading.Thread(target=sweep, name="breach-sweeper", daemon=True)
    sweeper.start()

    def stop() -> None:
        stopping.set()
        sweeper.join()

    return stop
