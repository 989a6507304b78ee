"""A chair withdraws an open action (with a reason from the list) or reassigns it
to another agency with a case the panel may be told of; nobody else can, and an
action no longer open says why in place of the form. Through the web app's own
routes and templates, with in-memory meeting and RiskView services."""

import logging
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import grpc
import pytest
from itsdangerous import Signer
from starlette.testclient import TestClient

from marac.v1 import meeting_actions_pb2 as pb
from marac.v1 import meeting_pb2, riskview_pb2
from services.common.validation import FieldViolation
from services.web import problems
from services.web.app import COOKIE, Web, create_app, templates
from services.web.backends import Backends
from services.web.pages import AREAS
from services.web.refusals import WebRefusals
from services.web.sessions import Person, Sessions
from services.web.settings import DEFAULT_ASSETS
from tests.unit.test_access_log import Log
from tests.unit.test_web_forms import refused

MEETING = "MARAC-20270101-abc"
HANDLE = "h" * 64
POLICE, LANDLORD, SUPPORT, DDPO = "local-police", "local-social_landlord", "local-vs", "local-ddpo"
OPEN, DONE, WITHDRAWN = (
    pb.MEETING_ACTION_STATUS_OPEN,
    pb.MEETING_ACTION_STATUS_DONE,
    pb.MEETING_ACTION_STATUS_WITHDRAWN,
)
DUPLICATE = pb.ACTION_WITHDRAWAL_REASON_DUPLICATE
REQUEST_ID = "6a78d0f9-b494-405e-a535-8bb06f748831"
CHAIR = Person("usr_chair", "chair")
REPRESENTATIVE = Person("usr_rep", "representative", "social_landlord", LANDLORD)
IG = Person("usr_ig", "ig")


def action(action_id: str = "act-1", **fields) -> meeting_pb2.Action:
    agreed = dict(
        action_id=action_id,
        meeting_id=MEETING,
        handle=HANDLE,
        owner_agency_id=LANDLORD,
        owner_agency=2,
        case_reference="CR-9",
        type=1,
        due_date="2027-01-20",
        status=OPEN,
        recorded_by_agency=True,
    )
    return meeting_pb2.Action(**(agreed | fields))


class MeetingService:
    """One meeting's actions, withdrawn and reassigned by the meeting service's rules."""

    def __init__(self, *actions: meeting_pb2.Action, cases=(POLICE, LANDLORD, SUPPORT)):
        self.actions_by_id = {a.action_id: a for a in actions}
        self.cases = cases  # the agencies with a case the panel may be told of
        self.calls: list[str] = []

    async def actions(self, token: str, page_token: str = "", meeting_id: str = ""):
        return meeting_pb2.ListActionsResponse(actions=list(self.actions_by_id.values()))

    async def all_actions(self, token: str, meeting_id: str):
        return list(self.actions_by_id.values())

    async def meeting(self, token: str, meeting_id: str) -> meeting_pb2.Meeting:
        meeting = meeting_pb2.Meeting(meeting_id=meeting_id, date="2027-01-01")
        for agency_id, kind in ((POLICE, 1), (LANDLORD, 2), (SUPPORT, 3), (DDPO, 4)):
            meeting.agencies.add(agency_id=agency_id, agency=kind)
        return meeting

    async def change(self, token: str, rpc: str, request_id: str, action_id: str, **fields):
        self.calls.append(rpc)
        found = self.actions_by_id[action_id]
        if rpc == "WithdrawAction" and not fields["reason"]:
            raise invalid("reason", "is required")
        if rpc == "ReassignAction":
            owner, due = fields["owner_agency_id"], fields["due_date"]
            if not owner:
                raise invalid("owner_agency_id", "is required")
            if due and date.fromisoformat(due) < date.today():
                raise invalid("due_date", "must not be in the past")
            if owner not in self.cases:
                raise refused(grpc.StatusCode.NOT_FOUND, "the owner agency has no case")
        if found.status != OPEN:
            raise refused(grpc.StatusCode.FAILED_PRECONDITION, "this action is closed already")
        if rpc == "WithdrawAction":
            found.status, found.withdrawal_reason = WITHDRAWN, fields["reason"]
            return
        new = action(
            f"{action_id}-new", owner_agency_id=owner, owner_agency=1, reassigned_from=action_id
        )
        found.status, found.reassigned_to = WITHDRAWN, new.action_id
        found.withdrawal_reason = pb.ACTION_WITHDRAWAL_REASON_REASSIGNED
        self.actions_by_id[new.action_id] = new


def invalid(path: str, description: str) -> grpc.aio.AioRpcError:
    return refused(grpc.StatusCode.INVALID_ARGUMENT, violations=[FieldViolation(path, description)])


class RiskView:
    """The subject's risk card: its contributions name the agencies with a case the
    panel may be told of; none when the subject is no longer eligible."""

    def __init__(self, agencies=((POLICE, 1), (LANDLORD, 2), (SUPPORT, 3))):
        self.agencies = agencies

    async def agenda_item(self, token: str, handle: str, meeting_id: str = "", area: str = ""):
        if self.agencies is None:
            raise refused(grpc.StatusCode.NOT_FOUND, "no such subject")
        card = riskview_pb2.GetAgendaItemResponse(item=riskview_pb2.AgendaItem(handle=handle))
        for agency_id, kind in self.agencies:
            card.contributions.add(agency_id=agency_id, agency=kind)
        return card


def browser(
    service: MeetingService, person: Person | None = CHAIR, riskview: RiskView | None = None
) -> tuple[TestClient, str]:
    sessions = Sessions(timedelta(minutes=15), timedelta(minutes=5))
    signer = Signer("a key for this test only")
    refusals = WebRefusals(Log(), "web", logging.getLogger())
    backends = Backends(None, riskview or RiskView(), service)
    web = Web(backends, sessions, signer, templates(), refusals)
    app = create_app(web, DEFAULT_ASSETS, AREAS, problems.handlers(web, logging.getLogger()))
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    if person is None:
        return client, ""
    session = sessions.sign_in(None, person, "token", datetime.now(UTC) + timedelta(hours=1))
    client.cookies.set(COOKIE, signer.sign(session.session_id).decode())
    return client, session.csrf_token


def send(client: TestClient, csrf: str, path: str, **fields):
    return client.post(path, data={"csrf_token": csrf, "request_id": REQUEST_ID, **fields})


def words(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def errors_of(html: str) -> tuple[dict[str, str], dict[str, str]]:
    """The error summary's (link -> message) and each field's (id -> message)."""
    summary = dict(
        (link, words(message))
        for link, message in re.findall(r'<a href="(#[^"]*)">(.*?)</a>', error_summary(html), re.S)
    )
    inline = re.findall(r'<p id="([^"]+)-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    return summary, {field: words(message).removeprefix("Error: ") for field, message in inline}


def error_summary(html: str) -> str:
    found = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S)
    return found.group(0) if found else ""


def owners_offered(html: str) -> list[str]:
    return re.findall(r'name="owner" type="radio" value="([^"]+)"', html)


def hint(html: str, field: str) -> str:
    return words(re.search(rf'id="{field}-hint"[^>]*>(.*?)</div>', html, re.S).group(1))


def row_of(html: str, case_reference: str) -> str:
    rows = re.findall(r'<tr class="govuk-table__row">.*?</tr>', html, re.S)
    (row,) = [r for r in rows if case_reference in r]
    return words(row)


@pytest.mark.parametrize("person", [REPRESENTATIVE, IG], ids=["representative", "ig"])
@pytest.mark.parametrize("path", ["/actions/act-1/withdraw", "/actions/act-1/reassign"])
def test_only_a_chair_withdraws_or_reassigns(person, path):
    service = MeetingService(action())
    client, csrf = browser(service, person)
    assert client.get(path).status_code == 403
    refused_post = send(client, csrf, path, reason=str(DUPLICATE), owner=POLICE)
    assert refused_post.status_code == 403
    assert "You cannot see this page" in refused_post.text
    assert not service.calls and service.actions_by_id["act-1"].status == OPEN


@pytest.mark.parametrize("path", ["/actions/act-1/withdraw", "/actions/act-1/reassign"])
def test_signed_out_the_page_asks_to_sign_in_and_a_form_is_refused(path):
    service = MeetingService(action())
    client, _ = browser(service, person=None)
    page = client.get(path)
    assert page.status_code == 303 and page.headers["location"] == "/sign-in"
    # With no session, no form can carry its CSRF token.
    sent = client.post(path, data={"reason": str(DUPLICATE), "owner": POLICE})
    assert sent.status_code == 403 and "Your form could not be sent" in sent.text
    assert not service.calls


def test_the_reassign_form_offers_the_agencies_with_a_case_other_than_the_owner():
    client, _ = browser(MeetingService(action()))
    page = client.get("/actions/act-1/reassign").text
    assert owners_offered(page) == [POLICE, SUPPORT]  # not the DDPO: no case on the card
    assert hint(page, "owner").startswith(
        "An agency with a case for this subject that the MARAC panel may be told of."
    )


def test_with_no_risk_card_the_reassign_form_offers_every_other_agency_and_says_so():
    client, _ = browser(MeetingService(action()), riskview=RiskView(agencies=None))
    page = client.get("/actions/act-1/reassign").text
    assert owners_offered(page) == [POLICE, SUPPORT, DDPO]
    assert hint(page, "owner").startswith("The risk card is not available now")


def test_a_withdrawal_with_no_reason_asks_for_one_and_records_nothing():
    service = MeetingService(action())
    client, csrf = browser(service)
    page = send(client, csrf, "/actions/act-1/withdraw")
    assert page.status_code == 400
    message = "Select why the action is withdrawn"
    assert errors_of(page.text) == ({"#reason": message}, {"reason": message})
    assert service.actions_by_id["act-1"].status == OPEN


def test_a_reassignment_with_no_agency_asks_for_one_and_records_nothing():
    service = MeetingService(action())
    client, csrf = browser(service)
    page = send(client, csrf, "/actions/act-1/reassign")
    assert page.status_code == 400
    message = "Select the agency the action is reassigned to"
    assert errors_of(page.text) == ({"#owner": message}, {"owner": message})
    assert list(service.actions_by_id) == ["act-1"]
    assert service.actions_by_id["act-1"].status == OPEN


def test_a_reassignment_due_in_the_past_says_so_at_the_due_date():
    service = MeetingService(action())
    client, csrf = browser(service)
    past = {"due-day": "1", "due-month": "2", "due-year": "2020"}
    page = send(client, csrf, "/actions/act-1/reassign", owner=POLICE, **past)
    assert page.status_code == 400
    message = "Due date must be today or in the future"
    assert errors_of(page.text) == ({"#due-day": message}, {"due": message})
    assert 'value="local-police" checked' in page.text  # what was chosen, kept


def test_an_agency_with_no_case_the_panel_may_see_is_refused_at_the_owner_field():
    service = MeetingService(action(), cases=(LANDLORD,))
    client, csrf = browser(service)
    page = send(client, csrf, "/actions/act-1/reassign", owner=POLICE)
    assert page.status_code == 400
    message = "Select an agency with a case for this subject that the MARAC panel may be told of"
    assert errors_of(page.text) == ({"#owner": message}, {"owner": message})
    assert service.actions_by_id["act-1"].status == OPEN


@pytest.mark.parametrize(
    "no_longer_open, why",
    [
        (dict(status=WITHDRAWN, withdrawal_reason=DUPLICATE), "This action was withdrawn already."),
        (dict(status=DONE), "This action is closed already: its agency recorded it as done."),
        (dict(report_pending=True), "This action's report is waiting for its agency's record"),
    ],
    ids=["withdrawn", "done", "report pending"],
)
@pytest.mark.parametrize("path", ["/actions/act-1/withdraw", "/actions/act-1/reassign"])
def test_an_action_no_longer_open_says_why_in_place_of_the_form(path, no_longer_open, why):
    client, _ = browser(MeetingService(action(**no_longer_open)))
    page = client.get(path)
    assert page.status_code == 200
    assert why in words(page.text)
    assert 'name="reason"' not in page.text and 'name="owner"' not in page.text


def test_a_withdrawal_shows_its_reason_in_the_minutes_and_the_spreadsheet():
    service = MeetingService(action())
    client, csrf = browser(service)
    done = send(client, csrf, "/actions/act-1/withdraw", reason=str(DUPLICATE))
    assert done.status_code == 303 and done.headers["location"] == "/actions?withdrawn"
    banner = words(client.get(done.headers["location"]).text)
    assert "unless it had already done so: the tracker shows what its case records" in banner

    minutes = client.get(f"/meetings/{MEETING}/minutes").text
    assert "Withdrawn: Agreed twice (a duplicate)" in row_of(minutes, "CR-9")
    spreadsheet = client.get(f"/meetings/{MEETING}/actions.csv").text.splitlines()
    header, line = spreadsheet[0].split(","), spreadsheet[1].split(",")
    row = dict(zip(header, line, strict=True))
    assert row["withdrawal reason"] == "Agreed twice (a duplicate)"
    assert (row["reassigned from"], row["reassigned to"]) == ("", "")


def test_a_reassignment_is_shown_from_both_ends():
    service = MeetingService(action())
    client, csrf = browser(service)
    done = send(client, csrf, "/actions/act-1/reassign", owner=POLICE)
    assert done.headers["location"] == "/actions?reassigned"

    minutes = client.get(f"/meetings/{MEETING}/minutes").text
    assert "(reassigned from another agency)" in row_of(minutes, "Police (CR-9)")
    rows = [r.split(",") for r in client.get(f"/meetings/{MEETING}/actions.csv").text.splitlines()]
    columns = (
        rows[0].index("action id"),
        rows[0].index("reassigned from"),
        rows[0].index("reassigned to"),
    )
    assert [tuple(r[i] for i in columns) for r in rows[1:]] == [
        ("act-1", "", "act-1-new"),
        ("act-1-new", "act-1", ""),
    ]


def test_only_a_chair_downloads_the_actions_spreadsheet():
    client, _ = browser(MeetingService(action()), REPRESENTATIVE)
    assert client.get(f"/meetings/{MEETING}/actions.csv").status_code == 403


def test_an_action_closed_before_its_withdrawal_shows_what_its_agency_recorded():
    closed = action(status=DONE, withdrawal_reason=DUPLICATE)
    client, _ = browser(MeetingService(closed))
    tracker = row_of(client.get("/actions").text, "CR-9")
    assert "Done" in tracker and "Agreed twice" not in tracker
    minutes = row_of(client.get(f"/meetings/{MEETING}/minutes").text, "CR-9")
    assert "Done" in minutes and "Agreed twice" not in minutes


def test_a_reassignment_that_came_too_late_is_told_to_the_chair():
    late = action(status=DONE, reassigned_to="act-2")
    client, _ = browser(MeetingService(late))
    row = row_of(client.get("/actions").text, "CR-9")
    assert "Done Closed by its agency before the reassignment reached it" in row
    assert "Withdraw" not in row and "Reassign the" not in row


def test_the_links_name_the_action_and_its_owner_agency():
    client, _ = browser(MeetingService(action()))
    row = row_of(client.get("/actions").text, "CR-9")
    which = "the safety plan action for Social landlord, due 20 January 2027, case CR-9"
    assert f"Withdraw {which}" in row and f"Reassign {which}" in row
