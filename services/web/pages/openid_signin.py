"""Signing in through the OpenID Connect issuer (services.web.openid), when one is
configured: the sign-in page's button posts its form (with the CSRF token, so no
other site can start a sign-in in someone's browser) and is sent to the issuer; the
issuer sends the person back to the callback, whose state must be the one this
browser's session was given, within FLOW_MINUTES, once. What goes wrong is said on
the sign-in page, in our words: never what the issuer sent."""

import logging
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from services.common.logs import log
from services.web.app import Web
from services.web.openid import IssuerUnavailable, SignInRefused
from services.web.pages.signin import sign_in_page
from services.web.settings import CALLBACK

START = "/sign-in/oidc"
FLOW_MINUTES = 10
MAX_CODE = 2048
# RFC 6749 §4.1.2.1 and OpenID Connect Core §3.1.2.6: an issuer's error codes,
# logged as they are; any other is logged as "other".
ERROR_CODES = frozenset(
    {
        "invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type",
        "invalid_scope", "server_error", "temporarily_unavailable", "interaction_required",
        "login_required", "account_selection_required", "consent_required",
        "invalid_request_uri", "invalid_request_object", "request_not_supported",
        "request_uri_not_supported", "registration_not_supported",
    }
)  # fmt: skip
LOGGER = logging.getLogger("web.openid")


def routes(web: Web) -> list[BaseRoute]:
    issuer = web.backends.issuer
    if issuer is None:
        return []

    def problem(request: Request, status: int, message: str) -> Response:
        return sign_in_page(web, request, status, errors={"issuer": message})

    unavailable = (
        f"{issuer.name} cannot be reached at the moment. "
        "Try again later, or sign in with your user name and password"
    )
    not_completed = f"Your sign-in with {issuer.name} could not be completed. Try again"
    refused = (
        f"{issuer.name} did not sign you in to MARAC Hub. "
        "Try again, or ask your administrator whether your account may use it"
    )

    async def begin(request: Request) -> Response:
        session = request.state.session
        if session.signed_in:
            return RedirectResponse("/", status_code=303)
        try:
            started = await issuer.start()
        except IssuerUnavailable:
            log(LOGGER, "sign-in not started", reason="issuer unavailable")
            return problem(request, 503, unavailable)
        web.sessions.pend(session, started.state, started.nonce, started.code_verifier)
        return RedirectResponse(started.url, status_code=303)

    async def callback(request: Request) -> Response:
        session, sent = request.state.session, request.query_params
        pending = None
        if session is not None:
            within = timedelta(minutes=FLOW_MINUTES)
            pending = web.sessions.take_pending(session, sent.get("state", ""), within)
        if pending is None:
            log(LOGGER, "sign-in refused", reason="no sign-in of this browser has that state")
            return problem(request, 400, not_completed)
        code = sent.get("code", "")
        if "error" in sent or not code or len(code) > MAX_CODE:
            error = sent.get("error", "")
            log(LOGGER, "sign-in refused", reason="the issuer sent no code",
                error=error if error in ERROR_CODES else "other" if error else "")  # fmt: skip
            return problem(request, 400, refused)
        try:
            signed_in = await issuer.finish(pending, code)
        except IssuerUnavailable:
            log(LOGGER, "sign-in not completed", reason="issuer unavailable")
            return problem(request, 503, unavailable)
        except SignInRefused as refusal:
            log(LOGGER, "sign-in refused", reason=refusal.reason)
            return problem(request, 400, refused)
        request.state.session = web.sessions.sign_in(
            session,
            signed_in.person,
            signed_in.token,
            signed_in.expires_at,
            through_issuer=True,
            refresh_token=signed_in.refresh_token,
        )
        log(LOGGER, "signed in", through="issuer", user=signed_in.person.user_id)
        return RedirectResponse("/", status_code=303)

    return [web.post(START, begin), Route(CALLBACK, callback)]
