"""The OpenID Connect issuer people may sign in with (MARAC_OIDC_*), through Authlib's
Starlette client over httpx2: discovery from <issuer>/.well-known/openid-configuration
(its `issuer` must be the one configured), the authorization code flow with PKCE
(S256), state and nonce, the code exchanged at the token endpoint with the client
secret, and the ID token verified (signature by the issuer's JWKS, read again for a
key it has not seen; issuer; audience = the client id; nonce; expiry; at_hash).

Which token the hub's services get: the access token. The ID token is for this
client (its audience is the client id) and proves who signed in; the access token
is what an issuer grants for the hub's APIs: a signed JWT (RFC 9068) whose
audience is the hub's (MARAC_TOKEN_AUDIENCE) and which carries the role claims of
services.common.people. RiskView and the meeting service verify it as any token:
MARAC_TOKEN_ISSUER = the issuer, MARAC_TOKEN_KEYS = its jwks_uri. A sign-in whose
access token is not a JWT of the ID token's subject with a role the hub serves is
refused here, rather than by every page. The refresh token, if the issuer gives
one, renews it; the ID tokens a refresh may bring are not used.

Nothing an issuer sends (an error's description, a claim) is shown to the person or
logged; refusals are logged in this module's words.
"""

import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx2
import jwt
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.starlette_client import OAuth
from joserfc.errors import JoseError

from services.common.people import ROLE_CLAIM, ROLES
from services.web.backends import SignedIn, person_of
from services.web.sessions import PendingSignIn
from services.web.settings import OpenIdSettings, web_url

DISCOVERY = "/.well-known/openid-configuration"
# Asymmetric only, as RiskView accepts: no key this client holds could forge a token.
ALGORITHMS = ("EdDSA", "ES256", "ES384", "RS256", "PS256")
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")
LEEWAY_SECONDS = 30


class IssuerUnavailable(Exception):
    """The issuer cannot be reached, or answered as no OpenID Connect issuer would."""


class SignInRefused(Exception):
    """The issuer, or what it sent, does not sign this person in. The reason is ours."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Started:
    """Where to send the person, and what the callback must match."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def origin(url: str) -> str:
    parsed = urllib.parse.urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"


class OpenIdIssuer:
    def __init__(self, settings: OpenIdSettings, timeout: float = 5.0, cooldown: float = 10.0):
        self._settings = settings
        self._cooldown = cooldown
        self._failed_at = -cooldown
        self._client = OAuth().register(
            "issuer",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.issuer.rstrip("/") + DISCOVERY,
            client_kwargs={
                "scope": settings.scope,
                "code_challenge_method": "S256",
                "timeout": timeout,
            },
        )

    @property
    def name(self) -> str:
        return self._settings.name

    def form_targets(self) -> tuple[str, ...]:
        """The origins a sign-in form's redirect goes to (its page's CSP form-action)."""
        found = {origin(self._settings.issuer)}
        endpoint = self._client.server_metadata.get("authorization_endpoint")
        if endpoint:
            found.add(origin(endpoint))
        return tuple(sorted(found))

    async def discover(self) -> dict[str, Any]:
        """The issuer's metadata, read once; after a failure, not asked again for
        `cooldown` seconds."""
        metadata = self._client.server_metadata
        if "_loaded_at" in metadata:
            return metadata
        if time.monotonic() - self._failed_at < self._cooldown:
            raise IssuerUnavailable()
        try:
            await self._client.load_server_metadata()
            _check(metadata, self._settings.issuer)
        except (httpx2.HTTPError, ValueError, TypeError, KeyError) as failed:
            metadata.clear()
            self._failed_at = time.monotonic()
            raise IssuerUnavailable() from failed
        # Authlib verifies ID tokens with the algorithms the metadata lists.
        metadata["id_token_signing_alg_values_supported"] = [
            a
            for a in metadata.get("id_token_signing_alg_values_supported") or []
            if a in ALGORITHMS
        ] or ["RS256"]
        return metadata

    async def start(self) -> Started:
        await self.discover()
        started = await self._client.create_authorization_url(
            redirect_uri=self._settings.redirect_uri
        )
        return Started(started["url"], started["state"], started["nonce"], started["code_verifier"])

    async def finish(self, pending: PendingSignIn, code: str) -> SignedIn:
        """The person the callback's code signs in, once its ID token verifies."""
        await self.discover()
        token = await self._tokens(
            redirect_uri=self._settings.redirect_uri,
            code=code,
            code_verifier=pending.code_verifier,
        )
        if "id_token" not in token:
            raise SignInRefused("the issuer gave no ID token")
        try:
            identity = await self._client.parse_id_token(
                token, nonce=pending.nonce, leeway=LEEWAY_SECONDS
            )
        except JoseError as failed:
            raise SignInRefused(f"the ID token does not verify ({type(failed).__name__})") from None
        except httpx2.HTTPError as failed:  # its JWKS
            raise IssuerUnavailable() from failed
        return _signed_in(token, str(identity["sub"]))

    async def renew(self, refresh_token: str, user_id: str) -> SignedIn:
        token = await self._tokens(grant_type="refresh_token", refresh_token=refresh_token)
        return _signed_in(token, user_id)

    async def _tokens(self, **asked: str) -> dict[str, Any]:
        try:
            return await self._client.fetch_access_token(**asked)
        except AuthlibBaseError:
            raise SignInRefused("the token endpoint refused") from None
        except (httpx2.HTTPError, ValueError) as failed:
            raise IssuerUnavailable() from failed


def _check(metadata: dict[str, Any], issuer: str) -> None:
    """OpenID Connect Discovery 1.0 §4.3: the metadata is the configured issuer's."""
    if metadata.get("issuer") != issuer:
        raise ValueError("the metadata names another issuer")
    for endpoint in ENDPOINTS:
        web_url(str(metadata[endpoint]))  # https (http on loopback), or ValueError


def _signed_in(token: dict[str, Any], user_id: str) -> SignedIn:
    access = token.get("access_token")
    try:
        claims = jwt.decode(str(access), options={"verify_signature": False})
    except jwt.PyJWTError:
        raise SignInRefused("its access token is not a JWT") from None
    if claims.get("sub") != user_id:
        raise SignInRefused("its access token names another subject")
    if claims.get(ROLE_CLAIM) not in ROLES:
        raise SignInRefused("its access token names no role the hub serves")
    expires = claims.get("exp")
    if not isinstance(expires, int | float):
        raise SignInRefused("its access token has no expiry")
    return SignedIn(
        person_of(claims),
        str(access),
        datetime.fromtimestamp(expires, UTC),
        str(token.get("refresh_token") or ""),
    )
