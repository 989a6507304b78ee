"""A landlord case as LandlordService shows it to the housing CRM (GetLandlordCase)."""

from datetime import datetime

from marac.v1 import landlord_pb2 as pb
from services.common.contract import timestamp, to_proto
from services.common.grpc_requests import optional_timestamp
from services.common.vocabulary import (
    ActionType,
    AgencyKind,
    EnforcementType,
    ReferralSource,
    ResponseStep,
    SupportArea,
)
from services.social_landlord.application import ResponseTiming, timing
from services.social_landlord.case_lists import (
    ListEnforcementSteps,
    ListLandlordActions,
    ListLandlordReferrals,
    ListLandlordReports,
)
from services.social_landlord.domain import LandlordCase
from services.social_landlord.vocabulary import (
    EnforcementOutcome,
    LandlordActionOutcome,
    LandlordCommunicationNeed,
    LandlordContactMethod,
    LandlordReportCategory,
    LandlordReportChannel,
)


def enum_or_zero(domain, value: str | None) -> int:
    return to_proto(domain(value)) if value else 0


def timing_message(timed: ResponseTiming) -> pb.ResponseTiming:
    return pb.ResponseTiming(
        due_at=timestamp(timed.due_at),
        done_at=optional_timestamp(timed.done_at),
        status=to_proto(timed.status),
    )


def landlord_case_message(case: LandlordCase, now: datetime) -> pb.GetLandlordCaseResponse:
    """The case with the first page of each of its lists (their List queries give the rest)."""
    review = case.closure_review
    reference = case.case_reference
    reports, more_reports = (query := ListLandlordReports(reference)).first(query.items(case))
    actions, more_actions = (query := ListLandlordActions(reference)).first(query.items(case))
    referrals, more_referrals = (query := ListLandlordReferrals(reference)).first(query.items(case))
    steps, more_steps = (query := ListEnforcementSteps(reference)).first(query.items(case))
    return pb.GetLandlordCaseResponse(
        case_reference=case.case_reference,
        case_officer=case.case_officer,
        reports=[report_message(case, report_id, now) for report_id, _ in reports],
        reports_next_page_token=more_reports,
        actions=[action_message(*item) for item in actions],
        actions_next_page_token=more_actions,
        referrals=[referral_message(*item) for item in referrals],
        referrals_next_page_token=more_referrals,
        support_in_place=[to_proto(SupportArea(a)) for a in sorted(case.support_in_place)],
        enforcement_steps=[enforcement_message(*item) for item in steps],
        enforcement_steps_next_page_token=more_steps,
        closure_review=pb.LandlordClosureReview(
            reviewed_with_victim=review["reviewed_with_victim"],
            ongoing_support=[to_proto(SupportArea(a)) for a in review["ongoing_support"]],
            follow_up_by=optional_timestamp(review["follow_up_due_at"]),
            follow_up_due_at=optional_timestamp(review["follow_up_due_at"]),
            learning=review["learning"],
        )
        if review
        else None,
        closed=case.closed,
    )


def referral_message(referral_id: str, r: dict) -> pb.LandlordReferral:
    return pb.LandlordReferral(
        referral_id=referral_id,
        to_agency=enum_or_zero(AgencyKind, r["to_agency"]),
        to_other=enum_or_zero(ReferralSource, r["to_other"]),
        support_areas=[to_proto(SupportArea(a)) for a in r["support_areas"]],
        open=r["open"],
        referred_at=timestamp(r["referred_at"]),
    )


def enforcement_message(enforcement_id: str, step: dict) -> pb.EnforcementStep:
    return pb.EnforcementStep(
        enforcement_id=enforcement_id,
        type=to_proto(EnforcementType(step["type"])),
        perpetrator=pb.Perpetrator(**step["perpetrator"]),
        open=step["open"],
        outcome=enum_or_zero(EnforcementOutcome, step["outcome"]),
        started_at=timestamp(step["started_at"]),
        concluded_at=optional_timestamp(step["concluded_at"]),
        escalated_from=step["escalated_from"],
    )


def report_message(case: LandlordCase, report_id: str, now: datetime) -> pb.LandlordReport:
    report = case.reports[report_id]
    incident = case.incidents[report_id]
    return pb.LandlordReport(
        report_id=report_id,
        received_at=timestamp(report["received_at"]),
        channel=to_proto(LandlordReportChannel(report["channel"])),
        source=to_proto(incident.source),
        category=to_proto(LandlordReportCategory(incident.category)),
        location_address=report["location_address"],
        acknowledgement=timing_message(timing(case, report_id, ResponseStep.ACKNOWLEDGEMENT, now)),
        risk_assessment=timing_message(timing(case, report_id, ResponseStep.RISK_ASSESSMENT, now)),
    )


def action_message(action_id: str, action: dict) -> pb.LandlordAction:
    details = action["details"]
    agreement = None
    if action["type"] == ActionType.COMMUNICATION_AGREEMENT.value:
        agreement = pb.CommunicationAgreement(
            contact_methods=[
                to_proto(LandlordContactMethod(m)) for m in details["contact_methods"]
            ],
            contact_interval_days=details["contact_interval_days"],
            communication_needs=[
                to_proto(LandlordCommunicationNeed(n)) for n in details["communication_needs"]
            ],
            interpreter_language=details["interpreter_language"],
            notes=details["notes"],
            review_by=optional_timestamp(action["due_at"]),
            review_due_at=optional_timestamp(action["due_at"]),
        )
    return pb.LandlordAction(
        action_id=action_id,
        type=to_proto(ActionType(action["type"])),
        open=action["open"],
        due_at=optional_timestamp(action["due_at"]),
        description=details.get("summary") or details.get("description", ""),
        victim_agreed=action["victim_agreed"],
        communication_agreement=agreement,
        outcome=enum_or_zero(LandlordActionOutcome, action["outcome"]),
        started_at=timestamp(action["started_at"]),
        finished_at=optional_timestamp(action["finished_at"]),
    )
