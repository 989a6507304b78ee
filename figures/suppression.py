"""Small-number suppression: the one place every published figure (API, CSV, page)
goes through.

A table of counts is published with its margins (row totals, column totals and the
grand total). Primary suppression hides every cell, margins included, from 1 to
below the threshold. A zero is published: it discloses nobody.

Secondary suppression then makes sure no suppressed count can be recovered by
adding and subtracting published ones along rows and columns. Each row and each
column of the table with its margins is one equation (its cells add up to its
total). Read as a graph, rows and columns are nodes and each entry an edge between
its row and its column; the suppressed entries' values are determined by the
published ones exactly where a suppressed edge is a bridge of the suppressed
subgraph (no cycle of suppressed entries runs through it). So, to a fixed point: a
line with exactly one suppressed entry has its next smallest published entry
suppressed (the usual rule), and any suppressed entry still a bridge has one more
entry of its row suppressed (or its column's, or the table's smallest).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 5

# An entry of the table with its margins: (row, column) indexes, where row ==
# len(rows) is the column totals' row and column == len(columns) the row totals'.
Entry = tuple[int, int]


@dataclass(frozen=True)
class Table:
    """Counts by two dimensions: cells[(row label, column label)], absent = 0."""

    title: str
    row_dimension: str
    column_dimension: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], int]

    def count(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)


@dataclass(frozen=True)
class PublishedTable:
    """A table as it may be published: None where a count is suppressed."""

    title: str
    row_dimension: str
    column_dimension: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]  # by row, then column
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None
    threshold: int

    @property
    def suppressed(self) -> int:
        """How many counts are hidden, margins included."""
        hidden = sum(v is None for row in self.cells for v in row)
        hidden += sum(v is None for v in self.row_totals) + sum(
            v is None for v in self.column_totals
        )
        return hidden + (self.total is None)


def with_margins(table: Table) -> list[list[int]]:
    """The table's counts as a grid with a totals row and a totals column."""
    grid = [[table.count(r, c) for c in table.columns] for r in table.rows]
    for row in grid:
        row.append(sum(row))
    width = len(table.columns) + 1
    grid.append([sum(row[j] for row in grid) for j in range(width)])
    return grid


def suppress(table: Table, threshold: int = DEFAULT_THRESHOLD) -> PublishedTable:
    """The table as it may be published, small numbers and their complements hidden."""
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    grid = with_margins(table)
    hidden = suppressed_entries(grid, threshold)
    shown = [
        [None if (i, j) in hidden else value for j, value in enumerate(row)]
        for i, row in enumerate(grid)
    ]
    return PublishedTable(
        title=table.title,
        row_dimension=table.row_dimension,
        column_dimension=table.column_dimension,
        rows=table.rows,
        columns=table.columns,
        cells=tuple(tuple(row[:-1]) for row in shown[:-1]),
        row_totals=tuple(row[-1] for row in shown[:-1]),
        column_totals=tuple(shown[-1][:-1]),
        total=shown[-1][-1],
        threshold=threshold,
    )


def suppressed_entries(grid: Sequence[Sequence[int]], threshold: int) -> set[Entry]:
    """The entries of a grid with margins to hide: primary, then complementary."""
    height, width = len(grid), len(grid[0])
    hidden = {(i, j) for i in range(height) for j in range(width) if 0 < grid[i][j] < threshold}
    if not hidden:
        return hidden
    while True:
        added = _complement_single_lines(grid, hidden) or _complement_bridges(grid, hidden)
        if not added:
            return hidden


def _line(height: int, width: int, row: int | None = None, column: int | None = None):
    if row is not None:
        return [(row, j) for j in range(width)]
    return [(i, column) for i in range(height)]


def _smallest_shown(grid: Sequence[Sequence[int]], hidden: set[Entry], entries) -> Entry | None:
    # Prefer a count to a zero: hiding a zero protects little where zeros are
    # known to be structural. Ties go to the first entry, so the result is stable.
    shown = [e for e in entries if e not in hidden]
    if not shown:
        return None
    return min(shown, key=lambda e: (grid[e[0]][e[1]] == 0, grid[e[0]][e[1]], e))


def _complement_single_lines(grid: Sequence[Sequence[int]], hidden: set[Entry]) -> bool:
    height, width = len(grid), len(grid[0])
    lines = [_line(height, width, row=i) for i in range(height)]
    lines += [_line(height, width, column=j) for j in range(width)]
    added = False
    for line in lines:
        if sum(e in hidden for e in line) == 1:
            entry = _smallest_shown(grid, hidden, line)
            if entry is not None:
                hidden.add(entry)
                added = True
    return added


def _complement_bridges(grid: Sequence[Sequence[int]], hidden: set[Entry]) -> bool:
    """Hides one more entry for the first suppressed entry that no cycle of
    suppressed entries runs through (its value would follow from the published)."""
    height, width = len(grid), len(grid[0])
    for entry in sorted(hidden):
        if not _on_a_cycle(entry, hidden):
            row, column = entry
            for entries in (
                _line(height, width, row=row),
                _line(height, width, column=column),
                [(i, j) for i in range(height) for j in range(width)],
            ):
                extra = _smallest_shown(grid, hidden, entries)
                if extra is not None:
                    hidden.add(extra)
                    return True
    return False


def _on_a_cycle(entry: Entry, hidden: set[Entry]) -> bool:
    """Whether the entry's row and column stay connected through the other
    suppressed entries (rows and columns as nodes, entries as edges)."""
    neighbours: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for i, j in hidden:
        if (i, j) == entry:
            continue
        neighbours.setdefault(("row", i), []).append(("column", j))
        neighbours.setdefault(("column", j), []).append(("row", i))
    start, goal = ("row", entry[0]), ("column", entry[1])
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        if node == goal:
            return True
        for nxt in neighbours.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False
