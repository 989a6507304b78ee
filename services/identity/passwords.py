"""Passwords, kept only as argon2id hashes (argon2-cffi; its default parameters are
RFC 9106's second recommended profile: 3 passes over 64 MiB, 4 lanes). A hash made
with weaker parameters than the current ones is replaced at the next sign-in."""

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024


class WeakPassword(ValueError):
    def __init__(self) -> None:
        super().__init__(f"the password must be {MIN_LENGTH} to {MAX_LENGTH} characters long")


class Passwords:
    def __init__(self, hasher: PasswordHasher | None = None):
        self._hasher = hasher or PasswordHasher(type=Type.ID)
        if self._hasher.type is not Type.ID:
            raise ValueError("passwords are hashed with argon2id")
        self._decoy: str | None = None

    def hash(self, password: str) -> str:
        if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
            raise WeakPassword()
        return self._hasher.hash(password)

    def matches(self, stored: str | None, password: str) -> bool:
        if len(password) > MAX_LENGTH:
            return False
        if stored is None and self._decoy is None:
            # Verified when the name is unknown, so that sign-in takes as long either way.
            self._decoy = self._hasher.hash("not a password of anyone")
        try:
            return self._hasher.verify(stored or self._decoy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)
