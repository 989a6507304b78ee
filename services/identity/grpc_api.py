"""gRPC adapter for marac.v1.IdentityService: sign-in and renewal for the web app.
Refusals are answered by the one table (services.common.grpc_errors): a refused
sign-in or renewal UNAUTHENTICATED, a throttled one RESOURCE_EXHAUSTED. The log
says what happened and, once someone is signed in, their user id: never a name, a
password or a token."""

import ipaddress
import logging
from collections.abc import Callable, Iterable
from datetime import datetime

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import identity_pb2, identity_pb2_grpc
from services.common.errors import ResourceExhausted, Unauthenticated
from services.common.grpc_access import principal_of
from services.common.grpc_errors import answer
from services.common.logs import log
from services.common.principals import WEB_PRINCIPAL
from services.common.validation import Violations
from services.identity.application import Directory, Issued

SERVICE = identity_pb2.DESCRIPTOR.services_by_name["IdentityService"].full_name


def timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


class IdentityServicer(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, directory: Directory, logger: logging.Logger):
        self._directory = directory
        self._logger = logger

    def _outcome(self, rpc: str, work: Callable[[], Issued]) -> Callable[[], Issued]:
        def logged() -> Issued:
            try:
                issued = work()
            except ResourceExhausted:
                log(self._logger, "sign-in throttled", rpc=rpc)
                raise
            except Unauthenticated:
                log(self._logger, "token refused", rpc=rpc)
                raise
            log(self._logger, "token issued", rpc=rpc, user=issued.user_id)
            return issued

        return logged

    async def SignIn(
        self, request: identity_pb2.SignInRequest, context: grpc.aio.ServicerContext
    ) -> identity_pb2.SignInResponse:
        def sign_in() -> Issued:
            problems = Violations()
            problems.require("username", request.username, 1024)
            problems.require("password", request.password, 4096)
            problems.raise_if_any()
            return self._directory.sign_in(
                request.username, request.password, place_of(request, context)
            )

        issued = await answer(context, self._outcome("SignIn", sign_in), self._logger, "SignIn")
        return identity_pb2.SignInResponse(
            token=issued.token, expires_at=timestamp(issued.expires_at)
        )

    async def Renew(
        self, request: identity_pb2.RenewRequest, context: grpc.aio.ServicerContext
    ) -> identity_pb2.RenewResponse:
        work = self._outcome("Renew", lambda: self._directory.renew(request.token))
        issued = await answer(context, work, self._logger, "Renew")
        return identity_pb2.RenewResponse(
            token=issued.token, expires_at=timestamp(issued.expires_at)
        )


def place_of(request: identity_pb2.SignInRequest, context: grpc.aio.ServicerContext) -> str:
    """Where a sign-in comes from, for the throttle: the browser's address when the
    web app (and only the web app) names one, else the calling program."""
    caller = str(principal_of(context))
    if caller == str(WEB_PRINCIPAL) and request.client_address:
        try:
            return "browser " + str(ipaddress.ip_address(request.client_address[:64]))
        except ValueError:
            pass  # not an address: the web app's own place, shared by its browsers
    return "program " + caller


def register(
    directory: Directory, logger: logging.Logger
) -> Callable[[grpc.aio.Server], Iterable[str]]:
    def add(server: grpc.aio.Server) -> Iterable[str]:
        identity_pb2_grpc.add_IdentityServiceServicer_to_server(
            IdentityServicer(directory, logger), server
        )
        return [SERVICE]

    return add
