"""Ports for the processes a test (or a test's stack) starts on loopback.

Taken below Linux's ephemeral range (32768 and up), so that no client connection's
own port takes one between its choice and the process's bind, and from a share of
that range of its own for each pytest process run at once (pytest-xdist), so two
test sessions never choose the same port. Within a session no port is given twice,
and never one of the shared servers' (Postgres may be down, its port free, in a
fault test)."""

import os
import random
import socket

FIRST, LAST = 20_000, 32_000
# The shared servers' ports (deploy/local/env.sh), by the setting that can move each.
_SERVERS = {
    "MARAC_PG_PORT": "25432",
    "MARAC_KAFKA_PORT": "29092",
    "MARAC_KAFKA_CONTROLLER_PORT": "29093",
    "MARAC_KAFKA_PROXIED_PORT": "29094",
    "MARAC_KAFKA_PROXY_PORT": "29095",
}
_given: set[int] = set()


def _share() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) if worker.isdigit() else 0
    count = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    span = (LAST - FIRST) // count
    return range(FIRST + index * span, FIRST + (index + 1) * span)


def _servers() -> set[int]:
    return {int(os.environ.get(name, default)) for name, default in _SERVERS.items()}


def free_port() -> int:
    """A loopback port nothing listens on now, not given before in this session."""
    share, servers = _share(), _servers()
    for _ in range(2_000):
        port = random.choice(share)
        if port in _given or port in servers:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _given.add(port)
        return port
    raise RuntimeError(f"no free port left in {share.start}-{share.stop - 1}")
