"""gRPC adapter for marac.v1.MeetingService: the caller of each call is the person
its authorization token names (verified as RiskView verifies it); requests become
commands, meetings become messages. A subject's match key is never in a response."""

import logging
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

import grpc
from google.protobuf.message import Message

from marac.v1 import meeting_pb2, meeting_pb2_grpc
from services.common.callers import CHAIR, REPRESENTATIVE, Caller
from services.common.contract import from_proto
from services.common.errors import RequestIdReused
from services.common.grpc_requests import optional_moment
from services.common.meeting_actions import ReasonDoesNotFit
from services.common.person_tokens import People, answer_as_person
from services.common.validation import FieldViolation, InvalidRequest, Violations
from services.common.vocabulary import (
    ActionClosureReason,
    ActionWithdrawalReason,
    MeetingActionStatus,
    MeetingActionType,
    RiskLevel,
)
from services.marac import commands as asked
from services.marac.application import Meetings
from services.marac.domain import Meeting
from services.marac.messages import action_message, meeting_message
from services.marac.refusals import (
    AcknowledgementRequired,
    AttendeeRequired,
    DueBeforeMeeting,
    MinutesOutOfRange,
    NoteTooLong,
    ReasonGivenByReassigning,
    SameOwner,
)
from services.marac.vocabulary import (
    AdditionReason,
    AttendanceStatus,
    DeferralReason,
    ItemDecision,
)

T = TypeVar("T")
E = TypeVar("E")
SERVICE = meeting_pb2.DESCRIPTOR.services_by_name["MeetingService"].full_name
# The request field each of the meeting's rules is about.
FIELDS = {
    RequestIdReused: "request_id",
    AttendeeRequired: "attendee",
    AcknowledgementRequired: "acknowledged_confidentiality",
    MinutesOutOfRange: "minutes_discussed",
    DueBeforeMeeting: "due_date",
    NoteTooLong: "note",
    ReasonDoesNotFit: "reason",
    ReasonGivenByReassigning: "reason",
    SameOwner: "owner_agency_id",
}
# Who may call each method, by the role their token proves: checked before the
# request is read (the application checks again, with the agency's own rules).
CHAIRS, EITHER, REPRESENTATIVES = (
    frozenset({CHAIR}),
    frozenset({CHAIR, REPRESENTATIVE}),
    frozenset({REPRESENTATIVE}),
)
MAY_CALL = {
    "ScheduleMeeting": CHAIRS,
    "ListMeetings": EITHER,
    "GetMeeting": EITHER,
    "CloseAgenda": CHAIRS,
    "AddAgendaItem": CHAIRS,
    "DeferItem": CHAIRS,
    "RecordResearch": REPRESENTATIVES,
    "RecordAttendance": CHAIRS,
    "OpenMeeting": CHAIRS,
    "RecordDiscussion": CHAIRS,
    "AgreeAction": CHAIRS,
    "CloseMeeting": CHAIRS,
    "ListActions": EITHER,
    "ReportAction": REPRESENTATIVES,
    "ListDueForReview": CHAIRS,
    "WithdrawAction": CHAIRS,
    "ReassignAction": CHAIRS,
}


class Mapped:
    """Request values read into the domain's, each problem kept with its field."""

    def __init__(self) -> None:
        self.problems = Violations()

    def enum(self, domain: type[E], number: int, path: str) -> E | None:
        try:
            return from_proto(domain, number)
        except ValueError:
            self.problems.add(path, f"is not a known {domain.__name__}")
            return None

    def day(self, value: str, path: str) -> date | None:
        return self.problems.day(path, value) if value else None

    def done(self, command: T) -> T:
        self.problems.raise_if_any()
        return command


class MeetingServicer(meeting_pb2_grpc.MeetingServiceServicer):
    def __init__(self, meetings: Meetings, people: People, logger: logging.Logger) -> None:
        self._meetings = meetings
        self._people = people
        self._logger = logger

    async def _as_caller(
        self, context: grpc.aio.ServicerContext, rpc: str, work: Callable[[Caller], T]
    ) -> T:
        return await answer_as_person(
            context, self._people, self._logger, rpc, work, MAY_CALL[rpc], FIELDS
        )

    async def _meeting(
        self, context, rpc: str, response: type[Message], work: Callable[[Caller], Meeting]
    ):
        def shown(caller: Caller) -> Message:
            return response(meeting=self.message(caller, work(caller)))

        return await self._as_caller(context, rpc, shown)

    def message(self, caller: Caller, meeting: Meeting) -> meeting_pb2.Meeting:
        return meeting_message(
            caller,
            meeting,
            self._meetings.overdue_actions(meeting),
            self._meetings.partners,
            self._meetings.today(),
        )

    async def ScheduleMeeting(self, request, context):
        def schedule(caller: Caller) -> Meeting:
            m = Mapped()
            cutoff = optional_moment(request, "agenda_cutoff")
            command = asked.Schedule(
                request.request_id, m.day(request.date, "date"), request.area, cutoff
            )
            return self._meetings.schedule(caller, m.done(command))

        return await self._meeting(
            context, "ScheduleMeeting", meeting_pb2.ScheduleMeetingResponse, schedule
        )

    async def ListMeetings(self, request, context):
        def listed(caller: Caller) -> meeting_pb2.ListMeetingsResponse:
            page, token = self._meetings.meetings_page(
                caller, request.page_size, request.page_token
            )
            return meeting_pb2.ListMeetingsResponse(
                meetings=[self.message(caller, m) for m in page], next_page_token=token
            )

        return await self._as_caller(context, "ListMeetings", listed)

    async def GetMeeting(self, request, context):
        def get(caller: Caller) -> Meeting:
            v = Violations()
            asked.meeting_id(v, request.meeting_id)
            v.raise_if_any()
            return self._meetings.meeting(caller, request.meeting_id)

        return await self._meeting(context, "GetMeeting", meeting_pb2.GetMeetingResponse, get)

    async def CloseAgenda(self, request, context):
        command = asked.OfMeeting(request.request_id, request.meeting_id)
        return await self._meeting(
            context,
            "CloseAgenda",
            meeting_pb2.CloseAgendaResponse,
            lambda caller: self._meetings.close_agenda(caller, command),
        )

    async def AddAgendaItem(self, request, context):
        def add(caller: Caller) -> Meeting:
            m = Mapped()
            reason = m.enum(AdditionReason, request.reason, "reason")
            command = asked.AddItem(
                request.request_id,
                request.meeting_id,
                reason,
                handle=request.handle,
                agency_id=request.case.agency_id,
                case_reference=request.case.case_reference,
            )
            return self._meetings.add_item(caller, m.done(command))

        return await self._meeting(context, "AddAgendaItem", meeting_pb2.AddAgendaItemResponse, add)

    async def DeferItem(self, request, context):
        def defer(caller: Caller) -> Meeting:
            m = Mapped()
            reason = m.enum(DeferralReason, request.reason, "reason")
            command = asked.Defer(request.request_id, request.meeting_id, request.handle, reason)
            return self._meetings.defer(caller, m.done(command))

        return await self._meeting(context, "DeferItem", meeting_pb2.DeferItemResponse, defer)

    async def RecordResearch(self, request, context):
        command = asked.OfItem(request.request_id, request.meeting_id, request.handle)
        return await self._meeting(
            context,
            "RecordResearch",
            meeting_pb2.RecordResearchResponse,
            lambda caller: self._meetings.record_research(caller, command),
        )

    async def RecordAttendance(self, request, context):
        def attend(caller: Caller) -> Meeting:
            m = Mapped()
            status = m.enum(AttendanceStatus, request.status, "status")
            command = asked.RecordAttendance(
                request.request_id,
                request.meeting_id,
                request.agency_id,
                status,
                request.attendee,
                request.acknowledged_confidentiality,
            )
            return self._meetings.record_attendance(caller, m.done(command))

        return await self._meeting(
            context, "RecordAttendance", meeting_pb2.RecordAttendanceResponse, attend
        )

    async def OpenMeeting(self, request, context):
        command = asked.OfMeeting(request.request_id, request.meeting_id)
        return await self._meeting(
            context,
            "OpenMeeting",
            meeting_pb2.OpenMeetingResponse,
            lambda caller: self._meetings.open(caller, command),
        )

    async def RecordDiscussion(self, request, context):
        def discuss(caller: Caller) -> Meeting:
            m = Mapped()
            command = asked.RecordDiscussion(
                request.request_id,
                request.meeting_id,
                request.handle,
                request.minutes_discussed,
                m.enum(RiskLevel, request.risk_after_discussion, "risk_after_discussion"),
                m.enum(ItemDecision, request.decision, "decision"),
            )
            return self._meetings.record_discussion(caller, m.done(command))

        return await self._meeting(
            context, "RecordDiscussion", meeting_pb2.RecordDiscussionResponse, discuss
        )

    async def AgreeAction(self, request, context):
        def agree(caller: Caller) -> Meeting:
            m = Mapped()
            command = asked.AgreeAction(
                request.request_id,
                request.meeting_id,
                request.handle,
                request.owner_agency_id,
                m.enum(MeetingActionType, request.type, "type"),
                m.day(request.due_date, "due_date"),
                request.note,
            )
            return self._meetings.agree_action(caller, m.done(command))

        return await self._meeting(context, "AgreeAction", meeting_pb2.AgreeActionResponse, agree)

    async def CloseMeeting(self, request, context):
        command = asked.OfMeeting(request.request_id, request.meeting_id)
        return await self._meeting(
            context,
            "CloseMeeting",
            meeting_pb2.CloseMeetingResponse,
            lambda caller: self._meetings.close(caller, command),
        )

    async def ListActions(self, request, context):
        def listed(caller: Caller) -> meeting_pb2.ListActionsResponse:
            if request.meeting_id:
                v = Violations()
                asked.meeting_id(v, request.meeting_id)
                v.raise_if_any()
            page, token = self._meetings.actions_page(
                caller, request.meeting_id, request.open_only, request.page_size, request.page_token
            )
            today = self._meetings.today()
            return meeting_pb2.ListActionsResponse(
                actions=[action_message(caller, m.meeting_id, a, today) for m, a in page],
                next_page_token=token,
            )

        return await self._as_caller(context, "ListActions", listed)

    async def ReportAction(self, request, context):
        def report(caller: Caller) -> meeting_pb2.ReportActionResponse:
            m = Mapped()
            command = asked.ReportAction(
                request.request_id,
                request.action_id,
                m.enum(MeetingActionStatus, request.status, "status"),
                m.enum(ActionClosureReason, request.reason, "reason"),
            )
            meeting, action = self._meetings.report_action(caller, m.done(command))
            return meeting_pb2.ReportActionResponse(
                action=action_message(caller, meeting.meeting_id, action, self._meetings.today())
            )

        return await self._as_caller(context, "ReportAction", report)

    async def ListDueForReview(self, request, context):
        def due(caller: Caller) -> meeting_pb2.ListDueForReviewResponse:
            if request.area and not asked.AREA.fullmatch(request.area):
                raise InvalidRequest([FieldViolation("area", asked.AREA_FORMAT)])
            page, token = self._meetings.due_for_review_page(
                caller, request.area, request.page_size, request.page_token
            )
            return meeting_pb2.ListDueForReviewResponse(
                subjects=[
                    meeting_pb2.DueForReview(
                        handle=d.handle,
                        last_meeting_id=d.meeting_id,
                        last_discussed=d.discussed_on.isoformat(),
                    )
                    for d in page
                ],
                next_page_token=token,
            )

        return await self._as_caller(context, "ListDueForReview", due)

    async def WithdrawAction(self, request, context):
        def withdraw(caller: Caller) -> meeting_pb2.WithdrawActionResponse:
            m = Mapped()
            command = asked.WithdrawAction(
                request.request_id,
                request.action_id,
                m.enum(ActionWithdrawalReason, request.reason, "reason"),
            )
            meeting, action = self._meetings.withdraw_action(caller, m.done(command))
            today = self._meetings.today()
            return meeting_pb2.WithdrawActionResponse(
                action=action_message(caller, meeting.meeting_id, action, today)
            )

        return await self._as_caller(context, "WithdrawAction", withdraw)

    async def ReassignAction(self, request, context):
        def reassign(caller: Caller) -> meeting_pb2.ReassignActionResponse:
            m = Mapped()
            command = asked.ReassignAction(
                request.request_id,
                request.action_id,
                request.owner_agency_id,
                m.day(request.due_date, "due_date"),
            )
            meeting, withdrawn, given = self._meetings.reassign_action(caller, m.done(command))
            today = self._meetings.today()
            return meeting_pb2.ReassignActionResponse(
                withdrawn=action_message(caller, meeting.meeting_id, withdrawn, today),
                action=action_message(caller, meeting.meeting_id, given, today),
            )

        return await self._as_caller(context, "ReassignAction", reassign)


def register(
    meetings: Meetings, people: People, logger: logging.Logger
) -> Callable[[grpc.aio.Server], Iterable[str]]:
    def add(server: grpc.aio.Server) -> Iterable[str]:
        meeting_pb2_grpc.add_MeetingServiceServicer_to_server(
            MeetingServicer(meetings, people, logger), server
        )
        return [SERVICE]

    return add
