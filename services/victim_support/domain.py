"""The victim support case: opened by a referral, then a needs assessment, a
support plan agreed with the victim, and the contacts made with them. Risk,
consent and closure are the kernel's; closing a case ends its support."""

from dataclasses import dataclass, replace
from datetime import datetime

from eventsourcing.domain import event

from services.common.case import Case, RiskAssessment
from services.common.errors import FailedPrecondition
from services.common.values import Value
from services.common.vocabulary import AgencyKind, ReferralSource, RiskLevel, RiskTool, SupportArea
from services.victim_support.vocabulary import SupportContactMethod

# The risk tool a needs assessment is recorded under.
NEEDS_AND_RISK_TOOL = RiskTool.VICTIM_SUPPORT_NEEDS_AND_RISK


class NoPlanInForce(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("the case has no support plan in force")


@dataclass(frozen=True)
class Referral(Value):
    """Who referred: another agency, or any other source."""

    referring_agency: AgencyKind | None
    other_source: ReferralSource | None
    received_at: datetime


@dataclass(frozen=True)
class SupportPlan(Value):
    plan_id: str
    areas: tuple[SupportArea, ...]
    review_due_at: datetime | None
    open: bool = True


@dataclass(frozen=True)
class SupportContact(Value):
    contact_id: str
    contacted_at: datetime
    method: SupportContactMethod
    notes: str  # never shared


class VictimSupportCase(Case):
    def on_open(self) -> None:
        self.referral: Referral | None = None
        self.needs: tuple[SupportArea, ...] = ()
        # The plan in force, or the last one once it ended.
        self.plan: SupportPlan | None = None
        # The support areas in place now.
        self.support: list[SupportArea] = []
        self.contacts: list[SupportContact] = []

    @property
    def plan_in_force(self) -> bool:
        return self.plan is not None and self.plan.open

    @event("ReferralReceived")
    def receive_referral(self, referral: Referral) -> None:
        self.referral = referral

    def assess_needs(
        self, needs: tuple[SupportArea, ...], level: RiskLevel, assessed_at: datetime
    ) -> None:
        """The areas of need, and the risk level found, as the case's risk assessment."""
        self._assess_needs(needs=needs, assessed_at=assessed_at)
        self.assess_risk(RiskAssessment(level, NEEDS_AND_RISK_TOOL, assessed_at))

    @event("NeedsAssessed")
    def _assess_needs(self, needs: tuple[SupportArea, ...], assessed_at: datetime) -> None:
        self.needs = needs

    def agree_support_plan(
        self, new_plan_id: str, areas: tuple[SupportArea, ...], review_due_at: datetime | None
    ) -> str:
        """Agrees a plan, or revises the plan in force: support the plan no longer
        names ends, new support starts. Returns the plan's id."""
        plan_id = self.plan.plan_id if self.plan_in_force else new_plan_id
        self._agree_support_plan(plan=SupportPlan(plan_id, areas, review_due_at))
        for area in [a for a in self.support if a not in areas]:
            self._end_support(area=area)
        for area in [a for a in areas if a not in self.support]:
            self._start_support(area=area)
        return plan_id

    @event("SupportPlanAgreed")
    def _agree_support_plan(self, plan: SupportPlan) -> None:
        self.plan = plan

    def end_support_plan(self) -> None:
        if not self.plan_in_force:
            raise NoPlanInForce()
        self._end_all_support()

    def _end_all_support(self) -> None:
        for area in list(self.support):
            self._end_support(area=area)
        if self.plan is not None and self.plan.open:
            self._end_plan(plan_id=self.plan.plan_id)

    @event("SupportStarted")
    def _start_support(self, area: SupportArea) -> None:
        self.support.append(area)

    @event("SupportEnded")
    def _end_support(self, area: SupportArea) -> None:
        self.support.remove(area)

    @event("SupportPlanEnded")
    def _end_plan(self, plan_id: str) -> None:
        self.plan = replace(self.plan, open=False)

    @event("ContactRecorded")
    def record_contact(self, contact: SupportContact) -> None:
        self.contacts.append(contact)

    def before_closing(self, closed_at: datetime) -> None:
        """A closed case has no support in place: partners see it end before the closure."""
        self._end_all_support()
