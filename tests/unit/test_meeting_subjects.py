"""What RiskView tells the meeting service about subjects: the eligible ones with
their match keys and handles, and a subject found by handle or case, each only as
the MARAC panel may see it."""

import dataclasses

import pytest

from marac.v1 import case_events_pb2 as pb
from services.common.validation import InvalidRequest
from services.riskview.meeting_subjects import MeetingSubjects
from shared_view import kinds
from shared_view.rules import Rules
from tests.unit.test_facts import (
    ALICE,
    BOB,
    DAY,
    NOW,
    TO_PANEL,
    consent,
    fact,
    incident,
    referral,
)
from tests.unit.test_risk_view_access import HANDLES, SCENARIO, InMemoryViews, handle

CAROL = "c" * 64
DAN = "d" * 64


def subjects(facts=SCENARIO):
    return MeetingSubjects(InMemoryViews(facts, NOW), HANDLES, Rules(), clock=lambda: NOW)


def cases(subject):
    return [(agency_id, reference) for _, agency_id, reference in subject.cases]


def test_the_eligible_subjects_come_with_match_key_handle_and_the_cases_shared_with_the_panel():
    page = subjects([*SCENARIO, incident(9, subject=BOB)]).eligible(0, "")
    (alice,) = page.subjects
    assert (alice.subject_key, alice.handle) == (ALICE, handle(ALICE))
    # The police share nothing with the panel: their case is not named.
    assert cases(alice) == [("ddpo-1", "D-1"), ("landlord-1", "L-1"), ("vs-1", "V-1")]
    assert alice.entry is not None and alice.entry.reasons
    assert page.next_page_token == ""


def test_the_eligible_list_pages_by_handle_never_by_match_key():
    many = [
        f
        for n in range(5)
        for f in (
            *(incident(10 * n + i, subject=f"{n + 1:064x}") for i in range(3)),
            consent(10 * n + 9, TO_PANEL, subject=f"{n + 1:064x}"),
        )
    ]
    view = subjects(many)
    first = view.eligible(2, "")
    assert len(first.subjects) == 2 and first.next_page_token
    assert first.subjects[-1].subject_key not in first.next_page_token
    seen = [s.subject_key for s in first.subjects]
    token = first.next_page_token
    while token:
        page = view.eligible(2, token)
        seen += [s.subject_key for s in page.subjects]
        token = page.next_page_token
    assert sorted(seen) == sorted({f.subject_key for f in many})
    with pytest.raises(InvalidRequest):
        view.eligible(2, "not a token")


def test_as_of_a_past_cutoff_the_subjects_are_those_the_rules_made_eligible_then():
    cutoff, later = NOW - DAY / 2, NOW - DAY / 4
    # Carol, as Alice, was eligible at the cut-off; she was discussed after it.
    carol = [dataclasses.replace(f, subject_key=CAROL) for f in SCENARIO]
    discussed = fact(40, kinds.MARAC_DISCUSSED, agency_id="marac", subject=CAROL, at=later)
    # Bob's three incidents, shared with the panel, all came after the cut-off.
    bob = [incident(20 + n, subject=BOB, agency_id="vs-1", at=later) for n in range(3)]
    bob.append(consent(30, TO_PANEL, subject=BOB, agency_id="vs-1", at=later))
    earlier = [dataclasses.replace(f, occurred_at=cutoff - DAY) for f in bob]
    # Dan's happened before the cut-off but were recorded after it.
    dan = [dataclasses.replace(f, subject_key=DAN, recorded_at=later) for f in earlier]
    view = subjects([*SCENARIO, *carol, discussed, *bob, *dan])
    assert {s.subject_key for s in view.eligible(0, "").subjects} == {ALICE, BOB, DAN}
    then = view.eligible(1, "", as_of=cutoff)
    seen = [s.subject_key for s in then.subjects]
    while then.next_page_token:
        then = view.eligible(1, then.next_page_token, as_of=cutoff)
        seen += [s.subject_key for s in then.subjects]
    assert sorted(seen) == sorted([ALICE, CAROL])
    with pytest.raises(InvalidRequest):
        view.eligible(0, "", as_of=NOW + DAY)


def test_a_subject_is_found_by_handle_or_case_only_if_the_panel_may_be_told_of_something():
    view = subjects([*SCENARIO, incident(9, subject=BOB), referral(10, subject=CAROL)])
    assert cases(view.by_handle(handle(ALICE))) == cases(view.by_case("landlord-1", "L-1"))
    # Bob's police case shares nothing with the panel; Carol's referral names its case.
    assert view.by_handle(handle(BOB)) is None
    carol = view.by_handle(handle(CAROL))
    assert cases(carol) == [("police-1", "P-1")]
    assert view.by_handle(ALICE) is None  # a match key is no handle RiskView made
    with pytest.raises(InvalidRequest):
        view.by_handle("not a handle")


def test_the_agencies_that_referred_a_subject_are_named_whatever_the_ground():
    high_risk = pb.MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK
    view = subjects([*SCENARIO, referral(10, subject=CAROL, ground=high_risk)])
    carol = view.by_handle(handle(CAROL))
    assert carol.referring_agencies == ("police-1",)
    assert view.by_handle(handle(ALICE)).referring_agencies == ()
