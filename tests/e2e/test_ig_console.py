"""The IG console over the running stack. After the scenario (a subject of this
module's own), a chair's agenda and agenda item, the item opened for a meeting
whose agenda closed with the subject on it, a representative's case view and a
chair refused a case, the subject access report over gRPC lists exactly the
disclosures those calls caused (the ids RiskView returned) and no other subject's,
with the subject's cases, consent and the refusal; the log of disclosures of the
period and a search by user id find them too. In a browser an IG person searches,
opens the subject's history, the printable report and its JSON, downloads the
disclosures log as CSV, and gets the error summary for bad input; every page
passes axe-core's WCAG 2.2 A/AA rules; a chair is refused the IG pages."""

import csv
import dataclasses
import io
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import jwt
import pytest
from playwright.sync_api import Page

from deploy.local.agreements import TITLE, standard_agreement
from deploy.local.scenario import Victim, play
from marac.v1 import (
    agreements_pb2_grpc,
    audit_pb2,
    audit_pb2_grpc,
    meeting_pb2,
    meeting_pb2_grpc,
    riskview_pb2,
    riskview_pb2_grpc,
)
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from services.common.working_days import ENGLAND
from tests.e2e.test_meetings import AREA
from tests.e2e.test_web import accessible, screenshot, sign_in, url
from tests.e2e.test_web_meetings import errors_shown, fill_date
from tests.people import handle_of, own_case_view, signed_in

SUBJECT = Victim(given_name="Ottoline", family_name="Brackwater")
POLICE = "local-police"
WAIT_SECONDS = 60


def user_id_of(metadata) -> str:
    token = dict(metadata)["authorization"].removeprefix("Bearer ")
    return jwt.decode(token, options={"verify_signature": False})["sub"]


@dataclasses.dataclass
class Caused:
    police_case: str
    match_key: str
    handle: str
    disclosure_ids: set[str]  # as RiskView returned them
    chairs: set[str]  # of those, the chair's
    began: datetime
    meeting_id: str  # the meeting the chair opened the subject's item for


def agenda_closed(stack, chair) -> str:
    """A meeting scheduled now, its agenda closed at a cut-off a moment later."""
    with stack.channel("marac", TEST_CLIENT) as channel:
        meetings = meeting_pb2_grpc.MeetingServiceStub(channel)
        scheduled = meetings.ScheduleMeeting(
            meeting_pb2.ScheduleMeetingRequest(
                request_id=str(uuid.uuid4()),
                date=(datetime.now(ENGLAND).date() + timedelta(days=7)).isoformat(),
                area=AREA,
                agenda_cutoff=timestamp(datetime.now(UTC) + timedelta(seconds=2)),
            ),
            metadata=chair, timeout=20,
        ).meeting  # fmt: skip
        deadline = time.monotonic() + WAIT_SECONDS
        while meetings.GetMeeting(
            meeting_pb2.GetMeetingRequest(meeting_id=scheduled.meeting_id), metadata=chair,
            timeout=20,
        ).meeting.stage != meeting_pb2.MEETING_STAGE_AGENDA_CLOSED:  # fmt: skip
            assert time.monotonic() < deadline, "the meeting's agenda never closed"
            time.sleep(0.5)
        return scheduled.meeting_id


@pytest.fixture(scope="module")
def caused(stack) -> Caused:
    """The scenario for a subject of the module's own, then the views and the refusal."""
    began = datetime.now(UTC)
    victim = dataclasses.replace(SUBJECT, family_name=f"Brackwater-{uuid.uuid4().hex[:8]}")
    played = play(stack.agency_channel, victim)
    match_key = stack.match_key(played.subject)
    handle = handle_of(stack, match_key)
    police_case = played.case_references["police"]
    chair = signed_in(stack, "chair")
    ids: set[str] = set()
    with stack.channel("riskview", TEST_CLIENT) as channel:
        view = riskview_pb2_grpc.RiskViewServiceStub(channel)
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            agenda = view.ListAgenda(riskview_pb2.ListAgendaRequest(page_size=200), metadata=chair)
            mine = [d for i, d in zip(agenda.items, agenda.disclosure_ids, strict=True)
                    if i.handle == handle]  # fmt: skip
            ids.update(mine)
            if mine:
                break
            assert time.monotonic() < deadline, "the subject never reached the agenda"
            time.sleep(0.5)
        item = view.GetAgendaItem(riskview_pb2.GetAgendaItemRequest(handle=handle), metadata=chair)
        ids.add(item.disclosure_id)
        # A meeting whose agenda closes with the subject on it, and the item opened for it.
        meeting_id = agenda_closed(stack, chair)
        at_meeting = view.GetAgendaItem(
            riskview_pb2.GetAgendaItemRequest(handle=handle, meeting_id=meeting_id), metadata=chair
        )
        ids.add(at_meeting.disclosure_id)
        chairs = set(ids)
        case = own_case_view(view, stack, "police-rep", police_case, WAIT_SECONDS)
        if case.disclosure_id:
            ids.add(case.disclosure_id)
        with pytest.raises(grpc.RpcError) as refused:
            view.GetCaseView(
                riskview_pb2.GetCaseViewRequest(case_reference=police_case), metadata=chair
            )
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    return Caused(police_case, match_key, handle, ids, chairs, began, meeting_id)


@pytest.fixture(scope="module")
def audit(stack):
    stack.processes["audit"].wait_serving()
    with stack.channel("audit", TEST_CLIENT) as channel:
        yield audit_pb2_grpc.AuditServiceStub(channel)


def report_of(stack, audit, caused: Caused) -> audit_pb2.SubjectAccessReport:
    """The subject's report once the ledger holds every disclosure caused."""
    request = audit_pb2.GetSubjectAccessReportRequest(
        agency_id=POLICE, case_reference=caused.police_case
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        report = audit.GetSubjectAccessReport(request, metadata=signed_in(stack, "ig")).report
        found = {d.disclosure_id for d in report.history.disclosures}
        if found >= caused.disclosure_ids and report.history.refusals:
            return report
        assert time.monotonic() < deadline, "the ledger never held the disclosures"
        time.sleep(0.5)


def test_the_subject_access_report_lists_every_disclosure_caused_and_nothing_else(
    stack, audit, caused
):
    report = report_of(stack, audit, caused)
    history = report.history
    ids = [d.disclosure_id for d in history.disclosures]
    assert sorted(ids) == sorted(caused.disclosure_ids)  # each once, none of anyone else
    assert {d.subject_key for d in history.disclosures} == {caused.match_key}
    assert caused.meeting_id in {d.meeting_id for d in history.disclosures}
    assert (POLICE, caused.police_case) in {(c.agency_id, c.case_reference) for c in history.cases}
    assert len(history.cases) >= 4 and history.consents
    refused = [r for r in history.refusals if r.case_reference == caused.police_case]
    assert refused and refused[0].method.endswith("/GetCaseView")
    assert report.ledger_entries > 0 and len(report.ledger_head) == 64
    assert "Brackwater" not in str(report) and SUBJECT.given_name not in str(report)
    # By the subject's agenda handle: the same disclosures, and the chair's opening of
    # the item among the views.
    by_handle = audit.GetSubjectAccessReport(
        audit_pb2.GetSubjectAccessReportRequest(handle=caused.handle),
        metadata=signed_in(stack, "ig"),
    ).report
    assert sorted(d.disclosure_id for d in by_handle.history.disclosures) == sorted(ids)
    views = {v.method.rsplit("/", 1)[-1] for v in by_handle.history.views}
    assert {"GetAgendaItem", "GetCaseView"} <= views


def test_the_disclosures_log_and_a_user_search_find_the_disclosures(stack, audit, caused):
    report_of(stack, audit, caused)
    ig = signed_in(stack, "ig")
    since, until = timestamp(caused.began), timestamp(datetime.now(UTC) + timedelta(seconds=1))
    listed, page_token = [], ""
    while True:
        request = audit_pb2.ListDisclosuresRequest(until=until, page_size=50, page_token=page_token)
        getattr(request, "from").CopyFrom(since)
        answer = audit.ListDisclosures(request, metadata=ig)
        listed += [d.disclosure_id for d in answer.disclosures]
        page_token = answer.next_page_token
        if not page_token:
            break
    assert caused.disclosure_ids <= set(listed)
    search = audit_pb2.FindEntriesRequest(
        user_id=user_id_of(signed_in(stack, "chair")), page_size=200
    )
    getattr(search, "from").CopyFrom(since)
    found = audit.FindEntries(search, metadata=ig).entries
    assert caused.chairs <= {e.disclosure_id for e in found if e.kind == "disclosure"}
    with pytest.raises(grpc.RpcError) as refused:
        audit.FindEntries(search, metadata=signed_in(stack, "chair"))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as bad:
        audit.FindEntries(audit_pb2.FindEntriesRequest(agency_id="Jane Doe"), metadata=ig)
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "Jane" not in bad.value.details()


def test_an_ig_person_uses_the_console_pages(stack, audit, caused, page: Page):
    report_of(stack, audit, caused)
    sign_in(page, stack, "ig")
    page.wait_for_url(url(stack, "/governance"))
    accessible(page)
    screenshot(page, "ig-search")

    page.get_by_label("Case reference (optional)").fill(caused.police_case)
    page.get_by_role("button", name="Search").click()
    page.get_by_text("Entries found, newest first").wait_for()
    assert "Case event: case opened" in page.inner_text("main")
    accessible(page)
    screenshot(page, "ig-search-results")

    page.goto(url(stack, "/governance"))
    page.locator("#subject-agency-id").fill(POLICE)
    page.locator("#subject-case-reference").fill(caused.police_case)
    page.get_by_role("button", name="Show the subject's history").click()
    page.get_by_role("heading", name="The subject's history").wait_for()
    shown = page.inner_text("main")
    assert all(d in shown for d in caused.disclosure_ids)
    assert "GetCaseView" in shown and "Refused by service" in shown  # the chair, by RiskView
    assert caused.match_key not in page.content() and "Brackwater" not in page.content()
    accessible(page)
    screenshot(page, "ig-subject-history")

    page.get_by_role("link", name="Subject access report (printable)").click()
    page.get_by_role("heading", name="Subject access report").wait_for()
    accessible(page)
    screenshot(page, "ig-subject-access-report")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-header").is_visible()
    screenshot(page, "ig-subject-access-report-print")
    page.emulate_media(media="screen")
    download = page.request.get(
        url(stack, f"/governance/subject/report.json?agency-id={POLICE}"
                   f"&case-reference={caused.police_case}")
    )  # fmt: skip
    assert download.headers["content-type"] == "application/json"
    assert "attachment" in download.headers["content-disposition"]
    report = json.loads(download.text())
    assert {d["disclosureId"] for d in report["history"]["disclosures"]} == caused.disclosure_ids


def test_the_disclosures_log_downloads_as_csv_and_bad_input_is_shown(stack, audit, caused, page):
    report_of(stack, audit, caused)
    sign_in(page, stack, "ig")
    page.wait_for_url(url(stack, "/governance"))
    page.get_by_role("link", name="Log of disclosures").click()
    page.get_by_role("heading", name="Log of disclosures").wait_for()
    accessible(page)
    screenshot(page, "ig-disclosures-log")

    page.get_by_role("button", name="Download the log (CSV)").click()
    assert errors_shown(page) == {
        "#from-day": "Enter the first day of the period",
        "#to-day": "Enter the last day of the period",
    }
    accessible(page)
    screenshot(page, "ig-disclosures-log-errors")

    today = datetime.now(ENGLAND).date()
    fill_date(page, "from", today - timedelta(days=1))
    fill_date(page, "to", today)
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download the log (CSV)").click()
    text = downloading.value.path().read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert caused.disclosure_ids <= {r["disclosure id"] for r in rows}
    assert "Brackwater" not in text and caused.match_key not in text

    page.goto(url(stack, "/governance"))
    page.get_by_label("Agency id (optional)").fill("Not An Agency")
    page.locator("#from-day").fill("31")
    page.locator("#from-month").fill("2")
    page.locator("#from-year").fill("2026")
    page.get_by_role("button", name="Search").click()
    assert errors_shown(page) == {"#from-day": "From date must be a real date"}
    page.locator("#from-day").fill("")
    page.locator("#from-month").fill("")
    page.locator("#from-year").fill("")
    page.get_by_role("button", name="Search").click()
    assert errors_shown(page) == {
        "#agency-id": "Enter the agency id as the hub names it, like local-police"
    }
    assert "Not An Agency" not in page.locator(".govuk-error-summary").inner_text()
    accessible(page)
    screenshot(page, "ig-search-errors")


def test_an_ig_person_sees_the_agreements_due_for_review_and_every_agreement(stack, page):
    """An agreement of the standard's terms that began 400 days ago and is due for
    review today (it shares nothing the standard does not)."""
    today = datetime.now(ENGLAND).date()
    due = standard_agreement(stack, datetime.now(UTC) - timedelta(days=400))
    due.request_id = str(uuid.uuid4())
    due.title = f"Review test agreement {due.request_id[:8]}"
    due.starts_at.CopyFrom(timestamp(datetime.now(UTC) - timedelta(days=400)))
    due.review_date = today.isoformat()
    with stack.channel("audit", TEST_CLIENT) as channel:
        register = agreements_pb2_grpc.AgreementServiceStub(channel)
        register.RecordAgreement(due, metadata=signed_in(stack, "ig"), timeout=30)
    sign_in(page, stack, "ig")
    page.wait_for_url(url(stack, "/governance"))
    page.get_by_role("link", name="Data-sharing agreements").click()
    page.get_by_role("heading", name="Due for review", exact=True).wait_for()
    due_table = page.get_by_role("table", name="Agreements due for review").inner_text()
    assert due.title in due_table and TITLE not in due_table  # the standard is due next year
    card = page.locator(".govuk-summary-card", has_text=due.title)
    assert "Due for review" in card.inner_text()
    assert page.locator(".govuk-summary-card", has_text=TITLE).count() >= 1
    accessible(page)
    screenshot(page, "ig-agreements")


def test_a_chair_cannot_see_the_ig_pages(stack, page):
    sign_in(page, stack, "chair")
    page.wait_for_url(url(stack, "/agenda"))
    for path in (
        "/governance",
        "/governance/disclosures",
        "/governance/subject/report.json",
        "/governance/agreements",
    ):
        response = page.goto(url(stack, path))
        assert response.status == 403, path
        assert page.get_by_role("heading", name="You cannot see this page").is_visible()
    assert not page.get_by_role("link", name="Log of disclosures").count()
