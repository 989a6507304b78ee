"""The case reviews as the community safety partnership is shown them: each person
or district that meets the threshold, the rule that holds, and every incident
behind it with the agencies told of it, their case references (who to ask) and the
dates. A person is named by no key: the partnership asks the agencies by their
case references, as a chair asks of an agenda item."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from figures.case_review import RULES_IN_ORDER
from figures.case_review_store import DISTRICT, SUBJECT


@dataclass(frozen=True, slots=True)
class ListedReport:
    agency: int  # AgencyKind
    agency_id: str
    case_reference: str
    occurred_at: datetime  # the behaviour
    made_at: datetime  # the complaint
    category: int  # IncidentCategory


@dataclass(frozen=True, slots=True)
class ListedIncident:
    occurred_at: datetime
    reports: tuple[ListedReport, ...]


@dataclass(frozen=True, slots=True)
class ListedReason:
    rule: str  # figures.case_review.RULES_IN_ORDER
    incidents: tuple[ListedIncident, ...]


@dataclass(frozen=True, slots=True)
class ListedReview:
    """One person's or one district's review, with each rule that holds."""

    district: str  # for a district's review; "" for a person's
    people: int  # how many people complained (1 for a person's review)
    reasons: tuple[ListedReason, ...]
    valid_until: datetime | None  # when it is next recomputed for time alone

    @property
    def agencies(self) -> tuple[tuple[int, str], ...]:
        """(AgencyKind, agency_id) of every agency told, ascending by id."""
        told = {
            (r.agency, r.agency_id) for n in self.reasons for i in n.incidents for r in i.reports
        }
        return tuple(sorted(told, key=lambda a: (a[1], a[0])))


def listed(rows: Sequence[tuple]) -> list[ListedReview]:
    """Reviews from case_review_flagged rows (figures.case_review_store.flagged: people
    first), each person's or district's rules together, in RULES_IN_ORDER."""
    grouped: dict[tuple[str, str], list[tuple]] = {}
    for row in sorted(rows, key=lambda r: RULES_IN_ORDER.index(r[2])):
        grouped.setdefault((row[0], row[1]), []).append(row)
    return [
        ListedReview(
            district=key if scope == DISTRICT else "",
            people=theirs[0][3],
            reasons=tuple(
                ListedReason(rule, tuple(_incident(i) for i in incidents))
                for _, _, rule, _, incidents, _ in theirs
            ),
            valid_until=theirs[0][5],
        )
        for (scope, key), theirs in grouped.items()
        if scope in (SUBJECT, DISTRICT)
    ]


class CaseReviewList:
    """Every review the read model holds now, from what `load` reads (flagged rows)."""

    def __init__(self, load: Callable[[], Sequence[tuple]]):
        self._load = load

    def reviews(self) -> list[ListedReview]:
        return listed(self._load())


def _incident(shown: dict) -> ListedIncident:
    return ListedIncident(
        occurred_at=datetime.fromisoformat(shown["occurred_at"]),
        reports=tuple(
            ListedReport(
                agency=r["agency"],
                agency_id=r["agency_id"],
                case_reference=r["case_reference"],
                occurred_at=datetime.fromisoformat(r["occurred_at"]),
                made_at=datetime.fromisoformat(r["made_at"]),
                category=r["category"],
            )
            for r in shown["reports"]
        ),
    )
