"""The web app's areas without a browser or services: the agenda page's and the
scheduling form's. the app in process over a
RiskView that answers one page and remembers what it was asked. With areas
configured a chair chooses one (a GET form) and RiskView is asked for its agenda,
the area going with the risk cards and the next page; an area not in the list gets
the error summary and RiskView is not asked; with none configured the page is the
partnership's, as before. The web app reads MARAC_AREAS as RiskView does."""

import logging
import re
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from itsdangerous import Signer
from starlette.testclient import TestClient

from marac.v1 import riskview_pb2
from services.common.settings import SettingsError
from services.common.validation import FieldViolation
from services.web import problems
from services.web.app import COOKIE, Web, create_app, templates
from services.web.backends import Backends
from services.web.pages import AREAS
from services.web.refusals import WebRefusals
from services.web.sessions import Person, Sessions
from services.web.settings import DEFAULT_ASSETS, WebSettings
from shared_view.areas import NO_AREAS, Areas, parse_areas
from tests.unit.test_access_log import Log
from tests.unit.test_web_forms import refused

LIVERPOOL = parse_areas("LIV-SOUTH=L8,L17,L19;LIV-NORTH=L4,L5,L6")
HANDLE = "H" * 64


class AgendaOfOnePage:
    """RiskView's agenda: one item and a next page; each request kept."""

    def __init__(self):
        self.asked: list = []

    async def agenda(self, token: str, page_token: str, area: str = ""):
        self.asked.append(("agenda", page_token, area))
        item = riskview_pb2.AgendaItem(handle=HANDLE, incident_count=3)
        return riskview_pb2.ListAgendaResponse(items=[item], next_page_token="next/1")

    async def agenda_item(self, token: str, handle: str, meeting_id: str = "", area: str = ""):
        self.asked.append(("item", meeting_id, area))
        return riskview_pb2.GetAgendaItemResponse(item=riskview_pb2.AgendaItem(handle=handle))


class RefusingMeetings:
    """The meeting service refusing a meeting with no area, as it does."""

    async def change(self, token: str, rpc: str, request_id: str, **fields):
        raise refused(
            grpc.StatusCode.INVALID_ARGUMENT, violations=[FieldViolation("area", "is required")]
        )


def browser(areas: Areas) -> tuple[TestClient, AgendaOfOnePage]:
    riskview = AgendaOfOnePage()
    sessions = Sessions(timedelta(minutes=15), timedelta(minutes=5))
    signer = Signer("a key for this test only")
    logger = logging.getLogger("test-web-agenda")
    backends = Backends(None, riskview, RefusingMeetings())  # type: ignore[arg-type]
    refusals = WebRefusals(Log(), "web", logger)
    web = Web(backends, sessions, signer, templates(), refusals, areas)
    app = create_app(web, DEFAULT_ASSETS, AREAS, problems.handlers(web, logger))
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    chair = Person("usr_chair", "chair")
    session = sessions.sign_in(None, chair, "token", datetime.now(UTC) + timedelta(hours=1))
    client.cookies.set(COOKIE, signer.sign(session.session_id).decode())
    return client, riskview


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def options(html: str) -> list[tuple[str, str, bool]]:
    """The area chooser's options: (value, words, selected)."""
    found = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    return [(value, words.strip(), bool(selected)) for value, selected, words in found]


def test_a_chair_chooses_an_area_and_its_agenda_risk_cards_and_next_page_are_of_it():
    client, riskview = browser(LIVERPOOL)
    page = client.get("/agenda")
    assert page.status_code == 200 and heading(page.text) == "MARAC agenda"
    assert '<form method="get" action="/agenda"' in page.text
    assert options(page.text) == [
        ("", "All areas", True),
        ("LIV-NORTH", "LIV-NORTH (L4, L5, L6)", False),
        ("LIV-SOUTH", "LIV-SOUTH (L8, L17, L19)", False),
    ]
    page = client.get("/agenda?area=LIV-NORTH")
    assert page.status_code == 200 and heading(page.text) == "MARAC agenda for LIV-NORTH"
    assert "<title>MARAC agenda for LIV-NORTH" in page.text
    assert ("LIV-NORTH", "LIV-NORTH (L4, L5, L6)", True) in options(page.text)
    assert f'href="/agenda/{HANDLE}?area=LIV-NORTH"' in page.text
    assert 'href="/agenda?area=LIV-NORTH&amp;page=next/1"' in page.text
    assert client.get("/agenda?area=LIV-NORTH&page=next/1").status_code == 200
    card = client.get(f"/agenda/{HANDLE}?area=LIV-NORTH")
    assert card.status_code == 200 and 'href="/agenda?area=LIV-NORTH"' in card.text
    client.get(f"/agenda/{HANDLE}?area=LIV-NORTH&meeting=MARAC-1")  # the meeting's area
    assert riskview.asked == [
        ("agenda", "", ""),
        ("agenda", "", "LIV-NORTH"),
        ("agenda", "next/1", "LIV-NORTH"),
        ("item", "", "LIV-NORTH"),
        ("item", "MARAC-1", ""),
    ]


def test_an_area_not_in_the_list_gets_the_error_summary_and_riskview_is_not_asked():
    client, riskview = browser(LIVERPOOL)
    for area in ("WIRRAL", "<b>Mrs Canary</b>"):
        page = client.get("/agenda", params={"area": area})
        assert page.status_code == 400
        assert "There is a problem" in page.text and '<a href="#area">' in page.text
        assert page.text.count("Select an area from the list") == 2  # summary and field
        assert "<title>Error: MARAC agenda" in page.text
        assert area not in page.text and "Subjects on the agenda" not in page.text
    assert riskview.asked == []


def test_without_areas_the_agenda_is_the_partnerships_and_an_area_asked_is_ignored():
    client, riskview = browser(NO_AREAS)
    page = client.get("/agenda?area=LIV-NORTH")
    assert page.status_code == 200 and heading(page.text) == "MARAC agenda"
    assert "<select" not in page.text and f'href="/agenda/{HANDLE}"' in page.text
    assert 'href="/agenda?page=next/1"' in page.text
    client.get(f"/agenda/{HANDLE}?area=LIV-NORTH")
    assert riskview.asked == [("agenda", "", ""), ("item", "", "")]


def test_the_web_app_reads_the_areas_as_riskview_does_and_stops_on_a_bad_setting():
    env = {"MARAC_WEB_SESSION_KEY": "ab" * 32}
    assert WebSettings.from_env(env).areas == NO_AREAS
    given = WebSettings.from_env({**env, "MARAC_AREAS": "LIV-SOUTH=L8,L17,L19;LIV-NORTH=L4,L5,L6"})
    assert given.areas == LIVERPOOL
    with pytest.raises(SettingsError, match=r"^MARAC_AREAS must be") as refused:
        WebSettings.from_env({**env, "MARAC_AREAS": "Mrs Canary's street"})
    assert "Canary" not in str(refused.value)


def test_a_meeting_is_scheduled_for_an_area_chosen_from_the_list_when_areas_are_configured():
    client, _ = browser(LIVERPOOL)
    form = client.get("/meetings/new").text
    assert 'type="radio"' in form and 'name="area" type="text"' not in form
    assert re.findall(r'name="area" type="radio" value="([^"]+)"', form) == [
        "LIV-NORTH",
        "LIV-SOUTH",
    ]
    assert "Postcode districts L8, L17, L19" in form
    sent = {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1),
        "request_id": re.search(r'name="request_id" value="([^"]+)"', form).group(1),
        "date-day": "9",
        "date-month": "3",
        "date-year": "2027",
    }
    answer = client.post("/meetings/new", data=sent)
    assert answer.status_code == 400
    assert answer.text.count("Select the area of the meeting") == 2  # summary and field
    without, _ = browser(NO_AREAS)
    form = without.get("/meetings/new").text
    assert 'type="radio"' not in form and "Area code" in form
