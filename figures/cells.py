"""A figure for a period without counting every record: the additive figures'
cells, and the other figures' records of the period they need.

Each record adds to an additive figure (figures.published.ADDITIVE) on its own, so
the projection keeps, for each such figure, a count of what the records of one
local (England) month, agency and strands added to each of its cells
(figures.store). A period's figure is then the sum of its whole months' cells and
what the records of the months it covers only in part add (read by time). The
other figures are counted from their records alone, a repeat victim's from the
incidents of the period and the twelve months before it. So every figure is the
one counted from every record (tests/unit/test_figures_cells.py).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from figures.counts import YEAR, Filters, month_of
from figures.published import ADDITIVE, WHOLE
from figures.records import INCIDENT, FigureRecord
from figures.suppression import PublishedTable, Table, suppress
from services.common.working_days import ENGLAND

Period = tuple[datetime | None, datetime | None]  # [start, end), None: open


@dataclass(frozen=True)
class Cell:
    figure: str
    month: str  # YYYY-MM, in England
    agency: int
    strands: tuple[int, ...]  # an incident's, for the strand filter
    row: str
    column: str


def cells_of(record: FigureRecord) -> list[Cell]:
    """What a record adds one to (and its erasure takes away)."""
    month = month_of(record.occurred_at)
    strands = record.strands if record.kind == INCIDENT else ()
    return [
        Cell(name, month, record.agency, strands, row, column)
        for name, figure in ADDITIVE.items()
        if figure.kind == record.kind
        for row, column in figure.adds(record)
    ]


def counted_cells(records: Iterable[FigureRecord]) -> Counter:
    counts: Counter = Counter()
    for record in records:
        counts.update(cells_of(record))
    return counts


class Source(Protocol):
    def cells(self, figure: str, first: str | None, last: str | None) -> Iterable[tuple[Cell, int]]:
        """The figure's cells of the months from `first` to `last` (None: open), summed
        over the months, none of them 0."""

    def records(self, kind: str, period: Period) -> Sequence[FigureRecord]:
        """The records of `kind` that occurred in the period."""


def _month_start(year: int, month: int) -> datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=ENGLAND).astimezone(UTC)


def _label(start: datetime) -> str:
    return month_of(start)


def whole_months(start: datetime | None, end: datetime | None) -> tuple[Period, list[Period]]:
    """The whole local months in [start, end) as (first month's start, last month's
    end), and the parts of the period outside them; no whole month: ((start, start),
    [the period])."""
    first = None
    if start is not None:
        local = start.astimezone(ENGLAND)
        first = _month_start(local.year, local.month)
        if first < start:
            first = _month_start(local.year, local.month + 1)
    last_end = None
    if end is not None:
        local = end.astimezone(ENGLAND)
        last_end = _month_start(local.year, local.month)
    if first is not None and last_end is not None and first >= last_end:
        return (start, start), [(start, end)]
    parts = []
    if start is not None and start < first:
        parts.append((start, first))
    if end is not None and last_end < end:
        parts.append((last_end, end))
    return (first, last_end), parts


def figure_from(name: str, source: Source, filters: Filters) -> Table:
    """The named figure for the filters, from the source's cells and records.
    KeyError for a name not in figures.published.FIGURES."""
    if name not in ADDITIVE:
        whole, kind = WHOLE[name]
        needed: Period = (None, None)  # a step's first opening, a case's discussions
        if name == "repeat_victims":  # an incident's predecessor, if within a year
            needed = (filters.start - YEAR if filters.start else None, filters.end)
        return whole(source.records(kind, needed), filters)
    figure = ADDITIVE[name]
    (first, last_end), parts = whole_months(filters.start, filters.end)
    counts: Counter = Counter()
    if first is None or last_end is None or first < last_end:
        first_label = _label(first) if first is not None else None
        last_label = None
        if last_end is not None:
            local = last_end.astimezone(ENGLAND)
            last_label = _label(_month_start(local.year, local.month - 1))
        for cell, count in source.cells(name, first_label, last_label):
            if filters.admits_of(figure.kind, cell.agency, cell.strands):
                counts[(cell.row, cell.column)] += count
    for part in parts:
        counts += figure.counted(source.records(figure.kind, part), filters)
    return figure.table(counts)


def publish_from(name: str, source: Source, filters: Filters, threshold: int) -> PublishedTable:
    """The named figure, small numbers suppressed (figures.published.publish's, from
    cells)."""
    return suppress(figure_from(name, source, filters), threshold)


class RecordsSource:
    """A source over records in memory, their cells counted here as the store keeps
    them."""

    def __init__(self, records: Iterable[FigureRecord]):
        self._records = list(records)
        self._cells = counted_cells(self._records)

    def cells(self, figure: str, first: str | None, last: str | None):
        summed: Counter = Counter()
        for cell, count in self._cells.items():
            after, before = first is None or cell.month >= first, last is None or cell.month <= last
            if cell.figure == figure and after and before:
                summed[(cell.agency, cell.strands, cell.row, cell.column)] += count
        return [(Cell(figure, "", *key), count) for key, count in (+summed).items()]

    def records(self, kind: str, period: Period) -> list[FigureRecord]:
        start, end = period
        return [
            r
            for r in self._records
            if r.kind == kind
            and (start is None or r.occurred_at >= start)
            and (end is None or r.occurred_at < end)
        ]
