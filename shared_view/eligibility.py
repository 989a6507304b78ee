"""MARAC eligibility with reasons, from what the MARAC panel may see.

Each rule that holds gives a reason naming the agencies (and, for the audit of
what was disclosed, their cases) whose contributions make it hold, and nothing
else (no level, count or date):
- visible high risk: an agency's latest risk assessment is high;
- escalation: at least `escalation_incidents` incidents across agencies in the window;
- cumulative harm: incidents that no agency rated high, at `cumulative_agencies` or
  more agencies, or with `cumulative_strands` or more different strands (one
  agency's "neighbour dispute" may be another's hate crime);
- professional judgement: an agency referred the subject to MARAC in the window.
  The referral is addressed to the panel, so it counts whatever the case's
  consent: the referring agency decided to bring the subject to the meeting;
- repeat referral: the subject was discussed less than `repeat_window` ago and
  there is new information since (a reason's incident, assessment or referral is
  later than the discussion). Without new information a subject recently
  discussed is not on the agenda again.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from shared_view.rules import Rules

VISIBLE_HIGH_RISK = "visible_high_risk"
ESCALATION = "escalation"
CUMULATIVE_HARM = "cumulative_harm"
PROFESSIONAL_JUDGEMENT = "professional_judgement"
REPEAT_REFERRAL = "repeat_referral"
RULES_IN_ORDER = (
    VISIBLE_HIGH_RISK,
    ESCALATION,
    CUMULATIVE_HARM,
    PROFESSIONAL_JUDGEMENT,
    REPEAT_REFERRAL,
)

CaseRef = tuple[int, str, str]  # (AgencyKind, agency_id, case_reference)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one case the panel may see brings to the rules."""

    agency: int  # AgencyKind
    agency_id: str
    case_reference: str
    risk_level: int  # latest RiskLevel
    assessed_at: datetime | None  # of the latest assessment
    incidents: tuple[datetime, ...]  # instants of the window's incidents
    strands: tuple[int, ...]  # of those incidents

    @property
    def case_ref(self) -> CaseRef:
        return (self.agency, self.agency_id, self.case_reference)


@dataclass(frozen=True, slots=True)
class Referral:
    agency: int
    agency_id: str
    case_reference: str
    referred_at: datetime  # within the window

    @property
    def case_ref(self) -> CaseRef:
        return (self.agency, self.agency_id, self.case_reference)


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str  # one of RULES_IN_ORDER
    cases: tuple[CaseRef, ...]  # ascending by agency_id, then reference

    @property
    def agencies(self) -> tuple[tuple[int, str], ...]:
        """(AgencyKind, agency_id) of the agencies the reason names, ascending by id."""
        return tuple(dict.fromkeys((kind, agency_id) for kind, agency_id, _ in self.cases))


@dataclass(frozen=True, slots=True)
class Eligibility:
    reasons: tuple[Reason, ...]  # in RULES_IN_ORDER; empty when not eligible

    @property
    def eligible(self) -> bool:
        return bool(self.reasons)


NOT_ELIGIBLE = Eligibility(())


def eligibility(
    visible: Sequence[Evidence],
    referrals: Sequence[Referral],
    discussions: Iterable[datetime],
    now: datetime,
    rules: Rules,
    changes: list[datetime],
) -> Eligibility:
    """The subject's eligibility at `now`; appends to `changes` the instants at which
    the passing of time alone may change it."""
    # Each rule that holds, with its cases and when each case's evidence last arose.
    found: list[tuple[str, dict[CaseRef, datetime | None]]] = []

    high = [e for e in visible if e.risk_level >= rules.high_risk_level]
    if high:
        found.append((VISIBLE_HIGH_RISK, {e.case_ref: e.assessed_at for e in high}))

    reporting = [e for e in visible if e.incidents]
    if sum(len(e.incidents) for e in reporting) >= rules.escalation_incidents:
        found.append((ESCALATION, {e.case_ref: max(e.incidents) for e in reporting}))

    unrated = [e for e in reporting if e.risk_level < rules.high_risk_level]
    if (
        len({e.agency_id for e in unrated}) >= rules.cumulative_agencies
        or len({s for e in unrated for s in e.strands}) >= rules.cumulative_strands
    ):
        found.append((CUMULATIVE_HARM, {e.case_ref: max(e.incidents) for e in unrated}))

    if referrals:
        referred: dict[CaseRef, datetime | None] = {}
        for r in referrals:
            referred[r.case_ref] = max(r.referred_at, referred.get(r.case_ref) or r.referred_at)
        found.append((PROFESSIONAL_JUDGEMENT, referred))

    if not found:
        return NOT_ELIGIBLE

    past = [d for d in discussions if d <= now]
    changes.extend(d for d in discussions if d > now)  # a discussion counts once held
    last = max(past, default=None)
    if last is not None and now < last + rules.repeat_window:
        changes.append(last + rules.repeat_window)
        renewed: dict[CaseRef, datetime | None] = {
            case: at
            for _, evidence in found
            for case, at in evidence.items()
            if at is not None and at > last
        }
        if not renewed:
            return NOT_ELIGIBLE  # discussed, and nothing new since
        found.append((REPEAT_REFERRAL, renewed))

    return Eligibility(tuple(Reason(rule, _cases(evidence)) for rule, evidence in found))


def _cases(evidence: dict[CaseRef, datetime | None]) -> tuple[CaseRef, ...]:
    return tuple(sorted(evidence, key=lambda c: (c[1], c[2], c[0])))
