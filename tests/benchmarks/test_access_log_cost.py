"""What the access-log entry adds to one read: a server as every service has it (the
kernel's interceptor, mutual TLS, the access log on the real broker as
services.common.access_log_kafka makes it), in a process of its own, with two
methods that do the same nothing: a read (GetCase: its entry is written and
acknowledged before the answer) and a write (OpenCase: no entry). One caller calls
each in turn, then eight at once. Prints the p50 and p99 of each and the machine's
load beside them.

    deploy/local/test.sh tests/benchmarks/test_access_log_cost.py -s
"""

import multiprocessing
import os
import statistics
import threading
import time

import grpc
import pytest

from deploy.local.pki import Pki
from services.common.principals import agency_service, agency_system
from tests.benchmarks.machine import load
from tests.support import access_log_env

CALLS = int(os.environ.get("MARAC_BENCH_ACCESS_CALLS", "1000"))
THREADS = 8
SERVICE = "marac.v1.AgencyCaseService"
READ, WRITE = f"/{SERVICE}/GetCase", f"/{SERVICE}/OpenCase"
POLICE = agency_service("police")

pytestmark = pytest.mark.benchmark


def serve(port, ready, env) -> None:
    import asyncio
    import logging

    from services.common.access import Access
    from services.common.access_log_kafka import AccessLogSettings
    from services.common.grpc_access import Authorising

    identity = Pki().issued(POLICE).identity()

    async def nothing(request, context):
        return b""

    async def run() -> None:
        log = AccessLogSettings.from_env(env).log(identity)
        server = grpc.aio.server(
            interceptors=[
                Authorising(
                    Access.only([agency_system("police")]),
                    logging.getLogger("bench"),
                    log,
                    str(POLICE),
                )
            ]
        )
        handlers = {
            name: grpc.unary_unary_rpc_method_handler(nothing) for name in ("GetCase", "OpenCase")
        }
        server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(SERVICE, handlers)])
        port.value = server.add_secure_port("127.0.0.1:0", identity.server_credentials())
        await server.start()
        ready.set()
        await server.wait_for_termination()

    asyncio.run(run())


def latencies(channel: grpc.Channel, method: str, calls: int, threads: int) -> list[float]:
    call = channel.unary_unary(method)
    call(b"", timeout=30)  # connected, and the producer started
    times: list[float] = []

    def work() -> None:
        for _ in range(calls // threads):
            started = time.perf_counter()
            call(b"", timeout=30)
            times.append((time.perf_counter() - started) * 1000)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return times


def p(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100)[q - 1]


def test_what_the_access_log_entry_adds_to_a_read():
    env = {**os.environ, **access_log_env(POLICE)}
    context = multiprocessing.get_context("spawn")
    port, ready = context.Value("i", 0), context.Event()
    server = context.Process(target=serve, args=(port, ready, env), daemon=True)
    server.start()
    try:
        assert ready.wait(30)
        client = Pki().issued(agency_system("police")).channel_credentials()
        lines = []
        with grpc.secure_channel(f"127.0.0.1:{port.value}", client) as channel:
            for threads in (1, THREADS):
                figures = {}
                for method in (WRITE, READ, WRITE, READ):  # alternated: the machine's moods
                    figures.setdefault(method, []).extend(
                        latencies(channel, method, CALLS, threads)
                    )
                write, read = figures[WRITE], figures[READ]
                lines.append(
                    f"{threads} caller(s): without an entry p50 {p(write, 50):.2f} ms, "
                    f"p99 {p(write, 99):.2f} ms; with it p50 {p(read, 50):.2f} ms, "
                    f"p99 {p(read, 99):.2f} ms; added p50 {p(read, 50) - p(write, 50):.2f} ms"
                )
    finally:
        server.kill()
    print(f"\naccess log entry, {CALLS} calls each (load {load()}):\n  " + "\n  ".join(lines))
