"""The partnership's figures, as tables of counts, from the figures' records.

Each function takes the records (figures.records) and the filters and returns a
Table; publishing one goes through figures.suppression first (figures.published).
An incident with several strands counts once under each, so a strand table's
total is of strand mentions; every other table counts each incident once.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from figures.records import (
    CLOSURE,
    DISCUSSED,
    ENFORCEMENT,
    INCIDENT,
    MARAC_REFERRAL,
    RESPONSE,
    FigureRecord,
    agency_name,
)
from figures.suppression import Table
from marac.v1 import case_events_pb2, vocabulary_pb2
from services.common.working_days import ENGLAND, is_working_day

YEAR = timedelta(days=365)
DIMENSIONS = ("strand", "district", "month", "agency", "nature", "source")
WITHIN, ONE_LATE, MORE_LATE, NOT_DONE = (
    "within one working day",
    "one working day late",
    "two or more working days late",
    "not done when due",
)


@dataclass(frozen=True)
class Filters:
    """Which records count: occurred in [start, end), of these strands and agencies
    (empty: all)."""

    start: datetime | None = None
    end: datetime | None = None
    strands: frozenset[int] = frozenset()
    agencies: frozenset[int] = frozenset()

    def admits(self, record: FigureRecord) -> bool:
        return _in_period(self, record.occurred_at) and self.admits_of(
            record.kind, record.agency, record.strands
        )

    def admits_of(self, kind: str, agency: int, strands: Iterable[int]) -> bool:
        """Whatever the period: whether a record of this kind, agency and strands counts."""
        if self.agencies and agency not in self.agencies:
            return False
        if self.strands and kind == INCIDENT:
            return not self.strands.isdisjoint(strands)
        return True


def strand_name(strand: int) -> str:
    try:
        return vocabulary_pb2.Strand.Name(strand).removeprefix("STRAND_").lower()
    except ValueError:
        return "other"


def source_name(source: int) -> str:
    try:
        return vocabulary_pb2.ReportSource.Name(source).removeprefix("REPORT_SOURCE_").lower()
    except ValueError:
        return "unspecified"


def month_of(at: datetime) -> str:
    return at.astimezone(ENGLAND).strftime("%Y-%m")


def _quarter(at: datetime) -> str:
    local = at.astimezone(ENGLAND)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


_LABELS: dict[str, Callable[[FigureRecord], Iterable[str]]] = {
    "strand": lambda r: [strand_name(s) for s in r.strands] or ["unspecified"],
    "district": lambda r: [r.district or "unknown"],
    "month": lambda r: [month_of(r.occurred_at)],
    "agency": lambda r: [agency_name(r.agency)],
    "nature": lambda r: [r.nature],
    "source": lambda r: [source_name(r.source)],
}


def _table(title: str, rows_by: str, columns_by: str, counts: Counter) -> Table:
    rows = tuple(sorted({r for r, _ in counts}))
    columns = tuple(sorted({c for _, c in counts}))
    return Table(title, rows_by, columns_by, rows, columns, dict(counts))


@dataclass(frozen=True)
class Additive:
    """A figure each record adds to on its own (so a sum of parts: figures.cells):
    the (row, column) cells a record of `kind` adds one to, whatever the filters."""

    title: str
    rows_by: str
    columns_by: str
    kind: str
    adds: Callable[[FigureRecord], Iterable[tuple[str, str]]]

    def counted(self, records: Iterable[FigureRecord], filters: Filters) -> Counter:
        counts: Counter = Counter()
        for record in records:
            if record.kind == self.kind and filters.admits(record):
                counts.update(self.adds(record))
        return counts

    def table(self, counts: Counter) -> Table:
        return _table(self.title, self.rows_by, self.columns_by, +counts)


def incident_figure(rows_by: str, columns_by: str) -> Additive:
    """Incidents (anonymous and third-party reports included) by two dimensions."""
    if rows_by not in _LABELS or columns_by not in _LABELS:
        raise ValueError("not a dimension")
    rows_of, columns_of = _LABELS[rows_by], _LABELS[columns_by]

    def adds(record: FigureRecord) -> list[tuple[str, str]]:
        return [(row, column) for row in rows_of(record) for column in columns_of(record)]

    return Additive(f"Incidents by {rows_by} and {columns_by}", rows_by, columns_by, INCIDENT, adds)


def incidents(
    records: Iterable[FigureRecord], rows_by: str, columns_by: str, filters: Filters
) -> Table:
    """Incidents (anonymous and third-party reports included) by two dimensions."""
    figure = incident_figure(rows_by, columns_by)
    return figure.table(figure.counted(records, filters))


def enforcement_actions(records: Iterable[FigureRecord], filters: Filters) -> Table:
    """Enforcement actions taken, by type and agency: each step once, when opened."""
    first: dict[tuple[str, str, str], FigureRecord] = {}
    for record in records:
        if record.kind == ENFORCEMENT and record.open:
            key = (record.agency_id, record.case_reference, record.ref)
            if key not in first or record.occurred_at < first[key].occurred_at:
                first[key] = record
    counts: Counter = Counter()
    for record in first.values():
        if filters.admits(record):
            name = vocabulary_pb2.EnforcementType.Name(record.code) if _known_type(record) else ""
            type_ = name.removeprefix("ENFORCEMENT_TYPE_").lower() or "other"
            counts[(type_, agency_name(record.agency))] += 1
    return _table("Enforcement actions by type and agency", "type", "agency", counts)


def _known_type(record: FigureRecord) -> bool:
    return record.code in vocabulary_pb2.EnforcementType.values()


def working_days_late(due_at: datetime, done_at: datetime) -> int:
    """Working days after the one it fell due on that the step was done (England's
    bank holidays)."""
    due, done = due_at.astimezone(ENGLAND), done_at.astimezone(ENGLAND)
    if done <= due:
        return 0
    late, day = 0, due.date()
    while day < done.date():
        day += timedelta(days=1)
        late += is_working_day(day)
    return max(late, 1)


def _timeliness(record: FigureRecord) -> list[tuple[str, str]]:
    if record.due_at is None:
        return []
    step = case_events_pb2.ResponseStep.Name(record.code) if _known_step(record) else ""
    step = step.removeprefix("RESPONSE_STEP_").lower() or "other"
    if record.done_at is None:
        return [(step, NOT_DONE)]
    late = working_days_late(record.due_at, record.done_at)
    return [(step, WITHIN if late == 0 else ONE_LATE if late == 1 else MORE_LATE)]


# Acknowledgement and triage (risk assessment) against the one-working-day standard:
# done within it, one or more working days late, or found not done when due (a step
# found undone and later done is in both).
RESPONSE_TIMES = Additive(
    "Responses against the one-working-day standard", "step", "timeliness", RESPONSE, _timeliness
)


def response_times(records: Iterable[FigureRecord], filters: Filters) -> Table:
    return RESPONSE_TIMES.table(RESPONSE_TIMES.counted(records, filters))


def _known_step(record: FigureRecord) -> bool:
    return record.code in case_events_pb2.ResponseStep.values()


def repeat_victims(records: Iterable[FigureRecord], filters: Filters) -> Table:
    """By month: the victims with an incident that month, as repeat victims (two or
    more incidents, any agency's, in the twelve months to it) or not; each victim
    once a month, so a row's total is that month's victims."""
    by_subject: dict[str, list[datetime]] = defaultdict(list)
    for record in records:
        if record.kind == INCIDENT and record.subject_key and _agency_admitted(filters, record):
            by_subject[record.subject_key].append(record.occurred_at)
    counts: Counter = Counter()
    for subject_incidents in by_subject.values():
        subject_incidents.sort()
        repeat_in: dict[str, bool] = {}
        for i, at in enumerate(subject_incidents):
            if not _in_period(filters, at):
                continue
            repeat = i > 0 and at - subject_incidents[i - 1] <= YEAR
            repeat_in[month_of(at)] = repeat_in.get(month_of(at), False) or repeat
        for month, repeat in repeat_in.items():
            counts[(month, "repeat victims" if repeat else "one incident")] += 1
    return _table("Victims by month, repeat or not", "month", "victims", counts)


def _agency_admitted(filters: Filters, record: FigureRecord) -> bool:
    return not filters.agencies or record.agency in filters.agencies


def _in_period(filters: Filters, at: datetime) -> bool:
    return (filters.start is None or at >= filters.start) and (
        filters.end is None or at < filters.end
    )


# Victims' satisfaction at closure (1 very dissatisfied to 5 very satisfied), by
# agency; closures where it was not asked are left out.
SATISFACTION = Additive(
    "Satisfaction at closure by agency",
    "agency",
    "score",
    CLOSURE,
    lambda r: [(agency_name(r.agency), str(r.code))] if r.code else [],
)


def satisfaction(records: Iterable[FigureRecord], filters: Filters) -> Table:
    return SATISFACTION.table(SATISFACTION.counted(records, filters))


def marac_discussions(records: Iterable[FigureRecord], filters: Filters) -> Table:
    """The quarterly MARAC dataset's cases discussed, by quarter, as first
    discussions or repeats (discussed before within twelve months). The dataset's
    victim categories (disabled, LGBT+, minoritised, male, aged 16-17) are not in
    the shared events, so they are not counted."""
    discussed: dict[str, dict[str, datetime]] = defaultdict(dict)
    for record in records:
        if record.kind == DISCUSSED and record.subject_key:
            meetings = discussed[record.subject_key]
            if record.ref not in meetings or record.occurred_at < meetings[record.ref]:
                meetings[record.ref] = record.occurred_at
    counts: Counter = Counter()
    for meetings in discussed.values():
        times = sorted(meetings.values())
        for i, at in enumerate(times):
            if _in_period(filters, at):  # the meeting service is no agency
                repeat = i > 0 and at - times[i - 1] <= YEAR
                counts[(_quarter(at), "repeat" if repeat else "first discussion")] += 1
    return _table("MARAC cases discussed by quarter", "quarter", "discussion", counts)


# The quarterly MARAC dataset's referrals, by quarter and referring agency.
MARAC_REFERRALS = Additive(
    "MARAC referrals by quarter and agency",
    "quarter",
    "agency",
    MARAC_REFERRAL,
    lambda r: [(_quarter(r.occurred_at), agency_name(r.agency))],
)


def marac_referrals(records: Iterable[FigureRecord], filters: Filters) -> Table:
    return MARAC_REFERRALS.table(MARAC_REFERRALS.counted(records, filters))
