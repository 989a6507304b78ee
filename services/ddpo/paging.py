"""Paging through the waiting list. A page token is the joining position of the
last person shown: positions are never reused, so a page starts where the last
one ended even when people left or joined in between."""

import base64
import binascii
import json
from dataclasses import dataclass

from services.common.validation import Violations

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_TOKEN = 100
TOKEN_KIND = "ddpo-waiting-list"


@dataclass(frozen=True)
class ListWaitingList:
    page_size: int = 0
    page_token: str = ""

    def validate(self) -> tuple[int, int]:
        """The position after which the page starts, and its size."""
        v = Violations()
        if self.page_size < 0:
            v.add("page_size", "must not be negative")
        after = 0
        if self.page_token:
            decoded = decode_token(self.page_token)
            if decoded is None:
                v.add("page_token", "is not a page token issued for the waiting list")
            else:
                after = decoded
        v.raise_if_any()
        return after, min(self.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def encode_token(position: int) -> str:
    raw = json.dumps([TOKEN_KIND, position]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> int | None:
    if len(token) > MAX_TOKEN:
        return None
    try:
        kind, position = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, TypeError):
        return None
    if kind != TOKEN_KIND or type(position) is not int or not 0 < position < 2**53:
        return None
    return position
