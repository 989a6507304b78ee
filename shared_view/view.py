"""The shared risk view of one subject: a pure function of (facts, agreements, now,
rules).

Each case (agency_id, case_reference) the subject has at an agency gives one
contribution: who to ask, the latest risk level, the incidents of the window,
strands, hate crime versus hate incident, open support, enforcement and actions.
The facts fold, each as its kind says (shared_view/kinds.py), into the state of
their cases and subject (shared_view/state.py); the view is derived from that state.

Who may see a contribution (victim-led, see "Consent and lawful basis" in DESIGN.md):
- the agency that holds the case always sees its own contribution;
- any other recipient only while the consent in force on the case (the consent
  fact with the highest source sequence of that agency) has the recipient for
  the recipient's purpose and does not refuse the recipient, or while a recorded,
  unrevoked, unexpired override covers that recipient and purpose;
- and in either case only while a data-sharing agreement in force covers the
  holding agency, the recipient and its purpose (for an override: one that names
  the override's lawful basis), and then only the parts of the contribution
  (SharedCategory) such agreements cover (shared_view/agreements.py).

Purposes: agency representatives look at the shared view to assess risk, so an
agency kind sees what was shared with it for RISK_ASSESSMENT; the MARAC panel
sees what was shared with it for MARAC_DISCUSSION. Sharing "for referral" lets an
agency pass a case on; it opens no view.

The view depends only on the SET of facts (keyed by (agency_id, source_sequence)),
so duplicates and delivery order change nothing. Time matters four times: overrides
expire, agreements start and end, the window moves, and a closed case's
contribution leaves the view once it has been closed for the retention period
(Rules.retention_days; the writer then purges its facts, keeping the closure).
`valid_until` is the first instant after `now` at which the view may change by
itself; until then, the view is the same at any time.

An eligible subject's agenda entry places it by the highest risk level and the
number of incidents the panel may see, and says in which postcode districts those
incidents were, for the MARAC areas (shared_view/areas.py).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from marac.v1 import vocabulary_pb2 as vocab
from services.agencies import RECIPIENT_OF_KIND
from shared_view.agreements import ALL_CATEGORIES, Agreement
from shared_view.eligibility import Eligibility, Evidence, Reason, Referral, eligibility
from shared_view.facts import LOCAL_TIME, Fact
from shared_view.rules import Rules
from shared_view.state import CaseState, SubjectState

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
    # The parts of the contribution the agreements in force let the recipient see.
    categories: frozenset[int] = ALL_CATEGORIES


CONSENTED = Grant(BY_CONSENT)


def limited_to(contribution: Contribution, categories: frozenset[int]) -> Contribution:
    """The contribution with only those parts (who to ask is always there)."""
    if categories >= ALL_CATEGORIES:
        return contribution
    cleared: dict[str, object] = {}
    if vocab.SHARED_CATEGORY_RISK_LEVEL not in categories:
        cleared.update(risk_level=vocab.RISK_LEVEL_UNSPECIFIED, risk_tool="")
    if vocab.SHARED_CATEGORY_INCIDENTS not in categories:
        cleared.update(incident_dates=(), strands=(), hate_crimes=0, hate_incidents=0)
    if vocab.SHARED_CATEGORY_SUPPORT not in categories:
        cleared.update(open_support=())
    if vocab.SHARED_CATEGORY_ENFORCEMENT not in categories:
        cleared.update(open_enforcement=())
    if vocab.SHARED_CATEGORY_ACTIONS not in categories:
        cleared.update(open_actions=())
    return replace(contribution, **cleared)


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
    # Cases closed for longer than the retention period: in no part of the view.
    retired: tuple[tuple[str, str], ...] = ()
    # The postcode districts of the window's incidents the panel may see, ascending:
    # which MARAC areas the subject belongs to (shared_view/areas.py).
    districts: tuple[str, ...] = ()


Seen = tuple[Contribution, Grant | None]  # a contribution and why the viewer may see it
AgendaPosition = tuple[int, int, str]  # (highest_risk_level, incident_count, subject_key)


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """A subject on the MARAC agenda, placed by what the panel may see."""

    subject_key: str
    highest_risk_level: int  # of what the panel may see
    incident_count: int  # in the window, of what the panel may see
    reasons: tuple[Reason, ...]
    districts: tuple[str, ...] = ()  # as SubjectView.districts

    @property
    def position(self) -> AgendaPosition:
        return (self.highest_risk_level, self.incident_count, self.subject_key)


def subject_view(
    subject_key: str,
    facts: Iterable[Fact],
    now: datetime,
    rules: Rules,
    agreements: Sequence[Agreement],
) -> SubjectView:
    """The view of one subject from its facts (facts of other subjects are ignored)
    and the data-sharing agreements, in force or not."""
    unique: dict[tuple[str, int], Fact] = {}
    for fact in facts:
        if fact.subject_key == subject_key:
            unique.setdefault(fact.identity, fact)
    state = SubjectState(now, rules)
    for identity in sorted(unique):  # source order within each agency, so each case
        fact = unique[identity]
        fact.kind.fold(state, fact)
    retired = state.retire_closed()
    in_force = [a for a in agreements if a.in_force_at(now)]
    cases = [_Case(case, state, agreements, in_force) for case in state.cases.values()]
    cases.sort(key=lambda c: c.contribution.case)
    shares = tuple(share for case in cases for share in case.shares())
    panel = {share.case: share.grant.categories for share in shares if share.recipient == PANEL}
    judged = eligibility(
        [
            case.evidence_for(panel[case.contribution.case])
            for case in cases
            if case.contribution.case in panel
        ],
        [referral for case in cases for referral in case.referrals],
        state.discussions,
        now,
        rules,
        state.changes,
    )
    seen_incidents = [
        case
        for case in cases
        if vocab.SHARED_CATEGORY_INCIDENTS in panel.get(case.contribution.case, ())
    ]
    return SubjectView(
        subject_key=subject_key,
        contributions=tuple(case.contribution for case in cases),
        shares=shares,
        eligibility=judged,
        valid_until=min((t for t in state.changes if t > now), default=None),
        retired=tuple(retired),
        districts=tuple(sorted({d for case in seen_incidents for d in case.districts})),
    )


def subject_views(
    facts: Iterable[Fact], now: datetime, rules: Rules, agreements: Sequence[Agreement]
) -> dict[str, SubjectView]:
    """One view per subject key found among the facts."""
    by_subject: dict[str, list[Fact]] = {}
    for fact in facts:
        by_subject.setdefault(fact.subject_key, []).append(fact)
    return {
        key: subject_view(key, found, now, rules, agreements) for key, found in by_subject.items()
    }


def seen_by(view: SubjectView, recipient: int, agency_id: str | None = None) -> list[Seen]:
    """What a recipient may see: its own agency's contributions (grant None) and those
    shared with it. agency_id is the viewing agency; None for the MARAC panel."""
    granted = {share.case: share.grant for share in view.shares if share.recipient == recipient}
    seen = []
    for contribution in view.contributions:
        if agency_id is not None and contribution.agency_id == agency_id:
            seen.append((contribution, None))
        elif contribution.case in granted:
            grant = granted[contribution.case]
            seen.append((limited_to(contribution, grant.categories), grant))
    return seen


def agenda_entry(view: SubjectView) -> AgendaEntry | None:
    """The subject's place on the MARAC agenda; None when it is not eligible."""
    if not view.eligibility.eligible:
        return None
    panel = [contribution for contribution, _ in seen_by(view, PANEL)]
    return AgendaEntry(
        view.subject_key,
        max((c.risk_level for c in panel), default=0),
        sum(c.incident_count for c in panel),
        view.eligibility.reasons,
        view.districts,
    )


class _Case:
    """One case's contribution, evidence, referrals and grants, from its folded state."""

    def __init__(
        self,
        case: CaseState,
        subject: SubjectState,
        agreements: Sequence[Agreement],
        in_force: Sequence[Agreement],
    ):
        now, latest = subject.now, case.latest
        holder = latest.agency_id
        # The start and end of each of the holder's agreements may change the view.
        for agreement in agreements:
            if holder in agreement.holders:
                subject.changes.append(agreement.starts_at)
                if agreement.ends_at is not None:
                    subject.changes.append(agreement.ends_at)
        self._in_force = [a for a in in_force if holder in a.holders]
        active = []
        for override in case.overrides.values():
            if override.override_id in case.revoked:
                continue
            if now < override.expires_at:
                active.append(override)
                subject.changes.append(override.expires_at)
        active.sort(key=lambda o: o.override_id)
        self._consent = case.consent
        self._overrides = active
        assessment = case.assessment
        risk = assessment.payload if assessment is not None else None
        incidents = case.incidents
        self.contribution = Contribution(
            agency=latest.agency,
            agency_id=latest.agency_id,
            case_reference=latest.case_reference,
            risk_level=risk.level if risk else vocab.RISK_LEVEL_UNSPECIFIED,
            risk_tool=risk.tool if risk else "",
            incident_dates=tuple(sorted(_local_date(f.occurred_at) for f in incidents)),
            strands=tuple(sorted({s for f in incidents for s in f.payload.strands})),
            hate_crimes=sum(
                f.payload.classification == vocab.HATE_CLASSIFICATION_HATE_CRIME for f in incidents
            ),
            hate_incidents=sum(
                f.payload.classification == vocab.HATE_CLASSIFICATION_HATE_INCIDENT
                for f in incidents
            ),
            open_support=tuple(sorted(area for area, is_open in case.support.items() if is_open)),
            open_enforcement=tuple(
                sorted(t for t, is_open in case.enforcement.values() if is_open)
            ),
            open_actions=tuple(
                sorted(
                    (
                        OpenAction(t, _local_date(due) if due else None)
                        for t, is_open, due in case.actions.values()
                        if is_open
                    ),
                    key=lambda a: (a.type, a.due_date or date.min),
                )
            ),
            closed=case.closed,
        )
        self.districts = {f.payload.district for f in incidents if f.payload.district}
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
            Referral(
                latest.agency,
                latest.agency_id,
                latest.case_reference,
                f.occurred_at,
                f.payload.ground,
            )
            for f in case.referrals
        ]

    def evidence_for(self, categories: frozenset[int]) -> Evidence:
        """What the panel may weigh of the case: the parts it may see."""
        evidence = self.evidence
        if vocab.SHARED_CATEGORY_RISK_LEVEL not in categories:
            evidence = replace(evidence, risk_level=vocab.RISK_LEVEL_UNSPECIFIED, assessed_at=None)
        if vocab.SHARED_CATEGORY_INCIDENTS not in categories:
            evidence = replace(evidence, incidents=(), strands=())
        return evidence

    def _shared(self, recipient: int, purpose: int, basis: int | None) -> frozenset[int]:
        """The parts the holder's agreements in force let it share (none: nothing)."""
        found: frozenset[int] = frozenset()
        for a in self._in_force:  # the holder's: covers() but for the holder
            if (
                recipient in a.recipients
                and purpose in a.purposes
                and (basis is None or basis in a.lawful_bases)
            ):
                found |= a.categories
        return found

    def grant(self, recipient: int) -> Grant | None:
        purpose = PURPOSE_OF_RECIPIENT[recipient]
        scope = (recipient, purpose)
        consent = self._consent
        if consent is not None and scope in consent.scopes and recipient not in consent.refused:
            categories = self._shared(recipient, purpose, None)
            if categories:
                return Grant(BY_CONSENT, categories=categories)
        for override in self._overrides:  # ascending by id, so the choice is stable
            if scope in override.scopes:
                categories = self._shared(recipient, purpose, override.basis)
                if categories:
                    return Grant(
                        BY_OVERRIDE,
                        override.override_id,
                        override.basis,
                        override.expires_at,
                        categories,
                    )
        return None

    def shares(self) -> Iterable[Share]:
        agency_id, reference = self.contribution.case
        for recipient in RECIPIENTS:
            grant = self.grant(recipient)
            if grant is not None:
                yield Share(recipient, agency_id, reference, grant)


def _local_date(at: datetime) -> date:
    return at.astimezone(LOCAL_TIME).date()
