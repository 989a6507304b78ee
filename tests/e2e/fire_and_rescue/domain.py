"""The fire and rescue case: a victim at risk of arson or fire-setting. The kernel's
incidents, risk, consent, referral and closure serve it as they are; its one rule
of its own, through the kernel's hook, is that a case rated high risk is referred
to MARAC before it closes."""

from datetime import datetime

from services.common.case import Case
from services.common.errors import FailedPrecondition
from services.common.vocabulary import RiskLevel


class HighRiskNotReferred(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("a case rated high risk is referred to MARAC before it closes")


class FireAndRescueCase(Case):
    def before_closing(self, closed_at: datetime) -> None:
        if self.risk_level == RiskLevel.HIGH and not self.marac_referrals:
            raise HighRiskNotReferred()
