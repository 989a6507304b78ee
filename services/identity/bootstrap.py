"""Wires the directory to its adapters: the one place the CLI, the local stack and
the tests get a Directory from settings."""

from services.identity.application import Directory
from services.identity.keys import KeyDirectory, NoSigningKey
from services.identity.passwords import Passwords
from services.identity.settings import IdentitySettings
from services.identity.store import PostgresUsers


class NoKeys:
    """For a directory that signs nothing (adding and (de)activating users)."""

    def current(self):
        raise NoSigningKey()


def directory(settings: IdentitySettings, passwords: Passwords | None = None) -> Directory:
    keys = KeyDirectory(settings.key_dir) if settings.key_dir is not None else NoKeys()
    return Directory(PostgresUsers(settings.dsn), passwords or Passwords(), keys, settings.policy)


def sign_token(settings: IdentitySettings, username: str) -> str:
    """A token for an active user of the directory, for the local stack's operator and
    the tests (who hold the signing key, so a password would prove nothing more)."""
    return directory(settings).token_for(username)
