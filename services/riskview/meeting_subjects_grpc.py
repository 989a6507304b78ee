"""gRPC adapter for marac.v1.MeetingSubjectsService, which RiskView serves to the
meeting service's principal alone (the server's access table says so)."""

import logging

import grpc

from marac.v1 import meeting_subjects_pb2, meeting_subjects_pb2_grpc, riskview_pb2
from services.common.errors import NotFound
from services.common.grpc_errors import answer
from services.common.grpc_requests import optional_moment
from services.riskview.grpc_api import RULES
from services.riskview.meeting_subjects import MeetingSubject, MeetingSubjects

SERVICE = meeting_subjects_pb2.DESCRIPTOR.services_by_name["MeetingSubjectsService"].full_name


class NothingForThePanel(NotFound):
    def __init__(self) -> None:
        super().__init__("no such subject, or none the MARAC panel may be told of")


class MeetingSubjectsServicer(meeting_subjects_pb2_grpc.MeetingSubjectsServiceServicer):
    def __init__(self, subjects: MeetingSubjects, logger: logging.Logger) -> None:
        self._subjects = subjects
        self._logger = logger

    async def ListEligibleSubjects(
        self,
        request: meeting_subjects_pb2.ListEligibleSubjectsRequest,
        context: grpc.aio.ServicerContext,
    ) -> meeting_subjects_pb2.ListEligibleSubjectsResponse:
        def eligible():
            as_of = optional_moment(request, "as_of")
            return self._subjects.eligible(
                request.page_size, request.page_token, as_of, request.area
            )

        page = await answer(context, eligible, self._logger, "ListEligibleSubjects")
        return meeting_subjects_pb2.ListEligibleSubjectsResponse(
            subjects=[subject_message(s) for s in page.subjects],
            next_page_token=page.next_page_token,
        )

    async def FindSubject(
        self, request: meeting_subjects_pb2.FindSubjectRequest, context: grpc.aio.ServicerContext
    ) -> meeting_subjects_pb2.FindSubjectResponse:
        def find() -> MeetingSubject:
            if request.WhichOneof("subject") == "case":
                found = self._subjects.by_case(request.case.agency_id, request.case.case_reference)
            else:
                found = self._subjects.by_handle(request.handle)
            if found is None:
                raise NothingForThePanel()
            return found

        found = await answer(context, find, self._logger, "FindSubject")
        return meeting_subjects_pb2.FindSubjectResponse(subject=subject_message(found))


def subject_message(subject: MeetingSubject) -> meeting_subjects_pb2.MeetingSubject:
    entry = subject.entry
    return meeting_subjects_pb2.MeetingSubject(
        subject_key=subject.subject_key,
        handle=subject.handle,
        reasons=[
            riskview_pb2.EligibilityReason(
                rule=RULES[reason.rule],
                agencies=[
                    riskview_pb2.AgencyRef(agency=kind, agency_id=agency_id)
                    for kind, agency_id in reason.agencies
                ],
            )
            for reason in (entry.reasons if entry else ())
        ],
        highest_risk_level=entry.highest_risk_level if entry else 0,
        incident_count=entry.incident_count if entry else 0,
        cases=[
            meeting_subjects_pb2.SubjectCase(agency=kind, agency_id=agency_id, case_reference=ref)
            for kind, agency_id, ref in subject.cases
        ],
        referring_agency_ids=subject.referring_agencies,
    )


def register_meeting_subjects(server: grpc.aio.Server, subjects: MeetingSubjects, logger) -> str:
    meeting_subjects_pb2_grpc.add_MeetingSubjectsServiceServicer_to_server(
        MeetingSubjectsServicer(subjects, logger), server
    )
    return SERVICE
