"""MARAC areas without I/O: the setting, which subjects an area's agenda holds (the
rule, and the districts the pure view gives a subject), RiskView's agenda of an area
and the meeting service's meetings of an area."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deploy.local import demo
from deploy.local.scenario import Victim
from marac.v1 import case_events_pb2 as pb
from services.common.errors import NotFound
from services.common.matching import postcode_district
from services.common.settings import SettingsError
from services.common.validation import InvalidRequest
from services.marac import commands as asked
from services.riskview.meeting_subjects import MeetingSubjects
from shared_view import kinds as k
from shared_view.areas import (
    NO_AREAS,
    Areas,
    areas_from_env,
    district_of,
    in_area,
    parse_areas,
)
from shared_view.rules import Rules
from shared_view.view import agenda_entry, subject_view
from tests.agreements import AGREED
from tests.unit.meetings import CHAIR_PERSON, subject, world
from tests.unit.test_facts import (
    ALICE,
    BOB,
    DAY,
    NOW,
    TO_PANEL,
    consent,
    event,
    incident,
    referral,
)
from tests.unit.test_risk_view_access import (
    CHAIR,
    HANDLES,
    InMemoryAgendas,
    InMemoryViews,
    handle,
    riskview,
)

LIVERPOOL = "LIV-SOUTH=L8,L17,L19;LIV-NORTH=L4,L5,L6"
AREAS = parse_areas(LIVERPOOL)
CAROL = "c" * 64


# The setting


def test_an_area_is_its_code_and_postcode_districts():
    assert (
        Areas(
            {
                "LIV-SOUTH": frozenset({"L8", "L17", "L19"}),
                "LIV-NORTH": frozenset({"L4", "L5", "L6"}),
            }
        )
        == AREAS
    )
    assert parse_areas(" WIRRAL=ch41, CH42 ; ").districts == {"WIRRAL": frozenset({"CH41", "CH42"})}
    assert areas_from_env({}) == NO_AREAS and areas_from_env({"MARAC_AREAS": " "}) == NO_AREAS
    assert NO_AREAS.knows("ANYWHERE") and AREAS.knows("LIV-SOUTH")
    assert not AREAS.knows("WIRRAL") and not AREAS.knows("")


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("LIV-SOUTH", "must be areas separated by ';'"),
        ("Flat 3, 12 Acacia Avenue=L8", "must be areas separated by ';'"),
        ("LIV-SOUTH=", "must be areas separated by ';'"),
        ("LIV-SOUTH=L8 1AB", "has a district of area LIV-SOUTH that is not a postcode district"),
        ("LIV-SOUTH=L8;LIV-SOUTH=L9", "names area LIV-SOUTH twice"),
        ("LIV-SOUTH=L8;LIV-NORTH=L4,L8", "puts district L8 in two areas: LIV-SOUTH, LIV-NORTH"),
    ],
)
def test_a_bad_setting_is_named_and_what_could_not_be_read_is_never_repeated(raw, says):
    with pytest.raises(SettingsError) as refused:
        areas_from_env({"MARAC_AREAS": raw})
    assert str(refused.value).startswith(f"MARAC_AREAS {says}")
    assert "Acacia" not in str(refused.value) and "1AB" not in str(refused.value)


def test_an_event_gives_its_incident_a_district_only_when_it_is_one():
    def district(given: str) -> str:
        record = event(1, incident_reported=pb.IncidentReported(postcode_district=given))
        return k.decode(record.SerializeToString()).payload.district

    assert [district(d) for d in ("L8", " l17 ", "", "L8 1AB", "12 Acacia Avenue")] == [
        "L8",
        "L17",
        "",
        "",
        "",
    ]


# The rule, for any areas and any subject

districts = st.sampled_from(["L4", "L5", "L8", "L17", "M1", "CH41"])
# Each district of an area or of none (a district is in one area at most).
area_maps = st.dictionaries(districts, st.integers(0, 2), min_size=1).map(
    lambda owner: Areas(
        {
            f"AREA-{n}": frozenset(d for d, of in owner.items() if of == n)
            for n in set(owner.values())
        }
    )
)


@settings(max_examples=300)
@given(area_maps, st.sets(districts))
def test_a_subject_is_on_the_agenda_of_each_area_of_its_districts_and_never_on_none(
    areas, of_subject
):
    on = {code for code in areas.districts if in_area(of_subject, areas.scope(code))}
    covering = {code for code, ds in areas.districts.items() if ds & of_subject}
    assert on == (covering or set(areas.districts))  # of no area's district: every area's
    assert in_area(of_subject, NO_AREAS.scope("AREA-0")) and in_area(of_subject, None)


@settings(max_examples=300)
@given(area_maps, st.lists(st.sets(districts), max_size=8))
def test_subjects_each_of_one_area_give_disjoint_agendas(areas, subjects):
    placed = [s for s in subjects if len({c for c, ds in areas.districts.items() if ds & s}) == 1]
    agendas = [
        {n for n, s in enumerate(placed) if in_area(s, areas.scope(code))}
        for code in areas.districts
    ]
    assert sum(len(a) for a in agendas) == len(placed)  # each on exactly one


# The districts the pure view gives a subject


def districts_of(facts, now=NOW):
    entry = agenda_entry(subject_view(ALICE, facts, now, Rules(), AGREED))
    return None if entry is None else entry.districts


def test_a_subjects_districts_are_those_of_its_incidents_in_the_window_the_panel_may_see():
    shared = [
        *(incident(n, district=d, agency_id="vs-1") for n, d in ((1, "L8"), (2, "L17"), (3, ""))),
        consent(4, TO_PANEL, agency_id="vs-1"),
    ]
    assert districts_of(shared) == ("L17", "L8")
    not_shared = [*shared, incident(1, district="L4", agency_id="ddpo-1")]
    assert districts_of(not_shared) == ("L17", "L8")
    a_year_on = NOW + timedelta(days=365) - 1.5 * DAY  # L8's incident has left the window
    moved = [
        *(incident(n, district="L8", at=NOW - 3 * DAY, agency_id="vs-1") for n in (1, 2, 3)),
        *(incident(n, district="L4", agency_id="vs-1") for n in (5, 6, 7)),
        consent(9, TO_PANEL, agency_id="vs-1"),
    ]
    assert districts_of(moved) == ("L4", "L8")
    assert districts_of(moved, now=a_year_on) == ("L4",)


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(1, 12), districts, st.integers(-400, 5)), max_size=12))
def test_the_districts_are_the_same_whatever_the_order_or_redelivery(found):
    unique = {n: (d, days) for n, d, days in found}  # an agency numbers its events once
    facts = [
        *(
            incident(n, district=d, at=NOW + days * DAY, agency_id="vs-1")
            for n, (d, days) in unique.items()
        ),
        consent(20, TO_PANEL, agency_id="vs-1"),
    ]
    view = subject_view(ALICE, facts, NOW, Rules(), AGREED)
    again = subject_view(ALICE, [*reversed(facts), *facts], NOW, Rules(), AGREED)
    assert again.districts == view.districts
    assert set(view.districts) == {d for d, days in unique.values() if -365 < days <= 0}


# RiskView's agenda of an area

# Alice is harmed in Liverpool south, Bob in the north; Carol is referred by an agency
# whose incidents the panel may not see: she is of no area's district, so of every area.
SUBJECTS = [
    *(incident(n, district="L8", agency_id="vs-1") for n in (1, 2, 3)),
    consent(4, TO_PANEL, agency_id="vs-1"),
    *(incident(n, district="L4", agency_id="vs-1", subject=BOB) for n in (1, 2, 3)),
    consent(5, TO_PANEL, agency_id="vs-1", subject=BOB),
    incident(1, district="L5", agency_id="ddpo-1", subject=CAROL),
    referral(2, agency_id="ddpo-1", subject=CAROL),
]


def listed(view, area=""):
    return {line.handle for line in view.agenda(CHAIR, "", 50, "", area).items}


def test_an_areas_agenda_is_its_subjects_and_every_area_is_one_without_areas():
    view, _ = riskview(SUBJECTS, areas=AREAS)
    assert listed(view, "LIV-SOUTH") == {handle(ALICE), handle(CAROL)}
    assert listed(view, "LIV-NORTH") == {handle(BOB), handle(CAROL)}
    assert listed(view) == {handle(ALICE), handle(BOB), handle(CAROL)}
    whole, _ = riskview(SUBJECTS)
    assert listed(whole, "LIV-SOUTH") == listed(whole) == listed(view)


def test_an_area_not_configured_is_refused_naming_area_and_never_repeated():
    view, log = riskview(SUBJECTS, areas=AREAS)
    for area in ("WIRRAL", "Mrs Canary's street"):
        with pytest.raises(InvalidRequest) as refused:
            view.agenda(CHAIR, "", 50, "", area)
        assert [v.field for v in refused.value.violations] == ["area"]
        assert area not in str(refused.value)
    assert log.recorded == []


def test_a_meetings_risk_card_opens_for_its_areas_subjects_and_its_own_items_only():
    # Bob is a chair's addition to one meeting of Liverpool south, not to the other.
    south, other = "MARAC-20261215-AAAAAA", "MARAC-20261216-AAAAAA"
    agendas = InMemoryAgendas({south: {handle(BOB)}}, {south: "LIV-SOUTH", other: "LIV-SOUTH"})
    view, log = riskview(SUBJECTS, agendas=agendas, areas=AREAS)
    for meeting in (south, other):
        assert view.agenda_item(CHAIR, handle(ALICE), meeting).item.entry.reasons
        assert view.agenda_item(CHAIR, handle(CAROL), meeting).item.entry.reasons
    assert view.agenda_item(CHAIR, handle(BOB), south).item.entry.reasons  # an addition
    with pytest.raises(NotFound):
        view.agenda_item(CHAIR, handle(BOB), other)
    with pytest.raises(NotFound):
        view.agenda_item(CHAIR, handle(BOB), "", "LIV-SOUTH")
    assert view.agenda_item(CHAIR, handle(BOB), "", "LIV-NORTH").item.entry.reasons
    assert len(log.recorded) == 6  # a refusal discloses nothing


def test_the_meeting_service_is_told_the_subjects_of_its_area_now_or_as_of_a_cutoff():
    subjects = MeetingSubjects(
        InMemoryViews(SUBJECTS, NOW), HANDLES, Rules(), clock=lambda: NOW, areas=AREAS
    )
    for as_of in (None, NOW - DAY / 2):
        north = subjects.eligible(0, "", as_of, "LIV-NORTH").subjects
        assert {s.subject_key for s in north} == {BOB, CAROL}
        south = subjects.eligible(0, "", as_of, "LIV-SOUTH").subjects
        assert {s.subject_key for s in south} == {ALICE, CAROL}
    with pytest.raises(InvalidRequest):
        subjects.eligible(0, "", None, "WIRRAL")


# The meeting service's meetings of an area

MEETING_DAY = date(2026, 12, 15)


def test_a_meeting_is_scheduled_only_for_a_configured_area_and_any_without_areas():
    w = world(areas=AREAS)
    with pytest.raises(InvalidRequest) as refused:
        w.schedule(MEETING_DAY, area="WIRRAL")
    assert [(v.field, v.description) for v in refused.value.violations] == [
        ("area", "is not an area of this partnership")
    ]
    assert w.meetings.meetings(CHAIR_PERSON) == []
    assert w.schedule(MEETING_DAY, area="LIV-SOUTH").area == "LIV-SOUTH"
    assert world().schedule(MEETING_DAY, area="WIRRAL").area == "WIRRAL"


def test_a_meetings_agenda_is_its_areas_subjects_and_its_area_is_told_to_riskview():
    w = world(areas=AREAS)
    south = w.schedule(MEETING_DAY, area="LIV-SOUTH")
    north = w.schedule(MEETING_DAY, area="LIV-NORTH")
    w.subjects.now_eligible = [subject(1), subject(2), subject(3)]
    w.subjects.of_area = {
        "LIV-SOUTH": {subject(1).handle},
        "LIV-NORTH": {subject(2).handle, subject(3).handle},
    }
    w.clock.now = south.agenda_cutoff + timedelta(seconds=5)
    assert sorted(w.meetings.close_due_agendas()) == sorted([south.meeting_id, north.meeting_id])
    assert sorted(w.subjects.asked_areas) == ["LIV-NORTH", "LIV-SOUTH"]
    items = {
        m.area: set(w.meetings.meeting(CHAIR_PERSON, m.meeting_id).items) for m in (south, north)
    }
    assert items == {
        "LIV-SOUTH": {subject(1).handle},
        "LIV-NORTH": {subject(2).handle, subject(3).handle},
    }
    assert w.meetings.agenda_check(south.meeting_id, subject(1).handle) == (True, "LIV-SOUTH")
    assert w.meetings.agenda_check(south.meeting_id, subject(2).handle) == (False, "LIV-SOUTH")
    assert w.meetings.agenda_check("MARAC-20261215-ZZZZZZ", subject(1).handle) == (False, "")


def test_without_areas_a_meeting_asks_for_the_whole_partnerships_subjects():
    w = world()
    meeting = w.schedule(MEETING_DAY, area="WIRRAL")
    w.subjects.now_eligible = [subject(1)]
    w.clock.now = meeting.agenda_cutoff + timedelta(seconds=5)
    w.meetings.close_agenda(CHAIR_PERSON, asked.OfMeeting("C-1", meeting.meeting_id))
    assert w.subjects.asked_areas == [""]


def test_the_demos_meeting_is_of_an_area_covering_the_scenarios_district():
    areas = parse_areas(demo.DEMO_AREAS)
    district = district_of(postcode_district(Victim().postcode))
    assert district in areas.districts[demo.DEMO_AREA]
    assert in_area([district], areas.scope(demo.DEMO_AREA))
    assert not in_area([district], areas.scope("DEMO-SOUTH"))
