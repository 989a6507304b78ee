"""The web app's own refusals on the access log: a page asked for by someone not
signed in, or by a person whose role may not see it, and a form sent without
the session's CSRF token. Each entry names the route (its template, never the
address, which may carry a reference or a page token) and, for a signed-in
person, their user id, role and agency; never anything they sent. The page is
refused either way; an entry that cannot be written is an error line."""

import logging

from starlette.requests import Request

from marac.v1 import access_log_pb2, disclosure_pb2
from services.agencies import BY_NAME
from services.common.access_log import (
    PERMISSION_DENIED,
    UNAUTHENTICATED,
    AccessLog,
    AccessNotLogged,
    CallRecord,
)
from services.common.logs import log
from services.common.people import ANALYST, CHAIR, IG, REPRESENTATIVE
from services.web.sessions import Person

ROLES = {
    CHAIR: disclosure_pb2.CALLER_ROLE_MARAC_CHAIR,
    REPRESENTATIVE: disclosure_pb2.CALLER_ROLE_AGENCY_REPRESENTATIVE,
    IG: disclosure_pb2.CALLER_ROLE_IG_STAFF,
    ANALYST: disclosure_pb2.CALLER_ROLE_PARTNERSHIP_ANALYST,
}


class WebRefusals:
    def __init__(self, access_log: AccessLog, service: str, logger: logging.Logger) -> None:
        self._log = access_log
        self._service = service
        self._logger = logger

    async def signed_out(self, request: Request) -> None:
        await self._refused(
            request, None, UNAUTHENTICATED, access_log_pb2.REFUSAL_REASON_SIGNED_OUT
        )

    async def not_for_role(self, request: Request, person: Person | None) -> None:
        await self._refused(
            request, person, PERMISSION_DENIED, access_log_pb2.REFUSAL_REASON_ROLE_NOT_PERMITTED
        )

    async def form_refused(self, request: Request, person: Person | None) -> None:
        await self._refused(
            request, person, PERMISSION_DENIED, access_log_pb2.REFUSAL_REASON_REFUSED_BY_SERVICE
        )

    async def close(self) -> None:
        await self._log.close()

    async def _refused(
        self, request: Request, person: Person | None, code: int, reason: int
    ) -> None:
        record = CallRecord(self._service, "", route_of(request))
        record.person = caller_of(person)
        record.refused_because(reason)
        entry = record.entry(code)
        try:
            await self._log.write(entry)
        except AccessNotLogged:
            log(self._logger, "access not logged", method=record.method, code=code)


def route_of(request: Request) -> str:
    """`GET /meetings/{meeting_id}`: the route's template, never the address."""
    route = request.scope.get("route")
    return f"{request.method} {getattr(route, 'path', '?')}"


def caller_of(person: Person | None) -> disclosure_pb2.Caller | None:
    if person is None:
        return None
    agency = BY_NAME.get(person.agency)
    return disclosure_pb2.Caller(
        role=ROLES.get(person.role, disclosure_pb2.CALLER_ROLE_UNSPECIFIED),
        agency=agency.kind if agency else 0,
        agency_id=person.agency_id,
        user_id=person.user_id,
    )
