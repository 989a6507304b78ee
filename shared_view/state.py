"""What a subject's facts fold into, before the view is derived from it.

Facts fold one by one in source order (ascending source sequence per agency, so per
case); each kind's `fold` (shared_view/kinds.py) changes the state of its case, or,
for a fact about the subject itself (a MARAC discussion), of the subject. The state
also notes each instant at which the passing of time alone may change the view.
"""

from dataclasses import dataclass, field
from datetime import datetime

from shared_view.facts import Consent, Fact, Override
from shared_view.rules import Rules


@dataclass
class CaseState:
    """One case (agency_id, case_reference) as its facts so far leave it."""

    latest: Fact  # the case's latest fact: its agency and reference
    consent: Consent | None = None  # in force: the latest consent fact's
    assessment: Fact | None = None  # the latest risk assessment
    overrides: dict[str, Override] = field(default_factory=dict)  # by id, first recorded
    revoked: set[str] = field(default_factory=set)  # override ids
    support: dict[int, bool] = field(default_factory=dict)  # SupportArea -> in place
    enforcement: dict[str, tuple[int, bool]] = field(default_factory=dict)  # id -> type, open
    # id -> (ActionType, open, due_at)
    actions: dict[str, tuple[int, bool, datetime | None]] = field(default_factory=dict)
    incidents: list[Fact] = field(default_factory=list)  # of the window
    referrals: list[Fact] = field(default_factory=list)  # MARAC referrals of the window
    closed: bool = False
    closed_at: datetime | None = None  # of the closure in force (None: open)


@dataclass
class SubjectState:
    now: datetime
    rules: Rules
    changes: list[datetime] = field(default_factory=list)  # when the view may change
    cases: dict[tuple[str, str], CaseState] = field(default_factory=dict)
    discussions: list[datetime] = field(default_factory=list)  # MARAC discussions

    def case(self, fact: Fact) -> CaseState:
        """The state of the fact's case, which the fact shows exists."""
        state = self.cases.get(fact.case)
        if state is None:
            state = self.cases[fact.case] = CaseState(fact)
        else:
            state.latest = fact
        return state

    def retire_closed(self) -> list[tuple[str, str]]:
        """Removes the cases closed for longer than the retention period, and notes
        when each other closed case's period ends; the cases removed."""
        retired = []
        for key, case in list(self.cases.items()):
            if case.closed_at is None:
                continue
            ends = case.closed_at + self.rules.retention
            if ends <= self.now:
                retired.append(key)
                del self.cases[key]
            else:
                self.changes.append(ends)
        return sorted(retired)

    def in_window(self, at: datetime) -> bool:
        """Whether an instant is in the window (now - window, now]; notes when that
        will change."""
        if at > self.now:  # recorded ahead of time: it counts once its time comes
            self.changes.append(at)
            return False
        if at <= self.now - self.rules.window:
            return False
        self.changes.append(at + self.rules.window)
        return True
