"""What the IG console's queries cost on a ledger of 100,000 entries (the ledger
benchmark's mix: two case events to each disclosure, every subject its own): a
page of a search by agency (an index), by user id (no index: a page reads at most
20,000 entries' bytes), a subject's history by one of their cases, and a page of a
period's disclosures. Run with `-s` to see the figures."""

import time
from datetime import UTC, datetime, timedelta

from services.audit.console import Case, EntrySearch
from services.audit.ig_console import SCAN_LIMIT, IgConsole
from services.audit.store import LedgerStore
from tests.benchmarks.machine import load
from tests.benchmarks.test_ledger import BATCH, ENTRIES, ledger_db, records  # noqa: F401

RUNS = 5


def timed(work) -> tuple[float, object]:
    """The median of RUNS runs, in milliseconds, and the last answer."""
    took, answer = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        answer = work()
        took.append((time.perf_counter() - started) * 1000)
    return sorted(took)[RUNS // 2], answer


def test_the_console_queries_on_100k_entries(ledger_db):  # noqa: F811
    rows = records(ENTRIES)
    store = LedgerStore(ledger_db.conninfo())
    for i in range(0, ENTRIES, BATCH):
        store.append(rows[i : i + BATCH])
    store.close()
    console = IgConsole(lambda: LedgerStore(ledger_db.conninfo()))
    print(f"\nload before: {load()}")

    by_agency, found = timed(lambda: console.find(EntrySearch(agency_id="local-police"), None, 50))
    assert len(found.entries) == 50 and found.before is not None
    # usr_chair-3 saw every 21st record; the query reads the bytes of the disclosures
    # and access log entries, newest first, until the page is full.
    by_user, found = timed(lambda: console.find(EntrySearch(user_id="usr_chair-3"), None, 50))
    assert len(found.entries) == 50 and {e.kind for e in found.entries} == {"disclosure"}
    case = Case("local-police", "CR/50001/26")
    history_ms, history = timed(lambda: console.subject_history(case))
    assert len(history.cases) == 1
    now = datetime.now(UTC)
    period_ms, (page, more) = timed(
        lambda: console.disclosures(now - timedelta(days=1), now + timedelta(days=2), 0, 200)
    )
    assert len(page) == 200 and more
    print(
        f"IG console on {ENTRIES:,} entries (median of {RUNS}): a page of 50 by agency "
        f"{by_agency:.1f} ms; a page by user id {by_user:.1f} ms (a page "
        f"reads at most {SCAN_LIMIT:,}); a subject's history {history_ms:.1f} ms; a page of "
        f"200 of a period's disclosures {period_ms:.1f} ms; load after: {load()}"
    )
