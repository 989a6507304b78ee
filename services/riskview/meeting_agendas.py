"""The meeting service's MeetingAgendaService, called as RiskView's principal: whether
a subject (by its handle) is on a meeting's agenda, and the meeting's area. RiskView
opens a subject not eligible now only for a meeting whose agenda it is on, and an
eligible one only for a meeting of its area; only the meeting service knows its
agendas and their areas."""

import grpc

from marac.v1 import meeting_agendas_pb2, meeting_agendas_pb2_grpc
from services.common.errors import Unavailable
from services.riskview.panel_agenda import NO_MEETING, MeetingAgenda

CALL_SECONDS = 5.0


class MeetingServiceUnavailable(Unavailable):
    def __init__(self) -> None:
        super().__init__("the meeting service cannot be reached now, so nothing is shown; retry")


class MeetingServiceAgendas:
    def __init__(self, channel: grpc.Channel, timeout: float = CALL_SECONDS) -> None:
        self._stub = meeting_agendas_pb2_grpc.MeetingAgendaServiceStub(channel)
        self._timeout = timeout

    def check(self, meeting_id: str, handle: str) -> MeetingAgenda:
        request = meeting_agendas_pb2.CheckAgendaItemRequest(meeting_id=meeting_id, handle=handle)
        try:
            found = self._stub.CheckAgendaItem(request, timeout=self._timeout)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
                return NO_MEETING  # not a meeting id the service gives: no such meeting
            raise MeetingServiceUnavailable() from None
        return MeetingAgenda(found.on_agenda, found.area)


class NoMeetingService:
    """A RiskView told of no meeting service: no meeting's agenda holds anyone, so a
    subject not eligible now is never opened."""

    def check(self, meeting_id: str, handle: str) -> MeetingAgenda:
        return NO_MEETING
