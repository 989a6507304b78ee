"""Paging through a list on a case that only grows at its end (crimes on a police
case, contacts on a victim support case): the position of the next item is a
stable cursor. A token names the list it was issued for, so it cannot page
through another.
"""

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from services.common.validation import Violations

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_TOKEN = 100

T = TypeVar("T")


@dataclass(frozen=True)
class Cursor:
    start: int
    size: int


def cursor(v: Violations, scope: str, page_size: int, page_token: str) -> Cursor:
    """Where a page starts and how long it is; problems go to `v`."""
    if page_size < 0:
        v.add("page_size", "must not be negative")
    start = 0
    if page_token:
        decoded = _decode(page_token, scope)
        if decoded is None:
            v.add("page_token", "is not a page token issued for this list")
        else:
            start = decoded
    return Cursor(start, min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE))


def page(items: Sequence[T], at: Cursor, scope: str) -> tuple[list[T], str]:
    """The items of one page and the token of the next (empty on the last page)."""
    shown = list(items[at.start : at.start + at.size])
    end = at.start + len(shown)
    return shown, _encode(end, scope) if end < len(items) else ""


def _digest(scope: str) -> str:
    return hashlib.sha256(scope.encode()).hexdigest()[:16]


def _encode(start: int, scope: str) -> str:
    raw = json.dumps([start, _digest(scope)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, scope: str) -> int | None:
    if len(token) > MAX_TOKEN:
        return None
    try:
        start, digest = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, TypeError):
        return None
    if type(start) is not int or not 0 <= start < 2**31 or digest != _digest(scope):
        return None
    return start
