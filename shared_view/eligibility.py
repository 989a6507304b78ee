"""MARAC eligibility with reasons, from what the MARAC panel may see and the
referrals made to it.

Each rule that holds gives a reason naming the agencies (and, for the audit of
what was disclosed, their cases) whose contributions or referrals make it hold,
and nothing else (no level, count or date):
- visible high risk: an agency's latest risk assessment is high, or an agency
  referred the subject on the ground of visible high risk;
- escalation: at least `escalation_incidents` incidents across agencies in the
  window, or an agency referred the subject on the ground of escalation;
- cumulative harm: incidents that no agency rated high, at `cumulative_agencies` or
  more agencies, or with `cumulative_strands` or more different strands (one
  agency's "neighbour dispute" may be another's hate crime);
- professional judgement: an agency referred the subject on professional judgement
  (or on a ground this code does not know: the agency judged the subject
  should be discussed);
- repeat referral: the subject was discussed less than `repeat_window` ago and
  there is new information since (a reason's incident, assessment or referral is
  later than the discussion). Without new information a subject recently
  discussed is not on the agenda again.

A referral counts in the window whatever the case's consent: it is addressed to the
panel, the referring agency decided to bring the subject to the meeting. A reason
marks the cases it names because they referred (`Reason.referred`): the panel is
told of those even when their contributions are not shared with it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from marac.v1 import case_events_pb2 as events
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
# The rule a referral makes hold, by its MaracReferralGround; any other ground is
# professional judgement.
RULE_OF_GROUND = {
    events.MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK: VISIBLE_HIGH_RISK,
    events.MARAC_REFERRAL_GROUND_ESCALATION: ESCALATION,
    events.MARAC_REFERRAL_GROUND_PROFESSIONAL_JUDGEMENT: PROFESSIONAL_JUDGEMENT,
}

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
    """A case's referral of the subject to MARAC, whatever the case's consent."""

    agency: int
    agency_id: str
    case_reference: str
    referred_at: datetime  # within the window
    ground: int  # MaracReferralGround

    @property
    def case_ref(self) -> CaseRef:
        return (self.agency, self.agency_id, self.case_reference)

    @property
    def rule(self) -> str:
        return RULE_OF_GROUND.get(self.ground, PROFESSIONAL_JUDGEMENT)


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str  # one of RULES_IN_ORDER
    cases: tuple[CaseRef, ...]  # ascending by agency_id, then reference
    # Those of `cases` named because their agency referred the subject (in that order).
    referred: tuple[CaseRef, ...] = ()

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

# Per rule that holds: each case it names and when that case's evidence last arose.
Found = dict[str, dict[CaseRef, datetime | None]]


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
    found: Found = {}

    high = [e for e in visible if e.risk_level >= rules.high_risk_level]
    if high:
        found[VISIBLE_HIGH_RISK] = {e.case_ref: e.assessed_at for e in high}

    reporting = [e for e in visible if e.incidents]
    if sum(len(e.incidents) for e in reporting) >= rules.escalation_incidents:
        found[ESCALATION] = {e.case_ref: max(e.incidents) for e in reporting}

    unrated = [e for e in reporting if e.risk_level < rules.high_risk_level]
    if (
        len({e.agency_id for e in unrated}) >= rules.cumulative_agencies
        or len({s for e in unrated for s in e.strands}) >= rules.cumulative_strands
    ):
        found[CUMULATIVE_HARM] = {e.case_ref: max(e.incidents) for e in unrated}

    referred: dict[str, set[CaseRef]] = {}  # per rule, the cases named for their referral
    for r in referrals:
        _note(found.setdefault(r.rule, {}), r.case_ref, r.referred_at)
        referred.setdefault(r.rule, set()).add(r.case_ref)

    if not found:
        return NOT_ELIGIBLE

    past = [d for d in discussions if d <= now]
    changes.extend(d for d in discussions if d > now)  # a discussion counts once held
    last = max(past, default=None)
    if last is not None and now < last + rules.repeat_window:
        changes.append(last + rules.repeat_window)
        renewed: dict[CaseRef, datetime | None] = {}
        for evidence in found.values():
            for case, at in evidence.items():
                if at is not None and at > last:
                    _note(renewed, case, at)
        if not renewed:
            return NOT_ELIGIBLE  # discussed, and nothing new since
        found[REPEAT_REFERRAL] = renewed
        referred[REPEAT_REFERRAL] = {r.case_ref for r in referrals if r.referred_at > last}

    return Eligibility(
        tuple(
            _reason(rule, found[rule], referred.get(rule, set()))
            for rule in RULES_IN_ORDER
            if rule in found
        )
    )


def _note(evidence: dict[CaseRef, datetime | None], case: CaseRef, at: datetime) -> None:
    """Notes evidence of a case arising at `at`, keeping the latest."""
    earlier = evidence.get(case)
    evidence[case] = at if earlier is None else max(earlier, at)


def _reason(rule: str, evidence: dict[CaseRef, datetime | None], referred: set[CaseRef]) -> Reason:
    cases = tuple(sorted(evidence, key=lambda c: (c[1], c[2], c[0])))
    return Reason(rule, cases, tuple(c for c in cases if c in referred))
