"""RiskView queries over the shared read model: validation, paging, not-found."""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Protocol

from marac.v1 import vocabulary_pb2
from projections.read_model import RiskPosition, position
from projections.risk_summary import RiskSummary
from services.common.grpc_server import NotFound
from services.common.validation import Violations

SUBJECT_KEY = re.compile(r"[0-9a-f]{64}")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_TOKEN = 200
RISK_LEVELS = frozenset(vocabulary_pb2.RiskLevel.values())


class SummaryReader(Protocol):
    def summary(self, subject_key: str) -> RiskSummary | None: ...

    def by_risk(
        self, min_level: int, after: RiskPosition | None, limit: int
    ) -> list[RiskSummary]: ...


@dataclass(frozen=True)
class Page:
    summaries: list[RiskSummary]
    next_page_token: str  # empty on the last page


class RiskView:
    def __init__(self, reader: SummaryReader):
        self._reader = reader

    def subject_summary(self, subject_key: str) -> RiskSummary:
        problems = Violations()
        if not subject_key:
            problems.add("subject_key", "is required")
        elif not SUBJECT_KEY.fullmatch(subject_key):
            problems.add("subject_key", "must be a match key: 64 lowercase hexadecimal characters")
        problems.raise_if_any()
        summary = self._reader.summary(subject_key)
        if summary is None:
            raise NotFound("no shared record for this subject key")
        return summary

    def subjects_by_risk(self, min_risk_level: int, page_size: int, page_token: str) -> Page:
        problems = Violations()
        if min_risk_level not in RISK_LEVELS:
            problems.add("min_risk_level", "is not a known risk level")
        if page_size < 0:
            problems.add("page_size", "must not be negative")
        after = None
        if page_token:
            after = decode_token(page_token)
            if after is None:
                problems.add("page_token", "is not a page token this service issued")
        problems.raise_if_any()
        size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        rows = self._reader.by_risk(min_risk_level, after, size + 1)
        more = len(rows) > size
        rows = rows[:size]
        return Page(rows, encode_token(position(rows[-1])) if more else "")


# A page token is the keyset position of the last row shown, opaque to callers.
def encode_token(after: RiskPosition) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(after)).encode()).decode().rstrip("=")


def decode_token(token: str) -> RiskPosition | None:
    if len(token) > MAX_TOKEN:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        level, count, key = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        return None
    if (
        type(level) is not int
        or type(count) is not int
        or not isinstance(key, str)
        or not 0 <= level < 2**31
        or not 0 <= count < 2**31
        or not SUBJECT_KEY.fullmatch(key)
    ):
        return None
    return (level, count, key)
