"""Incidents by month, for a subject's risk card and a representative's case: the 12
months to this one, each with the number of incidents each agency's case shared
(from its incidents' dates) and their total. The same numbers are drawn as bars and
given as a table."""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

MONTHS = 12


@dataclass(frozen=True)
class Month:
    label: str  # "March 2026"
    counts: tuple[int, ...]  # one per column, in the order of Timeline.columns
    total: int


@dataclass(frozen=True)
class Timeline:
    columns: tuple[str, ...]  # who counted: an agency's words and its case reference
    months: tuple[Month, ...]  # oldest first
    largest: int  # the highest monthly total, at least 1 (the bars' scale)

    @property
    def total(self) -> int:
        return sum(month.total for month in self.months)


def timeline(cases: Sequence[tuple[str, Sequence[str]]], today: date) -> Timeline:
    """`cases`: (column, incident dates as ISO 8601 strings) for each case shown."""
    starts = []
    year, month = today.year, today.month
    for _ in range(MONTHS):
        starts.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    counts = {start: [0] * len(cases) for start in starts}
    for column, (_, dates) in enumerate(cases):
        for raw in dates:
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                continue  # not a date: nothing to count
            if (day.year, day.month) in counts:
                counts[(day.year, day.month)][column] += 1
    months = tuple(
        Month(f"{calendar.month_name[m]} {y}", tuple(counts[(y, m)]), sum(counts[(y, m)]))
        for y, m in starts
    )
    return Timeline(
        tuple(column for column, _ in cases), months, max(1, *(m.total for m in months))
    )
