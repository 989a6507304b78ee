"""How much one caller may take of a gRPC server, so that no caller can stop a
service for the others: message sizes, how long a call may run, and how long a
connection may stay idle or open.

The largest legitimate request is an incident report at every maximum: a narrative
of 10,000 characters and a few other texts, all in 4-byte characters, with a subject,
a consent and every list at its maximum (services.common.commands)
(41 KB; tests/unit/test_limits.py builds it). Requests are refused past 256 KiB, six times
that, by gRPC itself (RESOURCE_EXHAUSTED), before any of it is read into a request.
Responses are paged so that a page fits in 1 MiB; a client's default limit is 4 MiB.
"""

MAX_REQUEST_BYTES = 256 * 1024
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
# A call that gives no deadline, or a longer one, gets this one.
MAX_CALL_SECONDS = 30.0

SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_REQUEST_BYTES),
    ("grpc.max_send_message_length", MAX_RESPONSE_BYTES),
    # A connection with no call for 5 minutes is closed; any is closed after 30
    # minutes, with 30 s for the calls on it to finish (clients reconnect).
    ("grpc.max_connection_idle_ms", 5 * 60_000),
    ("grpc.max_connection_age_ms", 30 * 60_000),
    ("grpc.max_connection_age_grace_ms", 30_000),
    # The server pings a quiet connection each minute and drops a client that does
    # not answer in 20 s; a client may ping at most every 30 s, and only during calls.
    ("grpc.keepalive_time_ms", 60_000),
    ("grpc.keepalive_timeout_ms", 20_000),
    ("grpc.http2.min_ping_interval_without_data_ms", 30_000),
    ("grpc.http2.max_ping_strikes", 2),
    ("grpc.keepalive_permit_without_calls", 0),
]


def call_seconds(remaining: float | None) -> float:
    """How long the server works on a call with `remaining` seconds of its deadline."""
    return MAX_CALL_SECONDS if remaining is None else min(remaining, MAX_CALL_SECONDS)
