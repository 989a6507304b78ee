"""The meeting service's MeetingAgendaService, called as RiskView's principal: whether
a subject (by its handle) is on a meeting's agenda. RiskView opens a subject not
eligible now only for a meeting whose agenda it is on, and only the meeting service
knows its agendas."""

import grpc

from marac.v1 import meeting_agendas_pb2, meeting_agendas_pb2_grpc
from services.common.errors import Unavailable

CALL_SECONDS = 5.0


class MeetingServiceUnavailable(Unavailable):
    def __init__(self) -> None:
        super().__init__("the meeting service cannot be reached now, so nothing is shown; retry")


class MeetingServiceAgendas:
    def __init__(self, channel: grpc.Channel, timeout: float = CALL_SECONDS) -> None:
        self._stub = meeting_agendas_pb2_grpc.MeetingAgendaServiceStub(channel)
        self._timeout = timeout

    def on_agenda(self, meeting_id: str, handle: str) -> bool:
        request = meeting_agendas_pb2.CheckAgendaItemRequest(meeting_id=meeting_id, handle=handle)
        try:
            return self._stub.CheckAgendaItem(request, timeout=self._timeout).on_agenda
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
                return False  # not a meeting id the service gives: no such meeting
            raise MeetingServiceUnavailable() from None


class NoMeetingService:
    """A RiskView told of no meeting service: no meeting's agenda holds anyone, so a
    subject not eligible now is never opened."""

    def on_agenda(self, meeting_id: str, handle: str) -> bool:
        return False
