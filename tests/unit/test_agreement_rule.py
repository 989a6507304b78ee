"""The data-sharing agreement rule of the pure view: a recipient other than the
holding agency sees a contribution only while an agreement in force covers the
holder, the recipient, its purpose and (for an override) the override's lawful
basis, and then only the parts the agreements cover."""

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from marac.v1 import agreements_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from shared_view.agreements import ALL_CATEGORIES, agreement_of, decode_change
from shared_view.rules import Rules
from shared_view.view import BY_CONSENT, BY_OVERRIDE, PANEL, agenda_entry, seen_by, subject_view
from tests.agreements import LAWFUL_BASES, PARTNERSHIP
from tests.unit.test_facts import (
    ALICE,
    DAY,
    EVERYONE,
    HIGH,
    NOW,
    SAFEGUARDING,
    TO_PANEL,
    TO_POLICE,
    assessed,
    consent,
    incident,
    override,
    referral,
)

RULES = Rules()
POLICE = vocab.RECIPIENT_POLICE
CONSENT_ONLY = replace(PARTNERSHIP, lawful_bases=frozenset())
S115 = vocab.LAWFUL_BASIS_CRIME_AND_DISORDER_ACT_S115
RISK_ONLY = frozenset({vocab.SHARED_CATEGORY_RISK_LEVEL})


def ddpo_case(*extra):
    """A DDPO case with a high risk, three incidents and consent for everyone."""
    where = {"agency_id": "ddpo-1"}
    return [
        assessed(1, HIGH, **where),
        *(incident(n, **where) for n in (2, 3, 4)),
        consent(5, *EVERYONE, **where),
        *extra,
    ]


def seen(facts, agreements, recipient=PANEL, now=NOW, agency_id=None):
    view = subject_view(ALICE, facts, now, RULES, agreements)
    return {c.case: (c, grant) for c, grant in seen_by(view, recipient, agency_id)}


def test_consent_without_an_agreement_shares_nothing():
    view = subject_view(ALICE, ddpo_case(), NOW, RULES, ())
    assert view.shares == ()
    assert seen(ddpo_case(), ()) == {}
    assert agenda_entry(view) is None  # the panel may weigh nothing it may not see
    # The holding agency still sees its own.
    assert ("ddpo-1", "D-1") in seen(ddpo_case(), (), vocab.RECIPIENT_DDPO, agency_id="ddpo-1")


def test_an_agreement_in_force_with_consent_shares():
    ((contribution, grant),) = seen(ddpo_case(), (CONSENT_ONLY,)).values()
    assert grant.basis == BY_CONSENT and grant.categories == ALL_CATEGORIES
    assert contribution.risk_level == HIGH and contribution.incident_count == 3
    assert agenda_entry(subject_view(ALICE, ddpo_case(), NOW, RULES, (CONSENT_ONLY,)))


def test_an_agreement_must_name_the_holder_the_recipient_and_its_purpose():
    others_only = replace(CONSENT_ONLY, holders=frozenset({"police-1"}))
    no_panel = replace(CONSENT_ONLY, recipients=frozenset({POLICE}))
    for_discussion_only = replace(CONSENT_ONLY, purposes=frozenset({vocab.PURPOSE_REFERRAL}))
    for agreement in (others_only, no_panel, for_discussion_only):
        assert seen(ddpo_case(), (agreement,)) == {}, agreement
    assert seen(ddpo_case(), (no_panel,), POLICE, agency_id="police-1") != {}


def test_an_override_needs_an_agreement_that_names_its_basis():
    expires = NOW + 7 * DAY
    refused = [
        incident(1, agency_id="ddpo-1"),
        consent(2, TO_PANEL, refused=[POLICE], agency_id="ddpo-1"),
        override(3, "o-1", expires, TO_POLICE, agency_id="ddpo-1"),  # SAFEGUARDING
    ]
    assert seen(refused, (CONSENT_ONLY,), POLICE, agency_id="police-1") == {}
    other_basis = replace(PARTNERSHIP, lawful_bases=frozenset({S115}))
    assert seen(refused, (other_basis,), POLICE, agency_id="police-1") == {}
    naming_it = replace(PARTNERSHIP, lawful_bases=frozenset({SAFEGUARDING}))
    ((_, grant),) = seen(refused, (naming_it,), POLICE, agency_id="police-1").values()
    assert (grant.basis, grant.override_id, grant.lawful_basis) == (
        BY_OVERRIDE,
        "o-1",
        SAFEGUARDING,
    )
    # The panel, consented, is told under the consent-based agreement alone.
    assert seen(refused, (CONSENT_ONLY,)) != {}


def test_an_agreement_shares_only_between_its_start_and_its_end():
    starts, ends = NOW + DAY, NOW + 30 * DAY
    agreement = replace(CONSENT_ONLY, starts_at=starts, ends_at=ends)
    assert seen(ddpo_case(), (agreement,)) == {}  # not yet started
    assert seen(ddpo_case(), (agreement,), now=starts) != {}
    assert seen(ddpo_case(), (agreement,), now=ends - timedelta(microseconds=1)) != {}
    assert seen(ddpo_case(), (agreement,), now=ends) == {}  # ended (early, or by its terms)


def test_the_view_is_valid_until_an_agreement_of_the_holder_starts_or_ends():
    starts, ends = NOW + DAY, NOW + 30 * DAY
    agreement = replace(CONSENT_ONLY, starts_at=starts, ends_at=ends)
    facts = [consent(1, *EVERYONE, agency_id="ddpo-1")]  # nothing else changes by itself
    assert subject_view(ALICE, facts, NOW, RULES, (agreement,)).valid_until == starts
    assert subject_view(ALICE, facts, starts, RULES, (agreement,)).valid_until == ends
    assert subject_view(ALICE, facts, ends, RULES, (agreement,)).valid_until is None
    unrelated = replace(agreement, holders=frozenset({"police-1"}))
    assert subject_view(ALICE, facts, NOW, RULES, (unrelated,)).valid_until is None


def test_a_recipient_sees_only_the_parts_its_agreements_cover():
    risk_only = replace(CONSENT_ONLY, categories=RISK_ONLY)
    ((contribution, grant),) = seen(ddpo_case(), (risk_only,)).values()
    assert grant.categories == RISK_ONLY
    assert contribution.risk_level == HIGH
    assert (contribution.incident_dates, contribution.strands) == ((), ())
    incidents_too = replace(
        CONSENT_ONLY,
        agreement_id="isa-2",
        categories=frozenset({vocab.SHARED_CATEGORY_INCIDENTS}),
    )
    ((both, _),) = seen(ddpo_case(), (risk_only, incidents_too)).values()
    assert both.risk_level == HIGH and both.incident_count == 3


def test_the_panel_weighs_only_the_parts_it_may_see():
    incidents_only = replace(CONSENT_ONLY, categories=frozenset({vocab.SHARED_CATEGORY_INCIDENTS}))
    entry = agenda_entry(subject_view(ALICE, ddpo_case(), NOW, RULES, (incidents_only,)))
    assert entry is not None and entry.highest_risk_level == vocab.RISK_LEVEL_UNSPECIFIED
    assert [r.rule for r in entry.reasons] == ["escalation"]  # not visible high risk


def test_a_referral_to_marac_still_names_the_referring_case_without_an_agreement():
    facts = [incident(1, agency_id="ddpo-1"), referral(2, agency_id="ddpo-1")]
    view = subject_view(ALICE, facts, NOW, RULES, ())
    assert view.eligibility.eligible and seen(facts, ()) == {}


agreements = st.builds(
    lambda holders, recipients, purposes, categories, bases, start, length: replace(
        PARTNERSHIP,
        holders=frozenset(holders),
        recipients=frozenset(recipients),
        purposes=frozenset(purposes),
        categories=frozenset(categories),
        lawful_bases=frozenset(bases),
        starts_at=NOW + start * DAY,
        ends_at=None if length is None else NOW + (start + length) * DAY,
    ),
    st.sets(st.sampled_from(["ddpo-1", "police-1", "vs-1"])),
    st.sets(st.sampled_from([POLICE, vocab.RECIPIENT_VICTIM_SUPPORT, PANEL])),
    st.sets(st.sampled_from([vocab.PURPOSE_RISK_ASSESSMENT, vocab.PURPOSE_MARAC_DISCUSSION])),
    st.sets(st.sampled_from(sorted(ALL_CATEGORIES)), min_size=1),
    st.sets(st.sampled_from(sorted(LAWFUL_BASES))),
    st.integers(-5, 5),
    st.none() | st.integers(1, 10),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(agreements, max_size=3), st.integers(-3, 20))
def test_every_share_is_covered_by_an_agreement_in_force(found, day):
    now = NOW + day * DAY
    facts = ddpo_case(override(6, "o-1", NOW + 10 * DAY, TO_POLICE, agency_id="ddpo-1"))
    view = subject_view(ALICE, facts, now, RULES, found)
    for share in view.shares:
        basis = share.grant.lawful_basis if share.grant.basis == BY_OVERRIDE else None
        purpose = (
            vocab.PURPOSE_MARAC_DISCUSSION
            if share.recipient == PANEL
            else vocab.PURPOSE_RISK_ASSESSMENT
        )
        covering = [
            a
            for a in found
            if a.in_force_at(now) and a.covers(share.agency_id, share.recipient, purpose, basis)
        ]
        assert covering
        assert share.grant.categories == frozenset().union(*(a.categories for a in covering))
    # Until valid_until, the view stays the same.
    if view.valid_until is not None:
        later = view.valid_until - timedelta(microseconds=1)
        assert subject_view(ALICE, facts, later, RULES, found).shares == view.shares


def test_an_agreement_change_on_the_topic_reads_as_the_agreement():
    message = agreements_pb2.Agreement(
        agreement_id="a-1",
        parties=[
            agreements_pb2.AgreementParty(agency_id="ddpo-1", agency=vocab.AGENCY_KIND_DDPO),
            agreements_pb2.AgreementParty(agency_id="police-1", agency=vocab.AGENCY_KIND_POLICE),
        ],
        marac_panel=True,
        purposes=[vocab.PURPOSE_MARAC_DISCUSSION],
        categories=[vocab.SHARED_CATEGORY_RISK_LEVEL],
        starts_at=timestamp(NOW),
        ends_at=timestamp(NOW + 30 * DAY),
        ended_at=timestamp(NOW + 2 * DAY),
    )
    agreement = agreement_of(message)
    assert agreement.holders == {"ddpo-1", "police-1"}
    assert agreement.recipients == {vocab.RECIPIENT_DDPO, POLICE, PANEL}
    assert agreement.ends_at == NOW + 2 * DAY  # ended early
    changed = agreements_pb2.AgreementChanged(sequence=7, agreement=message)
    assert decode_change(changed.SerializeToString()).sequence == 7
