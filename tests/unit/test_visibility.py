"""Who may see which contribution: victim-led consent, lawful-basis overrides, expiry;
and properties that hold for any facts, in any order, with any redelivery."""

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from marac.v1 import vocabulary_pb2 as vocab
from shared_view import kinds as k
from shared_view.rules import Rules
from shared_view.view import (
    BY_CONSENT,
    BY_OVERRIDE,
    CONSENTED,
    PANEL,
    RECIPIENTS,
    Grant,
    seen_by,
    subject_view,
    subject_views,
)
from tests.agreements import AGREED
from tests.unit.test_facts import (
    ALICE,
    BOB,
    DAY,
    EVERYONE,
    NOW,
    SAFEGUARDING,
    TO_DDPO,
    TO_PANEL,
    TO_POLICE,
    TO_VICTIM_SUPPORT,
    assessed,
    consent,
    discussed,
    incident,
    override,
    referral,
    revocation,
)

RULES = Rules()
POLICE_VIEW = (vocab.RECIPIENT_POLICE, "police-1")
DDPO_VIEW = (vocab.RECIPIENT_DDPO, "ddpo-1")


def seen(facts, recipient, agency_id=None, now=NOW):
    view = subject_view(ALICE, facts, now, RULES, AGREED)
    return {c.case: grant for c, grant in seen_by(view, recipient, agency_id)}


def test_an_agency_sees_its_own_contribution_and_nobody_else_does_without_consent():
    facts = [incident(1, agency_id="ddpo-1")]
    assert seen(facts, *DDPO_VIEW) == {("ddpo-1", "D-1"): None}
    assert seen(facts, *POLICE_VIEW) == {}
    assert seen(facts, PANEL) == {}


def test_consent_shares_with_a_recipient_for_its_purpose_only():
    facts = [incident(1, agency_id="ddpo-1"), consent(2, TO_PANEL, agency_id="ddpo-1")]
    assert seen(facts, PANEL) == {("ddpo-1", "D-1"): CONSENTED}
    assert seen(facts, *POLICE_VIEW) == {}
    for_discussion = (vocab.RECIPIENT_POLICE, vocab.PURPOSE_MARAC_DISCUSSION)
    wrong_purpose = [
        incident(1, agency_id="ddpo-1"),
        consent(2, for_discussion, agency_id="ddpo-1"),
    ]
    assert seen(wrong_purpose, *POLICE_VIEW) == {}


def test_a_refused_recipient_is_not_told_even_if_a_scope_names_it():
    facts = [
        incident(1, agency_id="ddpo-1"),
        consent(2, TO_POLICE, TO_PANEL, refused=[vocab.RECIPIENT_POLICE], agency_id="ddpo-1"),
    ]
    assert seen(facts, *POLICE_VIEW) == {}
    assert seen(facts, PANEL) == {("ddpo-1", "D-1"): CONSENTED}


def test_the_latest_consent_is_in_force_and_withdrawal_removes():
    given_ = consent(2, TO_PANEL, TO_POLICE, agency_id="vs-1")
    withdrawn = consent(5, agency_id="vs-1")
    facts = [incident(1, agency_id="vs-1"), withdrawn, given_]  # delivered out of order
    assert seen(facts, PANEL) == {}
    assert seen(facts, *POLICE_VIEW) == {}
    assert seen(facts, vocab.RECIPIENT_VICTIM_SUPPORT, "vs-1") == {("vs-1", "V-1"): None}


def test_an_override_shares_despite_a_refusal_until_it_expires():
    expires = NOW + 7 * DAY
    facts = [
        incident(1, agency_id="ddpo-1"),
        consent(2, TO_PANEL, refused=[vocab.RECIPIENT_POLICE], agency_id="ddpo-1"),
        override(3, "o-1", expires, TO_POLICE, agency_id="ddpo-1"),
    ]
    by_override = Grant(BY_OVERRIDE, "o-1", SAFEGUARDING, expires)
    assert seen(facts, *POLICE_VIEW) == {("ddpo-1", "D-1"): by_override}
    assert seen(facts, *POLICE_VIEW, now=expires - timedelta(microseconds=1)) != {}
    assert seen(facts, *POLICE_VIEW, now=expires) == {}
    assert subject_view(ALICE, facts, NOW, RULES, AGREED).valid_until == expires


def test_a_revoked_override_shares_nothing_whatever_the_order():
    facts = [
        incident(1, agency_id="ddpo-1"),
        revocation(4, "o-1", agency_id="ddpo-1"),
        override(3, "o-1", NOW + 7 * DAY, TO_POLICE, agency_id="ddpo-1"),
    ]
    assert seen(facts, *POLICE_VIEW) == {}


def test_consent_is_the_basis_when_both_consent_and_an_override_allow():
    facts = [
        consent(1, TO_PANEL, agency_id="vs-1"),
        override(2, "o-2", NOW + DAY, TO_PANEL, agency_id="vs-1"),
        override(3, "o-1", NOW + 2 * DAY, TO_POLICE, TO_PANEL, agency_id="vs-1"),
    ]
    assert seen(facts, PANEL)[("vs-1", "V-1")].basis == BY_CONSENT
    assert seen(facts, *POLICE_VIEW)[("vs-1", "V-1")].override_id == "o-1"


def test_consent_of_another_agency_kind_covers_every_agency_of_that_kind():
    facts = [incident(1, agency_id="vs-1"), consent(2, TO_POLICE, agency_id="vs-1")]
    assert seen(facts, vocab.RECIPIENT_POLICE, "police-2") == {("vs-1", "V-1"): CONSENTED}


# Properties over any facts

AGENCY_IDS = ["police-1", "landlord-1", "vs-1", "ddpo-1"]
offsets = st.integers(-400, 30).map(lambda days: NOW + days * DAY)
scopes = st.lists(st.sampled_from(EVERYONE), max_size=3)
where = {"agency_id": st.sampled_from(AGENCY_IDS), "subject": st.sampled_from([ALICE, BOB])}


sequences = st.integers(1, 30)
any_fact = st.one_of(
    st.builds(incident, sequences, at=offsets, **where),
    st.builds(assessed, sequences, st.sampled_from([1, 2, 3]), **where),
    st.builds(
        lambda s, sc, refused, **w: consent(s, *sc, refused=refused, **w),
        sequences,
        scopes,
        st.lists(st.sampled_from(RECIPIENTS), max_size=2),
        **where,
    ),
    st.builds(
        lambda s, oid, at, sc, **w: override(s, oid, at, *sc, **w),
        sequences,
        st.sampled_from(["o-1", "o-2"]),
        offsets,
        scopes,
        **where,
    ),
    st.builds(revocation, sequences, st.sampled_from(["o-1", "o-2"]), **where),
    st.builds(referral, sequences, at=offsets, **where),
    st.builds(discussed, sequences, offsets, st.sampled_from([ALICE, BOB])),
)
# A fact is unique by (agency_id, source_sequence): an agency numbers its events once.
facts_strategy = st.lists(any_fact, min_size=2, max_size=40).map(
    lambda found: list({x.identity: x for x in found}.values())
)


@settings(max_examples=200)
@given(facts_strategy, st.data())
def test_any_interleaving_with_duplicates_gives_the_in_order_view(facts, data):
    in_order = subject_views(
        sorted(facts, key=lambda x: (x.subject_key, x.identity)), NOW, RULES, AGREED
    )
    redelivered = data.draw(st.lists(st.sampled_from(facts))) if facts else []
    shuffled = data.draw(st.permutations(facts + redelivered))
    assert subject_views(shuffled, NOW, RULES, AGREED) == in_order


@settings(max_examples=200)
@given(facts_strategy, st.sampled_from(AGENCY_IDS))
def test_withdrawal_always_removes_from_every_other_recipient(facts, agency_id):
    last = max((x.source_sequence for x in facts if x.agency_id == agency_id), default=0)
    withdrawn = [*facts, consent(last + 1, agency_id=agency_id)]
    view = subject_view(ALICE, withdrawn, NOW, RULES, AGREED)
    for share in view.shares:
        if share.agency_id == agency_id:
            assert share.grant.basis == BY_OVERRIDE  # only a lawful basis may still share
    without_overrides = [x for x in withdrawn if x.kind != k.OVERRIDE]
    view = subject_view(ALICE, without_overrides, NOW, RULES, AGREED)
    assert not [s for s in view.shares if s.agency_id == agency_id]


@settings(max_examples=200)
@given(facts_strategy, st.integers(0, 60))
def test_overrides_always_expire(facts, days_after):
    expiries = [x.payload.expires_at for x in facts if x.kind == k.OVERRIDE]
    now = max(expiries, default=NOW) + days_after * DAY
    view = subject_view(ALICE, facts, now, RULES, AGREED)
    assert all(share.grant.basis == BY_CONSENT for share in view.shares)


@settings(max_examples=200)
@given(facts_strategy, st.floats(0, 1))
def test_the_view_holds_until_valid_until(facts, fraction):
    view = subject_view(ALICE, facts, NOW, RULES, AGREED)
    horizon = view.valid_until or NOW + 1000 * DAY
    later = NOW + (horizon - NOW) * fraction
    if later < horizon:
        assert subject_view(ALICE, facts, later, RULES, AGREED) == view


def test_the_panel_sees_for_discussion_and_agencies_for_risk_assessment():
    facts = [incident(1, agency_id="ddpo-1"), consent(2, TO_DDPO, TO_VICTIM_SUPPORT)]
    view = subject_view(ALICE, facts, NOW, RULES, AGREED)
    assert {(s.recipient, s.case) for s in view.shares} == {
        (vocab.RECIPIENT_DDPO, ("police-1", "P-1")),
        (vocab.RECIPIENT_VICTIM_SUPPORT, ("police-1", "P-1")),
    }
