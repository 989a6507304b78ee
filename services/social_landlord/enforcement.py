"""The landlord's enforcement ladder against a perpetrator, and its rules: a step
escalates only up the ladder, possession is of a tenancy, possession proceedings
follow a notice of possession, and only a court step ends in an order."""

from services.common.errors import RuleBroken
from services.common.vocabulary import EnforcementType
from services.social_landlord.vocabulary import EnforcementOutcome

# From least to most serious.
LADDER = (
    EnforcementType.WARNING,
    EnforcementType.ACCEPTABLE_BEHAVIOUR_AGREEMENT,
    EnforcementType.INJUNCTION,
    EnforcementType.NOTICE_OF_POSSESSION,
    EnforcementType.POSSESSION_PROCEEDINGS,
)
# A court decides these, so only they end with an order granted or refused.
COURT_STEPS = frozenset({EnforcementType.INJUNCTION, EnforcementType.POSSESSION_PROCEEDINGS})
# Possession is of a tenancy: these need the perpetrator's tenancy reference.
TENANCY_STEPS = frozenset(
    {EnforcementType.NOTICE_OF_POSSESSION, EnforcementType.POSSESSION_PROCEEDINGS}
)
COURT_ORDERS = frozenset({EnforcementOutcome.ORDER_GRANTED, EnforcementOutcome.ORDER_REFUSED})


class PossessionNeedsNotice(RuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "possession proceedings follow a notice of possession: escalate the notice"
        )


class TenancyReferenceRequired(RuleBroken):
    def __init__(self) -> None:
        super().__init__("is required for a notice of possession")


class NotMoreSerious(RuleBroken):
    def __init__(self) -> None:
        super().__init__("must be more serious than the step it escalates")


class StepNeedsTenancy(RuleBroken):
    def __init__(self) -> None:
        super().__init__("needs the perpetrator's tenancy, which this step does not name")


class OrderOutsideCourt(RuleBroken):
    def __init__(self) -> None:
        super().__init__("only a court step (injunction, possession proceedings) ends in an order")


def check_start(step: EnforcementType, tenancy_reference: str) -> None:
    if step is EnforcementType.POSSESSION_PROCEEDINGS:
        raise PossessionNeedsNotice()
    if step in TENANCY_STEPS and not tenancy_reference:
        raise TenancyReferenceRequired()


def check_escalation(
    current: EnforcementType, step: EnforcementType, tenancy_reference: str
) -> None:
    if LADDER.index(step) <= LADDER.index(current):
        raise NotMoreSerious()
    if step in TENANCY_STEPS and not tenancy_reference:
        raise StepNeedsTenancy()


def check_conclusion(current: EnforcementType, outcome: EnforcementOutcome) -> None:
    if outcome in COURT_ORDERS and current not in COURT_STEPS:
        raise OrderOutsideCourt()
