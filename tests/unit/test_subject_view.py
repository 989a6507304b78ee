"""Each agency's contribution to a subject's view, and when the view changes by itself."""

from datetime import UTC, date, datetime, timedelta

from marac.v1 import vocabulary_pb2 as vocab
from shared_view import facts as f
from shared_view import kinds as k
from shared_view.rules import Rules
from shared_view.view import Contribution, OpenAction, subject_view, subject_views
from tests.agreements import AGREED
from tests.unit.test_facts import (
    ALICE,
    BOB,
    DAY,
    DISABILITY,
    HATE_CRIME,
    HATE_INCIDENT,
    HIGH,
    MEDIUM,
    NOT_HATE,
    NOW,
    POLICE,
    RACE,
    STANDARD,
    TO_LANDLORD,
    TO_POLICE,
    assessed,
    consent,
    fact,
    incident,
    override,
)

RULES = Rules()
YEAR = timedelta(days=365)


def only_contribution(facts, now=NOW, rules=RULES) -> Contribution:
    (contribution,) = subject_view(ALICE, facts, now, rules, AGREED).contributions
    return contribution


def test_a_contribution_says_who_knows_what_and_who_to_ask():
    facts = [
        fact(1),
        incident(2, strands=(DISABILITY,), classification=HATE_INCIDENT, at=NOW - 3 * DAY),
        incident(3, strands=(RACE, DISABILITY), classification=HATE_CRIME, at=NOW - 2 * DAY),
        incident(4, classification=NOT_HATE, strands=(), at=NOW - 2 * DAY),
        assessed(5, MEDIUM, tool="DASH"),
        fact(6, k.SUPPORT, f.SupportChange(vocab.SUPPORT_AREA_EMOTIONAL, True)),
        fact(7, k.SUPPORT, f.SupportChange(vocab.SUPPORT_AREA_HOUSING, True)),
        fact(8, k.SUPPORT, f.SupportChange(vocab.SUPPORT_AREA_HOUSING, False)),
        fact(9, k.ENFORCEMENT, f.EnforcementChange("e1", vocab.ENFORCEMENT_TYPE_WARNING, True)),
        fact(10, k.ENFORCEMENT, f.EnforcementChange("e2", vocab.ENFORCEMENT_TYPE_INJUNCTION, True)),
        fact(11, k.ENFORCEMENT, f.EnforcementChange("e1", vocab.ENFORCEMENT_TYPE_WARNING, False)),
        fact(12, k.ACTION, f.ActionChange("a1", vocab.ACTION_TYPE_REPAIR, True, NOW + 2 * DAY)),
        fact(13, k.ACTION, f.ActionChange("a2", vocab.ACTION_TYPE_ACTION_PLAN, True, None)),
        fact(14, k.ACTION, f.ActionChange("a3", vocab.ACTION_TYPE_INVESTIGATION, True, None)),
        fact(15, k.ACTION, f.ActionChange("a3", vocab.ACTION_TYPE_INVESTIGATION, False, None)),
    ]
    assert only_contribution(facts) == Contribution(
        agency=POLICE,
        agency_id="police-1",
        case_reference="P-1",
        risk_level=MEDIUM,
        risk_tool="DASH",
        incident_dates=(date(2026, 2, 27), date(2026, 2, 28), date(2026, 2, 28)),
        strands=(DISABILITY, RACE),
        hate_crimes=1,
        hate_incidents=1,
        open_support=(vocab.SUPPORT_AREA_EMOTIONAL,),
        open_enforcement=(vocab.ENFORCEMENT_TYPE_INJUNCTION,),
        open_actions=(
            OpenAction(vocab.ACTION_TYPE_ACTION_PLAN, None),
            OpenAction(vocab.ACTION_TYPE_REPAIR, date(2026, 3, 4)),
        ),
        closed=False,
    )


def test_the_latest_assessment_counts_by_source_sequence_not_the_highest():
    backdated = [assessed(5, HIGH, at=NOW - DAY), assessed(9, STANDARD, at=NOW - 5 * DAY)]
    assert only_contribution(backdated).risk_level == STANDARD
    assert only_contribution(list(reversed(backdated))).risk_level == STANDARD


def test_only_incidents_of_the_window_count_and_dates_are_local():
    facts = [
        incident(1, at=NOW - YEAR),  # left the window at NOW
        incident(2, at=NOW - YEAR + timedelta(microseconds=1)),
        incident(3, at=datetime(2025, 7, 1, 23, 30, tzinfo=UTC)),  # 00:30 on 2 July in London
        incident(4, at=NOW + DAY),  # recorded ahead of its time
    ]
    contribution = only_contribution(facts)
    assert contribution.incident_dates == (date(2025, 3, 2), date(2025, 7, 2))
    shorter = only_contribution(facts, rules=Rules(window_days=30))
    assert shorter.incident_count == 0


def test_a_closed_case_still_says_who_to_ask():
    closed = only_contribution([fact(1), incident(2), fact(3, k.CASE_CLOSED)])
    assert closed.closed and closed.incident_count == 1
    reopened = only_contribution([fact(1), fact(3, k.CASE_CLOSED), fact(4, k.CASE_OPENED)])
    assert not reopened.closed


def test_each_case_of_a_subject_is_one_contribution_and_subjects_are_apart():
    facts = [
        incident(1),
        fact(2, agency_id="landlord-1"),
        incident(3, agency_id="ddpo-1"),
        incident(4, subject=BOB),
        f.Fact("police-1", 5, POLICE, ALICE, "P-2", k.CASE_OPENED, NOW, None),
    ]
    views = subject_views(facts, NOW, RULES, AGREED)
    assert [c.case for c in views[ALICE].contributions] == [
        ("ddpo-1", "D-1"),
        ("landlord-1", "L-1"),
        ("police-1", "P-1"),
        ("police-1", "P-2"),
    ]
    assert [c.case for c in views[BOB].contributions] == [("police-1", "P-1")]
    assert subject_view(ALICE, facts, NOW, RULES, AGREED) == views[ALICE]


def test_valid_until_is_the_next_change_by_time_alone():
    quiet = [fact(1), assessed(2, HIGH), consent(3, TO_POLICE)]
    assert subject_view(ALICE, quiet, NOW, RULES, AGREED).valid_until is None
    facts = [
        *quiet,
        incident(4, at=NOW - 300 * DAY),  # leaves the window in 65 days
        override(5, "o-1", NOW + 10 * DAY, TO_POLICE),
        incident(6, at=NOW + 20 * DAY),  # counts in 20 days
    ]
    assert subject_view(ALICE, facts, NOW, RULES, AGREED).valid_until == NOW + 10 * DAY
    assert subject_view(ALICE, facts, NOW + 10 * DAY, RULES, AGREED).valid_until == NOW + 20 * DAY
    assert subject_view(ALICE, facts, NOW + 20 * DAY, RULES, AGREED).valid_until == NOW + 65 * DAY
    assert subject_view(ALICE, facts, NOW + 65 * DAY, RULES, AGREED).valid_until == NOW + 385 * DAY


def test_an_erased_case_contributes_nothing_and_another_case_stays():
    facts = [
        fact(1),
        incident(2),
        consent(3, TO_LANDLORD),
        incident(4, agency_id="landlord-1"),
    ]
    before = subject_view(ALICE, facts, NOW, RULES, AGREED)
    assert any(share.case == ("police-1", "P-1") for share in before.shares)
    view = subject_view(ALICE, [*facts, fact(5, k.CASE_ERASED)], NOW, RULES, AGREED)
    assert [c.case for c in view.contributions] == [("landlord-1", "L-1")]
    assert all(share.case != ("police-1", "P-1") for share in view.shares)
