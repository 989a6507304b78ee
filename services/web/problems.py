"""What a person is shown when something goes wrong: the one table from a refusal of
a service the web app called (a gRPC status) or of the web app itself to a page.
No page says more than the person may know, and none quotes what was sent."""

import logging

import grpc
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from services.common.logs import log
from services.web.app import SIGN_IN, Web

SERVICE_PROBLEM = "Sorry, there is a problem with the service"
NOT_FOUND = "Page not found"


def handlers(web: Web, logger: logging.Logger) -> dict:
    def service_problem(request: Request) -> Response:
        return web.problem(request, 503, SERVICE_PROBLEM, "Try again later.")

    def not_found(request: Request) -> Response:
        return web.problem(
            request,
            404,
            NOT_FOUND,
            "If you typed the web address, check it is correct.",
            "If you followed a link, what it led to may no longer be shown to you.",
        )

    async def refused_by_a_service(request: Request, error: grpc.aio.AioRpcError) -> Response:
        code = error.code()
        log(logger, "call refused", path_template=_template(request), code=code.name)
        if code == grpc.StatusCode.UNAUTHENTICATED:
            session = request.state.session
            if session is not None:
                web.sessions.end(session)
            request.state.session = None
            return RedirectResponse(SIGN_IN, status_code=303)
        if code == grpc.StatusCode.PERMISSION_DENIED:
            return web.forbidden(request)
        if code in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
            # A case reference or handle in an address that names nothing of theirs.
            return not_found(request)
        return service_problem(request)

    async def refused_here(request: Request, error: HTTPException) -> Response:
        if error.status_code == 404:
            return not_found(request)
        if error.status_code == 405:
            return web.problem(request, 405, "This page cannot do that")
        return service_problem(request)

    async def failed(request: Request, error: Exception) -> Response:
        logger.error("failed", exc_info=error, extra={"fields": {"path": _template(request)}})
        return service_problem(request)

    return {
        grpc.aio.AioRpcError: refused_by_a_service,
        HTTPException: refused_here,
        Exception: failed,
    }


def _template(request: Request) -> str:
    """The route's path template (/cases/{reference}), never the address asked for,
    which may carry a case reference."""
    route = request.scope.get("route")
    return getattr(route, "path", "unknown")
