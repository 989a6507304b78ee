"""RiskView access rules without Postgres or Kafka: the views come from the pure domain
(an in-memory shared view) and disclosures go to an in-memory log. The callers are
people as their verified tokens say (tests/unit/test_people_tokens.py verifies them)."""

import base64
import dataclasses

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import disclosure_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.common.callers import Caller
from services.common.errors import NotFound, PermissionDenied
from services.common.paging import page_token_after
from services.common.validation import InvalidRequest
from services.riskview.application import RiskView
from services.riskview.disclosure_record import BY_REFERRAL, DisclosureNotRecorded
from services.riskview.handles import Handles
from services.riskview.panel_agenda import NO_MEETING, MeetingAgenda
from shared_view.areas import NO_AREAS, in_area
from shared_view.eligibility import (
    CUMULATIVE_HARM,
    ESCALATION,
    PROFESSIONAL_JUDGEMENT,
    VISIBLE_HIGH_RISK,
)
from shared_view.rules import Rules
from shared_view.view import BY_CONSENT, BY_OVERRIDE, PANEL, agenda_entry, seen_by, subject_views
from tests.agreements import AGREED
from tests.unit.test_facts import (
    ALICE,
    BOB,
    DAY,
    DDPO,
    LANDLORD,
    NOW,
    POLICE,
    TO_PANEL,
    TO_POLICE,
    VICTIM_SUPPORT,
    consent,
    incident,
    override,
    referral,
)

REPRESENTATIVE = disclosure_pb2.CALLER_ROLE_AGENCY_REPRESENTATIVE
POLICE_REP = Caller(REPRESENTATIVE, POLICE, "police-1", "u-17")
DDPO_REP = Caller(REPRESENTATIVE, DDPO, "ddpo-1", "u-3")
CHAIR = Caller(disclosure_pb2.CALLER_ROLE_MARAC_CHAIR, 0, "", "chair-1")
IG = Caller(disclosure_pb2.CALLER_ROLE_IG_STAFF, 0, "", "ig-1")
HANDLES = Handles(bytes(range(32)))


def handle(subject_key: str) -> str:
    return HANDLES.of(subject_key)


class InMemoryViews:
    """The shared view reader's queries answered from the pure views at `now`."""

    def __init__(self, facts, now=NOW):
        self.facts, self.now, self.views = facts, now, subject_views(facts, now, Rules(), AGREED)

    def subject_of_case(self, agency_id, case_reference):
        for fact in sorted(self.facts, key=lambda f: -f.source_sequence):
            if fact.case == (agency_id, case_reference):
                return fact.subject_key
        return None

    def seen_by_agency(self, subject_key, recipient, agency_id, now):
        return seen_by(self.views[subject_key], recipient, agency_id)

    def seen_by_panel(self, subject_key, now):
        view = self.views.get(subject_key)
        return [] if view is None else seen_by(view, PANEL)

    def own_cases(self, agency_id, after, limit):
        own = sorted(
            (c for view in self.views.values() for c in view.contributions),
            key=lambda c: c.case_reference,
        )
        return [c for c in own if c.agency_id == agency_id and c.case_reference > after][:limit]

    def agenda(self, after, limit, area=None):
        entries = sorted(
            (
                entry
                for key in self.views
                if (entry := self.agenda_entry(key)) and in_area(entry.districts, area)
            ),
            key=lambda e: (-e.highest_risk_level, -e.incident_count, e.subject_key),
        )
        if after is not None:
            position = (-after[0], -after[1], after[2])
            entries = [
                e
                for e in entries
                if (-e.highest_risk_level, -e.incident_count, e.subject_key) > position
            ]
        return entries[:limit]

    def agenda_entry(self, subject_key):
        view = self.views.get(subject_key)
        return None if view is None else agenda_entry(view)

    def facts_at(self, at, since, high_risk_level):
        return list(self.facts), list(AGREED)  # every subject's: more than needed

    def panel_grants(self, subject_keys, now):
        return {
            (share_key, share.agency_id, share.case_reference): share.grant
            for share_key in subject_keys
            for share in self.views[share_key].shares
            if share.recipient == PANEL
        }


class InMemoryDisclosureLog:
    def __init__(self, failing=False):
        self.recorded, self.failing = [], failing

    def record(self, disclosures):
        if self.failing:
            raise DisclosureNotRecorded()
        self.recorded.extend(disclosures)


# The scenario of the issue: a disabled tenant reports neighbour abuse to the landlord
# (ASB), to a DDPO (who records that she does not want the police told) and to victim
# support; the police hold a criminal damage report at the same address.
SCENARIO = [
    incident(1, agency_id="landlord-1", strands=(), classification=3),
    consent(2, TO_PANEL, TO_POLICE, agency_id="landlord-1"),
    incident(1, agency_id="ddpo-1"),
    consent(2, TO_PANEL, refused=[vocab.RECIPIENT_POLICE], agency_id="ddpo-1"),
    incident(1, agency_id="vs-1"),
    consent(2, TO_PANEL, agency_id="vs-1"),
    incident(1, strands=(), classification=3),  # police: criminal damage, shares nothing
]


class InMemoryAgendas:
    """The meeting service's agendas: each meeting's items, by handle, and area."""

    def __init__(self, items=None, areas=None):
        self.items = items or {}
        self.areas = areas or {}

    def check(self, meeting_id, handle):
        if meeting_id not in self.items and meeting_id not in self.areas:
            return NO_MEETING
        return MeetingAgenda(
            handle in self.items.get(meeting_id, ()), self.areas.get(meeting_id, "")
        )


def riskview(facts=SCENARIO, log=None, now=NOW, agendas=None, areas=NO_AREAS):
    log = InMemoryDisclosureLog() if log is None else log
    agendas = InMemoryAgendas() if agendas is None else agendas
    view = RiskView(
        InMemoryViews(facts, now), log, HANDLES, agendas, clock=lambda: now, areas=areas
    )
    return view, log


def cases_of(seen):
    return [(c.agency_id, grant.basis if grant else "own") for c, grant in seen]


def test_a_representative_sees_their_own_and_what_was_shared_with_their_agency():
    view, log = riskview()
    shown = view.case_view(POLICE_REP, "P-1")
    assert cases_of(shown.seen) == [("police-1", "own"), ("landlord-1", BY_CONSENT)]
    (disclosure,) = log.recorded
    assert disclosure.disclosure_id == shown.disclosure_id
    assert (disclosure.caller, disclosure.subject_key) == (POLICE_REP, ALICE)
    assert [(d.agency_id, d.case_reference, d.basis) for d in disclosure.cases] == [
        ("landlord-1", "L-1", BY_CONSENT)
    ]
    assert disclosure.purpose == vocab.PURPOSE_RISK_ASSESSMENT
    assert (disclosure.disclosed_at, disclosure.view) == (NOW, disclosure_pb2.DISCLOSURE_VIEW_CASE)


def test_seeing_only_ones_own_agency_discloses_nothing():
    view, log = riskview()
    shown = view.case_view(DDPO_REP, "D-1")
    assert cases_of(shown.seen) == [("ddpo-1", "own")]
    assert shown.disclosure_id == "" and log.recorded == []


def test_the_police_see_the_ddpo_contribution_only_under_an_override_until_it_expires():
    expires = NOW + 7 * DAY
    facts = [*SCENARIO, override(3, "o-9", expires, TO_POLICE, agency_id="ddpo-1")]
    view, log = riskview(facts)
    shown = view.case_view(POLICE_REP, "P-1")
    assert ("ddpo-1", BY_OVERRIDE) in cases_of(shown.seen)
    disclosed = {d.agency_id: d for d in log.recorded[0].cases}
    assert (disclosed["ddpo-1"].basis, disclosed["ddpo-1"].override_id) == (BY_OVERRIDE, "o-9")
    assert disclosed["ddpo-1"].lawful_basis == vocab.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK
    later, _ = riskview(facts, now=expires)
    assert ("ddpo-1", BY_OVERRIDE) not in cases_of(later.case_view(POLICE_REP, "P-1").seen)


def test_the_chair_lists_the_agenda_with_reasons_and_each_line_is_a_disclosure():
    view, log = riskview()
    page = view.agenda(CHAIR, "MARAC-2026-05", 0, "")
    (line,) = page.items
    assert line.handle == handle(ALICE) != ALICE
    item = line.entry
    reasons = {r.rule: r.agencies for r in item.reasons}
    assert reasons[CUMULATIVE_HARM] == (
        (DDPO, "ddpo-1"),
        (LANDLORD, "landlord-1"),
        (VICTIM_SUPPORT, "vs-1"),
    )
    (disclosure,) = log.recorded
    assert page.disclosure_ids == [disclosure.disclosure_id]
    assert disclosure.meeting_id == "MARAC-2026-05"
    assert disclosure.purpose == vocab.PURPOSE_MARAC_DISCUSSION
    assert {d.agency_id for d in disclosure.cases} == {"ddpo-1", "landlord-1", "vs-1"}


def test_the_chair_opens_an_agenda_item_and_sees_what_the_panel_may_see():
    view, log = riskview([*SCENARIO, referral(5)])
    opened = view.agenda_item(CHAIR, handle(ALICE), "")
    assert opened.item.handle == handle(ALICE)
    assert sorted(cases_of(opened.seen)) == [
        ("ddpo-1", BY_CONSENT),
        ("landlord-1", BY_CONSENT),
        ("vs-1", BY_CONSENT),
    ]
    assert {r.rule for r in opened.item.entry.reasons} >= {CUMULATIVE_HARM, PROFESSIONAL_JUDGEMENT}
    (disclosure,) = log.recorded
    bases = {d.agency_id: d.basis for d in disclosure.cases}
    assert bases == {
        "ddpo-1": BY_CONSENT,
        "landlord-1": BY_CONSENT,
        "vs-1": BY_CONSENT,
        "police-1": BY_REFERRAL,  # the panel learns only that the police referred
    }


def test_a_referral_on_visible_high_risk_shows_the_referring_case_whatever_its_consent():
    facts = [*SCENARIO, referral(5, pb.MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK)]
    view, log = riskview(facts)  # the police share nothing with the panel
    (line,) = view.agenda(CHAIR, "", 0, "").items
    assert {r.rule: r.agencies for r in line.entry.reasons}[VISIBLE_HIGH_RISK] == (
        (POLICE, "police-1"),
    )
    opened = view.agenda_item(CHAIR, line.handle, "")
    assert VISIBLE_HIGH_RISK in {r.rule for r in opened.item.entry.reasons}
    assert "police-1" not in {c.agency_id for c, _ in opened.seen}  # only that they referred
    listed, itemised = log.recorded
    for disclosure in (listed, itemised):
        bases = {d.agency_id: d.basis for d in disclosure.cases}
        assert bases["police-1"] == BY_REFERRAL


def test_a_subject_referred_on_escalation_alone_is_on_the_agenda_by_referral():
    facts = [
        incident(1, subject=BOB),
        referral(2, pb.MARAC_REFERRAL_GROUND_ESCALATION, subject=BOB),
    ]
    view, log = riskview(facts)
    (line,) = view.agenda(CHAIR, "", 0, "").items
    item = line.entry
    assert line.handle == handle(BOB)
    assert [(r.rule, r.agencies) for r in item.reasons] == [(ESCALATION, ((POLICE, "police-1"),))]
    assert (item.highest_risk_level, item.incident_count) == (0, 0)  # nothing shared
    (disclosure,) = log.recorded
    assert [(d.agency_id, d.basis) for d in disclosure.cases] == [("police-1", BY_REFERRAL)]


def test_withdrawal_at_victim_support_leaves_the_chairs_view():
    withdrawn = [*SCENARIO, consent(3, agency_id="vs-1")]
    view, _ = riskview(withdrawn)
    opened = view.agenda_item(CHAIR, handle(ALICE), "")
    assert "vs-1" not in {c.agency_id for c, _ in opened.seen}


def test_a_subject_not_eligible_now_opens_only_for_a_meeting_and_only_what_the_panel_may_see():
    # One incident at one agency, shared with the panel: not eligible by the rules
    # (a chair's addition to a meeting, say); Bob's police case shares nothing.
    carol = "c" * 64
    facts = [*SCENARIO, incident(9, subject=carol, agency_id="vs-1"),
             consent(10, TO_PANEL, subject=carol, agency_id="vs-1"),
             incident(11, subject=BOB)]  # fmt: skip
    on_agenda = {"MARAC-2026-12": {handle(carol), handle(BOB)}}
    view, log = riskview(facts, agendas=InMemoryAgendas(on_agenda))
    with pytest.raises(NotFound):
        view.agenda_item(CHAIR, handle(carol), "")
    opened = view.agenda_item(CHAIR, handle(carol), "MARAC-2026-12")
    assert opened.item.entry.reasons == ()
    assert [(c.agency_id, grant.basis) for c, grant in opened.seen] == [("vs-1", BY_CONSENT)]
    (disclosure,) = log.recorded
    assert disclosure.meeting_id == "MARAC-2026-12"
    with pytest.raises(NotFound):
        view.agenda_item(CHAIR, handle(BOB), "MARAC-2026-12")


def test_a_subject_not_eligible_now_does_not_open_for_a_meeting_whose_agenda_it_is_not_on():
    # Carol is a chair's addition to one meeting's agenda: naming another meeting (or
    # one that does not exist) opens nothing and discloses nothing.
    carol = "c" * 64
    facts = [*SCENARIO, incident(9, subject=carol, agency_id="vs-1"),
             consent(10, TO_PANEL, subject=carol, agency_id="vs-1")]  # fmt: skip
    agendas = InMemoryAgendas({"MARAC-2026-12": {handle(carol)}, "MARAC-2027-01": {handle(ALICE)}})
    view, log = riskview(facts, agendas=agendas)
    for other in ("MARAC-2027-01", "MARAC-2099-01"):
        with pytest.raises(NotFound):
            view.agenda_item(CHAIR, handle(carol), other)
    assert log.recorded == []
    # An eligible subject opens for any meeting, on its agenda or not (the agenda is
    # read from the eligible subjects only at its cut-off).
    assert view.agenda_item(CHAIR, handle(ALICE), "MARAC-2099-01").item.entry.reasons


def test_a_subject_off_the_agenda_cannot_be_opened():
    view, log = riskview([*SCENARIO, incident(9, subject=BOB)])
    with pytest.raises(NotFound):
        view.agenda_item(CHAIR, handle(BOB), "")
    with pytest.raises(NotFound):
        view.agenda_item(CHAIR, handle("c" * 64), "")
    assert log.recorded == []


def test_a_handle_is_not_the_match_key_and_no_other_key_or_change_makes_one():
    view, log = riskview()
    made = handle(ALICE)
    assert ALICE not in made and bytes.fromhex(ALICE).hex() not in made
    assert Handles(bytes(range(1, 33))).of(ALICE) != made  # another RiskView's key
    forged = [
        Handles(bytes(range(1, 33))).of(ALICE),
        made[:-1] + ("A" if made[-1] != "A" else "B"),
        "A" * 64,
        ALICE,  # the match key itself
    ]
    for bad in forged:
        with pytest.raises(NotFound):
            view.agenda_item(CHAIR, bad, "")
    assert log.recorded == []


def test_ig_staff_and_the_wrong_role_are_refused_case_content():
    view, log = riskview()
    for call in (
        lambda: view.case_view(IG, "P-1"),
        lambda: view.agenda(IG, "", 0, ""),
        lambda: view.agenda_item(IG, handle(ALICE), ""),
        lambda: view.case_view(CHAIR, "P-1"),
        lambda: view.agenda(POLICE_REP, "", 0, ""),
        lambda: view.agenda_item(POLICE_REP, handle(ALICE), ""),
        lambda: view.agenda(Caller(0, 0, "", "u-1"), "", 0, ""),  # no role
        lambda: view.case_view(Caller(REPRESENTATIVE, 0, "p", "u-1"), "P-1"),  # no agency
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert log.recorded == []


def test_a_representative_is_served_by_their_own_agencys_case_references_only():
    view, _ = riskview()
    with pytest.raises(NotFound):
        view.case_view(POLICE_REP, "D-1")  # the DDPO's reference
    impostor = Caller(REPRESENTATIVE, POLICE, "ddpo-1", "u-1")  # a DDPO id, claiming police
    with pytest.raises(PermissionDenied):
        view.case_view(impostor, "D-1")


def test_nothing_is_shown_when_the_disclosure_cannot_be_recorded():
    view, _ = riskview(log=InMemoryDisclosureLog(failing=True))
    with pytest.raises(DisclosureNotRecorded):
        view.case_view(POLICE_REP, "P-1")
    with pytest.raises(DisclosureNotRecorded):
        view.agenda(CHAIR, "", 0, "")
    assert view.case_view(DDPO_REP, "D-1").disclosure_id == ""  # nothing to record


def violations(call) -> set[str]:
    with pytest.raises(InvalidRequest) as error:
        call()
    return {v.field for v in error.value.violations}


def test_bad_requests_name_every_field():
    view, _ = riskview()
    assert violations(lambda: view.case_view(POLICE_REP, "")) == {"case_reference"}
    assert violations(lambda: view.case_view(POLICE_REP, "x" * 201)) == {"case_reference"}
    assert violations(lambda: view.agenda(CHAIR, "M" * 41, -1, "not-a-token")) == {
        "meeting_id",
        "page_size",
        "page_token",
    }
    assert violations(lambda: view.agenda_item(CHAIR, "", "")) == {"handle"}
    assert violations(lambda: view.agenda_item(CHAIR, "A!" * 32, "")) == {"handle"}


@pytest.mark.parametrize(
    "meeting_id", ["Dina Okafor", "flat-7", "12 Example Road", "-LEADING", "M" * 41, "MARAC\n1"]
)
def test_a_meeting_id_is_upper_case_letters_digits_and_dashes_and_is_never_echoed(meeting_id):
    view, log = riskview()
    for call in (
        lambda: view.agenda(CHAIR, meeting_id, 0, ""),
        lambda: view.agenda_item(CHAIR, handle(ALICE), meeting_id),
    ):
        with pytest.raises(InvalidRequest) as error:
            call()
        assert [v.field for v in error.value.violations] == ["meeting_id"]
        assert meeting_id not in str(error.value)
    assert log.recorded == []
    assert view.agenda(CHAIR, "MARAC-2026-03", 0, "").items


def test_the_agenda_pages_in_order_of_visible_risk():
    subjects = [f"{n:064x}" for n in range(1, 8)]
    facts = [
        fact
        for n, key in enumerate(subjects, start=1)
        for fact in (
            *(incident(i, subject=key, at=NOW - i * DAY) for i in range(1, n + 3)),
            consent(50, TO_PANEL, subject=key),
        )
    ]
    view, log = riskview(facts)
    listed, token = [], ""
    while True:
        page = view.agenda(CHAIR, "", 3, token)
        listed.extend(line.handle for line in page.items)
        for key in subjects:  # a page token carries no match key
            assert key not in base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        token = page.next_page_token
        if not token:
            break
    assert listed == [handle(key) for key in reversed(subjects)]  # most incidents first
    assert len(log.recorded) == len(subjects)
    match_key_token = page_token_after("marac-agenda", (0, 4, subjects[3]))
    for bad in ("W10", token_of_another_list(), match_key_token):
        with pytest.raises(InvalidRequest):
            view.agenda(CHAIR, "", 3, bad)


def token_of_another_list() -> str:
    """A well-formed token of a list other than the agenda (a case's crimes)."""
    return page_token_after("crimes/P-1", (1, 2, "a" * 64))


def test_a_representative_lists_their_own_agencys_cases_in_pages_disclosing_nothing():
    # Four more police cases, each about a subject of its own.
    more = [
        dataclasses.replace(incident(1), subject_key=f"sk-{n}", case_reference=f"P-{n}")
        for n in range(2, 6)
    ]
    facts = [*SCENARIO, *more]
    view, log = riskview(facts)
    first = view.own_cases(POLICE_REP, 2, "")
    assert [c.case_reference for c in first.cases] == ["P-1", "P-2"]
    assert {c.agency_id for c in first.cases} == {"police-1"}
    second = view.own_cases(POLICE_REP, 2, first.next_page_token)
    third = view.own_cases(POLICE_REP, 2, second.next_page_token)
    assert [c.case_reference for c in second.cases + third.cases] == ["P-3", "P-4", "P-5"]
    assert third.next_page_token == "" and log.recorded == []
    assert [c.case_reference for c in view.own_cases(DDPO_REP, 0, "").cases] == ["D-1"]
    # A token of the police's list pages no other agency's.
    with pytest.raises(InvalidRequest):
        view.own_cases(DDPO_REP, 2, first.next_page_token)
    for refused in (CHAIR, IG):
        with pytest.raises(PermissionDenied):
            view.own_cases(refused, 2, "")
