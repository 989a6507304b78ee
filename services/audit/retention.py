"""Retention on the ledger: which cases are past their retention period, by the
shared view's rule (shared_view.rules.Rules.retention_days, MARAC_RULE_RETENTION_DAYS:
counted from the case's latest closure; a case opened again before the period
ends is not closed). Their entries' payloads go (LedgerStore.retain); the facts,
closures included, stay, so the same cases are found again from what is left."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from google.protobuf.message import DecodeError

from marac.v1 import case_events_pb2

Case = tuple[str, str]  # (agency_id, case_reference)


def retired_cases(facts: Iterable[bytes], retention: timedelta, now: datetime) -> set[Case]:
    """The cases closed for `retention` or longer at `now`, from their case events'
    facts in the order the ledger holds them."""
    closed_at: dict[Case, datetime | None] = {}
    for fact in facts:
        try:
            event = case_events_pb2.CaseEvent.FromString(fact)
        except DecodeError:
            continue
        happened = event.WhichOneof("payload")
        case = (event.agency_id, event.case_reference)
        if happened == "case_opened":
            closed_at[case] = None
        elif happened == "case_closed":
            closed_at[case] = event.occurred_at.ToDatetime(UTC)
    return {case for case, at in closed_at.items() if at is not None and at + retention <= now}
