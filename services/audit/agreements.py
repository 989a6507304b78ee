"""Data-sharing agreements (the domain): what the partnership agreed may be shared,
by which agencies, with whom, for what, which parts of a contribution, and on which
lawful bases without consent; from when, until when, and when IG reviews it.

An agreement is recorded once and ended at most once: by its own end, or early by
IG with a reason. It is never edited: a changed agreement is a new one, and the old
one ends (AGREEMENT_END_REASON_SUPERSEDED). Vocabulary values are marac.v1 enum
numbers (AgencyKind, Purpose, SharedCategory, LawfulBasis), as the shared view reads
them.
"""

import dataclasses
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.common.errors import FailedPrecondition, RequestIdReused
from services.common.values import Value

AGREEMENT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:agreement")


class AlreadyEnded(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("the agreement has ended")


@dataclasses.dataclass(frozen=True)
class Party(Value):
    agency_id: str
    agency: int  # AgencyKind


@dataclasses.dataclass(frozen=True)
class Terms(Value):
    """What an agreement allows, and for how long."""

    title: str
    parties: tuple[Party, ...]  # ascending by agency id
    marac_panel: bool  # the panel is told what the parties share
    purposes: tuple[int, ...]  # Purpose values, ascending
    categories: tuple[int, ...]  # SharedCategory values, ascending
    lawful_bases: tuple[int, ...]  # LawfulBasis values, ascending; () consent only
    starts_at: datetime
    review_date: date
    ends_at: datetime | None  # None: open-ended


class Agreement(Aggregate):
    @staticmethod
    def create_id(agreement_id: str) -> UUID:
        return uuid5(AGREEMENT_NAMESPACE, agreement_id)

    class Event(Aggregate.Event):
        # The request that caused the event, so a retry is answered, not applied again.
        request: tuple[str, str] | None = dataclasses.field(default=None, kw_only=True)

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            if self.request is not None:
                request_id, fingerprint = self.request
                aggregate.requests[request_id] = fingerprint

    @event("Recorded")
    def __init__(self, agreement_id: str, terms: Terms, recorded_by: str) -> None:
        self.agreement_id = agreement_id
        self.terms = terms
        self.recorded_by = recorded_by
        self.ended_at: datetime | None = None
        self.end_reason = 0  # AgreementEndReason
        self.ended_by = ""
        self.requests: dict[str, str] = {}  # request id -> what it asked, in short

    def answered(self, request_id: str, fingerprint: str) -> bool:
        """Whether the request was applied already; its id used for another is refused."""
        if request_id not in self.requests:
            return False
        if self.requests[request_id] != fingerprint:
            raise RequestIdReused()
        return True

    @property
    def ends(self) -> datetime | None:
        """When it stops covering anything: its own end, or when IG ended it."""
        if self.ended_at is None:
            return self.terms.ends_at
        if self.terms.ends_at is None:
            return self.ended_at
        return min(self.ended_at, self.terms.ends_at)

    def in_force_at(self, at: datetime) -> bool:
        return self.terms.starts_at <= at and (self.ends is None or at < self.ends)

    def review_due_by(self, day: date, now: datetime) -> bool:
        """Not over yet, and its review date is on or before `day`."""
        return (self.ends is None or now < self.ends) and self.terms.review_date <= day

    def end(self, at: datetime, reason: int, by: str, request: tuple[str, str]) -> None:
        """Ends it now, early; once."""
        if self.ends is not None and self.ends <= at:
            raise AlreadyEnded()
        self._ended(at=at, reason=reason, by=by)
        self.remember(request)

    def remember(self, request: tuple[str, str]) -> None:
        """Remembers the request on the event it caused, so a retry is answered."""
        self.pending_events[-1] = dataclasses.replace(self.pending_events[-1], request=request)
        self.requests[request[0]] = request[1]

    @event("Ended")
    def _ended(self, at: datetime, reason: int, by: str) -> None:
        self.ended_at = at
        self.end_reason = reason
        self.ended_by = by
