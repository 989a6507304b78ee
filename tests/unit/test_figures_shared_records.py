"""The figures service computes a figure once for the calls that come together (a
page asks for eleven figures at once, every analyst's page the same), and again
once it is older than allowed, answering with the one before until then; a figure
asked with other filters is another."""

from figures.cells import RecordsSource
from marac.v1 import vocabulary_pb2
from services.figures.application import FigureQuery, PartnershipFigures


class CountedSource(RecordsSource):
    def __init__(self):
        super().__init__([])
        self.reads = 0

    def cells(self, figure, first, last):
        self.reads += 1
        return super().cells(figure, first, last)


def test_calls_within_the_freshness_share_one_figure_and_a_later_call_computes_again():
    now, source, refreshes = [100.0], CountedSource(), []
    figures = PartnershipFigures(
        source, threshold=5, fresh_seconds=2.0, clock=lambda: now[0], refresh=refreshes.append
    )
    query = FigureQuery("response_times", None, None, [], [])
    first = figures.figure(query)
    for _ in range(10):
        assert figures.figure(query) is first
    assert source.reads == 1
    now[0] += 1.9
    assert figures.figure(query) is first
    now[0] += 0.1
    assert figures.figure(query) is first  # the one before, while it is computed again
    assert figures.figure(query) is first and len(refreshes) == 1  # computed once
    refreshes.pop()()
    assert source.reads == 2
    assert figures.figure(query) is not first


def test_a_figure_with_other_filters_is_computed_for_them():
    figures = PartnershipFigures(RecordsSource([]), threshold=5)
    query = FigureQuery("response_times", None, None, [], [])
    first = figures.figure(query)
    assert figures.figure(query) is first
    other = FigureQuery("response_times", None, None, [vocabulary_pb2.STRAND_RACE], [])
    assert figures.figure(other) is not first
