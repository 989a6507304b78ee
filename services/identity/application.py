"""The user directory's use cases: add a user, change whether they are active, sign
a person in (name and password) and give them a token, and give a token for a
user without their password (`token_for`: for the local stack and the tests, which
hold the signing key anyway and so could sign any token)."""

from collections.abc import Callable
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
from services.identity.tokens import SigningKey, TokenPolicy, new_token_id, sign


class Users(Protocol):
    def add(self, user: User) -> None:
        """Raises UserExists when the name is taken."""

    def named(self, username: str) -> User | None: ...

    def replace_hash(self, user_id: str, password_hash: str) -> None: ...

    def set_active(self, username: str, active: bool) -> bool:
        """False when there is no such user."""


class Keys(Protocol):
    def current(self) -> SigningKey: ...


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
    ):
        self._users = users
        self._passwords = passwords
        self._keys = keys
        self._policy = policy
        self._clock = clock
        self._new_id = new_id

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

    def sign_in(self, username: str, password: str) -> str:
        """A token for the person, if the password is theirs and they are active."""
        user = self._users.named(username)
        stored = user.password_hash if user else None
        if not self._passwords.matches(stored, password) or user is None or not user.active:
            raise SignInRefused()
        if self._passwords.needs_rehash(user.password_hash):
            self._users.replace_hash(user.user_id, self._passwords.hash(password))
        return self._token(user)

    def token_for(self, username: str) -> str:
        """A token for an active user of the directory, without their password."""
        user = self._users.named(username)
        if user is None:
            raise NoSuchUser()
        if not user.active:
            raise NotActive()
        return self._token(user)

    def _token(self, user: User) -> str:
        return sign(user, self._keys.current(), self._policy, self._clock(), new_token_id())
