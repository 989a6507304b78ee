"""The IG console's queries on a real ledger database, as the service's own role:
a search pages newest first through every entry it matches, each once; a search by
user id finds that person's entries and no longer id's, nor the id's bytes
planted in another field; a subject's history and
report hold their disclosures and no one else's, and still do once retention
removed their cases' payloads; a period's disclosures page in the order they were
recorded."""

from datetime import timedelta

import pytest

from marac.v1 import access_log_pb2, case_events_pb2, disclosure_pb2
from services.audit.columns import ACCESS, DISCLOSURE
from services.audit.console import Case, EntrySearch, listed, search_sql
from services.audit.ig_console import IgConsole, NoSuchCase, NoSuchHandle
from services.audit.ledger import Record, Source
from services.audit.store import LedgerStore
from services.riskview.handles import Handles
from tests.unit.test_ig_console import ALICE, NOW, POLICE, call, case_event, disclosure, ledger

HANDLES = Handles(bytes(range(32)))

REFUSED = 2


@pytest.fixture
def console(ledger_db):
    store = LedgerStore(ledger_db.conninfo())
    kept = ledger()
    calls = [call("CR/1/26", REFUSED, 11), call("CR/2/26", REFUSED, 14)]
    many = [disclosure(ALICE, f"d-many-{n}", "usr_rep-7", 20 + n) for n in range(120)]
    # A chair opened Alice's agenda item: the access log names her handle.
    opened = access_log_pb2.AccessLogEntry(
        request_id="r-item", service="riskview", subject_handle=HANDLES.of(ALICE),
        method="/marac.v1.RiskViewService/GetAgendaItem", decision=1,
    )  # fmt: skip
    store.append(
        [Record(Source("access", 1, 0), "access", opened.SerializeToString())]
        + [Record(e.source, e.kind, e.value) for e in kept]
        + [Record(Source("access", 0, n), k, v) for n, (k, v) in enumerate(calls)]
        + [Record(Source("more", 0, n), k, v) for n, (k, v) in enumerate(many)]
    )
    store.close()
    return IgConsole(lambda: LedgerStore(ledger_db.conninfo()), lambda: NOW, HANDLES)


def every_page(console: IgConsole, search: EntrySearch, size: int) -> list[int]:
    positions, before = [], None
    while True:
        found = console.find(search, before, size)
        positions += [e.position for e in found.entries]
        if found.before is None:
            return positions
        before = found.before


def test_a_search_pages_newest_first_through_each_match_once(console):
    police = every_page(console, EntrySearch(agency_id=POLICE), 7)
    assert police == sorted(police, reverse=True) and len(police) == len(set(police))
    # The many disclosures, three more of police contributions (one published twice,
    # appended once), four police case events.
    assert len(police) == 120 + 3 + 4
    window = EntrySearch(since=NOW + timedelta(minutes=20), until=NOW + timedelta(minutes=30))
    assert len(every_page(console, window, 3)) == 10


def test_a_user_search_finds_that_persons_entries_only(console):
    found = console.find(EntrySearch(user_id="usr_chair-1"), None, 50).entries
    # Two disclosures to that chair (one published twice, appended once) and their
    # two refusals.
    assert sorted(e.kind for e in found) == ["access", "access", "disclosure", "disclosure"]
    assert len(every_page(console, EntrySearch(user_id="usr_rep-7"), 50)) == 120


def test_a_subjects_report_holds_their_disclosures_and_no_one_elses(console):
    report = console.access_report(Case(POLICE, "CR/1/26"))
    ids = [d.disclosure_id for d in report.history.disclosures]
    assert ids[:2] == ["d-alice-1", "d-alice-2"] and len(ids) == 122
    assert "d-bob-1" not in ids
    assert [r.case_reference for r in report.history.refusals] == ["CR/1/26"]
    # The ledger's 11 (of 12 published), the 2 calls and the 120 more, read at its head.
    assert report.ledger_entries == 1 + 11 + 2 + 120 and len(report.ledger_head) == 64
    with pytest.raises(NoSuchCase):
        console.subject_history(Case(POLICE, "CR/404/26"))


def test_a_subject_found_by_their_handle_has_the_same_history_and_its_calls(console):
    by_case = console.subject_history(Case(POLICE, "CR/1/26"))
    by_handle = console.subject_history(HANDLES.of(ALICE))
    assert by_handle.disclosures == by_case.disclosures and by_handle.cases == by_case.cases
    assert [v.method for v in by_handle.views] == ["/marac.v1.RiskViewService/GetAgendaItem"]
    assert by_case.views == by_handle.views  # the handle's calls, found by a case too
    with pytest.raises(NoSuchHandle):
        console.subject_history(HANDLES.of("c" * 64))


def test_a_periods_disclosures_page_in_recorded_order(console):
    since, until = NOW, NOW + timedelta(minutes=25)
    shown, after = [], 0
    while True:
        page, more = console.disclosures(since, until, after, 2)
        shown += page
        if not more:
            break
        after = page[-1].position
    assert len(shown) == 3 + 5  # alice 1 (appended once), bob 1, alice 2; many 0 to 4
    assert [e.position for e in shown] == sorted(e.position for e in shown)


def test_past_retention_a_subjects_history_still_shows_every_disclosure(
    console, ledger_db, ledger_retention
):
    before = console.subject_history(Case(POLICE, "CR/1/26"))
    kind, closed = case_event(
        ALICE, POLICE, "CR/1/26", 30, case_closed=case_events_pb2.CaseClosed()
    )
    event = case_events_pb2.CaseEvent.FromString(closed)
    event.occurred_at.CopyFrom(event.recorded_at)
    appender = LedgerStore(ledger_db.conninfo())
    appender.append([Record(Source("closed", 0, 0), kind, event.SerializeToString())])
    appender.close()
    retention = LedgerStore(ledger_retention.conninfo())
    done = retention.retain(timedelta(days=365), NOW + timedelta(days=366))
    retention.close()
    assert (done.cases, done.removed) == (1, {"case_event": 4})
    after = console.subject_history(Case(POLICE, "CR/1/26"))
    assert after.disclosures == before.disclosures and len(after.disclosures) == 122
    assert [c.case_reference for c in after.cases] == [c.case_reference for c in before.cases]
    # The police case's consents went with its payloads; the landlord's overrides stay.
    assert len(before.consents) == 2 and not after.consents
    assert after.overrides == before.overrides


def test_a_user_search_finds_the_person_not_their_id_written_elsewhere(ledger_db):
    """The query's byte scan finds every entry whose fact holds the id's bytes; a
    canary of the same bytes in another field (a meeting id, a request id, a case
    reference, a method, a longer id) is a candidate only, never a match."""
    canary = "usr_canary-9"
    planted = [
        disclosure(ALICE, "d-own", canary, 1),  # the person's own
        call("CR/1/26", REFUSED, 2, user_id=canary),  # the person's own
        (DISCLOSURE, disclosure_pb2.Disclosure(disclosure_id="d-meeting", meeting_id=canary,
                                               caller=disclosure_pb2.Caller(user_id="usr_x"))
         .SerializeToString()),
        (ACCESS, access_log_pb2.AccessLogEntry(request_id=canary, method=f"/{canary}",
                                               case_reference=canary.upper(),
                                               person=disclosure_pb2.Caller(user_id="usr_y"))
         .SerializeToString()),
        disclosure(ALICE, "d-longer", f"{canary}0", 3),
    ]  # fmt: skip
    store = LedgerStore(ledger_db.conninfo())
    store.append([Record(Source("c", 0, n), k, v) for n, (k, v) in enumerate(planted)])
    with store.snapshot() as snapshot:
        where, params = search_sql(EntrySearch(user_id=canary), None, 50)
        candidates = snapshot.find(where, params)
    store.close()
    assert len(candidates) == 5  # every fact holding the bytes
    console = IgConsole(lambda: LedgerStore(ledger_db.conninfo()), lambda: NOW, HANDLES)
    found = [listed(e) for e in console.find(EntrySearch(user_id=canary), None, 50).entries]
    assert sorted((e.kind, e.user_id) for e in found) == [(ACCESS, canary), (DISCLOSURE, canary)]
    assert [e.disclosure_id for e in found if e.kind == DISCLOSURE] == ["d-own"]
