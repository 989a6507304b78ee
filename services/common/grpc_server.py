"""What every gRPC service of MARAC Hub has: an asyncio server on loopback, the
standard health service, server reflection, and one mapping of domain errors
to gRPC status codes (INVALID_ARGUMENT carries google.rpc.BadRequest details).
"""

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import eventsourcing.persistence
import grpc
import psycopg
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from grpc_status import rpc_status

from services.common.errors import (
    Conflict,
    FailedPrecondition,
    NotFound,
    PermissionDenied,
    Unavailable,
)
from services.common.logs import log
from services.common.validation import InvalidRequest

T = TypeVar("T")


def bad_request_status(error: InvalidRequest) -> status_pb2.Status:
    details = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
            for v in error.violations
        ]
    )
    packed = any_pb2.Any()
    packed.Pack(details)
    return status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message=str(error), details=[packed])


async def answer(
    context: grpc.aio.ServicerContext, work: Callable[[], T], logger: logging.Logger, rpc: str
) -> T:
    """Runs blocking application work off the event loop and maps domain errors."""
    try:
        return await asyncio.to_thread(work)
    except InvalidRequest as error:
        log(logger, "request rejected", rpc=rpc, violations=len(error.violations))
        await context.abort_with_status(rpc_status.to_status(bad_request_status(error)))
    except NotFound as error:
        await context.abort(grpc.StatusCode.NOT_FOUND, str(error))
    except Conflict as error:
        await context.abort(grpc.StatusCode.ALREADY_EXISTS, str(error))
    except FailedPrecondition as error:
        await context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(error))
    except PermissionDenied as error:
        await context.abort(grpc.StatusCode.PERMISSION_DENIED, str(error))
    except Unavailable as error:
        log(logger, "unavailable", rpc=rpc, error=type(error).__name__)
        await context.abort(grpc.StatusCode.UNAVAILABLE, str(error))
    except (psycopg.OperationalError, eventsourcing.persistence.OperationalError) as error:
        # A database that cannot be reached (or a pool that timed out): say so
        # without the driver's message, which may quote connection details.
        log(logger, "database unavailable", rpc=rpc, error=type(error).__name__)
        await context.abort(grpc.StatusCode.UNAVAILABLE, "the database is unavailable; retry")
    raise AssertionError("unreachable: abort raises")


async def serve(
    address: str,
    register: Callable[[grpc.aio.Server], Iterable[str]],
    logger: logging.Logger,
    on_stop: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Serves until SIGTERM or SIGINT. `register` adds the servicers and returns
    their full service names, which health and reflection then announce."""
    # Commands wait in threads for their group commit; enough threads let many
    # wait at once, so one commit serves many commands.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=64))
    server = grpc.aio.server()
    service_names = list(register(server))
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
    port = server.add_insecure_port(address)
    await server.start()
    for name in ["", *service_names]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log(logger, "serving", address=address, port=port, services=service_names)

    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    await stopping.wait()
    await health_servicer.enter_graceful_shutdown()
    await server.stop(grace=5)
    if on_stop is not None:
        await on_stop()
    log(logger, "stopped")
