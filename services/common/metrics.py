"""Each process's Prometheus metrics, served over HTTP on the address its environment
names (MARAC_METRICS_ADDRESS; none, no endpoint), for an operator's scraper.

Every metric of MARAC Hub is defined here, so what a scrape can show is one list:
labels are method names, status codes, refusal reasons and log names, never a
principal, a subject or anything submitted. A process that runs several processes on
one port (request processes, RiskView's processes) serves its parent's metrics only.
"""

import logging
import math
from collections.abc import Callable, Mapping

from prometheus_client import Counter, Gauge, Histogram, start_http_server

from services.common.logs import log
from services.common.settings import SettingsError, address, exit_on_bad_settings, setting

ADDRESS_VARIABLE = "MARAC_METRICS_ADDRESS"

CALLS = Counter(
    "marac_grpc_calls",
    "gRPC calls answered, by method and status code",
    ["method", "code"],
)
CALL_SECONDS = Histogram(
    "marac_grpc_call_seconds",
    "Time from a gRPC call's arrival until its answer, by method",
    ["method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REFUSALS = Counter(
    "marac_refusals",
    "Calls refused, by the access log's refusal reason",
    ["reason"],
)
GROUP_COMMIT_COMMANDS = Histogram(
    "marac_group_commit_commands",
    "Commands taken together into one commit of a case store",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
RELAY_LAG = Gauge(
    "marac_relay_lag_notifications",
    "Notifications in a store's log that the relay has not yet published",
    ["log"],
)
CONSUMER_LAG = Gauge(
    "marac_projection_consumer_lag_records",
    "Records waiting on the projection worker's partitions after its last batch",
)
LEDGER_ENTRIES = Gauge(
    "marac_ledger_entries",
    "Entries in the audit ledger: the position of its head",
)
LEDGER_DUPLICATES_DROPPED = Counter(
    "marac_ledger_duplicates_dropped",
    "Records the audit ledger read and did not append, each a copy of one it holds:"
    " redelivered (its source read again) or resent (the same record published again)",
    ["copy"],
)
LEDGER_RECORDS_MISATTRIBUTED = Counter(
    "marac_ledger_records_misattributed",
    "Records the audit ledger refused: from a topic of one agency's records, naming another",
)
LEDGER_PAYLOADS_REMOVED = Counter(
    "marac_ledger_payloads_removed",
    "Payloads of ledger entries removed under retention by a scheduled pass, by kind",
    ["kind"],
)


def measured_now(gauge: Gauge, read: Callable[[], float], logger: logging.Logger) -> None:
    """The gauge shows `read()` at each scrape; NaN while it cannot be read (a
    database restarting), so a scrape never fails for it."""

    def value() -> float:
        try:
            return float(read())
        except Exception as error:  # the metric is unknown, not the process broken
            log(logger, "metric not read", error=type(error).__name__)
            return math.nan

    gauge.set_function(value)


def serve_metrics(env: Mapping[str, str], logger: logging.Logger) -> str | None:
    """Serves this process's metrics where MARAC_METRICS_ADDRESS says, from a thread of
    its own; the address, or None when it names none. A bad address stops the
    process, as any bad setting does."""
    try:
        where = setting(env, ADDRESS_VARIABLE, address, "host:port of the metrics endpoint", "")
    except SettingsError as error:
        exit_on_bad_settings(error)
    if not where:
        return None
    host, port = where.rsplit(":", 1)
    server, _ = start_http_server(int(port), addr=host)
    log(logger, "metrics serving", address=f"{host}:{server.server_port}")
    return f"{host}:{server.server_port}"


PAGES = Counter(
    "marac_http_requests",
    "Web requests answered, by route (its template, never the path asked) and status",
    ["route", "method", "status"],
)
PAGE_SECONDS = Histogram(
    "marac_http_request_seconds",
    "Time from a web request's arrival until its answer began, by route",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
