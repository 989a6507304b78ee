"""What a social landlord shares besides the kernel's events (services.common.sharing).

| domain event | shared event | fields shared |
|---|---|---|
| `LandlordCase.ResponseTimed` | `ResponseTimed` | step, due_at, done_at (once done), within_standard |
| `LandlordCase.ActionStarted` | `ActionChanged` | action_id, type, open (true), due_at |
| `LandlordCase.ActionRevised` | `ActionChanged` | action_id, type, open (true), due_at |
| `LandlordCase.ActionFinished` | `ActionChanged` | action_id, type, open (false) |
| `LandlordCase.ReferralSent` | `ReferralMade` | direction (sent), counterpart or other_source |
| `LandlordCase.SupportChanged` | `SupportChanged` | area, open |
| `LandlordCase.EnforcementStarted` | `EnforcementChanged` | enforcement_id, type, open (true) |
| `LandlordCase.EnforcementConcluded` | `EnforcementChanged` | enforcement_id, type, open (false) |

Never shared: `LandlordCase.ReportLogged` (when and how the report came in,
the address), `LandlordCase.CaseOfficerAssigned` (the officer's name),
`LandlordCase.SupportReferralEnded` (its effect travels as SupportChanged) and
`LandlordCase.ClosureReviewed` (the review and its learning). A report's
narrative, the perpetrator, every summary, description and note stay in the
landlord's store; the IncidentReported incident_category is the report category's
value of the same name (for example `INCIDENT_CATEGORY_VERBAL_ABUSE`).
"""  # noqa: E501 (a table row is one line)

from datetime import datetime

from marac.v1 import case_events_pb2 as pb
from services.common.contract import timestamp, to_proto
from services.common.sharing import Mapping, Shared
from services.common.vocabulary import (
    ActionType,
    AgencyKind,
    EnforcementType,
    ReferralDirection,
    ReferralSource,
    ResponseStep,
    SupportArea,
)
from services.social_landlord.domain import LandlordCase


def response_timed(event: LandlordCase.ResponseTimed) -> Shared:
    # A breach happened when the step fell due undone.
    return Shared(
        "response_timed",
        pb.ResponseTimed(
            step=to_proto(ResponseStep(event.step)),
            due_at=timestamp(event.due_at),
            done_at=timestamp(event.done_at) if event.done_at else None,
            within_standard=event.within_standard,
        ),
        event.done_at or event.due_at,
    )


def action_changed(event, is_open: bool, when: datetime) -> Shared:
    return Shared(
        "action_changed",
        pb.ActionChanged(
            action_id=event.action_id,
            type=to_proto(ActionType(event.action_type)),
            open=is_open,
            due_at=timestamp(event.due_at) if is_open and event.due_at else None,
        ),
        when,
    )


def action_started(event: LandlordCase.ActionStarted) -> Shared:
    return action_changed(event, True, event.started_at)


def action_revised(event: LandlordCase.ActionRevised) -> Shared:
    return action_changed(event, True, event.revised_at)


def action_finished(event: LandlordCase.ActionFinished) -> Shared:
    return action_changed(event, False, event.finished_at)


def referral_sent(event: LandlordCase.ReferralSent) -> Shared:
    return Shared(
        "referral_made",
        pb.ReferralMade(
            direction=to_proto(ReferralDirection.SENT),
            counterpart=to_proto(AgencyKind(event.to_agency)) if event.to_agency else 0,
            other_source=to_proto(ReferralSource(event.to_other)) if event.to_other else 0,
        ),
        event.referred_at,
    )


def support_changed(event: LandlordCase.SupportChanged) -> Shared:
    return Shared(
        "support_changed",
        pb.SupportChanged(area=to_proto(SupportArea(event.area)), open=event.in_place),
        event.timestamp,
    )


def enforcement_started(event: LandlordCase.EnforcementStarted) -> Shared:
    return Shared(
        "enforcement_changed",
        pb.EnforcementChanged(
            enforcement_id=event.enforcement_id,
            type=to_proto(EnforcementType(event.enforcement_type)),
            open=True,
        ),
        event.started_at,
    )


def enforcement_concluded(event: LandlordCase.EnforcementConcluded) -> Shared:
    return Shared(
        "enforcement_changed",
        pb.EnforcementChanged(
            enforcement_id=event.enforcement_id,
            type=to_proto(EnforcementType(event.enforcement_type)),
            open=False,
        ),
        event.concluded_at,
    )


LANDLORD_SHARING: dict[type, Mapping] = {
    LandlordCase.ResponseTimed: response_timed,
    LandlordCase.ActionStarted: action_started,
    LandlordCase.ActionRevised: action_revised,
    LandlordCase.ActionFinished: action_finished,
    LandlordCase.ReferralSent: referral_sent,
    LandlordCase.SupportChanged: support_changed,
    LandlordCase.EnforcementStarted: enforcement_started,
    LandlordCase.EnforcementConcluded: enforcement_concluded,
}
