"""The figures as the partnership asks for them: a request's filters checked, the
figure computed from the figures' read model and published (small numbers
suppressed: figures.published)."""

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from figures.counts import Filters
from figures.published import FIGURES, publish
from figures.records import FigureRecord
from figures.suppression import PublishedTable
from marac.v1 import vocabulary_pb2
from services.common.validation import Violations

KNOWN_STRANDS = frozenset(vocabulary_pb2.Strand.values()) - {vocabulary_pb2.STRAND_UNSPECIFIED}
KNOWN_AGENCIES = frozenset(vocabulary_pb2.AgencyKind.values()) - {
    vocabulary_pb2.AGENCY_KIND_UNSPECIFIED
}
MAX_FILTER_VALUES = 32


@dataclass(frozen=True)
class FigureQuery:
    name: str
    start: datetime | None
    end: datetime | None
    strands: Sequence[int]
    agencies: Sequence[int]

    def filters(self) -> Filters:
        """The query's filters; InvalidRequest naming each bad field (never its value)."""
        v = Violations()
        if self.name not in FIGURES:
            v.add("name", "must be one of the names ListFigures gives")
        if self.start is not None and self.end is not None and self.start >= self.end:
            v.add("period_end", "must be after period_start")
        for path, values, known in (
            ("strands", self.strands, KNOWN_STRANDS),
            ("agencies", self.agencies, KNOWN_AGENCIES),
        ):
            if v.at_most(path, values, MAX_FILTER_VALUES) and not set(values) <= known:
                v.add(path, "must each be a known value, not UNSPECIFIED")
        v.raise_if_any()
        return Filters(self.start, self.end, frozenset(self.strands), frozenset(self.agencies))


# How long the records read for one call serve the calls after it: a page asks for
# its eleven figures at once, and each read of the whole read model costs the same.
RECORDS_FRESH_SECONDS = 2.0
MAX_PUBLISHED = 1000  # figures kept from one read, whatever the filters asked


class SharedRecords:
    """The records `load` reads, read once for every call within `fresh_seconds` of
    the read (the calls waiting for a read get it too): figures a second or two old,
    as the projection's are anyway."""

    def __init__(
        self,
        load: Callable[[], list[FigureRecord]],
        fresh_seconds: float = RECORDS_FRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._load = load
        self._fresh = fresh_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._read_at: float | None = None
        self._records: list[FigureRecord] = []

    def __call__(self) -> list[FigureRecord]:
        with self._lock:
            if self._read_at is None or self._clock() - self._read_at >= self._fresh:
                started = self._clock()
                self._records = self._load()
                self._read_at = started
            return self._records


class PartnershipFigures:
    """Every figure from the records `load` reads, published at `threshold`."""

    def __init__(self, load: Callable[[], list[FigureRecord]], threshold: int):
        self._load = SharedRecords(load)
        self._threshold = threshold
        # Each figure published from the records of one read, computed once for the
        # calls asking the same of them (one lock a question, so they wait for it).
        self._lock = threading.Lock()
        self._read: list[FigureRecord] | None = None
        self._published: dict[tuple[str, Filters], tuple[threading.Lock, list]] = {}

    def names(self) -> list[str]:
        return list(FIGURES)

    def figure(self, query: FigureQuery) -> PublishedTable:
        filters = query.filters()
        records = self._load()
        with self._lock:
            if self._read is not records or len(self._published) >= MAX_PUBLISHED:
                self._read, self._published = records, {}
            computing, found = self._published.setdefault(
                (query.name, filters), (threading.Lock(), [])
            )
        with computing:
            if not found:
                found.append(publish(query.name, records, filters, self._threshold))
            return found[0]
