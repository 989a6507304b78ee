"""Who calls a service that serves people (RiskView, the meeting service, the audit
service, the figures): a person, proven by a signed, short-lived token (a JWT) in the
call's `authorization: Bearer <token>` metadata, verified with PyJWT against the
issuer's public keys: a JWKS file (the local identity component's) or a JWKS URL
(an OpenID Connect issuer's `jwks_uri`), cached and read again when a token names a
key not in it (the issuer rotated its keys).

A token that does not prove who the caller is (missing, malformed, expired, not yet
valid, of another issuer or audience, signed by a key not in the set or with an
algorithm not accepted, valid for longer than accepted) is refused as
Unauthenticated (UNAUTHENTICATED). A token that does, but names a role the service
does not serve, or a representative without a known agency, is refused as
PermissionDenied (PERMISSION_DENIED): the issuer vouched for the person, who is not
someone the service serves; asking again with the same identity cannot help, and the
person, not the credential, is what to fix. Every refusal is logged with the method
and the reason (and, once the signature is verified, the user id), never the token.
"""

import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import grpc
import jwt

from marac.v1 import access_log_pb2
from services.agencies import BY_NAME
from services.common import access_log
from services.common.callers import CHAIR as CHAIR_ROLE
from services.common.callers import IG_STAFF, Caller
from services.common.callers import REPRESENTATIVE as REPRESENTATIVE_ROLE
from services.common.errors import PermissionDenied, Unauthenticated, Unavailable
from services.common.grpc_errors import KERNEL_FIELDS, Fields, answer
from services.common.logs import log
from services.common.people import (
    AGENCY_CLAIM,
    AGENCY_ID,
    AGENCY_ID_CLAIM,
    CHAIR,
    IG,
    REPRESENTATIVE,
    ROLE_CLAIM,
)
from services.common.settings import seconds, setting, text
from services.common.verified_tokens import Verified, VerifiedTokens

T = TypeVar("T")
# The roles served unless a service names its own (the figures do).
ROLES = {CHAIR: CHAIR_ROLE, REPRESENTATIVE: REPRESENTATIVE_ROLE, IG: IG_STAFF}
# Asymmetric algorithms only: a verifier holds no secret a token could be forged with.
ACCEPTABLE_ALGORITHMS = frozenset({"EdDSA", "ES256", "ES384", "RS256", "PS256"})
MAX_TOKEN = 8192
MAX_SUBJECT = 255  # OpenID Connect: at most 255 ASCII characters
REQUIRED = ["iss", "aud", "sub", "iat", "exp"]
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
NO_TOKEN = "no authorization metadata"
EXPIRED = "it has expired"


class TokenRefused(Unauthenticated):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the authorization token was refused: {reason}")


class KeysUnavailable(Unavailable):
    def __init__(self) -> None:
        super().__init__("the token issuer's public keys cannot be read now; retry")


class UnknownKey(Exception):
    """The key set has no key of this id, even read again."""


class KeySource(Protocol):
    def key(self, kid: str) -> jwt.PyJWK:
        """The key of this id; UnknownKey, or KeysUnavailable when the set cannot be read."""


class KeySet:
    """Keys held in memory (a JWKS document)."""

    def __init__(self, document: dict[str, Any]):
        try:
            found = jwt.PyJWKSet.from_dict(document).keys
        except jwt.PyJWTError:
            found = []  # a set with no usable key accepts no token
        self._keys = {k.key_id: k for k in found if k.key_id and k.public_key_use in ("sig", None)}

    def key(self, kid: str) -> jwt.PyJWK:
        if kid not in self._keys:
            raise UnknownKey()
        return self._keys[kid]


class JwksFile:
    """A JWKS file, read again when a token names a key not in it and the file changed."""

    def __init__(self, path: Path):
        self._path = path
        self._lock = threading.Lock()
        self._keys = KeySet({"keys": []})
        self._read_at: tuple[int, int] | None = None

    def key(self, kid: str) -> jwt.PyJWK:
        with self._lock:
            try:
                return self._keys.key(kid)
            except UnknownKey:
                self._read_if_changed()
                return self._keys.key(kid)

    def _read_if_changed(self) -> None:
        try:
            stat = self._path.stat()
            changed = (stat.st_mtime_ns, stat.st_size) != self._read_at
            if changed:
                self._keys = KeySet(json.loads(self._path.read_text()))
                self._read_at = (stat.st_mtime_ns, stat.st_size)
        except (OSError, ValueError):
            raise KeysUnavailable() from None


class JwksUrl:
    """An issuer's JWKS endpoint, fetched by PyJWT's client: cached for five minutes and
    fetched again for a key not in it, at most once per `cooldown` seconds."""

    def __init__(self, url: str, cooldown: float, timeout: float = 5.0):
        self._client = jwt.PyJWKClient(
            url, cache_jwk_set=True, lifespan=300, timeout=timeout, cooldown_duration=cooldown
        )

    def key(self, kid: str) -> jwt.PyJWK:
        try:
            return self._client.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError:
            raise KeysUnavailable() from None
        except (jwt.PyJWKClientError, jwt.PyJWKSetError):
            raise UnknownKey() from None


def key_source(where: str, cooldown: float) -> KeySource:
    """A file path, or an https URL (http only on loopback, for a local issuer)."""
    parsed = urllib.parse.urlparse(where)
    if parsed.scheme == "https" or (parsed.scheme == "http" and parsed.hostname in LOOPBACK):
        return JwksUrl(where, cooldown)
    if parsed.scheme:
        raise ValueError("keys are a file path or an https URL")
    return JwksFile(Path(where))


def valid_key_location(raw: str) -> str:
    """For the settings: an absolute file path or an https URL."""
    where = raw.strip()
    parsed = urllib.parse.urlparse(where)
    if parsed.scheme == "https" and parsed.hostname:
        return where
    if parsed.scheme == "http" and parsed.hostname in LOOPBACK:
        return where
    if not parsed.scheme and Path(where).is_absolute():
        return where
    raise ValueError


def algorithms(raw: str) -> frozenset[str]:
    chosen = frozenset(a.strip() for a in raw.split(",") if a.strip())
    if not chosen or not chosen <= ACCEPTABLE_ALGORITHMS:
        raise ValueError
    return chosen


@dataclass(frozen=True)
class TokenRules:
    issuer: str
    audience: str
    algorithms: frozenset[str] = frozenset({"EdDSA", "ES256", "RS256"})
    leeway_seconds: float = 30.0  # for clocks a little apart
    max_lifetime_seconds: float = 3600.0  # exp - iat: only short-lived tokens


@dataclass(frozen=True)
class PeopleSettings:
    """Whose tokens a service accepts, from the environment (MARAC_TOKEN_*): RiskView's
    and the meeting service's alike."""

    rules: TokenRules
    keys: str
    keys_cooldown: float

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "PeopleSettings":
        return cls(
            rules=TokenRules(
                issuer=setting(env, "MARAC_TOKEN_ISSUER", text, "the tokens' issuer (iss)"),
                audience=setting(env, "MARAC_TOKEN_AUDIENCE", text, "the tokens' audience (aud)"),
                algorithms=setting(
                    env,
                    "MARAC_TOKEN_ALGORITHMS",
                    algorithms,
                    "comma-separated asymmetric JWS algorithms (EdDSA, ES256, ES384, RS256, PS256)",
                    TokenRules.algorithms,
                ),
                max_lifetime_seconds=setting(
                    env, "MARAC_TOKEN_MAX_LIFETIME", seconds, "a number of seconds", 3600.0
                ),
            ),
            keys=setting(
                env,
                "MARAC_TOKEN_KEYS",
                valid_key_location,
                "the issuer's public keys: an absolute JWKS file path or an https URL",
            ),
            keys_cooldown=setting(
                env, "MARAC_TOKEN_KEYS_COOLDOWN", seconds, "a number of seconds", 30.0
            ),
        )

    def people(self, logger: logging.Logger, roles: Mapping[str, int] = ROLES) -> "People":
        return People(self.rules, key_source(self.keys, self.keys_cooldown), logger, roles)


class People:
    """Verifies the token of each call and says who the caller is."""

    def __init__(
        self,
        rules: TokenRules,
        keys: KeySource,
        logger: logging.Logger,
        roles: Mapping[str, int] = ROLES,  # the token's roles served, as CallerRoles
    ):
        self._rules = rules
        self._keys = keys
        self._logger = logger
        self._roles = roles
        self._known = VerifiedTokens()

    def caller(self, metadata: Sequence[tuple[str, Any]] | None, rpc: str) -> Caller:
        """The person the token proves, noted for the access log (and, refused, why)."""
        try:
            claims = self._verified(_bearer_token(metadata))
        except TokenRefused as refused:
            log(self._logger, "caller refused", rpc=rpc, reason=refused.reason)
            access_log.refused_because(_reason_code(refused.reason))
            raise
        except KeysUnavailable:
            log(self._logger, "caller not verified", rpc=rpc, reason="keys unavailable")
            raise
        try:
            caller = _caller_of(claims, self._rules.issuer, self._roles)
        except PermissionDenied as refused:
            log(self._logger, "caller refused", rpc=rpc, reason=str(refused), user=claims["sub"])
            access_log.person(claims["sub"])
            access_log.refused_because(access_log_pb2.REFUSAL_REASON_ROLE_NOT_SERVED)
            raise
        access_log.person(caller.user_id, caller.role, caller.agency, caller.agency_id)
        return caller

    def _verified(self, token: str) -> dict[str, Any]:
        known = self._known.claims(token, time.time(), self._rules.leeway_seconds, self._same_key)
        if known is not None:
            return known
        claims, kid, key = self._verify(token)
        self._known.keep(token, Verified(claims, kid, key))
        return claims

    def _same_key(self, kid: str, key: object) -> bool:
        try:
            return self._keys.key(kid) is key
        except (UnknownKey, KeysUnavailable):
            return False

    def _verify(self, token: str) -> tuple[dict[str, Any], str, jwt.PyJWK]:
        rules = self._rules
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise TokenRefused("not a signed token") from None
        kid, alg = header.get("kid"), header.get("alg")
        if not isinstance(kid, str) or not kid:
            raise TokenRefused("it names no signing key (kid)")
        if alg not in rules.algorithms:
            raise TokenRefused("its algorithm is not accepted")
        try:
            key = self._keys.key(kid)
        except UnknownKey:
            raise TokenRefused("it is not signed by a key of the issuer") from None
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=rules.audience,
                issuer=rules.issuer,
                leeway=rules.leeway_seconds,
                options={"require": REQUIRED, "verify_sub": True},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRefused(EXPIRED) from None
        except jwt.ImmatureSignatureError:
            raise TokenRefused("it is not valid yet") from None
        except jwt.InvalidAudienceError:
            raise TokenRefused("it is not for this service (audience)") from None
        except jwt.InvalidIssuerError:
            raise TokenRefused("it is not from the accepted issuer") from None
        except jwt.InvalidSignatureError:
            raise TokenRefused("its signature does not verify") from None
        except jwt.InvalidAlgorithmError:
            raise TokenRefused("its algorithm is not that of its key") from None
        except jwt.MissingRequiredClaimError:
            raise TokenRefused("it lacks a required claim") from None
        except jwt.PyJWTError:
            raise TokenRefused("its claims are malformed") from None
        if not isinstance(claims["exp"], int | float) or not isinstance(claims["iat"], int | float):
            raise TokenRefused("its claims are malformed")
        if claims["exp"] - claims["iat"] > rules.max_lifetime_seconds:
            raise TokenRefused("it is valid for longer than accepted")
        subject = claims["sub"]
        if not (0 < len(subject) <= MAX_SUBJECT and subject.isascii() and subject.isprintable()):
            raise TokenRefused("its subject is malformed")
        return claims, kid, key


def _reason_code(reason: str) -> int:
    if reason == NO_TOKEN:
        return access_log_pb2.REFUSAL_REASON_NO_TOKEN
    if reason == EXPIRED:
        return access_log_pb2.REFUSAL_REASON_TOKEN_EXPIRED
    return access_log_pb2.REFUSAL_REASON_TOKEN_INVALID


def _bearer_token(metadata: Sequence[tuple[str, Any]] | None) -> str:
    values = [v for k, v in metadata or () if k.lower() == "authorization"]
    if not values:
        raise TokenRefused(NO_TOKEN)
    if len(values) > 1:
        raise TokenRefused("more than one authorization metadata")
    (value,) = values
    if not isinstance(value, str) or len(value) > MAX_TOKEN:
        raise TokenRefused("not a bearer token")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenRefused("not a bearer token")
    return token.strip()


def _caller_of(claims: dict[str, Any], issuer: str, roles: Mapping[str, int]) -> Caller:
    role = claims.get(ROLE_CLAIM)
    if not isinstance(role, str) or role not in roles:
        raise PermissionDenied("the token names no role that this service serves")
    if role != REPRESENTATIVE:
        return Caller(roles[role], 0, "", claims["sub"], issuer)
    agency, agency_id = claims.get(AGENCY_CLAIM), claims.get(AGENCY_ID_CLAIM)
    if not isinstance(agency, str) or agency not in BY_NAME:
        raise PermissionDenied("the token names no known agency for the representative")
    if not isinstance(agency_id, str) or not AGENCY_ID.fullmatch(agency_id):
        raise PermissionDenied("the token names no valid agency id for the representative")
    return Caller(roles[role], BY_NAME[agency].kind, agency_id, claims["sub"], issuer)


async def answer_as_person(
    context: grpc.aio.ServicerContext,
    people: "People",
    logger: logging.Logger,
    rpc: str,
    work: Callable[[Caller], T],
    roles: frozenset[int] | None = None,
    fields: Fields = KERNEL_FIELDS,
) -> T:
    """The work for the person the call's token names, answered as the one table
    says (services.common.grpc_errors); a person whose role may not call `rpc`
    (`roles`, when given) is refused before the request is read. A refusal of the
    person is logged with their user id."""
    metadata = context.invocation_metadata()

    def for_caller() -> T:
        caller = people.caller(metadata, rpc)
        try:
            if roles is not None and caller.role not in roles:
                access_log.refused_because(access_log_pb2.REFUSAL_REASON_ROLE_NOT_PERMITTED)
                raise PermissionDenied("the caller's role may not do this")
            return work(caller)
        except PermissionDenied as refused:
            log(logger, "caller refused", rpc=rpc, reason=str(refused), user=caller.user_id)
            raise

    return await answer(context, for_caller, logger, rpc, fields)
