"""What every gRPC service of MARAC Hub has: an asyncio server on loopback that
speaks only mutual TLS (a client certificate from the deployment's authority is
required) and lets each principal call only what its table of access allows
(services.common.access), the standard health service (SERVING while the
service's checks pass, services.common.health) and server reflection. Refusals
are answered as services.common.grpc_errors says.
"""

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from services.common.access import Access
from services.common.access_log import AccessLog
from services.common.access_log_kafka import AccessLogSettings, principal_of_certificate
from services.common.grpc_access import Authorising
from services.common.grpc_decoding import decoding
from services.common.grpc_limits import SERVER_OPTIONS
from services.common.health import Check, Checks, keep_reporting, probe_address
from services.common.logs import log
from services.common.settings import SettingsError, exit_on_bad_settings
from services.common.tls import TlsIdentity


async def serve(
    address: str,
    register: Callable[[grpc.aio.Server], Iterable[str]],
    logger: logging.Logger,
    checks: Mapping[str, Check],
    tls: TlsIdentity,
    access: Access,
    on_stop: Callable[[], Awaitable[None]] | None = None,
    shared_port: bool = False,
    access_log: AccessLog | None = None,
) -> None:
    """Serves until SIGTERM or SIGINT. `register` adds the servicers and returns
    their full service names, which health and reflection then announce; `checks`
    say whether the service can do its work now. Only processes that say the port
    is `shared` listen on it together (the kernel spreads connections among them):
    otherwise a second process on the port fails to start. Every server writes the
    access log (services.common.grpc_access), by default the one its environment
    names (MARAC_ACCESS_LOG_TOPIC, services.common.access_log_kafka)."""
    if access_log is None:
        try:
            access_log = AccessLogSettings.from_env().log(tls)
        except SettingsError as error:
            exit_on_bad_settings(error)
    # Commands wait in threads for their group commit; enough threads let many
    # wait at once, so one commit serves many commands.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=64))
    server = grpc.aio.server(
        interceptors=[
            Authorising(access, logger, access_log, principal_of_certificate(tls.certificate))
        ],
        options=[("grpc.so_reuseport", int(shared_port)), *SERVER_OPTIONS],
    )
    # Every servicer is registered through `decoding`: a request that is not one is
    # INVALID_ARGUMENT, never UNKNOWN.
    service_names = list(register(decoding(server)))
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        [
            *service_names,
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
            reflection.SERVICE_NAME,
        ],
        server,
    )
    port = server.add_secure_port(address, tls.server_credentials())
    await server.start()
    log(logger, "serving", address=address, port=port, services=service_names)
    probe = await _serve_probe(health_servicer, logger, shared_port)

    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    reporting = Checks(checks, logger)
    reporter = asyncio.create_task(
        keep_reporting(health_servicer, ["", *service_names], reporting, stopping)
    )
    await stopping.wait()
    await reporter
    reporting.close()
    await health_servicer.enter_graceful_shutdown()
    await server.stop(grace=5)
    if probe is not None:
        await probe.stop(grace=1)
    if on_stop is not None:
        await on_stop()
    await access_log.close()
    log(logger, "stopped")


async def _serve_probe(
    servicer: health.aio.HealthServicer, logger: logging.Logger, shared_port: bool
) -> grpc.aio.Server | None:
    """The server's health status alone, in plaintext on MARAC_PROBE_ADDRESS when
    set (the kubelet's gRPC probe presents no certificate): no other service."""
    address = probe_address()
    if not address:
        return None
    probe = grpc.aio.server(options=[("grpc.so_reuseport", int(shared_port))])
    health_pb2_grpc.add_HealthServicer_to_server(servicer, probe)
    port = probe.add_insecure_port(address)
    await probe.start()
    log(logger, "probe serving", address=address, port=port)
    return probe
