"""Retention on the ledger: which cases are past their retention period, by the
shared view's rule (shared_view.rules.Rules.retention_days, MARAC_RULE_RETENTION_DAYS:
counted from the case's latest closure; a case opened again before the period
ends is not closed). Their entries' payloads go (LedgerStore.retain), and each pass
is recorded in the ledger's database (when, by its own clock; how many entries the
ledger held; the period). The facts, closures included, stay, so the verifier
replays each recorded pass on what the ledger held then and can tell a payload a
pass removed from one removed otherwise: a reopening published late, or with an
agency's clock skewed, changes nothing a pass did."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from google.protobuf.message import DecodeError

from marac.v1 import case_events_pb2
from services.audit.columns import RETAINED
from services.audit.ledger import Entry

Case = tuple[str, str]  # (agency_id, case_reference)


@dataclass(frozen=True)
class Pass:
    """A pass of retention as the ledger recorded it."""

    passed_at: datetime  # the pass's own clock, by which it judged
    entry_count: int  # the entries the ledger held: the pass read and emptied no others
    period: timedelta
    payloads_removed: int = 0


def _closures(facts: Iterable[tuple[int, bytes]]) -> Iterator[tuple[int, Case, datetime | None]]:
    """Each opening (None) and closure (its time) of a case, with its position, from
    case events' (position, fact) in ledger order."""
    for position, fact in facts:
        try:
            event = case_events_pb2.CaseEvent.FromString(fact)
        except DecodeError:
            continue
        happened = event.WhichOneof("payload")
        if happened in ("case_opened", "case_closed"):
            at = event.occurred_at.ToDatetime(UTC) if happened == "case_closed" else None
            yield position, (event.agency_id, event.case_reference), at


def _past(closed_at: dict[Case, datetime | None], period: timedelta, now: datetime) -> set[Case]:
    return {c for c, closed in closed_at.items() if closed is not None and closed + period <= now}


def retired_cases(
    facts: Iterable[tuple[int, bytes]], retention: timedelta, now: datetime
) -> set[Case]:
    """The cases closed for `retention` or longer at `now`: all their entries go."""
    closed_at: dict[Case, datetime | None] = {}
    for _, case, closed in _closures(facts):
        closed_at[case] = closed
    return _past(closed_at, retention, now)


def removable(
    facts: Iterable[tuple[int, bytes]], passes: Iterable[Pass], rule: timedelta
) -> dict[Case, int]:
    """For each case some recorded pass found past its period, the last ledger
    position a pass may have emptied its entries up to: the entry count of the latest
    such pass, each judged as it judged (the cases' closures among the entries it
    held, by its clock and period). A pass of a period shorter than the rule
    justifies nothing. Each pass looks at every closed case: a pass a day over
    years is thousands of passes, a second or so of verify."""
    due = sorted((p for p in passes if p.period >= rule), key=lambda p: p.entry_count)
    closed_at: dict[Case, datetime | None] = {}
    upto: dict[Case, int] = {}
    ran = 0

    def run_until(position: float) -> None:
        nonlocal ran
        while ran < len(due) and due[ran].entry_count < position:
            done = due[ran]
            upto.update(
                dict.fromkeys(_past(closed_at, done.period, done.passed_at), done.entry_count)
            )
            ran += 1

    for position, case, closed in _closures(facts):
        run_until(position)
        closed_at[case] = closed
    run_until(float("inf"))
    return upto


def removed_in_time(upto: dict[Case, int]) -> Callable[[Entry], bool]:
    """Whether an entry whose payload is gone could have lost it to a recorded pass:
    an entry of a kind that goes, about a case the pass found past its period, that
    the ledger held at that pass."""

    def allowed(entry: Entry) -> bool:
        case = (entry.columns.agency_id or "", entry.columns.case_reference or "")
        return entry.kind in RETAINED and entry.position <= upto.get(case, -1)

    return allowed
