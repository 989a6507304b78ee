"""What victim support shares besides the kernel's events (services.common.sharing).

| domain event | shared event | fields shared |
|---|---|---|
| `VictimSupportCase.ReferralReceived` | `ReferralMade` | direction `RECEIVED`, counterpart (the referring agency) or other_source (self, health, local authority, ...) |
| `VictimSupportCase.SupportPlanAgreed` | `ActionChanged` | action_id (the plan id), type `ACTION_TYPE_SUPPORT_PLAN`, open true, due_at (the review date) |
| `VictimSupportCase.SupportPlanEnded` | `ActionChanged` | action_id (the plan id), type `ACTION_TYPE_SUPPORT_PLAN`, open false |
| `VictimSupportCase.SupportStarted` | `SupportChanged` | area, open true |
| `VictimSupportCase.SupportEnded` | `SupportChanged` | area, open false |

A needs assessment's risk level travels as the kernel's `RiskAssessed`, with the
tool `victim_support_needs_and_risk`.

Never shared: the areas of need (`VictimSupportCase.NeedsAssessed`: only the
risk level found travels), and the contacts with the victim
(`VictimSupportCase.ContactRecorded`: when, how, and the notes). Closing a case
ends its support and plan first, so partners see them end before `CaseClosed`.
"""  # noqa: E501 (a table row is one line)

from datetime import datetime

from marac.v1 import case_events_pb2 as pb
from services.common.contract import timestamp, to_proto
from services.common.sharing import Mapping, Shared
from services.common.vocabulary import ActionType, ReferralDirection, SupportArea
from services.victim_support.domain import VictimSupportCase


def referral_received(event: VictimSupportCase.ReferralReceived) -> Shared:
    received = event.referral
    referral = pb.ReferralMade(direction=to_proto(ReferralDirection.RECEIVED))
    if received.referring_agency:
        referral.counterpart = to_proto(received.referring_agency)
    else:
        referral.other_source = to_proto(received.other_source)
    return Shared("referral_made", referral, received.received_at)


def support_plan_agreed(event: VictimSupportCase.SupportPlanAgreed) -> Shared:
    plan = pb.ActionChanged(
        action_id=event.plan.plan_id, type=to_proto(ActionType.SUPPORT_PLAN), open=True
    )
    if event.plan.review_due_at is not None:
        plan.due_at.CopyFrom(timestamp(event.plan.review_due_at))
    return Shared("action_changed", plan, event.timestamp)


def support_plan_ended(event: VictimSupportCase.SupportPlanEnded) -> Shared:
    plan = pb.ActionChanged(
        action_id=event.plan_id, type=to_proto(ActionType.SUPPORT_PLAN), open=False
    )
    return Shared("action_changed", plan, event.timestamp)


def support(area: SupportArea, is_open: bool, when: datetime) -> Shared:
    changed = pb.SupportChanged(area=to_proto(area), open=is_open)
    return Shared("support_changed", changed, when)


def support_started(event: VictimSupportCase.SupportStarted) -> Shared:
    return support(event.area, True, event.timestamp)


def support_ended(event: VictimSupportCase.SupportEnded) -> Shared:
    return support(event.area, False, event.timestamp)


VICTIM_SUPPORT_SHARING: dict[type, Mapping] = {
    VictimSupportCase.ReferralReceived: referral_received,
    VictimSupportCase.SupportPlanAgreed: support_plan_agreed,
    VictimSupportCase.SupportPlanEnded: support_plan_ended,
    VictimSupportCase.SupportStarted: support_started,
    VictimSupportCase.SupportEnded: support_ended,
}
