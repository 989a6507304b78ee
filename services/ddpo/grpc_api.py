"""The DDPO's own gRPC API (marac.v1.DdpoService), beside the kernel's."""

import grpc

from marac.v1 import ddpo_pb2 as pb
from marac.v1 import ddpo_pb2_grpc as pb_grpc
from services.common.contract import timestamp, to_proto
from services.common.grpc_errors import Fields
from services.common.grpc_requests import (
    Servicer,
    Unmappable,
    bounded,
    enum_or_zero,
    optional_moment,
    optional_timestamp,
    subject_from,
)
from services.common.vocabulary import (
    HateClassification,
    Perceiver,
    ReportSource,
    Strand,
    SupportArea,
)
from services.ddpo.application import ReportRecord, reports_of
from services.ddpo.commands import (
    AccessArrangement,
    ChangeSupport,
    Interpreter,
    JoinWaitingList,
    LeaveWaitingList,
    ListDdpoReports,
    ListWaitingList,
    RecordAccessNeeds,
    RecordAdvocacyTime,
    RecordPoliceWish,
    RecordReport,
    StartAdvocacy,
)
from services.ddpo.domain import (
    DdpoCase,
    PoliceConsentedAgainstWish,
    PoliceRefusedAgainstWish,
    UnnamedCaseTakesNoName,
    VictimReportNeedsNamedCase,
    VictimReportOpensNamedCase,
    WishRequired,
)
from services.ddpo.vocabulary import (
    AccessNeed,
    DdpoIncidentCategory,
    InterpreterRelationship,
    PoliceInvolvement,
    PoliceReluctance,
    ReporterRelationship,
    WaitingListExit,
)

# The request field each of the DDPO's rules is about.
FIELDS: Fields = {
    PoliceConsentedAgainstWish: "{consent}scopes[{index}].recipient",
    PoliceRefusedAgainstWish: "{consent}refused_recipients[{index}]",
    WishRequired: "police_involvement",
    VictimReportOpensNamedCase: "subject",
    VictimReportNeedsNamedCase: "source",
    UnnamedCaseTakesNoName: "subject",
}


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


def report_message(report: ReportRecord) -> pb.DdpoReport:
    return pb.DdpoReport(
        incident_id=report.incident_id,
        source=to_proto(report.source),
        reporter_relationship=enum_or_zero(report.reporter),
        category=to_proto(DdpoIncidentCategory(report.category)),
    )


def advocacy_message(case: DdpoCase) -> pb.GetAdvocacyResponse:
    # The first page of the reports; ListDdpoReports gives the rest.
    reports, more_reports = ListDdpoReports(case.case_reference).first(reports_of(case))
    return pb.GetAdvocacyResponse(
        case_reference=case.case_reference,
        anonymous=not case.named,
        reports=[report_message(r) for r in reports],
        reports_next_page_token=more_reports,
        police_involvement=enum_or_zero(case.police_involvement),
        police_reluctance=[to_proto(r) for r in case.police_reluctance],
        access_needs=[access_arrangement_message(n) for n in case.access_needs],
        open_support=[to_proto(a) for a in case.open_support],
        status=to_proto(case.advocacy_status),
        waiting_since=optional_timestamp(case.waiting_since),
        joined_waiting_list_at=optional_timestamp(case.waiting_since),
        advocacy_started_at=timestamp(case.advocacy_started_at)
        if case.advocacy_started_at
        else None,
        advocacy_minutes=case.advocacy_minutes,
    )


class DdpoServicer(Servicer, pb_grpc.DdpoServiceServicer):
    async def RecordReport(self, request: pb.RecordReportRequest, context):
        unmappable = Unmappable()
        command = RecordReport(
            request_id=request.request_id,
            case_reference=request.case_reference,
            subject=subject_from(request),
            consent=unmappable.consent(request),
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
            occurred_at=optional_moment(request, "occurred_at"),
            strands=unmappable.many(Strand, request.strands, "strands"),
            classification=unmappable.one(
                HateClassification, request.classification, "classification"
            ),
            perceived_by=unmappable.many(Perceiver, request.perceived_by, "perceived_by"),
            location_postcode=request.location_postcode,
            narrative=request.narrative,
            unknown_values=unmappable.values,
        )
        accepted = await self.answer(
            context, "RecordReport", lambda: self.records.record_report(command)
        )
        return pb.RecordReportResponse(incident_id=accepted.incident_id)

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
            unknown_values=unmappable.values,
        )
        change = await self.answer(
            context, "RecordPoliceWish", lambda: self.records.record_police_wish(command)
        )
        return pb.RecordPoliceWishResponse(consent_change=enum_or_zero(change.consent_change))

    async def RecordAccessNeeds(self, request: pb.RecordAccessNeedsRequest, context):
        unmappable = Unmappable()
        arrangements = tuple(
            access_arrangement(unmappable, message, f"access_needs[{index}]")
            for index, message in enumerate(bounded(request.access_needs))
        )
        command = RecordAccessNeeds(
            request_id=request.request_id,
            case_reference=request.case_reference,
            access_needs=arrangements,
            unknown_values=unmappable.values,
        )
        recorded = await self.answer(
            context, "RecordAccessNeeds", lambda: self.records.record_access_needs(command)
        )
        return pb.RecordAccessNeedsResponse(
            access_needs=[access_arrangement_message(n) for n in recorded.access_needs]
        )

    async def ChangeSupport(self, request: pb.ChangeSupportRequest, context):
        unmappable = Unmappable()
        command = ChangeSupport(
            request_id=request.request_id,
            case_reference=request.case_reference,
            area=unmappable.one(SupportArea, request.area, "area"),
            open=request.open,
            unknown_values=unmappable.values,
        )
        support = await self.answer(
            context, "ChangeSupport", lambda: self.records.change_support(command)
        )
        return pb.ChangeSupportResponse(open_support=[to_proto(a) for a in support.open_support])

    async def RecordAdvocacyTime(self, request: pb.RecordAdvocacyTimeRequest, context):
        unmappable = Unmappable()
        command = RecordAdvocacyTime(
            request_id=request.request_id,
            case_reference=request.case_reference,
            worked_on=request.worked_on,
            minutes=request.minutes,
            area=unmappable.one(SupportArea, request.area, "area"),
            unknown_values=unmappable.values,
        )
        total = await self.answer(
            context, "RecordAdvocacyTime", lambda: self.records.record_advocacy_time(command)
        )
        return pb.RecordAdvocacyTimeResponse(total_minutes=total.total_minutes)

    async def JoinWaitingList(self, request: pb.JoinWaitingListRequest, context):
        command = JoinWaitingList(
            request_id=request.request_id, case_reference=request.case_reference
        )
        joined = await self.answer(
            context, "JoinWaitingList", lambda: self.records.join_waiting_list(command)
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
            unknown_values=unmappable.values,
        )
        left = await self.answer(
            context, "LeaveWaitingList", lambda: self.records.leave_waiting_list(command)
        )
        return pb.LeaveWaitingListResponse(left_at=timestamp(left.at))

    async def StartAdvocacy(self, request: pb.StartAdvocacyRequest, context):
        command = StartAdvocacy(
            request_id=request.request_id, case_reference=request.case_reference
        )
        started = await self.answer(
            context, "StartAdvocacy", lambda: self.records.start_advocacy(command)
        )
        return pb.StartAdvocacyResponse(started_at=timestamp(started.at))

    async def ListWaitingList(self, request: pb.ListWaitingListRequest, context):
        query = ListWaitingList(page_size=request.page_size, page_token=request.page_token)
        page = await self.answer(
            context, "ListWaitingList", lambda: self.records.waiting_list(query)
        )
        return pb.ListWaitingListResponse(
            entries=[
                pb.WaitingListEntry(
                    case_reference=entry.case_reference,
                    joined_at=timestamp(entry.joined_at),
                    place=entry.place,
                    risk_level=enum_or_zero(entry.risk_level),
                    access_needs=[to_proto(n) for n in entry.access_needs],
                )
                for entry in page.entries
            ],
            total_waiting=page.total_waiting,
            next_page_token=page.next_page_token,
        )

    async def GetAdvocacy(self, request: pb.GetAdvocacyRequest, context):
        case = await self.answer(
            context, "GetAdvocacy", lambda: self.records.get_case(request.case_reference)
        )
        return advocacy_message(case)

    async def ListDdpoReports(self, request: pb.ListDdpoReportsRequest, context):
        query = ListDdpoReports(request.case_reference, request.page_size, request.page_token)
        found = await self.answer(
            context, "ListDdpoReports", lambda: self.records.list_reports(query)
        )
        return pb.ListDdpoReportsResponse(
            reports=[report_message(r) for r in found.items],
            next_page_token=found.next_page_token,
        )


def register_api(server: grpc.aio.Server, records, logger, fields: Fields) -> list[str]:
    pb_grpc.add_DdpoServiceServicer_to_server(DdpoServicer(records, logger, fields), server)
    return [pb.DESCRIPTOR.services_by_name["DdpoService"].full_name]
