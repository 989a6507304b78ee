"""Small-number suppression: no published figure, nor any sum or difference of
published figures along rows and columns, gives away a count below the threshold."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from figures.suppression import Table, suppress, with_margins


def table_of(grid: list[list[int]]) -> Table:
    rows = tuple(f"r{i}" for i in range(len(grid)))
    columns = tuple(f"c{j}" for j in range(len(grid[0])))
    cells = {(rows[i], columns[j]): v for i, row in enumerate(grid) for j, v in enumerate(row)}
    return Table("t", "row", "column", rows, columns, cells)


def published_grid(table: Table, threshold: int) -> list[list[int | None]]:
    shown = suppress(table, threshold)
    grid = [[*row, total] for row, total in zip(shown.cells, shown.row_totals, strict=True)]
    grid.append([*shown.column_totals, shown.total])
    return grid


def rank(rows: list[list[Fraction]]) -> int:
    """Exact rank by Gaussian elimination over the rationals."""
    matrix = [r[:] for r in rows]
    found = 0
    width = len(matrix[0]) if matrix else 0
    for column in range(width):
        pivot = next((i for i in range(found, len(matrix)) if matrix[i][column] != 0), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for i in range(len(matrix)):
            if i != found and matrix[i][column] != 0:
                factor = matrix[i][column] / matrix[found][column]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[found], strict=True)]
        found += 1
    return found


def recoverable(shown: list[list[int | None]]) -> list[tuple[int, int]]:
    """The suppressed entries whose value follows from the published ones by the
    row and column equations (each line's cells add up to its total): an entry is
    determined exactly when its unit vector lies in the equations' row space."""
    height, width = len(shown), len(shown[0])
    unknown = [(i, j) for i in range(height) for j in range(width) if shown[i][j] is None]
    if not unknown:
        return []
    index = {e: k for k, e in enumerate(unknown)}
    equations = []
    for i in range(height):  # cells of row i minus its total
        eq = [Fraction(0)] * len(unknown)
        for j in range(width):
            if (i, j) in index:
                eq[index[(i, j)]] = Fraction(-1 if j == width - 1 else 1)
        equations.append(eq)
    for j in range(width):
        eq = [Fraction(0)] * len(unknown)
        for i in range(height):
            if (i, j) in index:
                eq[index[(i, j)]] = Fraction(-1 if i == height - 1 else 1)
        equations.append(eq)
    base = rank(equations)
    found = []
    for entry, k in index.items():
        unit = [Fraction(0)] * len(unknown)
        unit[k] = Fraction(1)
        if rank([*equations, unit]) == base:
            found.append(entry)
    return found


counts = st.one_of(st.integers(0, 6), st.integers(0, 40))
grids = st.integers(1, 5).flatmap(
    lambda w: st.lists(st.lists(counts, min_size=w, max_size=w), min_size=1, max_size=5)
)


@settings(max_examples=300, deadline=None)
@given(grids, st.integers(1, 8))
def test_no_row_or_column_arithmetic_recovers_a_suppressed_count(grid, threshold):
    shown = published_grid(table_of(grid), threshold)
    assert recoverable(shown) == []


@settings(max_examples=300, deadline=None)
@given(grids, st.integers(1, 8))
def test_every_small_count_is_hidden_and_every_published_one_is_true(grid, threshold):
    table = table_of(grid)
    shown = published_grid(table, threshold)
    for true_row, shown_row in zip(with_margins(table), shown, strict=True):
        for true, value in zip(true_row, shown_row, strict=True):
            if 0 < true < threshold:
                assert value is None
            assert value is None or value == true


def test_three_incidents_in_a_district_are_hidden_with_a_complement():
    grid = [[3, 20, 9], [12, 15, 30]]  # districts by month
    shown = published_grid(table_of(grid), 5)
    assert shown[0][0] is None
    # Its row total and its column total are published, so another entry of its
    # row and of its column must be hidden too, or 3 = total - the rest.
    assert sum(v is None for v in shown[0]) >= 2
    assert sum(row[0] is None for row in shown) >= 2
    assert recoverable(shown) == []


def test_a_table_without_small_numbers_is_published_whole():
    shown = suppress(table_of([[5, 0], [7, 9]]))
    assert shown.suppressed == 0
    assert shown.cells == ((5, 0), (7, 9)) and shown.total == 21


def test_a_zero_is_published_and_a_lone_small_total_is_hidden():
    shown = suppress(table_of([[0, 2]]))
    assert shown.cells[0][0] == 0 and shown.cells[0][1] is None
    assert shown.row_totals == (None,) and shown.total is None
