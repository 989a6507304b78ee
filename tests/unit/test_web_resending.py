"""A form whose sending the service did not answer (it timed out, or the service
could not be reached) may or may not have been applied. The page says so and keeps
what was typed, and the form keeps its request id until it is answered: sent again,
or found again by going back to it, it is applied once. Through the web app's own
routes and templates, with an in-memory meeting service."""

import logging
import re
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from itsdangerous import Signer
from starlette.testclient import TestClient

from marac.v1 import meeting_pb2
from services.web import problems
from services.web.app import COOKIE, Web, create_app, templates
from services.web.backends import Backends
from services.web.pages import AREAS
from services.web.refusals import WebRefusals
from services.web.sessions import Person, Sessions
from services.web.settings import DEFAULT_ASSETS
from tests.unit.test_access_log import Log

NOT_ANSWERED = "The service did not answer in time"


def no_answer(code: grpc.StatusCode) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), "no answer")


class MeetingService:
    """Schedules a meeting once per request id, as the meeting service does; the
    answers to the first `lost` sendings never arrive (`code`), though they were
    applied, or never reach it (`reached=False`)."""

    def __init__(self, lost: int, code: grpc.StatusCode, reached: bool = True):
        self.lost, self.code, self.reached = lost, code, reached
        self.scheduled: dict[str, meeting_pb2.Meeting] = {}

    async def change(self, token: str, rpc: str, request_id: str, **fields):
        assert rpc == "ScheduleMeeting"
        if self.reached or not self.lost:
            meeting = meeting_pb2.Meeting(
                meeting_id=f"MARAC-{len(self.scheduled) + 1}", date=fields["date"]
            )
            self.scheduled.setdefault(request_id, meeting)
        if self.lost:
            self.lost -= 1
            raise no_answer(self.code)
        return meeting_pb2.ScheduleMeetingResponse(meeting=self.scheduled[request_id])


def chairs_browser(service: MeetingService) -> tuple[TestClient, str]:
    sessions = Sessions(timedelta(minutes=15), timedelta(minutes=5))
    signer = Signer("a key for this test only")
    refusals = WebRefusals(Log(), "web", logging.getLogger())
    web = Web(Backends(None, None, service), sessions, signer, templates(), refusals)
    app = create_app(web, DEFAULT_ASSETS, AREAS, problems.handlers(web, logging.getLogger()))
    chair = Person("usr_chair", "chair")
    session = sessions.sign_in(None, chair, "token", datetime.now(UTC) + timedelta(hours=1))
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    client.cookies.set(COOKIE, signer.sign(session.session_id).decode())
    return client, session.csrf_token


def request_id(html: str) -> str:
    (found,) = re.findall(r'name="request_id" value="([^"]+)"', html)
    return found


def schedule(client: TestClient, csrf_token: str, sent_id: str):
    form = {
        "csrf_token": csrf_token,
        "request_id": sent_id,
        "date-day": "9",
        "date-month": "3",
        "date-year": str(datetime.now(UTC).year + 1),
        "area": "north",
    }
    return client.post("/meetings/new", data=form)


@pytest.mark.parametrize(
    "code", [grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNAVAILABLE], ids=str
)
def test_a_form_sent_again_after_no_answer_is_applied_once(code):
    service = MeetingService(lost=1, code=code)
    client, csrf = chairs_browser(service)
    first = request_id(client.get("/meetings/new").text)

    unanswered = schedule(client, csrf, first)
    assert NOT_ANSWERED in unanswered.text
    assert 'value="north"' in unanswered.text  # what was typed, kept
    assert request_id(unanswered.text) == first
    # Gone back to, or reloaded, the form still sends what it sent.
    assert request_id(client.get("/meetings/new").text) == first

    again = schedule(client, csrf, request_id(unanswered.text))
    assert again.status_code == 303 and again.headers["location"] == "/meetings/MARAC-1"
    assert len(service.scheduled) == 1
    # Answered: the next meeting's form is a new request.
    assert request_id(client.get("/meetings/new").text) != first


def test_a_sending_that_never_reached_the_service_is_applied_when_sent_again():
    service = MeetingService(lost=1, code=grpc.StatusCode.UNAVAILABLE, reached=False)
    client, csrf = chairs_browser(service)
    first = request_id(client.get("/meetings/new").text)
    assert NOT_ANSWERED in schedule(client, csrf, first).text
    assert not service.scheduled
    assert schedule(client, csrf, first).status_code == 303
    assert len(service.scheduled) == 1


def test_a_forged_request_id_is_not_kept():
    client, csrf = chairs_browser(MeetingService(lost=1, code=grpc.StatusCode.UNAVAILABLE))
    page = schedule(client, csrf, "<not a request id>")
    assert NOT_ANSWERED in page.text and "not a request id" not in page.text
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id(page.text))
