"""People's tokens: short-lived JWTs signed with the directory's current key (EdDSA,
Ed25519), naming the key (`kid`) so that a verifier finds it in the published key
set (JWKS). A token says who (sub: the user id, never a name), for whom (aud), by
whom (iss), when (iat, nbf, exp) and which token (jti), and the person's role and,
for a representative, agency and agency id. RiskView reads the role and agency from
these claims and nothing else.
"""

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from services.common.people import AGENCY_CLAIM, AGENCY_ID_CLAIM, ROLE_CLAIM
from services.identity.domain import User

ALGORITHM = "EdDSA"


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


def new_token_id() -> str:
    return str(uuid.uuid4())


def sign(user: User, key: SigningKey, policy: TokenPolicy, now: datetime, token_id: str) -> str:
    issued = int(now.timestamp())
    claims: dict[str, object] = {
        "iss": policy.issuer,
        "aud": policy.audience,
        "sub": user.user_id,
        "iat": issued,
        "nbf": issued,
        "exp": issued + int(policy.lifetime.total_seconds()),
        "jti": token_id,
        ROLE_CLAIM: user.role,
    }
    if user.agency:
        claims[AGENCY_CLAIM] = user.agency
        claims[AGENCY_ID_CLAIM] = user.agency_id
    return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})
