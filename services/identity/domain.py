"""The user directory's domain: who may sign in to MARAC Hub and as what.

A user has an opaque user id the directory makes (the `sub` of their tokens, so no
token, disclosure or log carries a name), a sign-in name, one role (a MARAC chair,
an agency's representative, or IG staff), for a representative the agency kind
(an entry of services.agencies) and the agency's id, and an active flag: a user who
is not active cannot sign in or be given a token. Passwords are kept only as
argon2id hashes (services.identity.passwords).
"""

import re
import secrets
from dataclasses import dataclass

from services.agencies import BY_NAME
from services.common.errors import Unauthenticated
from services.common.people import AGENCY_ID, ANALYST, CHAIR, IG, REPRESENTATIVE, ROLES

__all__ = ["ANALYST", "CHAIR", "IG", "REPRESENTATIVE", "ROLES"]

# A sign-in name: lower-case letters, digits and '.', '_', '-'.
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
# What the directory makes: `usr_` and 22 random URL-safe characters.
USER_ID = re.compile(r"usr_[A-Za-z0-9_-]{22}")


class DirectoryError(Exception):
    """A refusal of the directory; the message names what, never a value."""


class InvalidUser(DirectoryError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class UserExists(DirectoryError):
    def __init__(self) -> None:
        super().__init__("a user with this name is already in the directory")


class NoSuchUser(DirectoryError):
    def __init__(self) -> None:
        super().__init__("no user with this name in the directory")


class SignInRefused(DirectoryError, Unauthenticated):
    """The same refusal for an unknown name, a wrong password and an inactive user,
    so that it tells no one which names exist."""

    def __init__(self) -> None:
        super().__init__("sign-in refused: unknown user, wrong password or inactive user")


class NotActive(DirectoryError):
    def __init__(self) -> None:
        super().__init__("the user is not active")


@dataclass(frozen=True)
class User:
    user_id: str
    username: str
    role: str
    agency: str  # an agency's registry name, for a representative; else ""
    agency_id: str  # for a representative; else ""
    active: bool
    password_hash: str


def new_user_id() -> str:
    return f"usr_{secrets.token_urlsafe(16)}"


def check_user(username: str, role: str, agency: str, agency_id: str) -> None:
    """Raises InvalidUser naming every problem with the user's details."""
    problems = []
    if not USERNAME.fullmatch(username):
        problems.append(
            "username must be 1-64 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    if role not in ROLES:
        problems.append(f"role must be one of {', '.join(ROLES)}")
    if role == REPRESENTATIVE:
        if agency not in BY_NAME:
            problems.append(f"agency must be one of {', '.join(sorted(BY_NAME))}")
        if not AGENCY_ID.fullmatch(agency_id):
            problems.append(
                "agency id must be 1-64 lower-case letters, digits, '_' or '-', "
                "starting with a letter or digit"
            )
    elif agency or agency_id:
        problems.append("only a representative has an agency and an agency id")
    if problems:
        raise InvalidUser(problems)
