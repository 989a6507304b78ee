"""marac.v1.PoliceService: the entrypoint a police records system calls."""

import logging

import grpc

from marac.v1 import police_pb2 as pb
from marac.v1 import police_pb2_grpc as pb_grpc
from services.common.contract import moment, timestamp, to_proto
from services.common.grpc_api import Unmappable, subject_from
from services.common.grpc_server import answer
from services.common.vocabulary import Perceiver, ReportSource, Strand
from services.police.application import PoliceCaseRecords
from services.police.commands import ListCrimes, RecordCrime, RecordInvestigationOutcome
from services.police.vocabulary import InvestigationOutcome, OffenceCategory, PoliceRecordType


class PoliceServicer(pb_grpc.PoliceServiceServicer):
    def __init__(self, records: PoliceCaseRecords, logger: logging.Logger) -> None:
        self.records = records
        self.logger = logger

    async def RecordCrime(self, request: pb.RecordCrimeRequest, context: grpc.aio.ServicerContext):
        unmappable = Unmappable()
        command = RecordCrime(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject_from(request),
            consent=unmappable.consent(request.consent, "consent")
            if request.HasField("consent")
            else None,
            crime_reference=request.crime_reference,
            record_type=unmappable.one(PoliceRecordType, request.record_type, "record_type"),
            offence=unmappable.one(OffenceCategory, request.offence, "offence"),
            source=unmappable.one(ReportSource, request.source, "source"),
            occurred_at=moment(request.occurred_at) if request.HasField("occurred_at") else None,
            hate_flag=request.hate_flag,
            strands=unmappable.many(Strand, request.strands, "strands"),
            perceived_by=unmappable.many(Perceiver, request.perceived_by, "perceived_by"),
            location_postcode=request.location_postcode,
            narrative=request.narrative,
            unknown_values=tuple(unmappable.found),
        )
        recorded = await answer(
            context, lambda: self.records.record_crime(command), self.logger, "RecordCrime"
        )
        return pb.RecordCrimeResponse(
            incident_id=recorded.incident_id, subject_key=recorded.subject_key
        )

    async def RecordInvestigationOutcome(
        self, request: pb.RecordInvestigationOutcomeRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = RecordInvestigationOutcome(
            request_id=request.request_id,
            case_reference=request.case_reference,
            crime_reference=request.crime_reference,
            outcome=unmappable.one(InvestigationOutcome, request.outcome, "outcome"),
            unknown_values=tuple(unmappable.found),
        )
        await answer(
            context,
            lambda: self.records.record_investigation_outcome(command),
            self.logger,
            "RecordInvestigationOutcome",
        )
        return pb.RecordInvestigationOutcomeResponse()

    async def ListCrimes(self, request: pb.ListCrimesRequest, context: grpc.aio.ServicerContext):
        query = ListCrimes(request.case_reference, request.page_size, request.page_token)
        found = await answer(
            context, lambda: self.records.list_crimes(query), self.logger, "ListCrimes"
        )
        return pb.ListCrimesResponse(
            crimes=[crime_message(c) for c in found.crimes],
            next_page_token=found.next_page_token,
        )


def crime_message(crime: dict) -> pb.Crime:
    return pb.Crime(
        incident_id=crime["incident_id"],
        crime_reference=crime["crime_reference"],
        record_type=to_proto(PoliceRecordType(crime["record_type"])),
        offence=to_proto(OffenceCategory(crime["offence"])) if crime["offence"] else 0,
        source=to_proto(ReportSource(crime["source"])),
        occurred_at=timestamp(crime["occurred_at"]),
        hate_flag=crime["hate_flag"],
        strands=[to_proto(Strand(s)) for s in crime["strands"]],
        perceived_by=[to_proto(Perceiver(p)) for p in crime["perceived_by"]],
        location_postcode=crime["location_postcode"],
        narrative=crime["narrative"],
        outcome=to_proto(InvestigationOutcome(crime["outcome"])) if crime["outcome"] else 0,
    )


def register_api(
    server: grpc.aio.Server, records: PoliceCaseRecords, logger: logging.Logger
) -> list[str]:
    pb_grpc.add_PoliceServiceServicer_to_server(PoliceServicer(records, logger), server)
    return [pb.DESCRIPTOR.services_by_name["PoliceService"].full_name]
