"""The user directory's use cases: add a user, change whether they are active, sign
a person in (name and password) and give them a token, renew a still-valid token of
a still-active user, and give a token for a user without their password
(`token_for`: for the local stack and the tests, which hold the signing key anyway
and so could sign any token). Sign-in is throttled (services.identity.throttle)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from services.identity.domain import (
    REPRESENTATIVE,
    NoSuchUser,
    NotActive,
    SignInRefused,
    User,
    check_user,
    new_user_id,
)
from services.identity.passwords import Passwords
from services.identity.throttle import SignInThrottle
from services.identity.tokens import (
    SigningKey,
    TokenPolicy,
    TokenRefused,
    expiry,
    new_token_id,
    sign,
    verify,
)


class Users(Protocol):
    def add(self, user: User) -> None:
        """Raises UserExists when the name is taken."""

    def named(self, username: str) -> User | None: ...

    def with_id(self, user_id: str) -> User | None: ...

    def replace_hash(self, user_id: str, password_hash: str) -> None: ...

    def set_active(self, username: str, active: bool) -> bool:
        """False when there is no such user."""


class Keys(Protocol):
    def current(self) -> SigningKey: ...

    def kept(self, kid: str) -> SigningKey | None:
        """A key that signs or signed tokens still valid; None for any other id."""


@dataclass(frozen=True)
class Issued:
    token: str
    user_id: str
    expires_at: datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


class Directory:
    def __init__(
        self,
        users: Users,
        passwords: Passwords,
        keys: Keys,
        policy: TokenPolicy,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], str] = new_user_id,
        throttle: SignInThrottle | None = None,
    ):
        self._users = users
        self._passwords = passwords
        self._keys = keys
        self._policy = policy
        self._clock = clock
        self._new_id = new_id
        self._throttle = throttle or SignInThrottle()

    def add_user(
        self, username: str, password: str, role: str, agency: str = "", agency_id: str = ""
    ) -> User:
        check_user(username, role, agency, agency_id)
        if role != REPRESENTATIVE:
            agency = agency_id = ""
        user = User(
            self._new_id(), username, role, agency, agency_id, True, self._passwords.hash(password)
        )
        self._users.add(user)
        return user

    def set_active(self, username: str, active: bool) -> None:
        if not self._users.set_active(username, active):
            raise NoSuchUser()

    def sign_in(self, username: str, password: str, place: str = "") -> Issued:
        """A token for the person, if the password is theirs and they are active;
        TooManyAttempts, unheard, after too many refusals for the name from `place`
        (where the sign-in comes from: services.identity.throttle) or from anywhere."""
        now = self._clock()
        self._throttle.begin(username, place, now)
        try:
            user = self._users.named(username)
            stored = user.password_hash if user else None
            matches = self._passwords.matches(stored, password)
        except BaseException:
            self._throttle.abandoned(username, place)
            raise
        if not matches or user is None or not user.active:
            self._throttle.refused(username, place)
            raise SignInRefused()
        self._throttle.succeeded(username, place)
        if self._passwords.needs_rehash(user.password_hash):
            self._users.replace_hash(user.user_id, self._passwords.hash(password))
        return self._token(user, now, now)

    def renew(self, token: str) -> Issued:
        """A fresh token for the person a valid token of this directory names, while
        they are active and within the policy's longest session since they signed in."""
        now = self._clock()
        claims = verify(token, self._keys.kept, self._policy, now)
        user = self._users.with_id(claims["sub"])
        if user is None or not user.active:
            raise TokenRefused()
        return self._token(user, now, datetime.fromtimestamp(claims["auth_time"], UTC))

    def token_for(self, username: str) -> str:
        """A token for an active user of the directory, without their password."""
        user = self._users.named(username)
        if user is None:
            raise NoSuchUser()
        if not user.active:
            raise NotActive()
        now = self._clock()
        return self._token(user, now, now).token

    def _token(self, user: User, now: datetime, signed_in_at: datetime) -> Issued:
        token = sign(user, self._keys.current(), self._policy, now, new_token_id(), signed_in_at)
        return Issued(token, user.user_id, datetime.fromtimestamp(expiry(self._policy, now), UTC))
