"""The figures the partnership may see, each by name, as they are published: every
output (the API, a CSV, a page) asks here, and gets the table only after
small-number suppression (figures.suppression)."""

from collections.abc import Callable, Sequence

from figures import counts
from figures.counts import Filters
from figures.records import FigureRecord
from figures.suppression import DEFAULT_THRESHOLD, PublishedTable, Table, suppress

Figure = Callable[[Sequence[FigureRecord], Filters], Table]


def _incidents(rows_by: str, columns_by: str) -> Figure:
    return lambda records, filters: counts.incidents(records, rows_by, columns_by, filters)


FIGURES: dict[str, Figure] = {
    "incidents_by_district_and_month": _incidents("district", "month"),
    "incidents_by_strand_and_month": _incidents("strand", "month"),
    "incidents_by_agency_and_month": _incidents("agency", "month"),
    "incidents_by_nature_and_source": _incidents("nature", "source"),
    "incidents_by_source_and_agency": _incidents("source", "agency"),
    "enforcement_actions": counts.enforcement_actions,
    "response_times": counts.response_times,
    "repeat_victims": counts.repeat_victims,
    "satisfaction_at_closure": counts.satisfaction,
    "marac_discussions": counts.marac_discussions,
    "marac_referrals": counts.marac_referrals,
}


def publish(
    name: str,
    records: Sequence[FigureRecord],
    filters: Filters,
    threshold: int = DEFAULT_THRESHOLD,
) -> PublishedTable:
    """The named figure, small numbers suppressed. KeyError for a name not in FIGURES."""
    return suppress(FIGURES[name](records, filters), threshold)


def as_csv_rows(table: PublishedTable) -> list[list[str]]:
    """The published table as CSV rows, a suppressed count as "[c]" (ONS's mark)."""

    def shown(value: int | None) -> str:
        return "[c]" if value is None else str(value)

    header = [f"{table.row_dimension} / {table.column_dimension}", *table.columns, "total"]
    body = [
        [row, *map(shown, cells), shown(total)]
        for row, cells, total in zip(table.rows, table.cells, table.row_totals, strict=True)
    ]
    return [header, *body, ["total", *map(shown, table.column_totals), shown(table.total)]]
