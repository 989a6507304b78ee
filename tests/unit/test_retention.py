"""Retention: a closed case's contribution leaves the shared view once it has been
closed for the retention period, by the passing of time alone; an open case never."""

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from marac.v1 import vocabulary_pb2 as vocab
from shared_view import kinds as k
from shared_view.rules import Rules
from shared_view.view import seen_by, subject_view
from shared_view.writer import purged_facts
from tests.agreements import AGREED
from tests.unit.test_facts import ALICE, DAY, NOW, TO_PANEL, assessed, consent, fact, incident

RULES = Rules(retention_days=30)
PERIOD = timedelta(days=30)
CLOSED_AT = NOW - 10 * DAY


def landlord_case(closed_at=CLOSED_AT):
    return [
        fact(1, agency_id="landlord-1", at=closed_at - 5 * DAY),
        incident(2, agency_id="landlord-1", at=closed_at - 4 * DAY),
        fact(3, k.CASE_CLOSED, agency_id="landlord-1", at=closed_at),
    ]


def cases(view):
    return [c.case for c in view.contributions]


def test_a_closed_case_leaves_the_view_exactly_when_its_retention_ends():
    facts = [*landlord_case(), incident(4)]
    ends = CLOSED_AT + PERIOD
    before = subject_view(ALICE, facts, ends - timedelta(microseconds=1), RULES, AGREED)
    assert cases(before) == [("landlord-1", "L-1"), ("police-1", "P-1")]
    assert before.valid_until <= ends and before.retired == ()
    after = subject_view(ALICE, facts, ends, RULES, AGREED)
    assert cases(after) == [("police-1", "P-1")]
    assert after.retired == (("landlord-1", "L-1"),)
    assert all(share.case != ("landlord-1", "L-1") for share in after.shares)


def test_the_view_before_the_end_says_it_changes_then():
    now = CLOSED_AT + PERIOD - DAY
    view = subject_view(ALICE, landlord_case(), now, RULES, AGREED)
    assert view.valid_until == CLOSED_AT + PERIOD  # its incident leaves the window later


def test_a_retired_case_no_longer_counts_for_the_panel():
    facts = [
        fact(1, agency_id="landlord-1", at=CLOSED_AT - DAY),
        assessed(2, vocab.RISK_LEVEL_HIGH, agency_id="landlord-1", at=CLOSED_AT),
        consent(3, TO_PANEL, agency_id="landlord-1", at=CLOSED_AT),
        fact(4, k.CASE_CLOSED, agency_id="landlord-1", at=CLOSED_AT),
    ]
    kept = subject_view(ALICE, facts, CLOSED_AT + DAY, RULES, AGREED)
    assert kept.eligibility.eligible and seen_by(kept, vocab.RECIPIENT_MARAC_PANEL)
    gone = subject_view(ALICE, facts, CLOSED_AT + PERIOD, RULES, AGREED)
    assert not gone.eligibility.eligible and gone.contributions == () and gone.shares == ()


def test_a_case_reopened_before_its_retention_ends_stays_whole():
    reopened = [*landlord_case(), fact(5, k.CASE_OPENED, agency_id="landlord-1", at=NOW - DAY)]
    view = subject_view(ALICE, reopened, NOW + 5 * PERIOD, RULES, AGREED)
    assert cases(view) == [("landlord-1", "L-1")] and not view.contributions[0].closed
    assert view.retired == ()


def test_a_case_reopened_after_its_facts_were_purged_is_what_came_after():
    closure, reopened = landlord_case()[2], fact(7, k.CASE_OPENED, agency_id="landlord-1")
    late = incident(8, agency_id="landlord-1", at=NOW - DAY)
    view = subject_view(ALICE, [closure, reopened, late], NOW, RULES, AGREED)
    (contribution,) = view.contributions
    assert contribution.incident_count == 1 and not contribution.closed


def test_the_writer_purges_all_but_the_latest_closure():
    facts = [*landlord_case(), incident(4)]
    view = subject_view(ALICE, facts, CLOSED_AT + PERIOD, RULES, AGREED)
    assert [f.source_sequence for f in purged_facts(view, facts)] == [1, 2]
    # What is kept folds into the same view: a redelivery of a purged fact too.
    kept = [f for f in facts if f not in purged_facts(view, facts)]
    again = subject_view(ALICE, [*kept, facts[1]], CLOSED_AT + PERIOD, RULES, AGREED)
    assert again.contributions == view.contributions and again.retired == view.retired


def test_retention_is_configured_by_environment():
    assert Rules().retention_days == 365
    assert Rules.from_env({"MARAC_RULE_RETENTION_DAYS": "90"}).retention == timedelta(days=90)


@settings(max_examples=200, deadline=None)
@given(
    closed_days_ago=st.integers(min_value=-40, max_value=400),
    retention_days=st.integers(min_value=1, max_value=365),
    reopened=st.booleans(),
)
def test_a_closed_case_is_in_the_view_until_its_retention_ends_and_an_open_one_always(
    closed_days_ago, retention_days, reopened
):
    rules = Rules(retention_days=retention_days)
    closed_at = NOW - timedelta(days=closed_days_ago)
    facts = landlord_case(closed_at)
    if reopened:
        facts.append(fact(9, k.CASE_OPENED, agency_id="landlord-1", at=closed_at + DAY))
    view = subject_view(ALICE, facts, NOW, rules, AGREED)
    present = bool(view.contributions)
    ends = closed_at + timedelta(days=retention_days)
    assert present == (reopened or ends > NOW)
    if present and not reopened:  # the view is recomputed when it leaves
        assert view.valid_until is not None and view.valid_until <= ends
