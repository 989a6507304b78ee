"""What reaches a service's servicers is a request of the method's type, or the
caller is told INVALID_ARGUMENT (services.common.grpc_server registers every
servicer so).

gRPC decodes a request before any servicer sees it, and answers a request it
cannot decode UNKNOWN, with the parser's message. `decoding(server)` registers
every method so that bytes that are not a valid message of the request type are
INVALID_ARGUMENT with a message of our own, and a request refused while it is read
into a command (an instant out of range, before the command's own checks run) is
INVALID_ARGUMENT with its field violations, as the command's checks would be.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import grpc
from grpc_status import rpc_status

from services.common.grpc_errors import bad_request_status
from services.common.validation import InvalidRequest

UNDECODABLE_MESSAGE = "the request is not a valid message of this method's request type"


class _Undecodable:
    """What the deserializer gives for bytes it could not decode."""


UNDECODABLE = _Undecodable()


def checked(handler: grpc.RpcMethodHandler | None) -> grpc.RpcMethodHandler | None:
    """The unary method `handler`, refusing undecodable and unreadable requests."""
    if handler is None or handler.unary_unary is None:
        return handler
    decode = handler.request_deserializer
    behaviour = handler.unary_unary

    def deserialize(data: bytes) -> Any:
        try:
            return decode(data)
        except Exception:
            return UNDECODABLE

    async def answer(request: Any, context: grpc.aio.ServicerContext) -> Any:
        if request is UNDECODABLE:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, UNDECODABLE_MESSAGE)
        try:
            return await behaviour(request, context)
        except InvalidRequest as error:
            status = bad_request_status(error.violations, str(error))
        await context.abort_with_status(rpc_status.to_status(status))

    return grpc.unary_unary_rpc_method_handler(
        answer, request_deserializer=deserialize, response_serializer=handler.response_serializer
    )


class _Checked(grpc.GenericRpcHandler):
    def __init__(self, handler: grpc.GenericRpcHandler) -> None:
        self.handler = handler

    def service(self, handler_call_details):
        return checked(self.handler.service(handler_call_details))


class decoding:
    """The server as a generated `add_..._to_server` function sees it: each method
    it registers is `checked`."""

    def __init__(self, server: grpc.aio.Server) -> None:
        self.server = server

    def add_generic_rpc_handlers(self, handlers: Iterable[grpc.GenericRpcHandler]) -> None:
        self.server.add_generic_rpc_handlers(tuple(_Checked(h) for h in handlers))

    def add_registered_method_handlers(
        self, service: str, handlers: Mapping[str, grpc.RpcMethodHandler]
    ) -> None:
        self.server.add_registered_method_handlers(
            service, {name: checked(h) for name, h in handlers.items()}
        )
