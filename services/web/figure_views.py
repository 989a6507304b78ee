"""The partnership's figures as the web app shows them: each published table (small
numbers already suppressed by the figures service) in people's words, drawn on the
server as an SVG chart whose numbers are the table's, and the KPI tiles. A
suppressed count is drawn as suppressed, never as a bar or a number, and a tile
that would need one says so. Pure: the pages give it what the service answered."""

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from figures.published import as_csv_rows
from figures.suppression import PublishedTable

SUPPRESSED = "[c]"  # figures.published's mark, on the page as in the CSV
MONTH = re.compile(r"(\d{4})-(\d{2})")
WORDS = re.compile(r"[a-z][a-z_]*")
# Bars: a label column, then the bars, then room for the number after the longest.
LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH, BAR_HEIGHT, BAR_GAP = 190, 330, 110, 22, 8
# The heat map: row labels, then a square-ish cell for each column.
HEAT_LABEL, HEAT_CELL_WIDTH, HEAT_CELL_HEIGHT, HEAT_HEADER = 70, 76, 30, 44
SHADES = 5  # app-heat--0 (none) to app-heat--4 (the most published)
NOTHING = "Nothing counted in the period."


def words(label: str) -> str:
    """A label as people read it: 2026-03 as March 2026, social_landlord as Social
    landlord; a district (L4), a quarter (2026-Q1) or a score as it is."""
    month = MONTH.fullmatch(label)
    if month and 1 <= int(month[2]) <= 12:
        return f"{calendar.month_name[int(month[2])]} {month[1]}"
    if WORDS.fullmatch(label):
        plain = label.replace("_", " ")
        return plain[:1].upper() + plain[1:]
    return label


def in_words(table: PublishedTable) -> PublishedTable:
    """The table with its rows' and columns' labels in words: the page and its CSV
    both show this one."""
    return replace(
        table,
        rows=tuple(map(words, table.rows)),
        columns=tuple(map(words, table.columns)),
    )


def rows_of(table: PublishedTable) -> list[list[str]]:
    """The table as shown: a header row, a row per label with its total, the totals
    row; SUPPRESSED where a count is hidden. The CSV download is these rows."""
    return as_csv_rows(table)


def shown(value: int | None) -> str:
    return SUPPRESSED if value is None else str(value)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed
    y: int
    width: int  # 0 when suppressed or zero

    @property
    def text(self) -> str:
        return "suppressed" if self.value is None else str(self.value)


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    kind: str = "bars"


def _series(table: PublishedTable) -> tuple[str, Sequence[str], Sequence[int | None]]:
    """What a chart of the table draws: the totals by month when its columns are
    months (a trend), else each row's total."""
    if table.column_dimension == "month":
        return "month", table.columns, table.column_totals
    return table.row_dimension, table.rows, table.row_totals


def bar_chart(table: PublishedTable) -> BarChart:
    """Horizontal bars of the table's totals (by month, or by row), in its words."""
    table_in_words = in_words(table)
    by, labels, values = _series(table_in_words)
    largest = max((v for v in values if v is not None), default=0) or 1
    bars = tuple(
        Bar(
            label,
            value,
            BAR_GAP + i * (BAR_HEIGHT + BAR_GAP),
            0 if value is None else round(BAR_WIDTH * value / largest),
        )
        for i, (label, value) in enumerate(zip(labels, values, strict=True))
    )
    listed = "; ".join(f"{b.label}: {b.text}" for b in bars)
    hidden = any(b.value is None for b in bars)
    return BarChart(
        title=f"{table.title}: the total for each {by}",
        description=(
            f"A bar for each {by}, its length the total. {listed}."
            + (" A suppressed total has no bar." if hidden else "")
            if bars
            else NOTHING
        ),
        bars=bars,
        width=LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        height=BAR_GAP + max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP),
    )


@dataclass(frozen=True)
class HeatCell:
    x: int
    y: int
    value: int | None
    shade: int  # 0 to SHADES - 1; suppressed cells have their own pattern

    @property
    def text(self) -> str:
        return shown(self.value)


@dataclass(frozen=True)
class HeatRow:
    label: str
    y: int
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatMap:
    title: str
    description: str
    columns: tuple[tuple[str, int], ...]  # (label, x of its middle)
    rows: tuple[HeatRow, ...]
    width: int
    height: int
    label_width: int = HEAT_LABEL
    cell_width: int = HEAT_CELL_WIDTH
    cell_height: int = HEAT_CELL_HEIGHT
    header: int = HEAT_HEADER
    kind: str = "heat"


def short_month(label: str) -> str:
    """2026-03 as Mar 2026, for a heat map's narrow columns."""
    month = MONTH.fullmatch(label)
    if month and 1 <= int(month[2]) <= 12:
        return f"{calendar.month_abbr[int(month[2])]} {month[1]}"
    return words(label)


def heat_map(table: PublishedTable) -> HeatMap:
    """A cell for each row and column, darker the larger its published count; a
    suppressed count marked [c] on a pattern of its own."""
    largest = max((v for row in table.cells for v in row if v is not None), default=0) or 1
    rows = []
    for i, (label, cells) in enumerate(zip(table.rows, table.cells, strict=True)):
        y = HEAT_HEADER + i * HEAT_CELL_HEIGHT
        rows.append(
            HeatRow(
                words(label),
                y,
                tuple(
                    HeatCell(
                        HEAT_LABEL + j * HEAT_CELL_WIDTH,
                        y,
                        value,
                        0
                        if not value
                        else 1 + min(SHADES - 2, (SHADES - 1) * value // (largest + 1)),
                    )
                    for j, value in enumerate(cells)
                ),
            )
        )
    hidden = sum(v is None for row in table.cells for v in row)
    busiest = [
        f"{words(r)} in {words(c)}: {v}"
        for r, row in zip(table.rows, table.cells, strict=True)
        for c, v in zip(table.columns, row, strict=True)
        if v is not None and v == largest and v > 0
    ]
    return HeatMap(
        title=table.title,
        description=(
            f"A grid of {len(table.rows)} {table.row_dimension}s by {len(table.columns)} "
            f"{table.column_dimension}s, each cell darker the more incidents. "
            + (f"The most: {', '.join(busiest)}. " if busiest else NOTHING)
            + (f"{hidden} cells are suppressed, marked [c]." if hidden else "")
        ).strip(),
        columns=tuple(
            (short_month(c), HEAT_LABEL + j * HEAT_CELL_WIDTH + HEAT_CELL_WIDTH // 2)
            for j, c in enumerate(table.columns)
        ),
        rows=tuple(rows),
        width=HEAT_LABEL + max(1, len(table.columns)) * HEAT_CELL_WIDTH,
        height=HEAT_HEADER + max(1, len(table.rows)) * HEAT_CELL_HEIGHT,
    )


@dataclass(frozen=True)
class Tile:
    label: str
    value: str  # "83%", "12", "Suppressed", or NOTHING_COUNTED
    detail: str


# A share of nothing: no number, and no word a reader could take for one ("None").
NOTHING_COUNTED = "\u2014"


def _share(part: int | None, whole: int | None, of: str) -> tuple[str, str]:
    if part is None or whole is None:
        return "Suppressed", f"Too few {of} to publish"
    if whole == 0:
        return NOTHING_COUNTED, f"No {of} in the period"
    return f"{round(100 * part / whole)}%", f"{part} of {whole} {of}"


def _cell(table: PublishedTable, row: str, column: str) -> int | None:
    """A published cell; 0 where the table has no such row or column (none counted)."""
    if row not in table.rows or column not in table.columns:
        return 0
    return table.cells[table.rows.index(row)][table.columns.index(column)]


def _row_total(table: PublishedTable, row: str) -> int | None:
    return table.row_totals[table.rows.index(row)] if row in table.rows else 0


def _column_total(table: PublishedTable, column: str) -> int | None:
    return table.column_totals[table.columns.index(column)] if column in table.columns else 0


def tiles(
    responses: PublishedTable,
    repeats: PublishedTable,
    satisfaction: PublishedTable,
    enforcement: PublishedTable,
    discussions: PublishedTable,
    referrals: PublishedTable,
) -> list[Tile]:
    """The KPI tiles, each from published counts only (figures.counts' tables, in
    their own labels)."""
    within = "within one working day"
    acknowledged = _share(
        _cell(responses, "acknowledgement", within),
        _row_total(responses, "acknowledgement"),
        "acknowledgements",
    )
    triaged = _share(
        _cell(responses, "risk_assessment", within),
        _row_total(responses, "risk_assessment"),
        "risk assessments",
    )
    repeat = _share(_column_total(repeats, "repeat victims"), repeats.total, "victims by month")
    satisfied_counts = [_column_total(satisfaction, score) for score in ("4", "5")]
    satisfied = _share(
        None if None in satisfied_counts else sum(c or 0 for c in satisfied_counts),
        satisfaction.total,
        "victims asked at closure",
    )
    return [
        Tile("Acknowledged within one working day", *acknowledged),
        Tile("Triaged (risk assessed) within one working day", *triaged),
        Tile("Repeat victims", *repeat),
        Tile("Satisfied or very satisfied at closure", *satisfied),
        Tile("Enforcement actions", *_count(enforcement.total, "enforcement actions", "taken")),
        Tile("MARAC cases discussed", *_count(discussions.total, "cases", "discussed")),
        Tile("Referrals to MARAC", *_count(referrals.total, "referrals", "made")),
    ]


def _count(total: int | None, of: str, done: str) -> tuple[str, str]:
    if total is None:
        return "Suppressed", f"Too few {of} to publish"
    return str(total), f"{of[:1].upper() + of[1:]} {done} in the period"
