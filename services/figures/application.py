"""The figures as the partnership asks for them: a request's filters checked, the
figure computed from the figures' read model's cells and records (figures.cells)
and published (small numbers suppressed: figures.published)."""

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from figures.cells import Source, publish_from
from figures.counts import Filters
from figures.published import FIGURES
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


# How long a published figure serves the calls after it: a page asks for its eleven
# figures at once, and every analyst's page for the same.
FIGURE_FRESH_SECONDS = 2.0
MAX_PUBLISHED = 1000  # figures kept at once, whatever the filters asked


def in_a_thread(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="figure-refresh", daemon=True).start()


class PartnershipFigures:
    """Every figure from `source`'s cells and records (figures.cells), published at
    `threshold`. Each is computed once for the calls asking the same (those waiting
    for it get it too); once it is `fresh_seconds` old the next call has it computed
    again by `refresh` (by default in a thread of its own) and is answered with it
    as it was meanwhile: figures a few seconds old, as the projection's are anyway,
    and no call waits for a repeat victim's history to be counted again."""

    def __init__(
        self,
        source: Source,
        threshold: int,
        fresh_seconds: float = FIGURE_FRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        refresh: Callable[[Callable[[], None]], None] = in_a_thread,
    ):
        self._source = source
        self._threshold = threshold
        self._fresh = fresh_seconds
        self._clock = clock
        self._refresh = refresh
        self._lock = threading.Lock()
        # (name, filters): a lock a question, held while it is computed, and
        # [(computed at, table)].
        self._published: dict[tuple[str, Filters], tuple[threading.Lock, list]] = {}

    def names(self) -> list[str]:
        return list(FIGURES)

    def figure(self, query: FigureQuery) -> PublishedTable:
        filters = query.filters()
        with self._lock:
            if len(self._published) >= MAX_PUBLISHED:
                self._published = {}
            computing, found = self._published.setdefault(
                (query.name, filters), (threading.Lock(), [])
            )
        if found and self._clock() - found[0][0] >= self._fresh and computing.acquire(False):

            def again() -> None:
                try:
                    self._compute(query.name, filters, found)
                finally:
                    computing.release()

            self._refresh(again)
        if not found:
            with computing:
                if not found:
                    self._compute(query.name, filters, found)
        return found[0][1]

    def _compute(self, name: str, filters: Filters, found: list) -> None:
        started = self._clock()
        found[:] = [(started, publish_from(name, self._source, filters, self._threshold))]
