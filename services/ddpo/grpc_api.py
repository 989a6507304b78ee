"""The DDPO's own gRPC API (marac.v1.DdpoService), beside the kernel's."""

import logging

import grpc

from marac.v1 import ddpo_pb2 as pb
from marac.v1 import ddpo_pb2_grpc as pb_grpc
from services.common.contract import moment, timestamp, to_proto
from services.common.grpc_api import Unmappable, subject_from
from services.common.grpc_server import answer
from services.common.vocabulary import (
    ConsentChange,
    HateClassification,
    Perceiver,
    ReportSource,
    RiskLevel,
    Strand,
    SupportArea,
)
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.commands import (
    AccessArrangement,
    ChangeSupport,
    Interpreter,
    JoinWaitingList,
    LeaveWaitingList,
    RecordAccessNeeds,
    RecordAdvocacyTime,
    RecordPoliceWish,
    RecordReport,
    StartAdvocacy,
)
from services.ddpo.domain import DdpoCase
from services.ddpo.paging import ListWaitingList
from services.ddpo.vocabulary import (
    AccessNeed,
    DdpoIncidentCategory,
    InterpreterRelationship,
    PoliceInvolvement,
    PoliceReluctance,
    ReporterRelationship,
    WaitingListExit,
)


def access_arrangement(
    unmappable: Unmappable, message: pb.AccessArrangement, path: str
) -> AccessArrangement:
    interpreter = None
    if message.HasField("interpreter"):
        interpreter = Interpreter(
            relationship=unmappable.one(
                InterpreterRelationship,
                message.interpreter.relationship,
                f"{path}.interpreter.relationship",
            ),
            confirmed_adult=message.interpreter.confirmed_adult,
        )
    return AccessArrangement(
        need=unmappable.one(AccessNeed, message.need, f"{path}.need"),
        language=message.language,
        interpreter=interpreter,
    )


def access_arrangement_message(need: dict) -> pb.AccessArrangement:
    interpreter = need["interpreter"]
    return pb.AccessArrangement(
        need=to_proto(AccessNeed(need["need"])),
        language=need["language"],
        interpreter=None
        if interpreter is None
        else pb.Interpreter(
            relationship=to_proto(InterpreterRelationship(interpreter["relationship"])),
            confirmed_adult=interpreter["confirmed_adult"],
        ),
    )


def advocacy_message(case: DdpoCase) -> pb.GetAdvocacyResponse:
    return pb.GetAdvocacyResponse(
        case_reference=case.case_reference,
        anonymous=not case.named,
        reports=[
            pb.DdpoReport(
                incident_id=incident_id,
                source=to_proto(ReportSource(case.incidents[incident_id]["source"])),
                reporter_relationship=to_proto(ReporterRelationship(reporter)) if reporter else 0,
                category=to_proto(DdpoIncidentCategory(case.incidents[incident_id]["category"])),
            )
            for incident_id, reporter in case.reporters.items()
        ],
        police_involvement=to_proto(PoliceInvolvement(case.police_involvement))
        if case.police_involvement
        else 0,
        police_reluctance=[to_proto(PoliceReluctance(r)) for r in case.police_reluctance],
        access_needs=[access_arrangement_message(n) for n in case.access_needs],
        open_support=[to_proto(SupportArea(a)) for a in case.open_support],
        status=to_proto(case.advocacy_status),
        waiting_since=timestamp(case.waiting_since) if case.waiting_since else None,
        advocacy_started_at=timestamp(case.advocacy_started_at)
        if case.advocacy_started_at
        else None,
        advocacy_minutes=case.advocacy_minutes,
    )


class DdpoServicer(pb_grpc.DdpoServiceServicer):
    def __init__(self, records: DdpoCaseRecords, logger: logging.Logger) -> None:
        self.records = records
        self.logger = logger

    async def RecordReport(self, request: pb.RecordReportRequest, context):
        unmappable = Unmappable()
        command = RecordReport(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject_from(request),
            consent=unmappable.consent(request.consent, "consent")
            if request.HasField("consent")
            else None,
            source=unmappable.one(ReportSource, request.source, "source"),
            reporter=unmappable.one(
                ReporterRelationship, request.reporter_relationship, "reporter_relationship"
            ),
            police_involvement=unmappable.one(
                PoliceInvolvement, request.police_involvement, "police_involvement"
            ),
            police_reluctance=unmappable.many(
                PoliceReluctance, request.police_reluctance, "police_reluctance"
            ),
            category=unmappable.one(DdpoIncidentCategory, request.category, "category"),
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
        accepted = await answer(
            context, lambda: self.records.record_report(command), self.logger, "RecordReport"
        )
        return pb.RecordReportResponse(
            incident_id=accepted.incident_id, subject_key=accepted.subject_key
        )

    async def RecordPoliceWish(self, request: pb.RecordPoliceWishRequest, context):
        unmappable = Unmappable()
        command = RecordPoliceWish(
            request_id=request.request_id,
            case_reference=request.case_reference,
            police_involvement=unmappable.one(
                PoliceInvolvement, request.police_involvement, "police_involvement"
            ),
            police_reluctance=unmappable.many(
                PoliceReluctance, request.police_reluctance, "police_reluctance"
            ),
            unknown_values=tuple(unmappable.found),
        )
        change = await answer(
            context,
            lambda: self.records.record_police_wish(command),
            self.logger,
            "RecordPoliceWish",
        )
        return pb.RecordPoliceWishResponse(
            consent_change=to_proto(ConsentChange(change)) if change else 0
        )

    async def RecordAccessNeeds(self, request: pb.RecordAccessNeedsRequest, context):
        unmappable = Unmappable()
        arrangements = tuple(
            access_arrangement(unmappable, message, f"access_needs[{index}]")
            for index, message in enumerate(request.access_needs)
        )
        command = RecordAccessNeeds(
            request_id=request.request_id,
            case_reference=request.case_reference,
            access_needs=arrangements,
            unknown_values=tuple(unmappable.found),
        )
        await answer(
            context,
            lambda: self.records.record_access_needs(command),
            self.logger,
            "RecordAccessNeeds",
        )
        return pb.RecordAccessNeedsResponse()

    async def ChangeSupport(self, request: pb.ChangeSupportRequest, context):
        unmappable = Unmappable()
        command = ChangeSupport(
            request_id=request.request_id,
            case_reference=request.case_reference,
            area=unmappable.one(SupportArea, request.area, "area"),
            open=request.open,
            unknown_values=tuple(unmappable.found),
        )
        await answer(
            context, lambda: self.records.change_support(command), self.logger, "ChangeSupport"
        )
        return pb.ChangeSupportResponse()

    async def RecordAdvocacyTime(self, request: pb.RecordAdvocacyTimeRequest, context):
        unmappable = Unmappable()
        command = RecordAdvocacyTime(
            request_id=request.request_id,
            case_reference=request.case_reference,
            worked_on=request.worked_on,
            minutes=request.minutes,
            area=unmappable.one(SupportArea, request.area, "area"),
            unknown_values=tuple(unmappable.found),
        )
        total = await answer(
            context,
            lambda: self.records.record_advocacy_time(command),
            self.logger,
            "RecordAdvocacyTime",
        )
        return pb.RecordAdvocacyTimeResponse(total_minutes=total)

    async def JoinWaitingList(self, request: pb.JoinWaitingListRequest, context):
        command = JoinWaitingList(
            request_id=request.request_id, case_reference=request.case_reference
        )
        joined = await answer(
            context,
            lambda: self.records.join_waiting_list(command),
            self.logger,
            "JoinWaitingList",
        )
        return pb.JoinWaitingListResponse(
            joined_at=timestamp(joined.joined_at) if joined.joined_at else None,
            place=joined.place,
        )

    async def LeaveWaitingList(self, request: pb.LeaveWaitingListRequest, context):
        unmappable = Unmappable()
        command = LeaveWaitingList(
            request_id=request.request_id,
            case_reference=request.case_reference,
            reason=unmappable.one(WaitingListExit, request.reason, "reason"),
            unknown_values=tuple(unmappable.found),
        )
        await answer(
            context,
            lambda: self.records.leave_waiting_list(command),
            self.logger,
            "LeaveWaitingList",
        )
        return pb.LeaveWaitingListResponse()

    async def StartAdvocacy(self, request: pb.StartAdvocacyRequest, context):
        command = StartAdvocacy(
            request_id=request.request_id, case_reference=request.case_reference
        )
        await answer(
            context, lambda: self.records.start_advocacy(command), self.logger, "StartAdvocacy"
        )
        return pb.StartAdvocacyResponse()

    async def ListWaitingList(self, request: pb.ListWaitingListRequest, context):
        query = ListWaitingList(page_size=request.page_size, page_token=request.page_token)
        page = await answer(
            context, lambda: self.records.waiting_list(query), self.logger, "ListWaitingList"
        )
        return pb.ListWaitingListResponse(
            entries=[
                pb.WaitingListEntry(
                    case_reference=entry.case_reference,
                    joined_at=timestamp(entry.joined_at),
                    place=entry.place,
                    risk_level=to_proto(RiskLevel(entry.risk_level)) if entry.risk_level else 0,
                    access_needs=[to_proto(AccessNeed(n)) for n in entry.access_needs],
                )
                for entry in page.entries
            ],
            total_waiting=page.total_waiting,
            next_page_token=page.next_page_token,
        )

    async def GetAdvocacy(self, request: pb.GetAdvocacyRequest, context):
        case = await answer(
            context,
            lambda: self.records.get_case(request.case_reference),
            self.logger,
            "GetAdvocacy",
        )
        assert isinstance(case, DdpoCase)
        return advocacy_message(case)


def register_ddpo_api(server: grpc.aio.Server, records, logger: logging.Logger) -> list[str]:
    pb_grpc.add_DdpoServiceServicer_to_server(DdpoServicer(records, logger), server)
    return [pb.DESCRIPTOR.services_by_name["DdpoService"].full_name]
