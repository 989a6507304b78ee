"""Tokens already verified, so that one person's calls in a row (a page asks RiskView
several times; an agency system polls its case view) do not each pay for a signature
check, a tenth of RiskView's CPU a call. A token is answered from here only while it
has not expired and its issuer's key set still gives the same key for it; anything
else verifies it again from the start."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_TOKENS = 4096  # the most recently verified are kept


@dataclass(frozen=True)
class Verified:
    claims: dict[str, Any]
    kid: str
    key: object  # the key that verified it, as the key source gave it


class VerifiedTokens:
    def __init__(self, max_tokens: int = MAX_TOKENS):
        self._max = max_tokens
        self._lock = threading.Lock()
        self._tokens: OrderedDict[str, Verified] = OrderedDict()

    def claims(
        self, token: str, now: float, leeway: float, same_key: Callable[[str, object], bool]
    ) -> dict[str, Any] | None:
        """The token's claims if it was verified, is not expired at `now` (as PyJWT
        counts it, with `leeway`) and `same_key(kid, key)` holds; otherwise None."""
        with self._lock:
            found = self._tokens.get(token)
        if found is None:
            return None
        if now < found.claims["exp"] + leeway and same_key(found.kid, found.key):
            return found.claims
        with self._lock:
            self._tokens.pop(token, None)
        return None

    def keep(self, token: str, verified: Verified) -> None:
        with self._lock:
            self._tokens[token] = verified
            self._tokens.move_to_end(token)
            while len(self._tokens) > self._max:
                self._tokens.popitem(last=False)
