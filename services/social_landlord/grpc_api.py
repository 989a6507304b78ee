"""The landlord's own gRPC API (marac.v1.LandlordService), served beside the kernel's."""

import grpc

from marac.v1 import landlord_pb2 as pb
from marac.v1 import landlord_pb2_grpc as pb_grpc
from services.common.case_messages import closure_message, incident_from
from services.common.commands import CloseCase
from services.common.contract import timestamp, to_proto
from services.common.grpc_errors import Fields
from services.common.grpc_requests import (
    Servicer,
    Unmappable,
    optional_moment,
    subject_from,
)
from services.common.vocabulary import (
    ActionType,
    AgencyKind,
    CaseOutcome,
    EnforcementType,
    ReferralSource,
    ReportSource,
    SupportArea,
)
from services.social_landlord.case_message import timing_message
from services.social_landlord.commands import (
    AcknowledgeReport,
    AgreeActionPlan,
    AgreeCommunicationAgreement,
    AssignCaseOfficer,
    CommunicationAgreement,
    ConcludeEnforcement,
    EndSupportReferral,
    EscalateEnforcement,
    FinishHousingAction,
    LogReport,
    Perpetrator,
    ReferForSupport,
    ReviewAndCloseCase,
    StartEnforcement,
    StartHousingAction,
)
from services.social_landlord.enforcement import (
    NotMoreSerious,
    OrderOutsideCourt,
    PossessionNeedsNotice,
    StepNeedsTenancy,
    TenancyReferenceRequired,
)
from services.social_landlord.grpc_queries import LandlordQueries
from services.social_landlord.overdue import ListOverdueReports
from services.social_landlord.vocabulary import (
    EnforcementOutcome,
    LandlordActionOutcome,
    LandlordCommunicationNeed,
    LandlordContactMethod,
    LandlordReportCategory,
    LandlordReportChannel,
)

# The request field each of the landlord's rules is about.
FIELDS: Fields = {
    PossessionNeedsNotice: "type",
    TenancyReferenceRequired: "perpetrator.tenancy_reference",
    NotMoreSerious: "type",
    StepNeedsTenancy: "type",
    OrderOutsideCourt: "outcome",
}


class LandlordServicer(LandlordQueries, Servicer, pb_grpc.LandlordServiceServicer):
    """LandlordService: its commands here, its queries in grpc_queries."""

    # Reports and the response standard

    async def LogReport(self, request: pb.LogReportRequest, context: grpc.aio.ServicerContext):
        unmappable = Unmappable()
        command = LogReport(
            incident=incident_from(request, unmappable),
            received_at=optional_moment(request, "received_at"),
            channel=unmappable.one(LandlordReportChannel, request.channel, "channel"),
            source=unmappable.one(ReportSource, request.source, "source"),
            category=unmappable.one(LandlordReportCategory, request.category, "category"),
            location_address=request.location_address,
            consent=unmappable.consent(request),
            subject=subject_from(request),
            unknown_values=unmappable.values,
        )
        logged = await self.answer(context, "LogReport", lambda: self.records.log_report(command))
        return pb.LogReportResponse(
            report_id=logged.report_id,
            acknowledgement=timing_message(logged.acknowledgement),
            risk_assessment=timing_message(logged.risk_assessment),
        )

    async def AcknowledgeReport(
        self, request: pb.AcknowledgeReportRequest, context: grpc.aio.ServicerContext
    ):
        command = AcknowledgeReport(
            request_id=request.request_id,
            case_reference=request.case_reference,
            report_id=request.report_id,
        )
        acknowledged = await self.answer(
            context, "AcknowledgeReport", lambda: self.records.acknowledge_report(command)
        )
        return pb.AcknowledgeReportResponse(
            acknowledgement=timing_message(acknowledged.acknowledgement)
        )

    async def ListOverdueReports(
        self, request: pb.ListOverdueReportsRequest, context: grpc.aio.ServicerContext
    ):
        query = ListOverdueReports(
            due_by=optional_moment(request, "due_by"),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        overdue, next_token = await self.answer(
            context, "ListOverdueReports", lambda: self.records.list_overdue_reports(query)
        )
        return pb.ListOverdueReportsResponse(
            overdue_reports=[
                pb.OverdueReport(
                    case_reference=item.case_reference,
                    report_id=item.report_id,
                    step=to_proto(item.step),
                    due_at=timestamp(item.due_at),
                    breach_recorded=item.breach_recorded,
                    case_officer=item.case_officer,
                )
                for item in overdue
            ],
            next_page_token=next_token,
        )

    async def RecordOverdueResponses(
        self, request: pb.RecordOverdueResponsesRequest, context: grpc.aio.ServicerContext
    ):
        recorded = await self.answer(
            context, "RecordOverdueResponses", self.records.record_overdue_responses
        )
        return pb.RecordOverdueResponsesResponse(breaches_recorded=recorded)

    # Case management

    async def AssignCaseOfficer(
        self, request: pb.AssignCaseOfficerRequest, context: grpc.aio.ServicerContext
    ):
        command = AssignCaseOfficer(
            request_id=request.request_id,
            case_reference=request.case_reference,
            officer_name=request.officer_name,
        )
        assigned = await self.answer(
            context, "AssignCaseOfficer", lambda: self.records.assign_case_officer(command)
        )
        return pb.AssignCaseOfficerResponse(assigned_at=timestamp(assigned.assigned_at))

    async def AgreeActionPlan(
        self, request: pb.AgreeActionPlanRequest, context: grpc.aio.ServicerContext
    ):
        command = AgreeActionPlan(
            request_id=request.request_id,
            case_reference=request.case_reference,
            summary=request.summary,
            review_due_at=optional_moment(request, "review_due_at", "review_by"),
        )
        agreed = await self.answer(
            context, "AgreeActionPlan", lambda: self.records.agree_action_plan(command)
        )
        return pb.AgreeActionPlanResponse(action_id=agreed.action_id, revised=agreed.revised)

    async def AgreeCommunicationAgreement(
        self, request: pb.AgreeCommunicationAgreementRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        agreement = None
        if request.HasField("agreement"):
            given = request.agreement
            agreement = CommunicationAgreement(
                contact_methods=unmappable.many(
                    LandlordContactMethod, given.contact_methods, "agreement.contact_methods"
                ),
                contact_interval_days=given.contact_interval_days,
                communication_needs=unmappable.many(
                    LandlordCommunicationNeed,
                    given.communication_needs,
                    "agreement.communication_needs",
                ),
                interpreter_language=given.interpreter_language,
                notes=given.notes,
                review_due_at=optional_moment(given, "review_due_at", "review_by", "agreement."),
            )
        command = AgreeCommunicationAgreement(
            request_id=request.request_id,
            case_reference=request.case_reference,
            agreement=agreement,
            unknown_values=unmappable.values,
        )
        agreed = await self.answer(
            context,
            "AgreeCommunicationAgreement",
            lambda: self.records.agree_communication_agreement(command),
        )
        return pb.AgreeCommunicationAgreementResponse(
            action_id=agreed.action_id, revised=agreed.revised
        )

    async def StartHousingAction(
        self, request: pb.StartHousingActionRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = StartHousingAction(
            request_id=request.request_id,
            case_reference=request.case_reference,
            action_type=unmappable.one(ActionType, request.type, "type"),
            description=request.description,
            due_at=optional_moment(request, "due_at", "due_by"),
            victim_agreed=request.victim_agreed,
            unknown_values=unmappable.values,
        )
        started = await self.answer(
            context, "StartHousingAction", lambda: self.records.start_housing_action(command)
        )
        return pb.StartHousingActionResponse(action_id=started.action_id)

    async def FinishHousingAction(
        self, request: pb.FinishHousingActionRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = FinishHousingAction(
            request_id=request.request_id,
            case_reference=request.case_reference,
            action_id=request.action_id,
            outcome=unmappable.one(LandlordActionOutcome, request.outcome, "outcome"),
            unknown_values=unmappable.values,
        )
        finished = await self.answer(
            context, "FinishHousingAction", lambda: self.records.finish_housing_action(command)
        )
        return pb.FinishHousingActionResponse(
            action_id=finished.action_id,
            outcome=to_proto(finished.outcome),
            finished_at=timestamp(finished.finished_at),
        )

    async def ReferForSupport(
        self, request: pb.ReferForSupportRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = ReferForSupport(
            request_id=request.request_id,
            case_reference=request.case_reference,
            to_agency=unmappable.one(AgencyKind, request.to_agency, "to_agency"),
            to_other=unmappable.one(ReferralSource, request.to_other, "to_other"),
            support_areas=unmappable.many(SupportArea, request.support_areas, "support_areas"),
            unknown_values=unmappable.values,
        )
        sent = await self.answer(
            context, "ReferForSupport", lambda: self.records.refer_for_support(command)
        )
        return pb.ReferForSupportResponse(referral_id=sent.referral_id)

    async def EndSupportReferral(
        self, request: pb.EndSupportReferralRequest, context: grpc.aio.ServicerContext
    ):
        command = EndSupportReferral(
            request_id=request.request_id,
            case_reference=request.case_reference,
            referral_id=request.referral_id,
        )
        ended = await self.answer(
            context, "EndSupportReferral", lambda: self.records.end_support_referral(command)
        )
        return pb.EndSupportReferralResponse(
            referral_id=ended.referral_id, ended_at=timestamp(ended.ended_at)
        )

    # Enforcement

    async def StartEnforcement(
        self, request: pb.StartEnforcementRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        given = request.perpetrator
        command = StartEnforcement(
            request_id=request.request_id,
            case_reference=request.case_reference,
            enforcement_type=unmappable.one(EnforcementType, request.type, "type"),
            perpetrator=Perpetrator(given.name, given.address, given.tenancy_reference)
            if request.HasField("perpetrator")
            else None,
            unknown_values=unmappable.values,
        )
        started = await self.answer(
            context, "StartEnforcement", lambda: self.records.start_enforcement(command)
        )
        return pb.StartEnforcementResponse(enforcement_id=started.enforcement_id)

    async def EscalateEnforcement(
        self, request: pb.EscalateEnforcementRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = EscalateEnforcement(
            request_id=request.request_id,
            case_reference=request.case_reference,
            enforcement_id=request.enforcement_id,
            enforcement_type=unmappable.one(EnforcementType, request.type, "type"),
            unknown_values=unmappable.values,
        )
        escalated = await self.answer(
            context, "EscalateEnforcement", lambda: self.records.escalate_enforcement(command)
        )
        return pb.EscalateEnforcementResponse(enforcement_id=escalated.enforcement_id)

    async def ConcludeEnforcement(
        self, request: pb.ConcludeEnforcementRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = ConcludeEnforcement(
            request_id=request.request_id,
            case_reference=request.case_reference,
            enforcement_id=request.enforcement_id,
            outcome=unmappable.one(EnforcementOutcome, request.outcome, "outcome"),
            unknown_values=unmappable.values,
        )
        concluded = await self.answer(
            context, "ConcludeEnforcement", lambda: self.records.conclude_enforcement(command)
        )
        return pb.ConcludeEnforcementResponse(
            enforcement_id=concluded.enforcement_id,
            outcome=to_proto(concluded.outcome),
            concluded_at=timestamp(concluded.concluded_at),
        )

    # Closure

    async def ReviewAndCloseCase(
        self, request: pb.ReviewAndCloseCaseRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = ReviewAndCloseCase(
            closure=CloseCase(
                request_id=request.request_id,
                case_reference=request.case_reference,
                outcome=unmappable.one(CaseOutcome, request.outcome, "outcome"),
                satisfaction=request.satisfaction,
            ),
            reviewed_with_victim=request.reviewed_with_victim,
            ongoing_support=unmappable.many(
                SupportArea, request.ongoing_support, "ongoing_support"
            ),
            follow_up_due_at=optional_moment(request, "follow_up_due_at", "follow_up_by"),
            learning=request.learning,
            unknown_values=unmappable.values,
        )
        closed = await self.answer(
            context, "ReviewAndCloseCase", lambda: self.records.review_and_close_case(command)
        )
        return closure_message(closed, pb.ReviewAndCloseCaseResponse)
