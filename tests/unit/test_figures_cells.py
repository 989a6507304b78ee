"""Every figure from cells and the records of the months a period covers in part
(figures.cells) is the figure counted from every record, whatever the filters: a
period of any instants (months that change the clocks included), strands, agencies."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from figures.cells import RecordsSource, figure_from, whole_months
from figures.counts import Filters
from figures.published import FIGURES
from figures.records import (
    CLOSURE,
    DISCUSSED,
    ENFORCEMENT,
    INCIDENT,
    MARAC_REFERRAL,
    RESPONSE,
    FigureRecord,
)
from marac.v1 import vocabulary_pb2 as v

BEGIN = datetime(2025, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=800)
# Instants near the clocks' changes and the months' ends as well as anywhere.
instants = st.one_of(
    st.integers(0, int(SPAN.total_seconds())).map(lambda s: BEGIN + timedelta(seconds=s)),
    st.sampled_from(
        [
            datetime(2025, 3, 30, 1, tzinfo=UTC),  # 02:00 BST, the first instant of summer
            datetime(2025, 3, 31, 23, tzinfo=UTC),  # midnight, 1 April in England
            datetime(2025, 10, 26, 1, tzinfo=UTC),
            datetime(2025, 10, 31, 23, 59, 59, tzinfo=UTC),
            datetime(2026, 1, 1, tzinfo=UTC),
            datetime(2026, 6, 30, 23, tzinfo=UTC),
        ]
    ),
)
AGENCIES = [v.AGENCY_KIND_POLICE, v.AGENCY_KIND_SOCIAL_LANDLORD, v.AGENCY_KIND_DDPO]
STRANDS = [v.STRAND_RACE, v.STRAND_DISABILITY, v.STRAND_SEXUAL_ORIENTATION]


@st.composite
def records(draw) -> FigureRecord:
    kind = draw(st.sampled_from([INCIDENT] * 4 + [ENFORCEMENT, RESPONSE, CLOSURE, DISCUSSED,
                                                  MARAC_REFERRAL]))  # fmt: skip
    at = draw(instants)
    due = draw(st.none() | st.just(at))
    return FigureRecord(
        agency_id="a",
        source_sequence=0,
        agency=draw(st.sampled_from(AGENCIES)),
        kind=kind,
        case_reference=draw(st.sampled_from(["c1", "c2"])),
        occurred_at=at,
        subject_key=draw(st.sampled_from(["", "s1", "s2", "s3"])),
        district=draw(st.sampled_from(["L4", "L6", ""])),
        strands=tuple(sorted(draw(st.sets(st.sampled_from(STRANDS), max_size=2)))),
        nature=draw(st.sampled_from(["crime", "incident"])),
        source=draw(st.sampled_from([v.REPORT_SOURCE_VICTIM, v.REPORT_SOURCE_ANONYMOUS])),
        code=draw(st.integers(0, 5)),
        ref=draw(st.sampled_from(["m1", "m2"])),
        open=draw(st.booleans()),
        due_at=due,
        done_at=draw(st.none() | st.just(at + timedelta(days=2))) if due else None,
    )


@st.composite
def filters(draw) -> Filters:
    start, end = draw(st.none() | instants), draw(st.none() | instants)
    if start is not None and end is not None and start >= end:
        start, end = end, start + timedelta(seconds=1) if start == end else start
    return Filters(
        start,
        end,
        frozenset(draw(st.sets(st.sampled_from(STRANDS), max_size=2))),
        frozenset(draw(st.sets(st.sampled_from(AGENCIES), max_size=2))),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(records(), max_size=40), filters(), st.sampled_from(sorted(FIGURES)))
def test_a_figure_from_cells_is_the_figure_from_every_record(kept, asked, name):
    assert figure_from(name, RecordsSource(kept), asked) == FIGURES[name](kept, asked)


@settings(max_examples=300, deadline=None)
@given(st.none() | instants, st.none() | instants)
def test_whole_months_and_the_parts_cover_the_period_once(start, end):
    if start is not None and end is not None and start >= end:
        return
    (first, last_end), parts = whole_months(start, end)
    pieces = sorted([*parts, (first, last_end)] if first != last_end or first is None else parts,
                    key=lambda p: p[0] or datetime.min.replace(tzinfo=UTC))  # fmt: skip
    assert pieces[0][0] == start and pieces[-1][1] == end
    for (_, until), (since, _) in pairwise(pieces):
        assert until == since
