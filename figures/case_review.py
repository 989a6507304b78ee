"""ASB case review (Community Trigger) across agencies: which people, and which
postcode districts, meet the partnership's case review threshold now.

A complaint is an incident an agency shared about a person (its subject): when the
behaviour occurred, when the complaint was made (the agency recorded it), what it
was (IncidentCategory), whether anyone perceived it as hate-related, and the
postcode district. shared_view.facts.Fact keeps none of the last four (the shared
view does not need them), so complaints are read from the CaseEvent itself
(figures.case_review_events).

A complaint counts while it was made in the period ending now and within
`made_within_months` of the behaviour. Reports of one incident to several
agencies count once: the person's complaints of the same behaviour
(CaseReviewRules.behaviour) are grouped into incidents, each spanning at most
`same_incident_hours` from its first report, as few as cover them all (so adding
another agency's report of an incident never adds one, and removing a complaint
never adds one). Each rule that holds is a reason naming the incidents behind it,
their reports' agencies and dates:
- repeated complaints: at least `complaints` incidents;
- hate incident (when configured): one incident perceived as hate-related;
- locality (when configured): a district's incidents number at least
  `locality_complaints`, from at least `locality_people` different people.
Anonymous reports name no person, so they count for none of these.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from figures.case_review_rules import CaseReviewRules
from marac.v1 import vocabulary_pb2 as vocab
from shared_view.facts import LOCAL_TIME

REPEATED_COMPLAINTS = "repeated_complaints"
HATE_INCIDENT = "hate_incident"
LOCALITY = "locality"
RULES_IN_ORDER = (REPEATED_COMPLAINTS, HATE_INCIDENT, LOCALITY)
HATE_RELATED = frozenset(
    {vocab.HATE_CLASSIFICATION_HATE_INCIDENT, vocab.HATE_CLASSIFICATION_HATE_CRIME}
)


@dataclass(frozen=True, slots=True)
class Complaint:
    """One agency's report of an incident about a person."""

    agency_id: str
    source_sequence: int  # with agency_id, the shared event's identity
    agency: int  # AgencyKind
    subject_key: str
    case_reference: str  # who to ask, at that agency
    occurred_at: datetime  # the behaviour, aware
    made_at: datetime  # the complaint (the agency recorded it), aware
    category: int  # IncidentCategory
    classification: int  # HateClassification
    district: str  # postcode district (outward code), "" when not given

    @property
    def identity(self) -> tuple[str, int]:
        return (self.agency_id, self.source_sequence)

    @property
    def hate_related(self) -> bool:
        return self.classification in HATE_RELATED


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident as the partnership counts it: every agency's report of it."""

    reports: tuple[Complaint, ...]  # by occurrence, then agency_id, then sequence

    @property
    def occurred_at(self) -> datetime:
        return self.reports[0].occurred_at

    @property
    def agencies(self) -> tuple[tuple[int, str], ...]:
        """(AgencyKind, agency_id) of the agencies told of it, ascending by id."""
        return tuple(sorted({(r.agency, r.agency_id) for r in self.reports}, key=_by_id))


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str  # one of RULES_IN_ORDER
    incidents: tuple[Incident, ...]  # ascending by occurrence

    @property
    def agencies(self) -> tuple[tuple[int, str], ...]:
        """(AgencyKind, agency_id) of the agencies the reason names, ascending by id."""
        told = {agency for incident in self.incidents for agency in incident.agencies}
        return tuple(sorted(told, key=_by_id))


@dataclass(frozen=True, slots=True)
class SubjectReview:
    """A person who meets the case review threshold, and each rule that holds."""

    subject_key: str
    reasons: tuple[Reason, ...]  # in RULES_IN_ORDER, never empty


@dataclass(frozen=True, slots=True)
class LocalityReview:
    """A postcode district whose complaints meet the locality threshold."""

    district: str
    people: int  # how many different people complained
    reason: Reason


@dataclass(frozen=True, slots=True)
class CaseReviews:
    subjects: tuple[SubjectReview, ...]  # ascending by subject_key
    localities: tuple[LocalityReview, ...]  # ascending by district
    # The first instant after `now` at which time alone may change the result (a
    # complaint leaves the period, or one made "in the future" enters it); None if never.
    valid_until: datetime | None


def case_reviews(
    complaints: Iterable[Complaint], now: datetime, rules: CaseReviewRules
) -> CaseReviews:
    """Who, and which districts, meet the case review threshold at `now`."""
    unique = {c.identity: c for c in complaints}  # a redelivered event is one complaint
    counted: list[Complaint] = []
    changes: list[datetime] = []
    for complaint in unique.values():
        if not _made_in_time(complaint, rules):
            continue
        # A complaint counts from when it was made for the period (six months) after.
        leaves = months_after(complaint.made_at, rules.period_months)
        if complaint.made_at > now:
            changes.append(complaint.made_at)
        elif now < leaves:
            counted.append(complaint)
            changes.append(leaves)

    by_person: dict[str, list[Complaint]] = {}
    for complaint in counted:
        by_person.setdefault(complaint.subject_key, []).append(complaint)
    subjects = []
    for subject_key in sorted(by_person):
        reasons = _subject_reasons(_incidents(by_person[subject_key], rules), rules)
        if reasons:
            subjects.append(SubjectReview(subject_key, reasons))

    localities = _locality_reviews(counted, rules) if rules.locality_complaints else ()
    later = [instant for instant in changes if instant > now]
    return CaseReviews(tuple(subjects), localities, min(later, default=None))


def months_after(instant: datetime, months: int) -> datetime:
    """The same local time `months` calendar months later (earlier if negative), on
    the month's last day when it is shorter ("a month after 31 January" is 28 or 29
    February), as the partners count months."""
    local = instant.astimezone(LOCAL_TIME)
    month_index = local.year * 12 + local.month - 1 + months
    year, month = divmod(month_index, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    return local.replace(year=year, month=month + 1, day=day).astimezone(instant.tzinfo)


def _made_in_time(complaint: Complaint, rules: CaseReviewRules) -> bool:
    return complaint.made_at <= months_after(complaint.occurred_at, rules.made_within_months)


def _incidents(complaints: Sequence[Complaint], rules: CaseReviewRules) -> list[Incident]:
    """One person's complaints as incidents: per behaviour, from the earliest report,
    each incident takes every report occurring within the window of its first (the
    fewest such incidents that cover them all)."""
    by_behaviour: dict[int, list[Complaint]] = {}
    for complaint in complaints:
        by_behaviour.setdefault(rules.behaviour(complaint.category), []).append(complaint)
    incidents = []
    for reports in by_behaviour.values():
        reports.sort(key=_by_occurrence)
        current: list[Complaint] = []
        for report in reports:
            if current and report.occurred_at - current[0].occurred_at > rules.same_incident_window:
                incidents.append(Incident(tuple(current)))
                current = []
            current.append(report)
        incidents.append(Incident(tuple(current)))
    incidents.sort(key=lambda i: _by_occurrence(i.reports[0]))
    return incidents


def _subject_reasons(incidents: list[Incident], rules: CaseReviewRules) -> tuple[Reason, ...]:
    reasons = []
    if len(incidents) >= rules.complaints:
        reasons.append(Reason(REPEATED_COMPLAINTS, tuple(incidents)))
    if rules.hate_incident:
        hate = tuple(i for i in incidents if any(r.hate_related for r in i.reports))
        if hate:
            reasons.append(Reason(HATE_INCIDENT, hate))
    return tuple(reasons)


def _locality_reviews(
    counted: list[Complaint], rules: CaseReviewRules
) -> tuple[LocalityReview, ...]:
    """Per district, each person's complaints about it grouped into incidents on their
    own (a person's one incident reported to two agencies is one complaint there)."""
    by_place: dict[tuple[str, str], list[Complaint]] = {}
    for complaint in counted:
        if complaint.district:
            by_place.setdefault((complaint.district, complaint.subject_key), []).append(complaint)
    incidents: dict[str, list[Incident]] = {}
    people: dict[str, int] = {}
    for (district, _), complaints in by_place.items():
        incidents.setdefault(district, []).extend(_incidents(complaints, rules))
        people[district] = people.get(district, 0) + 1
    reviews = []
    for district in sorted(incidents):
        found = incidents[district]
        if len(found) >= rules.locality_complaints and people[district] >= rules.locality_people:
            found.sort(key=lambda i: _by_occurrence(i.reports[0]))
            reviews.append(
                LocalityReview(district, people[district], Reason(LOCALITY, tuple(found)))
            )
    return tuple(reviews)


def _by_occurrence(complaint: Complaint) -> tuple:
    return (complaint.occurred_at, complaint.agency_id, complaint.source_sequence)


def _by_id(agency: tuple[int, str]) -> tuple[str, int]:
    return (agency[1], agency[0])
