"""A small OpenID Connect issuer of the tests' own, a Starlette app under uvicorn in
a thread on 127.0.0.1 (plain http: the web app and RiskView accept that on loopback
only): discovery, an authorize endpoint that signs its one person in without asking
and sends the browser back with a code, a token endpoint (the code, with the client
secret and the PKCE verifier, S256; or a refresh token), and its JWKS. Its RS256
keys are made with `cryptography` (tests.people.Issuer).

It issues an ID token for the client (aud = the client id, the nonce) and an access
token for the hub (aud = `hub_audience`, the person's role claims). A test switches
what it does: `lifetime` of the access tokens, `refresh` (give a refresh token),
`refuse` (send back access_denied with a description the web app must not show),
`token_down` (the token endpoint answers 503), `hold` (keep the redirect in
`held` instead of sending the browser back), `id_token_claims` or `forge` (an ID
token the web app must not accept: other claims, or signed by another key)."""

import base64
import hashlib
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from deploy.local.stack import free_port
from tests.people import Issuer

CANARY = "CANARY-issuer-said-this-9f2c"


def challenge_of(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class LocalIssuer:
    person: dict[str, str]
    hub_audience: str
    client_id: str = "marac-web"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    redirect_uri: str = ""  # registered once the web app's address is known
    lifetime: int = 900
    refresh: bool = True
    refuse: bool = False
    token_down: bool = False
    hold: bool = False
    held: str = ""
    id_token_claims: dict[str, Any] = field(default_factory=dict)  # replaced or added
    forge: bool = False  # sign ID tokens with a key not its own, under its key's id
    grants: list[str] = field(default_factory=list)
    port: int = field(default_factory=free_port)
    _codes: dict[str, dict[str, str]] = field(default_factory=dict)
    _refresh_tokens: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.keys = Issuer(issuer=self.url, audience=self.hub_audience, algorithm="RS256")
        self._forger = Issuer(issuer=self.url, audience=self.hub_audience, algorithm="RS256")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(self.keys.jwks())

    async def authorize(self, request: Request) -> Response:
        asked = request.query_params
        if not (
            asked.get("response_type") == "code"
            and asked.get("client_id") == self.client_id
            and asked.get("redirect_uri") == self.redirect_uri
            and "openid" in asked.get("scope", "").split()
            and asked.get("code_challenge_method") == "S256"
            and asked.get("code_challenge")
            and asked.get("state")
            and asked.get("nonce")
        ):
            return HTMLResponse("<p>Bad authorization request</p>", status_code=400)
        if self.refuse:
            back = {"error": "access_denied", "error_description": CANARY}
        else:
            code = secrets.token_urlsafe(24)
            self._codes[code] = {
                "challenge": asked["code_challenge"],
                "nonce": asked["nonce"],
                "redirect_uri": asked["redirect_uri"],
            }
            back = {"code": code}
        target = f"{self.redirect_uri}?{urllib.parse.urlencode({**back, 'state': asked['state']})}"
        if self.hold:
            self.held = target
            return HTMLResponse("<p>Signed in at the test issuer</p>")
        return RedirectResponse(target, status_code=302)

    async def token(self, request: Request) -> Response:
        sent = await request.form()
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if self.token_down:
            return HTMLResponse("<p>Down</p>", status_code=503)
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = str(sent.get("grant_type"))
        self.grants.append(grant)
        nonce = None
        if grant == "authorization_code":
            found = self._codes.pop(str(sent.get("code")), None)
            if (
                found is None
                or sent.get("redirect_uri") != found["redirect_uri"]
                or challenge_of(str(sent.get("code_verifier", ""))) != found["challenge"]
            ):
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            nonce = found["nonce"]
        elif grant == "refresh_token":
            given = str(sent.get("refresh_token"))
            if given not in self._refresh_tokens:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            self._refresh_tokens.discard(given)  # rotated
        else:
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        return JSONResponse(self._tokens(nonce))

    def _tokens(self, nonce: str | None) -> dict[str, Any]:
        access = self.keys.token(self.person, lifetime=self.lifetime)
        made: dict[str, Any] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.lifetime,
        }
        if nonce is not None:
            signer = self._forger if self.forge else self.keys
            made["id_token"] = signer.token(
                {"sub": self.person["sub"]},
                headers={"kid": self.keys.keys[0][0]},
                **{"aud": self.client_id, "nonce": nonce, **self.id_token_claims},
            )
        if self.refresh:
            made["refresh_token"] = secrets.token_urlsafe(24)
            self._refresh_tokens.add(made["refresh_token"])
        return made


class Running:
    """The issuer served by uvicorn from a thread, until `stop`."""

    def __init__(self, issuer: LocalIssuer):
        config = uvicorn.Config(
            issuer.app(), host="127.0.0.1", port=issuer.port, log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            assert time.monotonic() < deadline, "the test issuer did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
