"""The case kernel's gRPC API (marac.v1.AgencyCaseService), served by every agency."""

import logging

import grpc

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from services.common.application import CaseRecords
from services.common.commands import AssessRisk, OpenCase, RecordIncident, Subject
from services.common.contract import from_proto, moment, timestamp, to_proto
from services.common.grpc_server import answer
from services.common.vocabulary import HateClassification, Perceiver, RiskLevel, Strand


class Unmappable:
    """Collects enum values a request gives that the contract does not define."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def one(self, domain, number: int, path: str):
        try:
            return from_proto(domain, number)
        except ValueError:
            self.found.append((path, f"is not a known {domain.__name__}"))
            return None

    def many(self, domain, numbers, path: str) -> tuple:
        members = []
        for index, number in enumerate(numbers):
            member = self.one(domain, number, f"{path}[{index}]")
            if member is None and number == 0:
                self.found.append((f"{path}[{index}]", "must not be unspecified"))
            elif member is not None:
                members.append(member)
        return tuple(members)


class AgencyCaseServicer(pb_grpc.AgencyCaseServiceServicer):
    def __init__(self, records: CaseRecords, logger: logging.Logger) -> None:
        self.records = records
        self.logger = logger

    async def OpenCase(self, request: pb.OpenCaseRequest, context: grpc.aio.ServicerContext):
        subject = request.subject if request.HasField("subject") else None
        command = OpenCase(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject
            and Subject(
                given_name=subject.given_name,
                family_name=subject.family_name,
                date_of_birth=subject.date_of_birth,
                postcode=subject.postcode,
            ),
        )
        key = await answer(
            context, lambda: self.records.open_case(command), self.logger, "OpenCase"
        )
        return pb.OpenCaseResponse(case_reference=request.case_reference, subject_key=key)

    async def RecordIncident(
        self, request: pb.RecordIncidentRequest, context: grpc.aio.ServicerContext
    ):
        unmappable = Unmappable()
        command = RecordIncident(
            request_id=request.request_id,
            case_reference=request.case_reference,
            occurred_at=moment(request.occurred_at) if request.HasField("occurred_at") else None,
            strands=unmappable.many(Strand, request.strands, "strands"),
            classification=unmappable.one(
                HateClassification, request.classification, "classification"
            ),
            perceived_by=unmappable.many(Perceiver, request.perceived_by, "perceived_by"),
            location_postcode=request.location_postcode,
            narrative=request.narrative,
            unknown_values=tuple(unmappable.found),
        )
        incident_id = await answer(
            context, lambda: self.records.record_incident(command), self.logger, "RecordIncident"
        )
        return pb.RecordIncidentResponse(incident_id=incident_id)

    async def AssessRisk(self, request: pb.AssessRiskRequest, context: grpc.aio.ServicerContext):
        unmappable = Unmappable()
        command = AssessRisk(
            request_id=request.request_id,
            case_reference=request.case_reference,
            level=unmappable.one(RiskLevel, request.level, "level"),
            tool=request.tool,
            unknown_values=tuple(unmappable.found),
        )
        await answer(context, lambda: self.records.assess_risk(command), self.logger, "AssessRisk")
        return pb.AssessRiskResponse()

    async def GetCase(self, request: pb.GetCaseRequest, context: grpc.aio.ServicerContext):
        case = await answer(
            context, lambda: self.records.get_case(request.case_reference), self.logger, "GetCase"
        )
        return pb.GetCaseResponse(
            case_reference=case.case_reference,
            subject_key=case.subject_key,
            subject=pb.SubjectIdentity(**case.subject) if case.subject else None,
            incidents=[
                pb.Incident(
                    incident_id=incident_id,
                    occurred_at=timestamp(incident["occurred_at"]),
                    strands=[to_proto(Strand(s)) for s in incident["strands"]],
                    classification=to_proto(HateClassification(incident["classification"])),
                    perceived_by=[to_proto(Perceiver(p)) for p in incident["perceived_by"]],
                    location_postcode=incident["location_postcode"],
                    narrative=incident["narrative"],
                )
                for incident_id, incident in case.incidents.items()
            ],
            risk_level=to_proto(RiskLevel(case.risk_level)) if case.risk_level else 0,
            risk_tool=case.risk_tool or "",
        )
