"""The figures as the partnership asks for them: a request's filters checked, the
figure computed from the figures' read model and published (small numbers
suppressed: figures.published)."""

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


class PartnershipFigures:
    """Every figure from the records `load` reads, published at `threshold`."""

    def __init__(self, load: Callable[[], list[FigureRecord]], threshold: int):
        self._load = load
        self._threshold = threshold

    def names(self) -> list[str]:
        return list(FIGURES)

    def figure(self, query: FigureQuery) -> PublishedTable:
        filters = query.filters()
        return publish(query.name, self._load(), filters, self._threshold)
