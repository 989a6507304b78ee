"""What mutual TLS costs a gRPC call, measured side by side in one run: one server
(the standard health service, in a process of its own, as the services run) on a
plaintext port and on a mutual-TLS port with the local PKI's certificates; the same
client calls each in turn. Prints calls/s on each and their ratio, and the time to
open a connection (handshake and first call) on each.

    deploy/local/test.sh tests/benchmarks/test_tls_cost.py -s
"""

import multiprocessing
import os
import statistics
import threading
import time

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from deploy.local.pki import Pki
from services.common.principals import STACK_OPERATOR, Principal

CALLS = int(os.environ.get("MARAC_BENCH_TLS_CALLS", "20000"))
THREADS = 8
CONNECTIONS = 200
SERVER = Principal("agency-service", "police")


def serve(plain_port, tls_port, ready) -> None:
    from concurrent.futures import ThreadPoolExecutor

    server = grpc.server(ThreadPoolExecutor(max_workers=THREADS))
    servicer = health.HealthServicer()
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    plain_port.value = server.add_insecure_port("127.0.0.1:0")
    tls = Pki().issued(SERVER).identity().server_credentials()
    tls_port.value = server.add_secure_port("127.0.0.1:0", tls)
    server.start()
    ready.set()
    server.wait_for_termination()


def calls_per_second(channel: grpc.Channel) -> float:
    check = health_pb2_grpc.HealthStub(channel).Check
    check(health_pb2.HealthCheckRequest(), timeout=10)  # connected
    per_thread = CALLS // THREADS

    def work() -> None:
        for _ in range(per_thread):
            check(health_pb2.HealthCheckRequest(), timeout=10)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return per_thread * THREADS / (time.perf_counter() - started)


def connection_ms(open_channel) -> float:
    """The median time to open a new connection and have a first call answered."""
    times = []
    for _ in range(CONNECTIONS):
        started = time.perf_counter()
        with open_channel() as channel:
            health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def test_what_mutual_tls_costs_a_call():
    context = multiprocessing.get_context("spawn")
    plain_port, tls_port, ready = context.Value("i", 0), context.Value("i", 0), context.Event()
    server = context.Process(target=serve, args=(plain_port, tls_port, ready), daemon=True)
    server.start()
    try:
        assert ready.wait(30)
        client = Pki().issued(STACK_OPERATOR).channel_credentials()
        plain = f"127.0.0.1:{plain_port.value}"
        secure = f"127.0.0.1:{tls_port.value}"
        rates = {"plaintext": [], "mutual TLS": []}
        for _ in range(2):  # alternated, so that the machine's moods fall on both
            with grpc.insecure_channel(plain) as channel:
                rates["plaintext"].append(calls_per_second(channel))
            with grpc.secure_channel(secure, client) as channel:
                rates["mutual TLS"].append(calls_per_second(channel))
        plain_rate, tls_rate = (max(r) for r in rates.values())
        plain_open = connection_ms(lambda: grpc.insecure_channel(plain))
        tls_open = connection_ms(lambda: grpc.secure_channel(secure, client))
    finally:
        server.kill()
    print(
        f"\nhealth calls, {THREADS} threads, {CALLS} calls: plaintext {plain_rate:,.0f}/s, "
        f"mutual TLS {tls_rate:,.0f}/s, ratio {tls_rate / plain_rate:.2f}; "
        f"a new connection and its first call: plaintext {plain_open:.1f} ms, "
        f"mutual TLS {tls_open:.1f} ms (median of {CONNECTIONS})"
    )
    assert tls_rate > 0 and plain_rate > 0
