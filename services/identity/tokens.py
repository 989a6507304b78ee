"""People's tokens: short-lived JWTs signed with the directory's current key (EdDSA,
Ed25519), naming the key (`kid`) so that a verifier finds it in the published key
set (JWKS). A token says who (sub: the user id, never a name), for whom (aud), by
whom (iss), when (iat, nbf, exp), which token (jti), when the person signed in
(auth_time, kept through renewals), and the person's role and, for a
representative, agency and agency id. RiskView reads the role and agency from
these claims and nothing else.
"""

import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from services.common.errors import Unauthenticated
from services.common.people import AGENCY_CLAIM, AGENCY_ID_CLAIM, ROLE_CLAIM
from services.identity.domain import User

ALGORITHM = "EdDSA"
LEEWAY_SECONDS = 30  # for clocks a little apart
MAX_TOKEN = 8192


class TokenRefused(Unauthenticated):
    """One refusal for any token that cannot be renewed: it never says why."""

    def __init__(self) -> None:
        super().__init__("the token cannot be renewed; sign in again")


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: Ed25519PrivateKey

    @classmethod
    def new(cls) -> "SigningKey":
        private_key = Ed25519PrivateKey.generate()
        return cls(thumbprint(private_key), private_key)

    def public_jwk(self) -> dict[str, str]:
        jwk = OKPAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}


def thumbprint(private_key: Ed25519PrivateKey) -> str:
    """The public key's JWK thumbprint (RFC 7638), its `kid`."""
    jwk = OKPAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":")
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def key_set(keys: list[SigningKey]) -> dict[str, list[dict[str, str]]]:
    """The public keys as a JWKS document."""
    return {"keys": [key.public_jwk() for key in keys]}


@dataclass(frozen=True)
class TokenPolicy:
    issuer: str
    audience: str
    lifetime: timedelta
    # How long after signing in a person's tokens may still be renewed.
    longest_session: timedelta = timedelta(hours=12)


def new_token_id() -> str:
    return str(uuid.uuid4())


def expiry(policy: TokenPolicy, now: datetime) -> int:
    """The exp of a token signed at `now` (whole seconds, as JWTs count)."""
    return int(now.timestamp()) + int(policy.lifetime.total_seconds())


def sign(
    user: User,
    key: SigningKey,
    policy: TokenPolicy,
    now: datetime,
    token_id: str,
    signed_in_at: datetime | None = None,
) -> str:
    issued = int(now.timestamp())
    claims: dict[str, object] = {
        "iss": policy.issuer,
        "aud": policy.audience,
        "sub": user.user_id,
        "iat": issued,
        "nbf": issued,
        "exp": expiry(policy, now),
        "jti": token_id,
        "auth_time": int((signed_in_at or now).timestamp()),
        ROLE_CLAIM: user.role,
    }
    if user.agency:
        claims[AGENCY_CLAIM] = user.agency
        claims[AGENCY_ID_CLAIM] = user.agency_id
    return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})


def verify(
    token: str,
    key_of: Callable[[str], SigningKey | None],
    policy: TokenPolicy,
    now: datetime,
) -> dict[str, object]:
    """The claims of a token this directory signed that is valid at `now` and whose
    person signed in within the policy's longest session; TokenRefused otherwise."""
    if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN:
        raise TokenRefused()
    try:
        kid = jwt.get_unverified_header(token).get("kid")
        key = key_of(kid) if isinstance(kid, str) else None
        if key is None:
            raise TokenRefused()
        claims = jwt.decode(
            token,
            key.private_key.public_key(),
            algorithms=[ALGORITHM],
            audience=policy.audience,
            issuer=policy.issuer,
            leeway=LEEWAY_SECONDS,
            # The times are checked below against `now`, not PyJWT's own clock.
            options={
                "require": ["iss", "aud", "sub", "iat", "exp", "auth_time"],
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
            },
        )
    except jwt.PyJWTError:
        raise TokenRefused() from None
    moment = now.timestamp()
    signed_in_at = claims["auth_time"]
    if (
        not isinstance(claims["exp"], int | float)
        or not isinstance(signed_in_at, int | float)
        or not isinstance(claims["sub"], str)
        or claims["exp"] <= moment
        or claims.get("nbf", 0) > moment + LEEWAY_SECONDS
        or moment - signed_in_at > policy.longest_session.total_seconds()
    ):
        raise TokenRefused()
    return claims
