"""Properties of the case review: another agency's report of the same incident never
changes what is counted, the order the facts arrive in does not matter, removing a
complaint never flags anyone or anywhere, and the result holds until valid_until."""

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from figures.case_review import CaseReviews, case_reviews
from figures.case_review_rules import CaseReviewRules
from tests.unit.case_review_complaints import (
    AGENCY_KINDS,
    ALICE,
    BOB,
    CAROL,
    DAY,
    HARASSMENT,
    HARASSMENT_OR_INTIMIDATION,
    HATE_INCIDENT,
    HOUR,
    NOISE,
    NOT_HATE,
    NOW,
    VERBAL_ABUSE,
    complaint,
)

AGENCY_IDS = sorted(AGENCY_KINDS)

reports = st.lists(
    st.builds(
        lambda agency_id, hours_ago, made_after, category, classification, subject, district: (
            agency_id,
            NOW - hours_ago * HOUR,
            made_after * HOUR,
            category,
            classification,
            subject,
            district,
        ),
        st.sampled_from(AGENCY_IDS),
        st.integers(-48, 24 * 240),  # some complaints are made after now
        st.integers(0, 24 * 45),  # some more than a month after the behaviour
        st.sampled_from([HARASSMENT, HARASSMENT_OR_INTIMIDATION, NOISE, VERBAL_ABUSE]),
        st.sampled_from([NOT_HATE, HATE_INCIDENT]),
        st.sampled_from([ALICE, BOB, CAROL]),
        st.sampled_from(["L4", "L20", ""]),
    ),
    max_size=14,
)

rules = st.builds(
    CaseReviewRules,
    complaints=st.integers(1, 3),
    same_incident_hours=st.sampled_from([1, 24, 72]),
    hate_incident=st.integers(0, 1),
    locality_complaints=st.integers(2, 3),
    locality_people=st.just(2),
)


def complaints_of(drawn):
    return [
        complaint(
            seq,
            agency_id,
            occurred_at,
            made_after=made_after,
            category=category,
            classification=classification,
            subject=subject,
            district=district,
        )
        for seq, (
            agency_id,
            occurred_at,
            made_after,
            category,
            classification,
            subject,
            district,
        ) in enumerate(drawn, start=1)
    ]


def counted(reviews: CaseReviews):
    """What the partnership is shown, apart from which agencies were told of each
    incident: per person and per district, each rule and how many incidents."""
    return (
        {s.subject_key: [(r.rule, len(r.incidents)) for r in s.reasons] for s in reviews.subjects},
        {p.district: (p.people, len(p.reason.incidents)) for p in reviews.localities},
    )


def flagged(reviews: CaseReviews):
    return {(s.subject_key, r.rule) for s in reviews.subjects for r in s.reasons} | {
        (p.district, p.reason.rule) for p in reviews.localities
    }


@settings(max_examples=300, deadline=None)
@given(reports, rules, st.data())
def test_another_agencys_report_of_the_same_incident_never_changes_the_count(drawn, rules, data):
    complaints = complaints_of(drawn)
    if not complaints:
        return
    original = data.draw(st.sampled_from(complaints))
    other = data.draw(st.sampled_from([a for a in AGENCY_IDS if a != original.agency_id]))
    duplicate = replace(
        original, agency_id=other, agency=AGENCY_KINDS[other], source_sequence=10_000
    )
    assert counted(case_reviews([*complaints, duplicate], NOW, rules)) == counted(
        case_reviews(complaints, NOW, rules)
    )


@settings(max_examples=300, deadline=None)
@given(reports, rules, st.randoms())
def test_the_order_of_the_facts_does_not_matter(drawn, rules, random):
    complaints = complaints_of(drawn)
    shuffled = list(complaints)
    random.shuffle(shuffled)
    assert case_reviews(shuffled, NOW, rules) == case_reviews(complaints, NOW, rules)


@settings(max_examples=300, deadline=None)
@given(reports, rules, st.data())
def test_removing_a_complaint_never_flags_anyone_or_anywhere(drawn, rules, data):
    complaints = complaints_of(drawn)
    if not complaints:
        return
    removed = data.draw(st.integers(0, len(complaints) - 1))
    fewer = complaints[:removed] + complaints[removed + 1 :]
    assert flagged(case_reviews(fewer, NOW, rules)) <= flagged(case_reviews(complaints, NOW, rules))


@settings(max_examples=300, deadline=None)
@given(reports, rules, st.integers(0, 10**6))
def test_the_result_holds_until_valid_until(drawn, rules, millionths):
    complaints = complaints_of(drawn)
    now = case_reviews(complaints, NOW, rules)
    if now.valid_until is None:
        later = NOW + 400 * DAY
    else:
        later = NOW + (now.valid_until - NOW) * (millionths / 10**6) - timedelta(microseconds=1)
        later = max(later, NOW)
    then = case_reviews(complaints, later, rules)
    assert (then.subjects, then.localities) == (now.subjects, now.localities)
