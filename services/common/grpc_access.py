"""The gRPC side of services.common.access: every call's principal is read from
its client certificate (the TLS handshake already refused a caller with none, or
with one from another authority) and checked against the server's table before
any servicer sees the request. A refusal is answered UNAUTHENTICATED or
PERMISSION_DENIED and logged with the principal and the method, nothing else.

Every call passes here, so the access log (services.common.access_log) is
written here and nowhere else: each refusal, whoever refused it (this table, or
the person's check in the servicer), and each view or search. A read is answered
only once its entry is acknowledged: with the log unwritable it is UNAVAILABLE,
never answered unlogged. A refusal is answered either way, and an entry that
could not be written is an error line, never silently lost."""

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import grpc

from marac.v1 import access_log_pb2
from services.common import access_log, metrics
from services.common.access import Access, Decision
from services.common.access_log import AccessLog, AccessNotLogged, CallRecord
from services.common.logs import log
from services.common.principals import Principal

REFUSALS = {
    Decision.UNAUTHENTICATED: (
        grpc.StatusCode.UNAUTHENTICATED,
        "the client certificate names no principal of this deployment",
        access_log_pb2.REFUSAL_REASON_UNKNOWN_PRINCIPAL,
    ),
    Decision.PERMISSION_DENIED: (
        grpc.StatusCode.PERMISSION_DENIED,
        "this principal may not call this method",
        access_log_pb2.REFUSAL_REASON_PRINCIPAL_NOT_PERMITTED,
    ),
}
OK = grpc.StatusCode.OK.value[0]
UNKNOWN = grpc.StatusCode.UNKNOWN.value[0]
ANSWER_SECONDS = 0.2
CODE_NAMES = {code.value[0]: code.name for code in grpc.StatusCode}
REASON_NAMES = {
    number: name.removeprefix("REFUSAL_REASON_").lower()
    for name, number in access_log_pb2.RefusalReason.items()
}


def principal_of(context: grpc.aio.ServicerContext) -> Principal | None:
    """The principal the caller's certificate names (its one SPIFFE URI)."""
    ids = context.auth_context().get("peer_spiffe_id", [])
    if len(ids) != 1:
        return None
    return Principal.from_uri(ids[0].decode("ascii", "replace"))


class _Ending(grpc.aio.AbortError):
    """A servicer's abort, held until the call's entry is written."""

    def __init__(self, code: grpc.StatusCode, details: str, status=None) -> None:
        super().__init__()
        self.code, self.details, self.status = code, details, status

    @property
    def number(self) -> int:
        return self.code.value[0]

    async def answer(self, context: grpc.aio.ServicerContext) -> None:
        if self.status is not None:
            await context.abort_with_status(self.status)
        await context.abort(self.code, self.details)


class _Context:
    """The call's context as the servicer sees it, its abort held back: the status
    of a call is fixed once aborted, and a read must still become UNAVAILABLE when
    its entry cannot be written."""

    def __init__(self, context: grpc.aio.ServicerContext) -> None:
        self._context = context

    def __getattr__(self, name: str):
        return getattr(self._context, name)

    async def abort(self, code: grpc.StatusCode, details: str = "", trailing_metadata=()):
        if trailing_metadata:
            self._context.set_trailing_metadata(trailing_metadata)
        raise _Ending(code, details)

    async def abort_with_status(self, status) -> None:
        raise _Ending(status.code, status.details, status)


class Authorising(grpc.aio.ServerInterceptor):
    def __init__(
        self, access: Access, logger: logging.Logger, log_: AccessLog, service: str
    ) -> None:
        self._access = access
        self._logger = logger
        self._log = log_
        self._service = service

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(details)
        if handler is None:
            return None
        return _guarded(handler, self, details.method)

    def _begin(self, context: grpc.aio.ServicerContext, method: str):
        principal = principal_of(context)
        record = CallRecord(self._service, str(principal) if principal else "", method)
        return principal, record, access_log.begin(record)

    def _call(self, method: str, behaviour):
        async def call(request, context: grpc.aio.ServicerContext):
            principal, record, begun = self._begin(context, method)
            try:
                await self._admit(principal, record, context)
                record.concerning(request)
                try:
                    reply = await behaviour(request, _Context(context))
                except _Ending as ending:
                    await self._record(record, ending.number, context)
                    await ending.answer(context)
                    raise
                except Exception:
                    await self._record(record, UNKNOWN, context)
                    raise
                await self._record(record, OK, context)
                return reply
            finally:
                access_log.end(begun)

        return call

    def _stream(self, method: str, behaviour):
        """A stream is admitted, and its refusal logged; the streams served (health's
        Watch, reflection) are no views or searches, so an admitted one has no entry."""

        async def stream(request, context: grpc.aio.ServicerContext):
            principal, record, begun = self._begin(context, method)
            try:
                await self._admit(principal, record, context)
                async for reply in behaviour(request, context):
                    yield reply
            finally:
                access_log.end(begun)

        return stream

    async def _admit(
        self, principal: Principal | None, record: CallRecord, context: grpc.aio.ServicerContext
    ) -> None:
        decision = self._access.decide(principal, record.method)
        if decision is Decision.ALLOWED:
            return
        code, message, reason = REFUSALS[decision]
        log(
            self._logger,
            "refused",
            principal=record.principal or "none",
            method=record.method,
            code=code.name,
        )
        record.refused_because(reason)
        await self._record(record, code.value[0], context)
        await context.abort(code, message)

    async def _record(
        self, record: CallRecord, code: int, context: grpc.aio.ServicerContext
    ) -> None:
        entry = record.entry(code)
        _measure(record, code, entry)
        if entry is None:
            return
        try:
            async with asyncio.timeout(_time_to_answer(context)):
                await self._log.write(entry)
        except (AccessNotLogged, TimeoutError):
            log(
                self._logger,
                "access not logged",
                principal=record.principal or "none",
                method=record.method,
                code=code,
            )
            if entry.decision == access_log_pb2.ACCESS_DECISION_ALLOWED:
                # A view or search is not answered unlogged, not even "not found".
                await context.abort(grpc.StatusCode.UNAVAILABLE, str(AccessNotLogged()))


def _measure(record: CallRecord, code: int, entry: access_log_pb2.AccessLogEntry | None) -> None:
    """The call's answer in the process's metrics (services.common.metrics)."""
    metrics.CALLS.labels(record.method, CODE_NAMES.get(code, "UNKNOWN")).inc()
    metrics.CALL_SECONDS.labels(record.method).observe(
        (datetime.now(UTC) - record.at).total_seconds()
    )
    if entry is not None and entry.decision == access_log_pb2.ACCESS_DECISION_REFUSED:
        metrics.REFUSALS.labels(REASON_NAMES.get(entry.reason, "unknown")).inc()


def _time_to_answer(context: grpc.aio.ServicerContext) -> float | None:
    """What is left of the caller's deadline, less a moment to answer in: an entry the
    broker cannot take in time is no reason to miss the deadline (the caller is told
    UNAVAILABLE, which it retries, not DEADLINE_EXCEEDED)."""
    remaining = context.time_remaining()
    return None if remaining is None else max(remaining - ANSWER_SECONDS, 0.0)


def _guarded(handler: grpc.RpcMethodHandler, authorising: Authorising, method: str):
    """The same handler, each call admitted and logged first. A behaviour may be a
    coroutine function or an async generator function (grpc.aio takes both); its
    guard is the same kind."""
    for kind, make in (
        ("unary_unary", grpc.unary_unary_rpc_method_handler),
        ("unary_stream", grpc.unary_stream_rpc_method_handler),
        ("stream_unary", grpc.stream_unary_rpc_method_handler),
        ("stream_stream", grpc.stream_stream_rpc_method_handler),
    ):
        behaviour = getattr(handler, kind)
        if behaviour is None:
            continue
        if inspect.isasyncgenfunction(behaviour):
            guard = authorising._stream(method, behaviour)
        else:
            guard = authorising._call(method, behaviour)
        return make(
            guard,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
    return handler
