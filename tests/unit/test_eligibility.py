"""MARAC eligibility: each rule, its reason naming agencies and no detail, its thresholds,
and referrals by their ground."""

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from shared_view.eligibility import (
    CUMULATIVE_HARM,
    ESCALATION,
    PROFESSIONAL_JUDGEMENT,
    REPEAT_REFERRAL,
    VISIBLE_HIGH_RISK,
    Reason,
)
from shared_view.rules import Rules
from shared_view.view import subject_view
from tests.agreements import AGREED
from tests.unit.test_facts import (
    ALICE,
    DAY,
    DDPO,
    DISABILITY,
    HIGH,
    LANDLORD,
    MEDIUM,
    NOT_HATE,
    NOW,
    POLICE,
    RACE,
    TO_PANEL,
    TO_POLICE,
    VICTIM_SUPPORT,
    assessed,
    consent,
    discussed,
    incident,
    override,
    referral,
)

RULES = Rules()
PANEL_RECIPIENT = vocab.RECIPIENT_MARAC_PANEL
VISIBLE_HIGH_RISK_GROUND = pb.MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK
ESCALATION_GROUND = pb.MARAC_REFERRAL_GROUND_ESCALATION


def shared_with_panel(*agency_ids):
    return [consent(100, TO_PANEL, agency_id=a) for a in agency_ids]


def reasons(facts, now=NOW, rules=RULES) -> dict[str, tuple]:
    view = subject_view(ALICE, facts, now, rules, AGREED)
    return {reason.rule: reason.agencies for reason in view.eligibility.reasons}


def test_visible_high_risk_names_the_agency_that_rated_it():
    facts = [assessed(1, HIGH), *shared_with_panel("police-1")]
    assert reasons(facts) == {VISIBLE_HIGH_RISK: ((POLICE, "police-1"),)}


def test_a_high_rating_the_panel_may_not_see_makes_no_one_eligible():
    assert reasons([assessed(1, HIGH), consent(2, TO_POLICE)]) == {}


def test_escalation_counts_visible_incidents_across_agencies():
    facts = [
        incident(1, strands=(DISABILITY,)),
        incident(2, strands=(DISABILITY,)),
        assessed(3, HIGH),
        incident(1, agency_id="landlord-1", strands=(DISABILITY,)),
        incident(1, agency_id="ddpo-1", strands=(DISABILITY,)),  # not shared with the panel
        *shared_with_panel("police-1", "landlord-1"),
    ]
    found = reasons(facts)
    assert found[ESCALATION] == ((LANDLORD, "landlord-1"), (POLICE, "police-1"))
    assert found[VISIBLE_HIGH_RISK] == ((POLICE, "police-1"),)
    assert CUMULATIVE_HARM not in found  # only one agency's incidents were not rated high
    assert ESCALATION not in reasons(facts, rules=Rules(escalation_incidents=4))


def test_cumulative_harm_is_incidents_across_agencies_that_nobody_rated_high():
    facts = [
        incident(1, agency_id="landlord-1", classification=NOT_HATE, strands=()),
        incident(1, agency_id="ddpo-1", strands=(DISABILITY,)),
        assessed(2, MEDIUM, agency_id="ddpo-1"),
        incident(1, agency_id="vs-1", strands=(DISABILITY,)),
        incident(1, strands=()),  # police: criminal damage, not shared with the panel
        *shared_with_panel("landlord-1", "ddpo-1", "vs-1"),
    ]
    assert reasons(facts) == {
        ESCALATION: ((DDPO, "ddpo-1"), (LANDLORD, "landlord-1"), (VICTIM_SUPPORT, "vs-1")),
        CUMULATIVE_HARM: ((DDPO, "ddpo-1"), (LANDLORD, "landlord-1"), (VICTIM_SUPPORT, "vs-1")),
    }
    assert CUMULATIVE_HARM not in reasons(facts, rules=Rules(cumulative_agencies=4))


def test_cumulative_harm_by_strands_at_one_agency():
    facts = [
        incident(1, strands=(DISABILITY,)),
        incident(2, strands=(RACE,)),
        *shared_with_panel("police-1"),
    ]
    assert reasons(facts) == {CUMULATIVE_HARM: ((POLICE, "police-1"),)}
    assert reasons(facts, rules=Rules(cumulative_strands=3)) == {}
    rated_high = [*facts, assessed(3, HIGH)]
    assert CUMULATIVE_HARM not in reasons(rated_high)


def test_incidents_outside_the_window_do_not_count():
    facts = [
        incident(1, at=NOW - 400 * DAY, strands=(DISABILITY,)),
        incident(2, at=NOW - 10 * DAY, strands=(RACE,)),
        *shared_with_panel("police-1"),
    ]
    assert reasons(facts) == {}
    assert reasons(facts, rules=Rules(window_days=500)) == {
        CUMULATIVE_HARM: ((POLICE, "police-1"),)
    }


def test_a_referral_on_professional_judgement_counts_whatever_the_consent():
    facts = [
        referral(1, agency_id="ddpo-1"),
        consent(2, refused=[PANEL_RECIPIENT], agency_id="ddpo-1"),
    ]
    assert reasons(facts) == {PROFESSIONAL_JUDGEMENT: ((DDPO, "ddpo-1"),)}
    assert reasons([referral(1, at=NOW - 400 * DAY)]) == {}


def test_a_referral_on_visible_high_risk_or_escalation_makes_that_rule_hold():
    refused = consent(2, refused=[PANEL_RECIPIENT], agency_id="ddpo-1")
    high = [referral(1, VISIBLE_HIGH_RISK_GROUND, agency_id="ddpo-1"), refused]
    assert reasons(high) == {VISIBLE_HIGH_RISK: ((DDPO, "ddpo-1"),)}
    escalating = [referral(1, ESCALATION_GROUND, agency_id="ddpo-1"), refused]
    assert reasons(escalating) == {ESCALATION: ((DDPO, "ddpo-1"),)}
    assert reasons([referral(1, ESCALATION_GROUND, at=NOW - 400 * DAY)]) == {}


def test_a_referral_of_an_unknown_ground_is_professional_judgement():
    assert reasons([referral(1, pb.MARAC_REFERRAL_GROUND_UNSPECIFIED)]) == {
        PROFESSIONAL_JUDGEMENT: ((POLICE, "police-1"),)
    }
    assert reasons([referral(1, 99)]) == {PROFESSIONAL_JUDGEMENT: ((POLICE, "police-1"),)}


def test_a_reason_marks_the_cases_it_names_because_they_referred():
    facts = [
        assessed(1, HIGH, agency_id="landlord-1"),
        *shared_with_panel("landlord-1"),
        referral(1, VISIBLE_HIGH_RISK_GROUND, agency_id="ddpo-1"),
    ]
    (reason,) = subject_view(ALICE, facts, NOW, RULES, AGREED).eligibility.reasons
    ddpo, landlord = (DDPO, "ddpo-1", "D-1"), (LANDLORD, "landlord-1", "L-1")
    assert reason == Reason(VISIBLE_HIGH_RISK, (ddpo, landlord), referred=(ddpo,))


def test_a_referral_after_the_discussion_is_new_information_for_a_repeat():
    discussed_facts = [
        incident(1, at=NOW - 30 * DAY, strands=(DISABILITY,)),
        incident(2, at=NOW - 20 * DAY, strands=(RACE,)),
        *shared_with_panel("police-1"),
        discussed(1, NOW - 10 * DAY),
    ]
    assert reasons(discussed_facts) == {}
    for ground, rule in [
        (VISIBLE_HIGH_RISK_GROUND, VISIBLE_HIGH_RISK),
        (ESCALATION_GROUND, ESCALATION),
        (pb.MARAC_REFERRAL_GROUND_PROFESSIONAL_JUDGEMENT, PROFESSIONAL_JUDGEMENT),
    ]:
        referred = [*discussed_facts, referral(1, ground, agency_id="ddpo-1", at=NOW - DAY)]
        view = subject_view(ALICE, referred, NOW, RULES, AGREED)
        found = {r.rule: r for r in view.eligibility.reasons}
        ddpo = (DDPO, "ddpo-1", "D-1")
        assert ddpo in found[rule].referred
        assert found[REPEAT_REFERRAL] == Reason(REPEAT_REFERRAL, (ddpo,), referred=(ddpo,))
    before = [*discussed_facts, referral(1, ESCALATION_GROUND, at=NOW - 15 * DAY)]
    assert reasons(before) == {}  # referred before the discussion: nothing new


def test_an_override_to_the_panel_makes_a_contribution_count_until_it_expires():
    facts = [assessed(1, HIGH), override(2, "o-1", NOW + 3 * DAY, TO_PANEL)]
    assert VISIBLE_HIGH_RISK in reasons(facts)
    assert reasons(facts, now=NOW + 3 * DAY) == {}


def test_a_discussed_subject_returns_only_with_new_information_as_a_repeat():
    facts = [
        incident(1, at=NOW - 30 * DAY, strands=(DISABILITY,)),
        incident(2, at=NOW - 20 * DAY, strands=(RACE,)),
        *shared_with_panel("police-1"),
        discussed(1, NOW - 10 * DAY),
    ]
    assert reasons(facts) == {}  # discussed, and nothing new since
    renewed = [*facts, incident(3, agency_id="landlord-1"), *shared_with_panel("landlord-1")]
    assert reasons(renewed) == {
        CUMULATIVE_HARM: ((LANDLORD, "landlord-1"), (POLICE, "police-1")),
        ESCALATION: ((LANDLORD, "landlord-1"), (POLICE, "police-1")),
        REPEAT_REFERRAL: ((LANDLORD, "landlord-1"),),
    }


def test_a_discussion_longer_ago_than_the_repeat_window_is_no_repeat():
    facts = [
        assessed(1, HIGH, at=NOW - 200 * DAY),
        *shared_with_panel("police-1"),
        discussed(1, NOW - 100 * DAY),
    ]
    assert reasons(facts) == {}
    later = NOW + 265 * DAY  # the discussion is a year old
    assert reasons(facts, now=later) == {VISIBLE_HIGH_RISK: ((POLICE, "police-1"),)}
    view = subject_view(ALICE, facts, NOW, RULES, AGREED)
    assert view.valid_until == later
    assert reasons(facts, rules=Rules(repeat_window_days=90)) == {
        VISIBLE_HIGH_RISK: ((POLICE, "police-1"),)
    }


def test_reasons_come_in_rule_order_and_name_cases_for_the_audit():
    facts = [referral(1), assessed(2, HIGH), *shared_with_panel("police-1")]
    view = subject_view(ALICE, facts, NOW, RULES, AGREED)
    police = (POLICE, "police-1", "P-1")
    assert view.eligibility.reasons == (
        Reason(VISIBLE_HIGH_RISK, (police,)),
        Reason(PROFESSIONAL_JUDGEMENT, (police,), referred=(police,)),
    )


def test_rules_come_from_the_environment():
    rules = Rules.from_env(
        {"MARAC_RULE_ESCALATION_INCIDENTS": "5", "MARAC_RULE_WINDOW_DAYS": "180"}
    )
    assert (rules.escalation_incidents, rules.window_days, rules.cumulative_agencies) == (5, 180, 2)
    assert Rules.from_env({}) == Rules()
    with pytest.raises(ValueError):
        Rules.from_env({"MARAC_RULE_CUMULATIVE_STRANDS": "two"})
    with pytest.raises(ValueError):
        Rules(escalation_incidents=0)
