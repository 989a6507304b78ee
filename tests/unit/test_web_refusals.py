"""The web app's own refusals on the access log (services.web.refusals), over the
app in process with the access log in memory: a page asked for signed out, by a
person whose role may not see it, and a form without the session's CSRF token.
Each entry names the route's template, never the address asked for."""

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from itsdangerous import Signer
from starlette.testclient import TestClient

from marac.v1 import access_log_pb2 as pb
from marac.v1 import disclosure_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.web import problems
from services.web.app import COOKIE, Web, create_app, templates
from services.web.backends import Backends
from services.web.pages import AREAS
from services.web.refusals import WebRefusals
from services.web.sessions import Person, Sessions
from services.web.settings import DEFAULT_ASSETS
from tests.unit.test_access_log import Log

HANDLE = "Q" * 64


def browser(person: Person | None = None, log: Log | None = None) -> tuple[TestClient, Log]:
    log = log or Log()
    sessions = Sessions(timedelta(minutes=15), timedelta(minutes=5))
    signer = Signer("a key for this test only")
    logger = logging.getLogger("test-web-refusals")
    web = Web(
        Backends(None, None, None), sessions, signer, templates(), WebRefusals(log, "web", logger)
    )
    app = create_app(web, DEFAULT_ASSETS, AREAS, problems.handlers(web, logger))
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    if person is not None:
        session = sessions.sign_in(None, person, "token", datetime.now(UTC) + timedelta(hours=1))
        client.cookies.set(COOKIE, signer.sign(session.session_id).decode())
    return client, log


def test_a_page_asked_for_signed_out_is_refused_unauthenticated_by_its_route():
    client, log = browser()
    assert client.get(f"/agenda/{HANDLE}").status_code == 303
    (entry,) = log.entries
    assert (entry.service, entry.principal, entry.method) == ("web", "", "GET /agenda/{handle}")
    assert entry.decision == pb.ACCESS_DECISION_REFUSED and entry.code == 16
    assert entry.reason == pb.REFUSAL_REASON_SIGNED_OUT and not entry.HasField("person")
    assert HANDLE not in str(entry)


def test_a_page_not_for_the_persons_role_is_refused_with_who_they_are():
    client, log = browser(Person("usr_u-17", "representative", "police", "police-1"))
    assert client.get("/agenda").status_code == 403
    (entry,) = log.entries
    assert entry.method == "GET /agenda" and entry.code == 7
    assert entry.reason == pb.REFUSAL_REASON_ROLE_NOT_PERMITTED
    assert entry.person == disclosure_pb2.Caller(
        role=disclosure_pb2.CALLER_ROLE_AGENCY_REPRESENTATIVE,
        agency=vocab.AGENCY_KIND_POLICE,
        agency_id="police-1",
        user_id="usr_u-17",
    )


def test_a_form_without_the_sessions_csrf_token_is_refused_and_logged():
    client, log = browser(Person("usr_chair", "chair"))
    response = client.post("/meetings/new", data={"csrf_token": "not-the-token", "date-day": "9"})
    assert response.status_code == 403
    (entry,) = log.entries
    assert entry.method == "POST /meetings/new" and entry.code == 7
    assert entry.person.user_id == "usr_chair"


def test_with_the_log_unwritable_the_page_is_still_refused(caplog):
    client, _ = browser(log=Log(down=True))
    with caplog.at_level(logging.INFO, "test-web-refusals"):
        assert client.get("/agenda").status_code == 303
    assert "access not logged" in [r.getMessage() for r in caplog.records]


def test_closing_lets_go_of_the_log():
    asyncio.run(WebRefusals(Log(), "web", logging.getLogger()).close())
