"""Helpers for tests about people: issuers of tokens held in memory (the project's
own kind, EdDSA, or a stand-in for an external OpenID Connect issuer, ES256 or
RS256, with keys the project did not make), the people RiskView serves as token
claims, the `authorization` metadata, the identity component's key files and an
issuer signing with them, the demo users of a local stack signed in,
and an in-memory user directory."""

import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from marac.v1 import riskview_pb2
from services.identity.domain import User, UserExists
from services.identity.keys import KeyDirectory
from services.identity.settings import DEFAULT_AUDIENCE, DEFAULT_ISSUER

ISSUER = DEFAULT_ISSUER
AUDIENCE = DEFAULT_AUDIENCE

# The people of the tests, as the claims of their tokens (besides the registered ones).
CHAIR = {"sub": "usr_chair-1", "role": "chair"}
IG = {"sub": "usr_ig-1", "role": "ig"}


def representative(agency: str, agency_id: str, sub: str | None = None) -> dict[str, str]:
    return {
        "sub": sub or f"usr_{agency_id}-rep",
        "role": "representative",
        "agency": agency,
        "agency_id": agency_id,
    }


POLICE_REP = representative("police", "police-1", "usr_u-17")

_KEYS = {
    "EdDSA": (lambda: ed25519.Ed25519PrivateKey.generate(), OKPAlgorithm),
    "ES256": (lambda: ec.generate_private_key(ec.SECP256R1()), ECAlgorithm),
    "RS256": (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), RSAAlgorithm),
}


@dataclass
class Issuer:
    """Signs tokens with keys of its own and publishes their public keys (a JWKS)."""

    issuer: str = ISSUER
    audience: str = AUDIENCE
    algorithm: str = "EdDSA"
    keys: list[tuple[str, Any]] = field(default_factory=list)  # (kid, private key), newest first

    def __post_init__(self) -> None:
        if not self.keys:
            self.rotate()

    def rotate(self) -> str:
        """A new signing key, published beside the old ones; returns its kid."""
        make, _ = _KEYS[self.algorithm]
        kid = uuid.uuid4().hex
        self.keys.insert(0, (kid, make()))
        return kid

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        _, algorithm = _KEYS[self.algorithm]
        published = []
        for kid, key in self.keys:
            jwk = algorithm.to_jwk(key.public_key(), as_dict=True)
            published.append({**jwk, "kid": kid, "use": "sig", "alg": self.algorithm})
        return {"keys": published}

    def write_jwks(self, path: Path) -> Path:
        path.write_text(json.dumps(self.jwks()))
        return path

    def token(
        self,
        person: dict[str, Any],
        lifetime: float = 900,
        issued: float | None = None,
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        """A token for `person`, valid from `issued` (default now) for `lifetime` s;
        `claims` replace or add claims (None removes one)."""
        now = int(time.time() if issued is None else issued)
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "nbf": now,
            "exp": now + int(lifetime),
            "jti": str(uuid.uuid4()),
            **person,
            **claims,
        }
        payload = {k: v for k, v in payload.items() if v is not None}
        kid, key = self.keys[0]
        header = {k: v for k, v in {"kid": kid, **(headers or {})}.items() if v is not None}
        return jwt.encode(payload, key, algorithm=self.algorithm, headers=header)


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    """The call metadata that carries the token."""
    return (("authorization", f"Bearer {token}"),)


REUSE_SECONDS = 300  # well within a token's 15 minutes
_signed_in: dict[tuple[str, str], tuple[float, tuple[tuple[str, str], ...]]] = {}


def signed_in(stack, username: str) -> tuple[tuple[str, str], ...]:
    """The call metadata of a demo user of a local stack (deploy.local.people:
    chair, ig, <agency>-rep), with a token its directory signed, reused a while."""
    key = (stack.prefix, username)
    made, metadata = _signed_in.get(key, (0.0, ()))
    if time.monotonic() - made > REUSE_SECONDS:
        metadata = bearer(stack.people.token(username))
        _signed_in[key] = (time.monotonic(), metadata)
    return metadata


def handle_of(stack, subject_key: str) -> str:
    """The handle RiskView gives the subject's agenda item."""
    return stack.people.handle(subject_key)


def own_case_view(riskview: Any, stack: Any, username: str, case_reference: str, seconds: float):
    """A representative's view of their agency's case, once the case is in the shared
    view (a subject on the agenda is no sign: another agency's events can put it
    there first)."""
    request = riskview_pb2.GetCaseViewRequest(case_reference=case_reference)
    deadline = time.monotonic() + seconds
    while True:
        try:
            return riskview.GetCaseView(request, metadata=signed_in(stack, username))
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


class SignedIn:
    """A RiskView stub whose every call carries a demo user's token."""

    def __init__(self, stub: Any, stack: Any, username: str):
        self._stub, self._stack, self._username = stub, stack, username

    def __getattr__(self, rpc: str):
        call = getattr(self._stub, rpc)
        return lambda request, **options: call(
            request, metadata=signed_in(self._stack, self._username), **options
        )


@dataclass(frozen=True)
class RiskViewPeople:
    """A local stack's RiskView as its demo users: `view.as_("chair").ListAgenda(...)`."""

    stub: Any
    stack: Any

    def as_(self, username: str) -> SignedIn:
        return SignedIn(self.stub, self.stack, username)

    def handle(self, subject_key: str) -> str:
        return handle_of(self.stack, subject_key)


class InMemoryUsers:
    """The user directory's store in memory."""

    def __init__(self) -> None:
        self.users: dict[str, User] = {}

    def add(self, user: User) -> None:
        if user.username in self.users:
            raise UserExists()
        self.users[user.username] = user

    def named(self, username: str) -> User | None:
        return self.users.get(username)

    def with_id(self, user_id: str) -> User | None:
        return next((u for u in self.users.values() if u.user_id == user_id), None)

    def replace_hash(self, user_id: str, password_hash: str) -> None:
        for name, user in self.users.items():
            if user.user_id == user_id:
                self.users[name] = User(**{**user.__dict__, "password_hash": password_hash})

    def set_active(self, username: str, active: bool) -> bool:
        user = self.users.get(username)
        if user is None:
            return False
        self.users[username] = User(**{**user.__dict__, "active": active})
        return True


def key_directory(folder: Path) -> KeyDirectory:
    """The identity component's key files, as `python -m services.identity keys` makes."""
    directory = KeyDirectory(folder / "keys")
    directory.ensure()
    return directory


def issuer_of(keys: KeyDirectory) -> Issuer:
    """Signs with the identity component's current key, whatever claims a test needs."""
    key = keys.current()
    return Issuer(keys=[(key.kid, key.private_key)])
