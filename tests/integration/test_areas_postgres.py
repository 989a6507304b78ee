"""MARAC areas on one real shared view (Postgres): two meetings of two areas get
disjoint agendas from it, and the reader's condition on an area is the pure rule's
(shared_view.areas.in_area) for subjects of one area, of two and of none. Facts
stored before migration 0008 (no district) put their subjects on every area's
agenda, refreshed or redelivered, until the view is rebuilt from the events."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest

from services.marac import commands as asked
from services.marac.application import Meetings
from services.marac.records import MeetingStore
from services.marac.subjects import agenda_subject
from services.riskview.handles import Handles
from services.riskview.meeting_subjects import MeetingSubjects
from services.riskview.meeting_subjects_grpc import subject_message
from shared_view.areas import in_area, parse_areas
from shared_view.reader import SharedViewReader
from shared_view.rules import Rules
from shared_view.view import agenda_entry, subject_views
from tests.agreements import AGREED
from tests.support import filled_shared_view
from tests.unit.meetings import CHAIR_PERSON, PARTNERS, Clock
from tests.unit.test_facts import NOW, TO_PANEL, consent, incident

AREAS = parse_areas("LIV-SOUTH=L8,L17,L19;LIV-NORTH=L4,L5,L6")
MEETING_DAY = date.today() + timedelta(days=14)
# Each subject's districts (of incidents shared with the panel): three of Liverpool
# south, two of the north, one of both, one of no configured area's.
SUBJECT_DISTRICTS = {
    "1" * 64: ("L8",),
    "2" * 64: ("L17", "L19"),
    "3" * 64: ("L8", "M1"),
    "4" * 64: ("L4",),
    "5" * 64: ("L5", "L6"),
    "6" * 64: ("L8", "L4"),
    "7" * 64: ("M1",),
}
SOUTH = {"1" * 64, "2" * 64, "3" * 64}
NORTH = {"4" * 64, "5" * 64}


def facts():
    shift = datetime.now(UTC) - NOW  # the facts dated around the real clock
    made = []
    for n, (key, districts) in enumerate(SUBJECT_DISTRICTS.items()):
        case = [
            incident(10 * n + i, district=districts[i % len(districts)], subject=key)
            for i in range(3)  # three incidents: escalation
        ]
        case.append(consent(10 * n + 9, TO_PANEL, subject=key))
        made += [
            replace(f, case_reference=f"P-AREA-{n}", occurred_at=f.occurred_at + shift)
            for f in case
        ]
    return made


@pytest.fixture(scope="module")
def reader(create_shared_view):
    dsn = filled_shared_view(create_shared_view("areas"), facts())
    found = SharedViewReader(dsn)
    found.open()
    yield found
    found.close()


class InProcessSubjects:
    """RiskView's MeetingSubjectsService for the meeting service, called in-process: the
    subjects as its gRPC adapter writes them and the meeting service reads them."""

    def __init__(self, subjects: MeetingSubjects) -> None:
        self._subjects = subjects

    def eligible(self, as_of=None, area=""):
        page = self._subjects.eligible(500, "", as_of, area)
        assert not page.next_page_token
        return [agenda_subject(subject_message(s)) for s in page.subjects]


def test_two_meetings_of_two_areas_get_disjoint_agendas_but_for_subjects_of_both_or_none(
    reader,
):
    subjects = MeetingSubjects(reader, Handles(bytes(32)), Rules(), areas=AREAS)
    clock = Clock(datetime.now(UTC))
    store = MeetingStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    meetings = Meetings(store, InProcessSubjects(subjects), PARTNERS, clock, areas=AREAS)
    cutoff = clock.now + timedelta(seconds=1)
    south, north = (
        meetings.schedule(CHAIR_PERSON, asked.Schedule(f"S-{area}", MEETING_DAY, area, cutoff))
        for area in ("LIV-SOUTH", "LIV-NORTH")
    )
    clock.now = cutoff + timedelta(seconds=1)
    assert sorted(meetings.close_due_agendas()) == sorted([south.meeting_id, north.meeting_id])

    def agenda(meeting) -> set[str]:
        closed = meetings.meeting(CHAIR_PERSON, meeting.meeting_id)
        return {item.subject.subject_key for item in closed.items.values()}

    both, nowhere = "6" * 64, "7" * 64  # harmed in both areas, or in neither
    assert agenda(south) == SOUTH | {both, nowhere}
    assert agenda(north) == NORTH | {both, nowhere}
    assert agenda(south) & agenda(north) == {both, nowhere}


def test_the_readers_condition_on_an_area_is_the_pure_rule(reader):
    now = datetime.now(UTC)
    entries = [
        e for e in map(agenda_entry, subject_views(facts(), now, Rules(), AGREED).values()) if e
    ]
    assert {e.subject_key: e.districts for e in entries} == {
        key: tuple(sorted(set(districts))) for key, districts in SUBJECT_DISTRICTS.items()
    }
    for area in (None, *AREAS.districts):
        scope = AREAS.scope(area) if area else None
        read = reader.agenda(None, 500, scope)
        assert {e.subject_key for e in read} == {
            e.subject_key for e in entries if in_area(e.districts, scope)
        }
        assert all(e.districts == tuple(sorted(SUBJECT_DISTRICTS[e.subject_key])) for e in read)

    # Paged: the area's condition holds on every page.
    south = AREAS.scope("LIV-SOUTH")
    first = reader.agenda(None, 2, south)
    rest = reader.agenda(first[-1].position, 500, south)
    assert {e.subject_key for e in first + rest} == SOUTH | {"6" * 64, "7" * 64}


def test_facts_stored_before_districts_were_kept_are_of_every_area_until_a_rebuild(
    create_shared_view, reader
):
    dsn = filled_shared_view(create_shared_view("areas_before_0008"), facts())
    with psycopg.connect(dsn) as conn:  # the rows as migration 0008 found them
        conn.execute("UPDATE shared_fact SET district = NULL")
        conn.execute("UPDATE marac_agenda SET districts = '{}'")
    old = SharedViewReader(dsn)
    old.open()
    south, every = AREAS.scope("LIV-SOUTH"), set(SUBJECT_DISTRICTS)
    try:
        assert {e.subject_key for e in old.agenda(None, 500, south)} == every
        # Each view recomputed, the facts redelivered: a fact held is kept as stored.
        with psycopg.connect(dsn) as conn:
            conn.execute("UPDATE subject_refresh SET due = '-infinity'")
        filled_shared_view(dsn, facts())
        assert {e.subject_key for e in old.agenda(None, 500, south)} == every
    finally:
        old.close()
    # A fresh view given the same facts, as a rebuild from the topics records them (the
    # module's own view, filled through the writer the projection uses): each of its area.
    rebuilt = {e.subject_key for e in reader.agenda(None, 500, south)}
    assert rebuilt == SOUTH | {"6" * 64, "7" * 64}
