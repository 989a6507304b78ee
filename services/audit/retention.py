"""Retention on the ledger: which cases are past their retention period, by the
shared view's rule (shared_view.rules.Rules.retention_days, MARAC_RULE_RETENTION_DAYS:
counted from the case's latest closure; a case opened again before the period
ends is not closed). Their entries' payloads go (LedgerStore.retain); the facts,
closures included, stay, so the same cases are found again from what is left, and
the verifier can tell a payload removed in time from one removed before it was due."""

import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from google.protobuf.message import DecodeError

from marac.v1 import case_events_pb2
from services.audit.columns import RETAINED
from services.audit.ledger import Entry

Case = tuple[str, str]  # (agency_id, case_reference)


def removable(
    facts: Iterable[tuple[int, bytes]], retention: timedelta, now: datetime
) -> dict[Case, float]:
    """For each case some of whose entries' payloads retention may have removed by
    `now`, the last ledger position it may have removed them up to, from its case
    events' (position, fact) in ledger order: every one (infinity) for a case
    closed for `retention` or longer now; up to its reopening for a case opened
    again only after a closure had run its period (a pass may have run meanwhile)."""
    closed_at: dict[Case, datetime | None] = {}
    upto: dict[Case, float] = {}
    for position, fact in facts:
        try:
            event = case_events_pb2.CaseEvent.FromString(fact)
        except DecodeError:
            continue
        happened = event.WhichOneof("payload")
        case = (event.agency_id, event.case_reference)
        at = event.occurred_at.ToDatetime(UTC)
        if happened == "case_opened":
            closed = closed_at.get(case)
            if closed is not None and closed + retention <= at:
                upto[case] = position - 1
            closed_at[case] = None
        elif happened == "case_closed":
            closed_at[case] = at
    for case, closed in closed_at.items():
        if closed is not None and closed + retention <= now:
            upto[case] = math.inf
    return upto


def retired_cases(
    facts: Iterable[tuple[int, bytes]], retention: timedelta, now: datetime
) -> set[Case]:
    """The cases closed for `retention` or longer at `now`: all their entries go."""
    return {case for case, upto in removable(facts, retention, now).items() if upto == math.inf}


def removed_in_time(upto: dict[Case, float]) -> Callable[[Entry], bool]:
    """Whether an entry whose payload is gone could have lost it to retention: an
    entry of a kind that goes, about a case whose period had run at its position."""

    def allowed(entry: Entry) -> bool:
        case = (entry.columns.agency_id or "", entry.columns.case_reference or "")
        return entry.kind in RETAINED and entry.position <= upto.get(case, -1)

    return allowed
