"""The one table from what the application refuses to what a gRPC caller is told.

A request of the wrong shape is INVALID_ARGUMENT with google.rpc.BadRequest field
violations. A rule of the agency's practice that the request breaks
(errors.RuleBroken) is INVALID_ARGUMENT too, naming the request field the rule is
about, from the kernel's rows below plus the agency's own (each agency's grpc_api
module). A request id used again on its case for another request
(errors.RequestIdReused) is such a rule, naming request_id: it is the request that
is wrong, whatever the case's state, and a caller fixes it by a new id. Every
other refusal has its code by kind. Messages are the domain's and name no
personal data; a driver's own message never reaches the caller.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

import eventsourcing.persistence
import grpc
import psycopg
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from services.common.errors import (
    AlreadyExists,
    ConcurrentChange,
    DeadlineExceeded,
    FailedPrecondition,
    NamesNoOne,
    NotFound,
    PermissionDenied,
    RequestIdReused,
    ResourceExhausted,
    RuleBroken,
    SubjectRequired,
    Unauthenticated,
    Unavailable,
)
from services.common.grpc_limits import call_seconds
from services.common.logs import log
from services.common.unit_of_work import waiting_at_most
from services.common.validation import FieldViolation, InvalidRequest

T = TypeVar("T")

# The request field each rule is about; "{index}" stands for the offending item and
# "{consent}" for where the request carries its consent ("consent." in most requests).
Fields = Mapping[type[RuleBroken], str]

CODES: dict[type[Exception], grpc.StatusCode] = {
    NotFound: grpc.StatusCode.NOT_FOUND,
    AlreadyExists: grpc.StatusCode.ALREADY_EXISTS,
    FailedPrecondition: grpc.StatusCode.FAILED_PRECONDITION,
    ConcurrentChange: grpc.StatusCode.ABORTED,
    PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
    Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    ResourceExhausted: grpc.StatusCode.RESOURCE_EXHAUSTED,
    Unavailable: grpc.StatusCode.UNAVAILABLE,
    DeadlineExceeded: grpc.StatusCode.DEADLINE_EXCEEDED,
}
KERNEL_FIELDS: Fields = {
    RequestIdReused: "request_id",
    SubjectRequired: "subject",
    NamesNoOne: "case_reference",
}
# A database that cannot be reached, or a pool that timed out.
UNREACHABLE = (psycopg.OperationalError, eventsourcing.persistence.OperationalError)


def violations_of(
    error: RuleBroken, fields: Fields, consent_at: str = "consent."
) -> list[FieldViolation]:
    """The field violation a broken rule is reported as."""
    for kind in type(error).__mro__:
        if kind in fields:
            path = fields[kind].format(index=error.index, consent=consent_at)
            return [FieldViolation(path, str(error))]
    raise LookupError(f"no request field for {type(error).__name__}")


def bad_request_status(violations: list[FieldViolation], message: str) -> status_pb2.Status:
    details = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
            for v in violations
        ]
    )
    packed = any_pb2.Any()
    packed.Pack(details)
    return status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message=message, details=[packed])


def code_of(error: Exception) -> grpc.StatusCode | None:
    for kind in type(error).__mro__:
        if kind in CODES:
            return CODES[kind]
    return None


async def answer(
    context: grpc.aio.ServicerContext,
    work: Callable[[], T],
    logger: logging.Logger,
    rpc: str,
    fields: Fields = KERNEL_FIELDS,
    consent_at: str = "consent.",
    run: Callable[[Callable[[], T]], Awaitable[T]] | None = None,
) -> T:
    """Runs application work within the caller's deadline (by `run`, or else in a
    thread, off the event loop), and answers a refusal as the table says. An error
    the table does not know is INTERNAL, its type logged and its message never sent."""
    remaining = call_seconds(context.time_remaining())

    async def within_deadline() -> T:
        with waiting_at_most(remaining):
            if run is not None:
                return await run(work)
            return await asyncio.to_thread(work)

    try:
        return await within_deadline()
    except InvalidRequest as error:
        log(logger, "request rejected", rpc=rpc, violations=len(error.violations))
        status = bad_request_status(error.violations, str(error))
    except RuleBroken as error:
        log(logger, "request rejected", rpc=rpc, rule=type(error).__name__)
        status = bad_request_status(violations_of(error, fields, consent_at), str(error))
    except UNREACHABLE as error:
        # Without the driver's message, which may quote connection details.
        log(logger, "database unavailable", rpc=rpc, error=type(error).__name__)
        await context.abort(grpc.StatusCode.UNAVAILABLE, "the database is unavailable; retry")
        raise AssertionError("unreachable: abort raises") from None
    except Exception as error:
        code = code_of(error)
        if code is None:
            # Its message may quote anything: the log names the type only.
            logger.error("failed", exc_info=error, extra={"fields": {"rpc": rpc}})
            await context.abort(
                grpc.StatusCode.INTERNAL, "the service failed; the error was logged"
            )
            raise AssertionError("unreachable: abort raises") from None
        if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.ABORTED):
            log(logger, "refused", rpc=rpc, code=code.name, error=type(error).__name__)
        await context.abort(code, str(error))
        raise AssertionError("unreachable: abort raises") from None
    await context.abort_with_status(rpc_status.to_status(status))
    raise AssertionError("unreachable: abort raises")
