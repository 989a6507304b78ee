"""marac.v1.VictimSupportService: the entrypoint a victim support case tool calls."""

import logging

import grpc

from marac.v1 import victim_support_pb2 as pb
from marac.v1 import victim_support_pb2_grpc as pb_grpc
from services.common.contract import moment, timestamp, to_proto
from services.common.grpc_api import Unmappable, subject_from
from services.common.grpc_server import answer
from services.common.vocabulary import AgencyKind, ReferralSource, RiskLevel, SupportArea
from services.victim_support.application import VictimSupportCaseRecords
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


def optional_moment(request, name: str):
    return moment(getattr(request, name)) if request.HasField(name) else None


class VictimSupportServicer(pb_grpc.VictimSupportServiceServicer):
    def __init__(self, records: VictimSupportCaseRecords, logger: logging.Logger) -> None:
        self.records = records
        self.logger = logger

    async def ReceiveReferral(
        self, request: pb.ReceiveReferralRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        referrer = request.WhichOneof("referrer")
        command = ReceiveReferral(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject_from(request),
            consent=unmappable.consent(request.consent, "consent")
            if request.HasField("consent")
            else None,
            referring_agency=unmappable.one(
                AgencyKind, request.referring_agency, "referring_agency"
            )
            if referrer == "referring_agency"
            else None,
            other_source=unmappable.one(ReferralSource, request.other_source, "other_source")
            if referrer == "other_source"
            else None,
            received_at=optional_moment(request, "received_at"),
            unknown_values=tuple(unmappable.found),
        )
        key = await answer(
            context, lambda: self.records.receive_referral(command), self.logger, "ReceiveReferral"
        )
        return pb.ReceiveReferralResponse(case_reference=request.case_reference, subject_key=key)

    async def AssessNeeds(self, request: pb.AssessNeedsRequest, context: grpc.aio.ServicerContext):
        unmappable = Unmappable()
        command = AssessNeeds(
            request_id=request.request_id,
            case_reference=request.case_reference,
            needs=unmappable.many(SupportArea, request.needs, "needs"),
            risk_level=unmappable.one(RiskLevel, request.risk_level, "risk_level"),
            unknown_values=tuple(unmappable.found),
        )
        await answer(
            context, lambda: self.records.assess_needs(command), self.logger, "AssessNeeds"
        )
        return pb.AssessNeedsResponse()

    async def AgreeSupportPlan(
        self, request: pb.AgreeSupportPlanRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = AgreeSupportPlan(
            request_id=request.request_id,
            case_reference=request.case_reference,
            areas=unmappable.many(SupportArea, request.areas, "areas"),
            review_due_at=optional_moment(request, "review_due_at"),
            unknown_values=tuple(unmappable.found),
        )
        plan_id = await answer(
            context,
            lambda: self.records.agree_support_plan(command),
            self.logger,
            "AgreeSupportPlan",
        )
        return pb.AgreeSupportPlanResponse(plan_id=plan_id)

    async def EndSupportPlan(
        self, request: pb.EndSupportPlanRequest, context: grpc.aio.ServicerContext
    ):
        command = EndSupportPlan(request.request_id, request.case_reference)
        await answer(
            context, lambda: self.records.end_support_plan(command), self.logger, "EndSupportPlan"
        )
        return pb.EndSupportPlanResponse()

    async def RecordSupportContact(
        self, request: pb.RecordSupportContactRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = RecordSupportContact(
            request_id=request.request_id,
            case_reference=request.case_reference,
            contacted_at=optional_moment(request, "contacted_at"),
            method=unmappable.one(SupportContactMethod, request.method, "method"),
            notes=request.notes,
            unknown_values=tuple(unmappable.found),
        )
        contact_id = await answer(
            context,
            lambda: self.records.record_contact(command),
            self.logger,
            "RecordSupportContact",
        )
        return pb.RecordSupportContactResponse(contact_id=contact_id)

    async def ListSupportContacts(
        self, request: pb.ListSupportContactsRequest, context: grpc.aio.ServicerContext
    ):
        query = ListSupportContacts(request.case_reference, request.page_size, request.page_token)
        found = await answer(
            context, lambda: self.records.list_contacts(query), self.logger, "ListSupportContacts"
        )
        return pb.ListSupportContactsResponse(
            contacts=[
                pb.SupportContact(
                    contact_id=c["contact_id"],
                    contacted_at=timestamp(c["contacted_at"]),
                    method=to_proto(SupportContactMethod(c["method"])),
                    notes=c["notes"],
                )
                for c in found.contacts
            ],
            next_page_token=found.next_page_token,
        )

    async def GetSupportCase(
        self, request: pb.GetSupportCaseRequest, context: grpc.aio.ServicerContext
    ):
        case = await answer(
            context,
            lambda: self.records.get_support_case(request.case_reference),
            self.logger,
            "GetSupportCase",
        )
        return support_case_message(case)


def support_case_message(case: VictimSupportCase) -> pb.GetSupportCaseResponse:
    message = pb.GetSupportCaseResponse(
        case_reference=case.case_reference,
        needs=[to_proto(SupportArea(n)) for n in case.needs],
        contact_count=len(case.contacts),
    )
    if case.referral is not None:
        message.referral.received_at.CopyFrom(timestamp(case.referral["received_at"]))
        if case.referral["referring_agency"]:
            message.referral.referring_agency = to_proto(
                AgencyKind(case.referral["referring_agency"])
            )
        else:
            message.referral.other_source = to_proto(ReferralSource(case.referral["other_source"]))
    if case.plan is not None:
        message.plan.plan_id = case.plan["plan_id"]
        message.plan.areas.extend(to_proto(SupportArea(a)) for a in case.plan["areas"])
        message.plan.open = case.plan["open"]
        if case.plan["review_due_at"] is not None:
            message.plan.review_due_at.CopyFrom(timestamp(case.plan["review_due_at"]))
    return message


def register_api(
    server: grpc.aio.Server, records: VictimSupportCaseRecords, logger: logging.Logger
) -> list[str]:
    pb_grpc.add_VictimSupportServiceServicer_to_server(
        VictimSupportServicer(records, logger), server
    )
    return [pb.DESCRIPTOR.services_by_name["VictimSupportService"].full_name]
