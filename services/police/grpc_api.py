"""marac.v1.PoliceService: the entrypoint a police records system calls."""

import grpc

from marac.v1 import police_pb2 as pb
from marac.v1 import police_pb2_grpc as pb_grpc
from services.common.contract import timestamp, to_proto
from services.common.grpc_errors import Fields
from services.common.grpc_requests import (
    Servicer,
    Unmappable,
    enum_or_zero,
    optional_moment,
    subject_from,
)
from services.common.vocabulary import Perceiver, ReportSource, Strand
from services.police.application import CrimeRecord
from services.police.commands import ListCrimes, RecordCrime, RecordInvestigationOutcome
from services.police.domain import NoInvestigation
from services.police.vocabulary import InvestigationOutcome, OffenceCategory, PoliceRecordType

Context = grpc.aio.ServicerContext
# The request field each of the police's rules is about.
FIELDS: Fields = {NoInvestigation: "crime_reference"}


class PoliceServicer(Servicer, pb_grpc.PoliceServiceServicer):
    async def RecordCrime(self, request: pb.RecordCrimeRequest, context: Context):
        unmappable = Unmappable()
        command = RecordCrime(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject_from(request),
            consent=unmappable.consent(request),
            crime_reference=request.crime_reference,
            record_type=unmappable.one(PoliceRecordType, request.record_type, "record_type"),
            offence=unmappable.one(OffenceCategory, request.offence, "offence"),
            source=unmappable.one(ReportSource, request.source, "source"),
            occurred_at=optional_moment(request, "occurred_at"),
            hate_flag=request.hate_flag,
            strands=unmappable.many(Strand, request.strands, "strands"),
            perceived_by=unmappable.many(Perceiver, request.perceived_by, "perceived_by"),
            location_postcode=request.location_postcode,
            narrative=request.narrative,
            unknown_values=unmappable.values,
        )
        recorded = await self.answer(
            context, "RecordCrime", lambda: self.records.record_crime(command)
        )
        return pb.RecordCrimeResponse(incident_id=recorded.incident_id)

    async def RecordInvestigationOutcome(
        self, request: pb.RecordInvestigationOutcomeRequest, context: Context
    ):
        unmappable = Unmappable()
        command = RecordInvestigationOutcome(
            request_id=request.request_id,
            case_reference=request.case_reference,
            crime_reference=request.crime_reference,
            outcome=unmappable.one(InvestigationOutcome, request.outcome, "outcome"),
            unknown_values=unmappable.values,
        )
        recorded = await self.answer(
            context,
            "RecordInvestigationOutcome",
            lambda: self.records.record_investigation_outcome(command),
        )
        return pb.RecordInvestigationOutcomeResponse(
            incident_id=recorded.incident_id, outcome=to_proto(recorded.outcome)
        )

    async def ListCrimes(self, request: pb.ListCrimesRequest, context: Context):
        query = ListCrimes(request.case_reference, request.page_size, request.page_token)
        found = await self.answer(context, "ListCrimes", lambda: self.records.list_crimes(query))
        return pb.ListCrimesResponse(
            crimes=[crime_message(c) for c in found.crimes],
            next_page_token=found.next_page_token,
        )


def crime_message(record: CrimeRecord) -> pb.Crime:
    crime, incident = record.crime, record.incident
    return pb.Crime(
        incident_id=record.incident_id,
        crime_reference=crime.crime_reference,
        record_type=to_proto(crime.record_type),
        offence=enum_or_zero(crime.offence),
        source=to_proto(incident.source),
        occurred_at=timestamp(incident.occurred_at),
        hate_flag=crime.hate_flag,
        strands=[to_proto(s) for s in incident.strands],
        perceived_by=[to_proto(p) for p in incident.perceived_by],
        location_postcode=incident.location_postcode,
        narrative=incident.narrative,
        outcome=enum_or_zero(crime.outcome),
    )


def register_api(server: grpc.aio.Server, records, logger, fields: Fields) -> list[str]:
    pb_grpc.add_PoliceServiceServicer_to_server(PoliceServicer(records, logger, fields), server)
    return [pb.DESCRIPTOR.services_by_name["PoliceService"].full_name]
