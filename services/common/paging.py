"""Paging through a list: every list is in a stable order, and a page token is the
position in that order of the last item shown (keyset paging), so a page starts
where the last one ended even when items are added or removed in between. A token
is opaque to callers and names the list (and filters) it was issued for, so it
cannot page through another.
"""

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from services.common.validation import Violations

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_TOKEN = 400

T = TypeVar("T")
Position = tuple[Any, ...]  # str, int and aware datetime parts


def read_page(
    v: Violations,
    scope: str,
    page_size: int,
    page_token: str,
    shape: Sequence[type],
    largest: int = MAX_PAGE_SIZE,
) -> tuple[Position | None, int]:
    """The position the page starts after (None: the start) and its size; problems
    go to `v`. `shape` is the type of each part of a position of this list."""
    if page_size < 0:
        v.add("page_size", "must not be negative")
    after = None
    if page_token:
        after = _decode(page_token, scope, shape)
        if after is None:
            v.add("page_token", "is not a page token issued for this list")
    return after, min(page_size or DEFAULT_PAGE_SIZE, largest)


def page_of(
    items: Sequence[T],
    position: Callable[[T], Position],
    after: Position | None,
    size: int,
    scope: str,
) -> tuple[list[T], str]:
    """One page of `items` (in ascending order of `position`) and the next page's token,
    empty on the last page."""
    remaining = [item for item in items if after is None or position(item) > after]
    shown = remaining[:size]
    more = len(remaining) > size
    return shown, _encode(position(shown[-1]), scope) if more else ""


def page_token_after(scope: str, position: Position) -> str:
    """The token of the page after the item at `position` (for a caller that fetched
    one item more than a page to know there is a next one)."""
    return _encode(position, scope)


def page_in_order(
    items: Sequence[T], after: Position | None, size: int, scope: str
) -> tuple[list[T], str]:
    """A page of a list that only grows at its end: an item's position is its index."""
    indexed = list(enumerate(items))
    shown, token = page_of(indexed, lambda item: (item[0],), after, size, scope)
    return [item for _, item in shown], token


def _digest(scope: str) -> str:
    return hashlib.sha256(scope.encode()).hexdigest()[:16]


def _encode(position: Position, scope: str) -> str:
    parts = [p.isoformat() if isinstance(p, datetime) else p for p in position]
    raw = json.dumps([_digest(scope), *parts]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, scope: str, shape: Sequence[type]) -> Position | None:
    if len(token) > MAX_TOKEN:
        return None
    try:
        digest, *parts = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, TypeError):
        return None
    if digest != _digest(scope) or len(parts) != len(shape):
        return None
    position = []
    for part, kind in zip(parts, shape, strict=True):
        if kind is datetime:
            try:
                moment = datetime.fromisoformat(part) if isinstance(part, str) else None
            except ValueError:
                return None
            if moment is None or moment.tzinfo is None:
                return None
            position.append(moment)
        elif (kind is int and type(part) is int and 0 <= part < 2**53) or (
            kind is str and isinstance(part, str)
        ):
            position.append(part)
        else:
            return None
    return tuple(position)
