"""What a process says of itself on the standard gRPC health service: SERVING only
while every one of its checks passes. Each check asks whether something the
process needs in order to make progress works now: its database, its broker, its
own loop. A check that raises, or takes longer than CHECK_SECONDS, has failed.
Each change of status is logged, naming the checks that failed.

A gRPC service reports on its own port (services.common.grpc_server); a process
that serves nothing else, a relay or the projection, on MARAC_HEALTH_ADDRESS.
"""

import asyncio
import contextlib
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CheckTimedOut

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from services.common.logs import log
from services.common.settings import PROBE_ADDRESS, SettingsError, exit_on_bad_settings
from services.common.tls import TlsIdentity

Check = Callable[[], bool]
EVERY_SECONDS = 1.0
CHECK_SECONDS = 2.0
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class Checks:
    def __init__(self, checks: Mapping[str, Check], logger: logging.Logger) -> None:
        self.checks = dict(checks)
        self.logger = logger
        self.serving: bool | None = None
        # A check that hangs holds one of these, not the loop that reports.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")

    def failing(self) -> list[str]:
        running = {name: self._pool.submit(check) for name, check in self.checks.items()}
        failed = []
        for name, future in running.items():
            try:
                passed = future.result(timeout=CHECK_SECONDS)
            except CheckTimedOut:
                passed = False
            except Exception:  # a failed check is the answer, not an error
                passed = False
            if not passed:
                failed.append(name)
        return failed

    def evaluate(self) -> int:
        """Runs the checks; returns the status, logging a change."""
        failed = self.failing()
        serving = not failed
        if serving != self.serving:
            log(
                self.logger,
                "health",
                status="SERVING" if serving else "NOT_SERVING",
                failing=failed,
            )
            self.serving = serving
        return SERVING if serving else NOT_SERVING

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


async def keep_reporting(
    servicer: health.aio.HealthServicer,
    names: Iterable[str],
    checks: Checks,
    stopping: asyncio.Event,
) -> None:
    """Sets every service's status from the checks until `stopping` is set."""
    names = list(names)
    while not stopping.is_set():
        status = await asyncio.to_thread(checks.evaluate)
        for name in names:
            await servicer.set(name, status)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), EVERY_SECONDS)


def serve_health(
    address: str, checks: Checks, logger: logging.Logger, tls: TlsIdentity
) -> Callable[[], None]:
    """The health service alone, for a process that serves nothing else, to any
    principal of the deployment (mutual TLS); returns what stops it (keep it: the
    server goes when nothing holds it)."""
    server = grpc.server(ThreadPoolExecutor(max_workers=2, thread_name_prefix="health-rpc"))
    servicer = health.HealthServicer()
    servicer.set("", NOT_SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    reflection.enable_server_reflection(
        [health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME],
        server,
    )
    port = server.add_secure_port(address, tls.server_credentials())
    server.start()
    log(logger, "health serving", address=address, port=port)
    probe = serve_probe(servicer, logger)
    stopping = threading.Event()

    def report() -> None:
        while True:
            servicer.set("", checks.evaluate())
            if stopping.wait(EVERY_SECONDS):
                return

    reporter = threading.Thread(target=report, name="health", daemon=True)
    reporter.start()

    def stop() -> None:
        stopping.set()
        reporter.join(timeout=CHECK_SECONDS * 2)
        servicer.enter_graceful_shutdown()
        server.stop(grace=1)
        if probe is not None:
            probe.stop(grace=1)
        checks.close()

    return stop


def probe_address() -> str:
    """MARAC_PROBE_ADDRESS, or "" when unset; a bad value stops the process, naming it."""
    try:
        return PROBE_ADDRESS.read(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)


def serve_probe(servicer: health.HealthServicer, logger: logging.Logger) -> grpc.Server | None:
    """The same health status, alone (no reflection, no other service), in
    plaintext on MARAC_PROBE_ADDRESS when it is set: what the kubelet's gRPC probe
    can ask. It tells only SERVING or NOT_SERVING."""
    address = probe_address()
    if not address:
        return None
    server = grpc.server(ThreadPoolExecutor(max_workers=1, thread_name_prefix="probe"))
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = server.add_insecure_port(address)
    server.start()
    log(logger, "probe serving", address=address, port=port)
    return server


def broker_listening(bootstrap: str) -> Check:
    """Whether one of the Kafka bootstrap servers accepts a connection."""
    servers = [s.strip() for s in bootstrap.split(",") if s.strip()]

    def check() -> bool:
        for server in servers:
            host, _, port = server.rpartition(":")
            try:
                with socket.create_connection((host.strip("[]"), int(port)), timeout=1):
                    return True
            except OSError:
                continue
        return False

    return check
