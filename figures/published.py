"""The figures the partnership may see, each by name, as they are published: every
output (the API, a CSV, a page) asks here, and gets the table only after
small-number suppression (figures.suppression)."""

from collections.abc import Callable, Sequence

from figures import counts
from figures.counts import Filters
from figures.records import DISCUSSED, ENFORCEMENT, INCIDENT, FigureRecord
from figures.suppression import DEFAULT_THRESHOLD, PublishedTable, Table, suppress

Figure = Callable[[Sequence[FigureRecord], Filters], Table]


# The figures each record adds to on its own: the projection keeps their cells
# (figures.cells), so a period's figure is a sum, not a count of every record.
ADDITIVE: dict[str, counts.Additive] = {
    "incidents_by_district_and_month": counts.incident_figure("district", "month"),
    "incidents_by_strand_and_month": counts.incident_figure("strand", "month"),
    "incidents_by_agency_and_month": counts.incident_figure("agency", "month"),
    "incidents_by_nature_and_source": counts.incident_figure("nature", "source"),
    "incidents_by_source_and_agency": counts.incident_figure("source", "agency"),
    "response_times": counts.RESPONSE_TIMES,
    "satisfaction_at_closure": counts.SATISFACTION,
    "marac_referrals": counts.MARAC_REFERRALS,
}
# The others, counted from their records (of these kinds): a step counts once when
# first opened, a victim or a MARAC case by what came before.
WHOLE: dict[str, tuple[Figure, str]] = {
    "enforcement_actions": (counts.enforcement_actions, ENFORCEMENT),
    "repeat_victims": (counts.repeat_victims, INCIDENT),
    "marac_discussions": (counts.marac_discussions, DISCUSSED),
}


def _additive(figure: counts.Additive) -> Figure:
    return lambda records, filters: figure.table(figure.counted(records, filters))


_ORDER = (
    "incidents_by_district_and_month",
    "incidents_by_strand_and_month",
    "incidents_by_agency_and_month",
    "incidents_by_nature_and_source",
    "incidents_by_source_and_agency",
    "enforcement_actions",
    "response_times",
    "repeat_victims",
    "satisfaction_at_closure",
    "marac_discussions",
    "marac_referrals",
)
FIGURES: dict[str, Figure] = {
    name: _additive(ADDITIVE[name]) if name in ADDITIVE else WHOLE[name][0] for name in _ORDER
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
