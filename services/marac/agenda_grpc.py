"""gRPC adapter for marac.v1.MeetingAgendaService, which the meeting service serves
to RiskView's principal alone (the server's access table says so): whether a
subject is on a meeting's agenda, so that RiskView opens a subject not eligible now
only for a meeting whose agenda it is on, and the meeting's area, so that it opens an
eligible subject for the meeting only when it is of that area."""

import logging

import grpc

from marac.v1 import meeting_agendas_pb2, meeting_agendas_pb2_grpc
from services.common.grpc_errors import answer
from services.common.validation import Violations
from services.marac import commands as asked
from services.marac.application import Meetings

SERVICE = meeting_agendas_pb2.DESCRIPTOR.services_by_name["MeetingAgendaService"].full_name


class MeetingAgendaServicer(meeting_agendas_pb2_grpc.MeetingAgendaServiceServicer):
    def __init__(self, meetings: Meetings, logger: logging.Logger) -> None:
        self._meetings = meetings
        self._logger = logger

    async def CheckAgendaItem(
        self,
        request: meeting_agendas_pb2.CheckAgendaItemRequest,
        context: grpc.aio.ServicerContext,
    ) -> meeting_agendas_pb2.CheckAgendaItemResponse:
        def check() -> tuple[bool, str]:
            v = Violations()
            asked.meeting_id(v, request.meeting_id)
            asked.handle(v, "handle", request.handle)
            v.raise_if_any()
            return self._meetings.agenda_check(request.meeting_id, request.handle)

        on_agenda, area = await answer(context, check, self._logger, "CheckAgendaItem")
        return meeting_agendas_pb2.CheckAgendaItemResponse(on_agenda=on_agenda, area=area)


def register_agenda_checks(server: grpc.aio.Server, meetings: Meetings, logger) -> str:
    meeting_agendas_pb2_grpc.add_MeetingAgendaServiceServicer_to_server(
        MeetingAgendaServicer(meetings, logger), server
    )
    return SERVICE
