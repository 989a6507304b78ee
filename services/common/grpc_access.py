"""The gRPC side of services.common.access: every call's principal is read from
its client certificate (the TLS handshake already refused a caller with none, or
with one from another authority) and checked against the server's table before
any servicer sees the request. A refusal is answered UNAUTHENTICATED or
PERMISSION_DENIED and logged with the principal and the method, nothing else."""

import inspect
import logging
from collections.abc import Awaitable, Callable

import grpc

from services.common.access import Access, Decision
from services.common.logs import log
from services.common.principals import Principal

REFUSALS = {
    Decision.UNAUTHENTICATED: (
        grpc.StatusCode.UNAUTHENTICATED,
        "the client certificate names no principal of this deployment",
    ),
    Decision.PERMISSION_DENIED: (
        grpc.StatusCode.PERMISSION_DENIED,
        "this principal may not call this method",
    ),
}


def principal_of(context: grpc.aio.ServicerContext) -> Principal | None:
    """The principal the caller's certificate names (its one SPIFFE URI)."""
    ids = context.auth_context().get("peer_spiffe_id", [])
    if len(ids) != 1:
        return None
    return Principal.from_uri(ids[0].decode("ascii", "replace"))


class Authorising(grpc.aio.ServerInterceptor):
    def __init__(self, access: Access, logger: logging.Logger) -> None:
        self._access = access
        self._logger = logger

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(details)
        if handler is None:
            return None
        method = details.method

        async def admit(context: grpc.aio.ServicerContext) -> None:
            principal = principal_of(context)
            decision = self._access.decide(principal, method)
            if decision is Decision.ALLOWED:
                return
            code, message = REFUSALS[decision]
            log(
                self._logger,
                "refused",
                principal=str(principal) if principal else "none",
                method=method,
                code=code.name,
            )
            await context.abort(code, message)

        return _guarded(handler, admit)


def _guarded(handler: grpc.RpcMethodHandler, admit) -> grpc.RpcMethodHandler:
    """The same handler, admitting each call first. A behaviour may be a coroutine
    function or an async generator function (grpc.aio takes both); its guard is
    the same kind."""
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

            async def guard_stream(request, context, behaviour=behaviour):
                await admit(context)
                async for reply in behaviour(request, context):
                    yield reply

            guard = guard_stream
        else:

            async def guard_call(request, context, behaviour=behaviour):
                await admit(context)
                return await behaviour(request, context)

            guard = guard_call
        return make(
            guard,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
    return handler
