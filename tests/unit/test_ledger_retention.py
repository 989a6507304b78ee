"""Retention on the ledger: which cases are past their period (a period after
their latest closure, unless opened again before it ended), up to which entry a
case's payloads may have gone, and the verifier finding a payload removed before
retention allowed it: of a case still in its period, of an entry after the case
was opened again, or of a kind retention never removes."""

import dataclasses
import math
from datetime import timedelta

from marac.v1 import disclosure_pb2, meeting_actions_pb2
from services.audit.columns import CASE_EVENT, DISCLOSURE, MEETING_ACTION, READING
from services.audit.ledger import Head, Record, Source, chained, read_records, verify
from services.audit.retention import removable, removed_in_time, retired_cases
from tests.unit.test_audit_ledger import AT, closing

YEAR = timedelta(days=365)
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


def test_a_case_opened_again_after_its_period_may_have_lost_what_came_before():
    reopened = positioned(closing(1, 500), closing(2, 400), closing(3, 20, what="case_opened"))
    assert removable(reopened, YEAR, AT) == {(POLICE, "CR/1/26"): 2}
    # Opened again within the period: nothing could have gone.
    early = positioned(closing(1, 500), closing(2, 300), closing(3, 20, what="case_opened"))
    assert removable(early, YEAR, AT) == {}
    # Past its period now: every entry may have gone.
    assert removable(positioned(closing(1, 500), closing(2, 366)), YEAR, AT) == {
        (POLICE, "CR/1/26"): math.inf
    }


def ledger_of(*records: tuple[str, bytes]):
    reads = read_records(
        [Record(Source("t", 0, n), kind, value) for n, (kind, value) in enumerate(records)],
        READING,
    )
    return chained(reads, Head())


def removed(entries, *positions: int):
    return [dataclasses.replace(e, value=None) if e.position in positions else e for e in entries]


def checked(entries):
    facts = [(e.position, e.fact) for e in entries if e.kind == CASE_EVENT]
    return verify(entries, READING, None, removed_in_time(removable(facts, YEAR, AT)))


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
    assert checked(removed(entries, 1, 2)).ok
    assert checked(removed(entries, 1, 2, 4)).broken.position == 4


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
