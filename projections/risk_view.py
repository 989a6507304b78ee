"""The shared risk view of one subject: a pure function of (facts, now, rules).

Each case (agency_id, case_reference) the subject has at an agency gives one
contribution: who to ask, the latest risk level, the incidents of the window,
strands, hate crime versus hate incident, open support, enforcement and actions.

Who may see a contribution (victim-led, see "Consent and lawful basis" in DESIGN.md):
- the agency that holds the case always sees its own contribution;
- any other recipient only while the consent in force on the case (the consent
  fact with the highest source sequence of that agency) has the recipient for
  the recipient's purpose and does not refuse the recipient, or while a recorded,
  unrevoked, unexpired override covers that recipient and purpose.

Purposes: agency representatives look at the shared view to assess risk, so an
agency kind sees what was shared with it for RISK_ASSESSMENT; the MARAC panel
sees what was shared with it for MARAC_DISCUSSION. Sharing "for referral" lets an
agency pass a case on; it opens no view.

The view depends only on the SET of facts (keyed by (agency_id, source_sequence)),
so duplicates and delivery order change nothing. Time matters twice: overrides
expire and the window moves. `valid_until` is the first instant after `now` at
which the view may change by itself; until then, the view is the same at any time.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from marac.v1 import vocabulary_pb2 as vocab
from projections.eligibility import Eligibility, Evidence, Referral, eligibility
from projections.facts import (
    ACTION,
    CASE_CLOSED,
    CASE_OPENED,
    CONSENT,
    ENFORCEMENT,
    INCIDENT,
    LOCAL_TIME,
    MARAC_DISCUSSED,
    MARAC_REFERRAL,
    OVERRIDE,
    OVERRIDE_REVOKED,
    RISK_ASSESSED,
    SUPPORT,
    Consent,
    Fact,
    Override,
)
from projections.rules import Rules
from services.agencies import RECIPIENT_OF_KIND

PANEL = vocab.RECIPIENT_MARAC_PANEL
# The purpose for which each recipient looks at the shared view.
PURPOSE_OF_RECIPIENT = {
    **{recipient: vocab.PURPOSE_RISK_ASSESSMENT for recipient in RECIPIENT_OF_KIND.values()},
    PANEL: vocab.PURPOSE_MARAC_DISCUSSION,
}
RECIPIENTS = tuple(sorted(PURPOSE_OF_RECIPIENT))

BY_CONSENT = "consent"
BY_OVERRIDE = "override"


@dataclass(frozen=True, slots=True)
class OpenAction:
    type: int  # ActionType
    due_date: date | None


@dataclass(frozen=True, slots=True)
class Contribution:
    agency: int  # AgencyKind
    agency_id: str
    case_reference: str  # with agency and agency_id: the contact point, "who to ask"
    risk_level: int  # latest RiskLevel; UNSPECIFIED when the agency assessed none
    risk_tool: str
    incident_dates: tuple[date, ...]  # local dates of the window's incidents, ascending
    strands: tuple[int, ...]  # Strand values of the window's incidents, ascending
    hate_crimes: int  # incidents of the window classified as hate crime
    hate_incidents: int  # ... and as hate incident
    open_support: tuple[int, ...]  # SupportArea values in place, ascending
    open_enforcement: tuple[int, ...]  # EnforcementType of each open step, ascending
    open_actions: tuple[OpenAction, ...]  # ascending by type, then due date
    closed: bool

    @property
    def case(self) -> tuple[str, str]:
        return (self.agency_id, self.case_reference)

    @property
    def incident_count(self) -> int:
        return len(self.incident_dates)


@dataclass(frozen=True, slots=True)
class Grant:
    """Why a recipient may see another agency's contribution."""

    basis: str  # BY_CONSENT or BY_OVERRIDE
    override_id: str = ""
    lawful_basis: int = vocab.LAWFUL_BASIS_UNSPECIFIED
    expires_at: datetime | None = None  # of the override


CONSENTED = Grant(BY_CONSENT)


@dataclass(frozen=True, slots=True)
class Share:
    recipient: int  # Recipient
    agency_id: str
    case_reference: str
    grant: Grant

    @property
    def case(self) -> tuple[str, str]:
        return (self.agency_id, self.case_reference)


@dataclass(frozen=True, slots=True)
class SubjectView:
    subject_key: str
    contributions: tuple[Contribution, ...]  # every case, ascending by (agency_id, reference)
    shares: tuple[Share, ...]  # who besides the owner may see which case, and why
    eligibility: Eligibility  # for the MARAC agenda, from what the panel may see
    valid_until: datetime | None  # None: nothing changes by the passing of time alone


def subject_view(
    subject_key: str, facts: Iterable[Fact], now: datetime, rules: Rules
) -> SubjectView:
    """The view of one subject from its facts (facts of other subjects are ignored)."""
    unique: dict[tuple[str, int], Fact] = {}
    for fact in facts:
        if fact.subject_key == subject_key:
            unique.setdefault(fact.identity, fact)
    by_case: dict[tuple[str, str], list[Fact]] = {}
    discussions = []
    for fact in unique.values():
        if fact.kind == MARAC_DISCUSSED:
            discussions.append(fact.occurred_at)
        else:
            by_case.setdefault(fact.case, []).append(fact)
    changes: list[datetime] = []  # instants at which the view may change
    cases = [_CaseState(case_facts, now, rules, changes) for case_facts in by_case.values()]
    cases.sort(key=lambda c: c.contribution.case)
    shares = tuple(share for case in cases for share in case.shares())
    panel = {share.case for share in shares if share.recipient == PANEL}
    judged = eligibility(
        [case.evidence for case in cases if case.contribution.case in panel],
        [referral for case in cases for referral in case.referrals],
        discussions,
        now,
        rules,
        changes,
    )
    return SubjectView(
        subject_key=subject_key,
        contributions=tuple(case.contribution for case in cases),
        shares=shares,
        eligibility=judged,
        valid_until=min((t for t in changes if t > now), default=None),
    )


def subject_views(facts: Iterable[Fact], now: datetime, rules: Rules) -> dict[str, SubjectView]:
    """One view per subject key found among the facts."""
    by_subject: dict[str, list[Fact]] = {}
    for fact in facts:
        by_subject.setdefault(fact.subject_key, []).append(fact)
    return {key: subject_view(key, found, now, rules) for key, found in by_subject.items()}


def seen_by(
    view: SubjectView, recipient: int, agency_id: str | None = None
) -> list[tuple[Contribution, Grant | None]]:
    """What a recipient may see: its own agency's contributions (grant None) and those
    shared with it. agency_id is the viewing agency; None for the MARAC panel."""
    granted = {share.case: share.grant for share in view.shares if share.recipient == recipient}
    seen = []
    for contribution in view.contributions:
        if agency_id is not None and contribution.agency_id == agency_id:
            seen.append((contribution, None))
        elif contribution.case in granted:
            seen.append((contribution, granted[contribution.case]))
    return seen


class _CaseState:
    """One case folded from its facts, in source order (source sequences only grow)."""

    def __init__(self, facts: list[Fact], now: datetime, rules: Rules, changes: list[datetime]):
        facts.sort(key=lambda f: f.source_sequence)
        latest = facts[-1]
        since = now - rules.window
        consent: Consent | None = None
        assessment: Fact | None = None
        overrides: dict[str, Override] = {}
        revoked: set[str] = set()
        support: dict[int, bool] = {}
        enforcement: dict[str, tuple[int, bool]] = {}
        actions: dict[str, tuple[int, bool, datetime | None]] = {}
        incidents: list[Fact] = []
        referrals: list[datetime] = []
        closed = False
        for fact in facts:
            kind, payload = fact.kind, fact.payload
            if kind == INCIDENT:
                if _in_window(fact.occurred_at, since, now, rules, changes):
                    incidents.append(fact)
            elif kind == RISK_ASSESSED:
                assessment = fact
            elif kind == CONSENT:
                consent = payload
            elif kind == OVERRIDE:
                overrides.setdefault(payload.override_id, payload)
            elif kind == OVERRIDE_REVOKED:
                revoked.add(payload.override_id)
            elif kind == SUPPORT:
                support[payload.area] = payload.open
            elif kind == ENFORCEMENT:
                enforcement[payload.enforcement_id] = (payload.type, payload.open)
            elif kind == ACTION:
                actions[payload.action_id] = (payload.type, payload.open, payload.due_at)
            elif kind == MARAC_REFERRAL:
                if _in_window(fact.occurred_at, since, now, rules, changes):
                    referrals.append(fact.occurred_at)
            elif kind in (CASE_OPENED, CASE_CLOSED):
                closed = kind == CASE_CLOSED
        active = []
        for override in overrides.values():
            if override.override_id in revoked:
                continue
            if now < override.expires_at:
                active.append(override)
                changes.append(override.expires_at)
        active.sort(key=lambda o: o.override_id)
        self._consent = consent
        self._overrides = active
        risk = assessment.payload if assessment is not None else None
        strands = sorted({s for f in incidents for s in f.payload.strands})
        self.contribution = Contribution(
            agency=latest.agency,
            agency_id=latest.agency_id,
            case_reference=latest.case_reference,
            risk_level=risk.level if risk else vocab.RISK_LEVEL_UNSPECIFIED,
            risk_tool=risk.tool if risk else "",
            incident_dates=tuple(sorted(_local_date(f.occurred_at) for f in incidents)),
            strands=tuple(strands),
            hate_crimes=sum(
                f.payload.classification == vocab.HATE_CLASSIFICATION_HATE_CRIME for f in incidents
            ),
            hate_incidents=sum(
                f.payload.classification == vocab.HATE_CLASSIFICATION_HATE_INCIDENT
                for f in incidents
            ),
            open_support=tuple(sorted(area for area, is_open in support.items() if is_open)),
            open_enforcement=tuple(sorted(t for t, is_open in enforcement.values() if is_open)),
            open_actions=tuple(
                sorted(
                    (
                        OpenAction(t, _local_date(due) if due else None)
                        for t, is_open, due in actions.values()
                        if is_open
                    ),
                    key=lambda a: (a.type, a.due_date or date.min),
                )
            ),
            closed=closed,
        )
        self.evidence = Evidence(
            agency=latest.agency,
            agency_id=latest.agency_id,
            case_reference=latest.case_reference,
            risk_level=self.contribution.risk_level,
            assessed_at=assessment.occurred_at if assessment is not None else None,
            incidents=tuple(f.occurred_at for f in incidents),
            strands=self.contribution.strands,
        )
        self.referrals = [
            Referral(latest.agency, latest.agency_id, latest.case_reference, at) for at in referrals
        ]

    def grant(self, recipient: int) -> Grant | None:
        scope = (recipient, PURPOSE_OF_RECIPIENT[recipient])
        consent = self._consent
        if consent is not None and scope in consent.scopes and recipient not in consent.refused:
            return CONSENTED
        for override in self._overrides:  # ascending by id, so the choice is stable
            if scope in override.scopes:
                return Grant(BY_OVERRIDE, override.override_id, override.basis, override.expires_at)
        return None

    def shares(self) -> Iterable[Share]:
        agency_id, reference = self.contribution.case
        for recipient in RECIPIENTS:
            grant = self.grant(recipient)
            if grant is not None:
                yield Share(recipient, agency_id, reference, grant)


def _in_window(
    at: datetime, since: datetime, now: datetime, rules: Rules, changes: list[datetime]
) -> bool:
    """Whether an instant is in the window (since, now]; notes when that will change."""
    if at > now:  # recorded ahead of time: it counts once its time comes
        changes.append(at)
        return False
    if at <= since:
        return False
    changes.append(at + rules.window)
    return True


def _local_date(at: datetime) -> date:
    return at.astimezone(LOCAL_TIME).date()
