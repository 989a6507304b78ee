"""Retention on the ledger: which cases are past their period (a period after
their latest closure, unless opened again before it ended), up to which entry a
recorded pass may have emptied a case's payloads (judged by what it held, its clock
and its period), and the verifier finding a payload no pass removed: of a case
still in its period, of an entry after the case was opened again or after the
pass, with no pass recorded, or of a kind retention never removes; a reopening
published late changes nothing a pass did."""

import dataclasses
from datetime import timedelta

from marac.v1 import disclosure_pb2, meeting_actions_pb2
from services.audit.columns import CASE_EVENT, DISCLOSURE, MEETING_ACTION, READING
from services.audit.ledger import Head, Record, Source, chained, read_records, verify
from services.audit.retention import Pass, removable, removed_in_time, retired_cases
from tests.unit.test_audit_ledger import AT, closing

YEAR = timedelta(days=365)
MONTH = timedelta(days=30)
DAY = timedelta(days=1)
POLICE = "local-police"


def positioned(*facts: bytes) -> list[tuple[int, bytes]]:
    return list(enumerate(facts, start=1))


def test_a_case_is_past_retention_a_period_after_its_latest_closure_unless_reopened():
    past = closing(1, 366)
    assert retired_cases(positioned(past), YEAR, AT) == {(POLICE, "CR/1/26")}
    assert retired_cases(positioned(past, closing(2, 10)), YEAR, AT) == set()  # closed again
    assert retired_cases(positioned(past, closing(2, 5, what="case_opened")), YEAR, AT) == set()
    assert retired_cases(positioned(closing(1, 364), closing(2, 400, "CR/2/26")), YEAR, AT) == {
        (POLICE, "CR/2/26")
    }


def test_a_pass_removed_what_it_found_past_its_period_among_the_entries_it_held():
    reopened = positioned(closing(1, 500), closing(2, 400), closing(3, 20, what="case_opened"))
    # A pass after the closure and before the reopening: up to the entries it held.
    assert removable(reopened, [Pass(AT - DAY * 30, 2, YEAR)], YEAR) == {(POLICE, "CR/1/26"): 2}
    # A pass after the reopening found the case open.
    assert removable(reopened, [Pass(AT, 3, YEAR)], YEAR) == {}
    # Nor did one whose clock had the period still running.
    assert removable(reopened, [Pass(AT - DAY * 100, 2, YEAR)], YEAR) == {}
    # No pass: nothing went.
    assert removable(positioned(closing(1, 500), closing(2, 366)), [], YEAR) == {}
    # The latest pass that found it past decides.
    passes = [Pass(AT - DAY, 2, YEAR), Pass(AT, 5, YEAR)]
    assert removable(positioned(closing(1, 500), closing(2, 366)), passes, YEAR) == {
        (POLICE, "CR/1/26"): 5
    }


def test_a_pass_of_a_period_shorter_than_the_rule_justifies_nothing():
    closed = positioned(closing(1, 100), closing(2, 40))
    assert removable(closed, [Pass(AT, 2, MONTH)], MONTH) == {(POLICE, "CR/1/26"): 2}
    assert removable(closed, [Pass(AT, 2, MONTH)], YEAR) == {}


def ledger_of(*records: tuple[str, bytes]):
    reads = read_records(
        [Record(Source("t", 0, n), kind, value) for n, (kind, value) in enumerate(records)],
        READING,
    )
    return chained(reads, Head())


def removed(entries, *positions: int):
    return [dataclasses.replace(e, value=None) if e.position in positions else e for e in entries]


def checked(entries, passes=None):
    """Verified against one pass at AT that held every entry, or against `passes`."""
    facts = [(e.position, e.fact) for e in entries if e.kind == CASE_EVENT]
    passes = [Pass(AT, len(entries), YEAR)] if passes is None else passes
    return verify(entries, READING, None, removed_in_time(removable(facts, passes, YEAR)))


def test_a_payload_removed_in_time_verifies_and_one_removed_early_is_found():
    retired = (CASE_EVENT, closing(1, 400, "CR/OLD"))
    open_case = (CASE_EVENT, closing(2, 10, "CR/NEW", "case_opened"))
    entries = ledger_of(open_case, retired, (CASE_EVENT, closing(3, 5, "CR/NEW")))
    assert checked(removed(entries, 2)).ok
    result = checked(removed(entries, 2, 3))
    assert (result.broken.position, result.broken.problem) == (
        3,
        "its payload was removed before retention allowed",
    )
    # Without the rule (a copy checked with the public key alone) it is no break.
    assert verify(removed(entries, 2, 3), READING).ok


def test_an_entry_after_the_case_was_opened_again_keeps_its_payload():
    entries = ledger_of(
        (CASE_EVENT, closing(1, 500)),
        (CASE_EVENT, closing(2, 400)),
        (CASE_EVENT, closing(3, 20, what="case_opened")),
        (CASE_EVENT, closing(4, 10, what="consent_recorded")),
    )
    before_reopening = [Pass(AT - DAY * 30, 2, YEAR)]
    assert checked(removed(entries, 1, 2), before_reopening).ok
    assert checked(removed(entries, 1, 2, 4), before_reopening).broken.position == 4


def test_a_payload_retention_never_removes_is_found_whatever_its_case():
    retired = (CASE_EVENT, closing(1, 400))
    shown = disclosure_pb2.Disclosure(
        disclosure_id="d-1",
        contributions=[disclosure_pb2.DisclosedContribution(agency_id=POLICE,
                                                            case_reference="CR/1/26")],
    ).SerializeToString()  # fmt: skip
    entries = ledger_of(retired, (DISCLOSURE, shown))
    assert checked(removed(entries, 2)).broken.position == 2
    # An action sent about the retired case may go with it.
    action = meeting_actions_pb2.MeetingActionMessage(
        message_id="m-1", agency_id=POLICE, case_reference="CR/1/26", assigned={}
    ).SerializeToString()
    assert checked(removed(ledger_of(retired, (MEETING_ACTION, action)), 1, 2)).ok


def test_a_reopening_published_late_leaves_a_passs_removal_in_time():
    """The case's reopening arrives after the pass, saying it happened within the
    period (a relay late, an agency's clock skewed): the pass judged by what it held,
    so its removal stands; a removal after it, or of an entry it did not hold, is found."""
    entries = ledger_of(
        (CASE_EVENT, closing(1, 500)),
        (CASE_EVENT, closing(2, 400)),
        (CASE_EVENT, closing(3, 300, what="case_opened")),
        (CASE_EVENT, closing(4, 10, what="consent_recorded")),
    )
    a_pass = [Pass(AT - DAY * 5, 2, YEAR)]
    assert checked(removed(entries, 1, 2), a_pass).ok
    assert checked(removed(entries, 1, 2, 3), a_pass).broken.position == 3
    # The same removal with no pass recorded: found.
    assert checked(removed(entries, 1, 2), []).broken.position == 1
