"""Wires the directory to its adapters: the one place the CLI, the local stack and
the tests get a Directory from settings."""

from collections.abc import Iterator
from contextlib import contextmanager

from services.identity.application import Directory
from services.identity.keys import KeyDirectory, NoSigningKey
from services.identity.passwords import Passwords
from services.identity.settings import IdentitySettings
from services.identity.store import PostgresUsers


class NoKeys:
    """For a directory that signs nothing (adding and (de)activating users)."""

    def current(self):
        raise NoSigningKey()


@contextmanager
def directory(
    settings: IdentitySettings, passwords: Passwords | None = None
) -> Iterator[Directory]:
    """The directory, for as long as the caller needs it (its connections closed after)."""
    keys = KeyDirectory(settings.key_dir) if settings.key_dir is not None else NoKeys()
    users = PostgresUsers(settings.dsn)
    try:
        yield Directory(users, passwords or Passwords(), keys, settings.policy)
    finally:
        users.close()


def sign_token(settings: IdentitySettings, username: str) -> str:
    """A token for an active user of the directory, for the local stack's operator and
    the tests (who hold the signing key, so a password would prove nothing more)."""
    with directory(settings) as people:
        return people.token_for(username)
