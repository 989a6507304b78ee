"""The figures service reads its records once for the calls that come together (a
page asks for eleven figures at once), and again once they are older than allowed;
a figure asked again of the same read is not computed again."""

from marac.v1 import vocabulary_pb2
from services.figures.application import FigureQuery, PartnershipFigures, SharedRecords


def test_calls_within_the_freshness_share_one_read_and_a_later_call_reads_again():
    now, reads = [100.0], []

    def load():
        reads.append(now[0])
        return []

    records = SharedRecords(load, fresh_seconds=2.0, clock=lambda: now[0])
    for _ in range(11):
        records()
    assert reads == [100.0]
    now[0] += 1.9
    records()
    assert reads == [100.0]
    now[0] += 0.1
    records()
    assert reads == [100.0, 102.0]


def test_a_figure_asked_again_of_the_same_read_is_the_one_published_before():
    figures = PartnershipFigures(lambda: [], threshold=5)
    query = FigureQuery("response_times", None, None, [], [])
    first = figures.figure(query)
    assert figures.figure(query) is first
    other = FigureQuery("response_times", None, None, [vocabulary_pb2.STRAND_RACE], [])
    assert figures.figure(other) is not first
