"""The web app as a Starlette application: the pages of each area (one module of
services.web.pages each), the GOV.UK Frontend assets served from this process, and
what every request goes through:

- its session, from a signed cookie (`__Host-marac-session`: Secure, HttpOnly,
  SameSite=Lax, path /), renewing the person's token when it is about to expire;
  a session idle past the timeout is over;
- CSRF: every POST route is made by `Web.post`, which refuses (403) a form whose
  `csrf_token` is not its session's (the synchronizer token pattern: the token is
  random per session, kept server-side and compared in constant time; the
  server-side session makes a second cookie, as in the double-submit pattern of
  starlette-csrf, unnecessary);
- who may see the page (`Web.only`): signed out goes to the sign-in page, the wrong
  role gets the "You cannot see this page" page, never the data;
- headers: a Content-Security-Policy with a nonce for the one inline script, forms
  sent only to this origin (and the sign-in page's to the OpenID Connect issuer), no
  framing, no referrer (page addresses carry case references), no caching of pages.
"""

import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path

import grpc
import jinja2
from google.protobuf.timestamp_pb2 import Timestamp
from itsdangerous import BadSignature, Signer
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from services.common.working_days import ENGLAND
from services.web import vocabulary
from services.web.backends import Backends
from services.web.forms import choice_items, date_items
from services.web.measured import Measured
from services.web.openid import IssuerUnavailable, SignInRefused
from services.web.refusals import WebRefusals
from services.web.sessions import Session, Sessions
from shared_view.areas import NO_AREAS, Areas

HERE = Path(__file__).resolve().parent
COOKIE = "__Host-marac-session"
STATIC = ("/assets/", "/govuk/", "/static/")
SIGN_IN = "/sign-in"
Endpoint = Callable[[Request], Awaitable[Response]]


def templates() -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(HERE / "templates"),
                jinja2.PrefixLoader(
                    {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
                ),
            ]
        ),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        # The templates ship with the release: not looked at again on each page (a
        # fifth of rendering the agenda went on it).
        auto_reload=False,
    )
    environment.filters.update(vocabulary.FILTERS)
    environment.filters.update(day=day, at=at, short=short)
    environment.globals.update(date_items=date_items, choice_items=choice_items)
    # The GOV.UK header and footer are the same on every page: rendered once (they
    # were three tenths of rendering the agenda page).
    for name, template in (("govuk_header", "_header.html"), ("govuk_footer", "_footer.html")):
        environment.globals[name] = Markup(environment.get_template(template).render())
    return Jinja2Templates(env=environment)


def day(iso: str) -> str:
    """An ISO 8601 date as people write it: 2 March 2026."""
    try:
        return date.fromisoformat(iso).strftime("%-d %B %Y")
    except ValueError:
        return iso


def at(moment: Timestamp) -> str:
    """A moment as people in England write it: 2 March 2026 at 17:00."""
    if not moment.seconds:
        return "Not yet"
    local = moment.ToDatetime(UTC).astimezone(ENGLAND)
    return local.strftime("%-d %B %Y at %H:%M:%S" if local.second else "%-d %B %Y at %H:%M")


def short(handle: str) -> str:
    """An agenda handle shortened for people to tell items apart (it names no one)."""
    return handle[:8]


@dataclass
class Web:
    """What the pages share: the services, the sessions, the templates and the
    access log, on which each page the app refuses is an entry (its refusals of
    the services are theirs to write)."""

    backends: Backends
    sessions: Sessions
    signer: Signer
    views: Jinja2Templates
    refusals: WebRefusals
    # The partnership's MARAC areas, for a chair to choose an area's agenda.
    areas: Areas = NO_AREAS

    def page(
        self, request: Request, template: str, status: int = 200, **context: object
    ) -> Response:
        session: Session | None = getattr(request.state, "session", None)
        return self.views.TemplateResponse(
            request,
            template,
            {
                "person": session.person if session else None,
                "csrf_token": session.csrf_token if session else "",
                # Forms (services/web/templates/_forms.html) are for signed-in people.
                **({"request_id_for": session.request_id_for} if session else {}),
                "cspNonce": getattr(request.state, "nonce", ""),
                "path": request.url.path,
                **context,
            },
            status_code=status,
        )

    def problem(self, request: Request, status: int, title: str, *lines: str) -> Response:
        return self.page(request, "problem.html", status, title=title, lines=lines)

    def forbidden(self, request: Request) -> Response:
        return self.problem(
            request,
            403,
            "You cannot see this page",
            "Your role does not let you see this page.",
        )

    def only(self, allowed: Callable[[Session], bool], endpoint: Endpoint) -> Endpoint:
        """The endpoint for a signed-in person `allowed` lets in."""

        async def guarded(request: Request) -> Response:
            session: Session | None = request.state.session
            if session is None or not session.signed_in:
                await self.refusals.signed_out(request)
                why = "?timed-out" if request.state.timed_out else ""
                return RedirectResponse(SIGN_IN + why, status_code=303)
            if not allowed(session):
                await self.refusals.not_for_role(request, session.person)
                return self.forbidden(request)
            return await endpoint(request)

        return guarded

    def post(self, path: str, endpoint: Endpoint) -> Route:
        """A POST route; its form must carry the session's CSRF token."""

        async def checked(request: Request) -> Response:
            session: Session | None = request.state.session
            form = await request.form()  # kept by Starlette for the endpoint
            sent = form.get("csrf_token")
            if (
                session is None
                or not isinstance(sent, str)
                or not hmac.compare_digest(sent.encode(), session.csrf_token.encode())
            ):
                await self.refusals.form_refused(request, session.person if session else None)
                return self.problem(
                    request,
                    403,
                    "Your form could not be sent",
                    "The page you sent it from was out of date, or was not this service's.",
                    "Go back, reload the page and try again.",
                )
            return await endpoint(request)

        checked.csrf_checked = True  # type: ignore[attr-defined]
        return Route(path, checked, methods=["POST"])


class Sessioned:
    """Each request's session and nonce, and on its answer the session's cookie and
    the security headers. Pure ASGI middleware, not BaseHTTPMiddleware: its task
    group and its copy of the body stream were an eighth of the web app's CPU a page."""

    def __init__(self, app, web: Web):
        self._app = app
        self._web = web

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(STATIC):
            await self._app(scope, receive, send)
            return
        web = self._web
        request = Request(scope)
        request.state.nonce = secrets.token_urlsafe(16)
        raw = request.cookies.get(COOKIE, "")
        session, timed_out = None, False
        if raw:
            try:
                session, timed_out = web.sessions.find(web.signer.unsign(raw).decode())
            except (BadSignature, UnicodeDecodeError):
                session = None
        if session is not None and session.signed_in and web.sessions.needs_renewal(session):
            session = await self._renewed(session)
        request.state.session = session
        request.state.timed_out = timed_out

        async def answering(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                after: Session | None = request.state.session  # sign-in and sign-out change it
                cookie = Response()  # the cookie's header as Starlette writes it
                if after is not None:
                    cookie.set_cookie(
                        COOKIE,
                        web.signer.sign(after.session_id).decode(),
                        secure=True,
                        httponly=True,
                        samesite="lax",
                        path="/",
                    )
                elif raw:
                    cookie.delete_cookie(
                        COOKIE, secure=True, httponly=True, samesite="lax", path="/"
                    )
                for name, value in cookie.raw_headers:
                    if name == b"set-cookie":
                        headers.raw.append((name, value))
                form_targets = getattr(request.state, "form_targets", ())  # the issuer's sign-in
                headers.update(security_headers(request.state.nonce, form_targets))
            await send(message)

        await self._app(scope, receive, answering)

    async def _renewed(self, session: Session) -> Session | None:
        if session.through_issuer:
            return await self._renewed_by_issuer(session)
        try:
            renewed = await self._web.backends.identity.renew(session.token)
        except grpc.aio.AioRpcError as error:
            if error.code() == grpc.StatusCode.UNAUTHENTICATED:
                self._web.sessions.end(session)  # deactivated, or signed in too long ago
                return None
            return session  # its token is still valid a while: renew next time
        self._web.sessions.renewed(session, renewed.token, renewed.expires_at)
        return session

    async def _renewed_by_issuer(self, session: Session) -> Session | None:
        issuer = self._web.backends.issuer
        assert issuer is not None and session.person is not None
        try:
            renewed = await issuer.renew(session.refresh_token, session.person.user_id)
        except SignInRefused:
            self._web.sessions.end(session)  # the refresh token is no longer good
            return None
        except IssuerUnavailable:
            return session  # its token is still valid a while: renew next time
        self._web.sessions.renewed(
            session, renewed.token, renewed.expires_at, renewed.refresh_token
        )
        return session


def security_headers(nonce: str, form_targets: tuple[str, ...] = ()) -> dict[str, str]:
    form_action = " ".join(("'self'", *form_targets))
    return {
        "Content-Security-Policy": (
            f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
            f"img-src 'self'; font-src 'self'; form-action {form_action}; "
            "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "Strict-Transport-Security": "max-age=31536000",
    }


def create_app(
    web: Web,
    assets: Path,
    pages: Iterable[Callable[[Web], list[BaseRoute]]],
    exception_handlers: dict,
) -> Starlette:
    routes: list[BaseRoute] = [route for area in pages for route in area(web)]
    for route in routes:
        if isinstance(route, Route) and "POST" in (route.methods or ()):
            assert getattr(route.endpoint, "csrf_checked", False), f"{route.path}: use Web.post"
    routes += [
        Mount("/assets", StaticFiles(directory=assets / "assets")),
        Mount("/govuk", StaticFiles(directory=assets)),
        Mount("/static", StaticFiles(directory=HERE / "static")),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(Measured), Middleware(Sessioned, web=web)],
        exception_handlers=exception_handlers,
    )
