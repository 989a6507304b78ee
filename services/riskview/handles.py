"""Agenda items' handles: what a chair opens an item by, instead of the subject's
match key, which never leaves RiskView.

A handle is the match key encrypted deterministically (AES-SIV, RFC 5297) under a
key only RiskView holds (MARAC_HANDLE_KEY; and the audit service, whose ledger
holds the match keys already, to read the handles the access log records), in
URL-safe base64: the same subject
has the same handle each time it is listed, RiskView turns a handle back into the
match key without storing anything, and a client can neither read the match key
from it nor make a valid handle for a match key it knows (the authentication tag
fails). Changing the key makes every earlier handle unknown.
"""

import base64
import binascii
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

SUBJECT_KEY = re.compile(r"[0-9a-f]{64}")
# 48 bytes (16 of tag, 32 of match key) in URL-safe base64 without padding.
HANDLE = re.compile(r"[A-Za-z0-9_-]{64}")
CONTEXT = [b"marac.v1.AgendaItem.handle"]


class Handles:
    def __init__(self, key: bytes):
        self._siv = AESSIV(key)  # 32 bytes: AES-128-SIV; 64 bytes: AES-256-SIV

    def of(self, subject_key: str) -> str:
        sealed = self._siv.encrypt(bytes.fromhex(subject_key), CONTEXT)
        return base64.urlsafe_b64encode(sealed).decode().rstrip("=")

    def subject_of(self, handle: str) -> str | None:
        """The match key a handle stands for; None when RiskView did not make it."""
        if not HANDLE.fullmatch(handle):
            return None
        try:
            opened = self._siv.decrypt(base64.urlsafe_b64decode(handle), CONTEXT)
        except (InvalidTag, binascii.Error, ValueError):
            return None
        return opened.hex()
