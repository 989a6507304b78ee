"""Signing in and out, and the start page that sends each person to their area."""

import contextlib

import grpc
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from services.web.app import SIGN_IN, Web
from services.web.openid import IssuerUnavailable

MAX_FIELD = 1024  # longer is no one's name or password; refused like a wrong one


def routes(web: Web) -> list[BaseRoute]:
    async def start(request: Request) -> Response:
        session = request.state.session
        if session is None or not session.signed_in:
            return RedirectResponse(SIGN_IN, status_code=303)
        if session.person.is_chair:
            return RedirectResponse("/agenda", status_code=303)
        if session.person.is_representative:
            return RedirectResponse("/cases", status_code=303)
        if session.person.is_ig:
            return RedirectResponse("/governance", status_code=303)
        if session.person.is_analyst:
            return RedirectResponse("/figures", status_code=303)
        return web.forbidden(request)

    def form(request: Request, status: int = 200, **context: object) -> Response:
        return sign_in_page(web, request, status, **context)

    async def sign_in_form(request: Request) -> Response:
        session = request.state.session
        if session is not None and session.signed_in:
            return RedirectResponse("/", status_code=303)
        if web.backends.issuer is not None:
            # So that the page's form-action names where the issuer's sign-in is.
            with contextlib.suppress(IssuerUnavailable):
                await web.backends.issuer.discover()
        return form(
            request,
            timed_out=request.state.timed_out or "timed-out" in request.query_params,
            signed_out="signed-out" in request.query_params,
        )

    async def sign_in(request: Request) -> Response:
        sent = await request.form()
        username = str(sent.get("username", "")).strip()
        password = str(sent.get("password", ""))
        errors = {}
        if not username:
            errors["username"] = "Enter your user name"
        if not password:
            errors["password"] = "Enter your password"
        if errors:
            return form(request, 400, errors=errors, username=username[:MAX_FIELD])

        def refused(code: grpc.StatusCode) -> Response:
            message = REFUSALS[code]
            return form(request, 400, errors={"username": message}, username=username[:MAX_FIELD])

        if len(username) > MAX_FIELD or len(password) > MAX_FIELD:
            return refused(grpc.StatusCode.UNAUTHENTICATED)
        try:
            browser = request.client.host if request.client else ""
            signed_in = await web.backends.identity.sign_in(username, password, browser)
        except grpc.aio.AioRpcError as error:
            if error.code() not in REFUSALS:
                raise  # the service's problem, not the person's: services.web.problems
            return refused(error.code())
        request.state.session = web.sessions.sign_in(
            request.state.session, signed_in.person, signed_in.token, signed_in.expires_at
        )
        return RedirectResponse("/", status_code=303)

    async def sign_out(request: Request) -> Response:
        web.sessions.end(request.state.session)
        request.state.session = None
        return RedirectResponse(f"{SIGN_IN}?signed-out", status_code=303)

    return [
        Route("/", start),
        Route(SIGN_IN, sign_in_form),
        web.post(SIGN_IN, sign_in),
        web.post("/sign-out", sign_out),
    ]


def sign_in_page(web: Web, request: Request, status: int = 200, **context: object) -> Response:
    """The sign-in page: the form, and the issuer's button when one is configured."""
    if request.state.session is None:
        request.state.session = web.sessions.start()  # for the form's CSRF token
    issuer = web.backends.issuer
    if issuer is not None:
        request.state.form_targets = issuer.form_targets()
    return web.page(
        request,
        "sign_in.html",
        status,
        idle=_duration(web.sessions.idle.total_seconds()),
        issuer_name=issuer.name if issuer else "",
        **{"errors": {}, "username": "", **context},
    )


REFUSALS = {
    grpc.StatusCode.UNAUTHENTICATED: "Enter a correct user name and password",
    grpc.StatusCode.RESOURCE_EXHAUSTED: (
        "You have tried to sign in too many times. Wait 15 minutes and try again"
    ),
}


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{round(seconds / 60)} minutes"
    return f"{round(seconds)} seconds"
