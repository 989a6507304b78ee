"""marac.v1.VictimSupportService: the entrypoint a victim support case tool calls."""

import grpc

from marac.v1 import victim_support_pb2 as pb
from marac.v1 import victim_support_pb2_grpc as pb_grpc
from services.common.contract import timestamp, to_proto
from services.common.grpc_errors import Fields
from services.common.grpc_requests import Servicer, Unmappable, optional_moment, subject_from
from services.common.vocabulary import AgencyKind, ReferralSource, RiskLevel, SupportArea
from services.victim_support.commands import (
    AgreeSupportPlan,
    AssessNeeds,
    EndSupportPlan,
    ListSupportContacts,
    ReceiveReferral,
    RecordSupportContact,
)
from services.victim_support.domain import VictimSupportCase
from services.victim_support.vocabulary import SupportContactMethod

Context = grpc.aio.ServicerContext


class VictimSupportServicer(Servicer, pb_grpc.VictimSupportServiceServicer):
    async def ReceiveReferral(self, request: pb.ReceiveReferralRequest, context: Context):
        unmappable = Unmappable()
        referrer = request.WhichOneof("referrer")
        command = ReceiveReferral(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject_from(request),
            consent=unmappable.consent(request),
            referring_agency=unmappable.one(
                AgencyKind, request.referring_agency, "referring_agency"
            )
            if referrer == "referring_agency"
            else None,
            other_source=unmappable.one(ReferralSource, request.other_source, "other_source")
            if referrer == "other_source"
            else None,
            received_at=optional_moment(request, "received_at"),
            unknown_values=unmappable.values,
        )
        opened = await self.answer(
            context, "ReceiveReferral", lambda: self.records.receive_referral(command)
        )
        return pb.ReceiveReferralResponse(case_reference=opened.case_reference)

    async def AssessNeeds(self, request: pb.AssessNeedsRequest, context: Context):
        unmappable = Unmappable()
        command = AssessNeeds(
            request_id=request.request_id,
            case_reference=request.case_reference,
            needs=unmappable.many(SupportArea, request.needs, "needs"),
            risk_level=unmappable.one(RiskLevel, request.risk_level, "risk_level"),
            unknown_values=unmappable.values,
        )
        assessed = await self.answer(
            context, "AssessNeeds", lambda: self.records.assess_needs(command)
        )
        return pb.AssessNeedsResponse(
            needs=[to_proto(n) for n in assessed.needs],
            risk_level=to_proto(assessed.risk_level),
            assessed_at=timestamp(assessed.assessed_at),
        )

    async def AgreeSupportPlan(self, request: pb.AgreeSupportPlanRequest, context: Context):
        unmappable = Unmappable()
        command = AgreeSupportPlan(
            request_id=request.request_id,
            case_reference=request.case_reference,
            areas=unmappable.many(SupportArea, request.areas, "areas"),
            review_due_at=optional_moment(request, "review_due_at"),
            unknown_values=unmappable.values,
        )
        agreed = await self.answer(
            context, "AgreeSupportPlan", lambda: self.records.agree_support_plan(command)
        )
        return pb.AgreeSupportPlanResponse(plan_id=agreed.plan_id)

    async def EndSupportPlan(self, request: pb.EndSupportPlanRequest, context: Context):
        command = EndSupportPlan(request.request_id, request.case_reference)
        ended = await self.answer(
            context, "EndSupportPlan", lambda: self.records.end_support_plan(command)
        )
        return pb.EndSupportPlanResponse(plan_id=ended.plan_id, ended_at=timestamp(ended.ended_at))

    async def RecordSupportContact(self, request: pb.RecordSupportContactRequest, context: Context):
        unmappable = Unmappable()
        command = RecordSupportContact(
            request_id=request.request_id,
            case_reference=request.case_reference,
            contacted_at=optional_moment(request, "contacted_at"),
            method=unmappable.one(SupportContactMethod, request.method, "method"),
            notes=request.notes,
            unknown_values=unmappable.values,
        )
        recorded = await self.answer(
            context, "RecordSupportContact", lambda: self.records.record_contact(command)
        )
        return pb.RecordSupportContactResponse(contact_id=recorded.contact_id)

    async def ListSupportContacts(self, request: pb.ListSupportContactsRequest, context: Context):
        query = ListSupportContacts(request.case_reference, request.page_size, request.page_token)
        found = await self.answer(
            context, "ListSupportContacts", lambda: self.records.list_contacts(query)
        )
        return pb.ListSupportContactsResponse(
            contacts=[
                pb.SupportContact(
                    contact_id=c.contact_id,
                    contacted_at=timestamp(c.contacted_at),
                    method=to_proto(c.method),
                    notes=c.notes,
                )
                for c in found.contacts
            ],
            next_page_token=found.next_page_token,
        )

    async def GetSupportCase(self, request: pb.GetSupportCaseRequest, context: Context):
        case = await self.answer(
            context,
            "GetSupportCase",
            lambda: self.records.get_case(request.case_reference),
        )
        return support_case_message(case)


def support_case_message(case: VictimSupportCase) -> pb.GetSupportCaseResponse:
    message = pb.GetSupportCaseResponse(
        case_reference=case.case_reference,
        needs=[to_proto(n) for n in case.needs],
        contact_count=len(case.contacts),
    )
    if case.referral is not None:
        message.referral.received_at.CopyFrom(timestamp(case.referral.received_at))
        if case.referral.referring_agency:
            message.referral.referring_agency = to_proto(case.referral.referring_agency)
        else:
            message.referral.other_source = to_proto(case.referral.other_source)
    if case.plan is not None:
        message.plan.plan_id = case.plan.plan_id
        message.plan.areas.extend(to_proto(a) for a in case.plan.areas)
        message.plan.open = case.plan.open
        if case.plan.review_due_at is not None:
            message.plan.review_due_at.CopyFrom(timestamp(case.plan.review_due_at))
    return message


def register_api(server: grpc.aio.Server, records, logger, fields: Fields) -> list[str]:
    pb_grpc.add_VictimSupportServiceServicer_to_server(
        VictimSupportServicer(records, logger, fields), server
    )
    return [pb.DESCRIPTOR.services_by_name["VictimSupportService"].full_name]
