"""Paging through a list: every list is in a stable order, and a page token is the
position in that order of the last item shown (keyset paging), so a page starts
where the last one ended even when items are added or removed in between. A token
is opaque to callers and names the list (and filters) it was issued for, so it
cannot page through another.

A page holds at most `page_size` items and at most about MAX_PAGE_BYTES of them (by
`size_of`, an estimate of their encoded size): items of a case can be large (an
incident's narrative is up to 40 KB in 4-byte characters), so a count alone would
let 200 of them exceed the 4 MiB a server sends (services.common.grpc_limits). A
page is never empty while items remain, so every list can be read to its end.
"""

import base64
import binascii
import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from services.common.validation import Violations

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_TOKEN = 400
# What one page may hold: a list's own response is a page of one list; a response
# that carries the first page of several lists (GetCase, GetLandlordCase: up to four)
# gives each a smaller share, so together they stay far below the 4 MiB send limit.
MAX_PAGE_BYTES = 1024 * 1024
FIRST_PAGE_BYTES = 256 * 1024

T = TypeVar("T")
Position = tuple[Any, ...]  # str, int and aware datetime parts


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_page_token: str  # empty on the last page


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
    budget: int = MAX_PAGE_BYTES,
    weight: Callable[[T], int] | None = None,
) -> tuple[list[T], str]:
    """One page of `items` (in ascending order of `position`) and the next page's token,
    empty on the last page. The page ends after `size` items, or before the item that
    would take it past `budget` bytes (by `weight`, default `size_of`)."""
    weigh = weight or size_of
    remaining = [item for item in items if after is None or position(item) > after]
    shown: list[T] = []
    used = 0
    for item in remaining[:size]:
        used += weigh(item)
        if shown and used > budget:
            break
        shown.append(item)
    more = len(remaining) > len(shown)
    return shown, _encode(position(shown[-1]), scope) if more else ""


def page_token_after(scope: str, position: Position) -> str:
    """The token of the page after the item at `position` (for a caller that fetched
    one item more than a page to know there is a next one)."""
    return _encode(position, scope)


def page_in_order(
    items: Sequence[T],
    after: Position | None,
    size: int,
    scope: str,
    budget: int = MAX_PAGE_BYTES,
) -> tuple[list[T], str]:
    """A page of a list that only grows at its end: an item's position is its index
    (the order it was recorded in), so items added while a caller pages through it
    come after every page already read and none is shown twice or missed."""
    indexed = list(enumerate(items))
    shown, token = page_of(
        indexed, lambda item: (item[0],), after, size, scope, budget, lambda item: size_of(item[1])
    )
    return [item for _, item in shown], token


def first_page(items: Sequence[T], scope: str) -> tuple[list[T], str]:
    """The first page of a list carried in a response beside others (the incidents in
    GetCase), of the default size and a share of the response; the token continues
    it with the list's own query."""
    return page_in_order(items, None, DEFAULT_PAGE_SIZE, scope, FIRST_PAGE_BYTES)


def size_of(value: Any) -> int:
    """About how many bytes `value` takes encoded in a response, erring high: its
    texts in UTF-8 and a few bytes for each field, scalar and enum (an enum is
    counted also as its name, which deprecated string fields still carry)."""
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass")) + 4
    if isinstance(value, bytes | bytearray):
        return len(value) + 4
    if isinstance(value, Enum):
        return size_of(value.value) + 4
    if value is None:
        return 0
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return 4 + sum(size_of(getattr(value, f.name)) for f in fields)
    if isinstance(value, Mapping):
        return 4 + sum(size_of(k) + size_of(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return 4 + sum(size_of(item) for item in value)
    return 16  # a number, a flag or an instant (a Timestamp is at most 16 bytes)


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
