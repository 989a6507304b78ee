"""The partnership figures in a browser (Playwright driving Debian's Chromium) on the
e2e session's stack. The module records incidents of its own in a period no other
test uses (January to March 2020): district ZZ3 busy every month, ZZ1 a little, and
ZZ2 with 3 incidents. The demo's partnership analyst signs in, filters to that
period and sees the KPI tiles, the hotspot map and every other chart with its
table; ZZ2's 3 are suppressed in the page, in every CSV (each the same as its
table) and in the figures service's answer over gRPC. A chair sees the figures but
not the case reviews; other roles neither. Every page passes axe-core's WCAG 2.2
A/AA rules; screenshots go to .local/artefacts/screenshots/."""

import csv
import io
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page

from deploy.local.scenario import play
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import figures_pb2, figures_pb2_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.e2e.test_web import accessible, screenshot, sign_in, url
from tests.people import signed_in

WAIT_SECONDS = 60
# Each district's incidents by month of 2020, and the agency whose case records them.
RECORDED = {
    ("ZZ3", "victim_support"): {1: 9, 2: 7, 3: 6},
    ("ZZ1", "social_landlord"): {1: 5, 2: 5},
    ("ZZ2", "victim_support"): {2: 3},
}
INCIDENTS = sum(n for months in RECORDED.values() for n in months.values())
PERIOD = "from-day=1&from-month=1&from-year=2020&to-day=31&to-month=3&to-year=2020"
START, END = datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 4, 1, tzinfo=UTC)


def figure(stack, name: str, metadata) -> figures_pb2.GetFigureResponse:
    with stack.channel("figures", TEST_CLIENT) as channel:
        return figures_pb2_grpc.FiguresServiceStub(channel).GetFigure(
            figures_pb2.GetFigureRequest(
                name=name, period_start=timestamp(START), period_end=timestamp(END)
            ),
            metadata=metadata,
        )


@pytest.fixture(scope="module")
def recorded(stack):
    """The module's incidents, once the figures count every one of them."""
    stack.processes["web"].wait_serving()
    cases = play(stack.agency_channel).case_references
    for (district, agency), months in RECORDED.items():
        with stack.agency_channel(agency) as channel:
            service = case_grpc.AgencyCaseServiceStub(channel)
            for month, how_many in months.items():
                for day in range(1, how_many + 1):
                    service.RecordIncident(
                        case_pb.RecordIncidentRequest(
                            request_id=str(uuid.uuid4()),
                            case_reference=cases[agency],
                            occurred_at=timestamp(datetime(2020, month, day, 12, tzinfo=UTC)),
                            strands=[vocab.STRAND_RACE if day % 2 else vocab.STRAND_DISABILITY],
                            classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
                            perceived_by=[vocab.PERCEIVER_VICTIM],
                            location_postcode=f"{district} 1AA",
                        )
                    )
    deadline = time.monotonic() + WAIT_SECONDS
    while (
        counted := figure(stack, "incidents_by_agency_and_month", signed_in(stack, "analyst"))
    ).total.value != INCIDENTS:
        assert time.monotonic() < deadline, f"the figures count {counted.total}"
        time.sleep(0.5)
    return stack


def table_rows(page: Page, table_id: str) -> list[list[str]]:
    """A table's rows as the page shows them; a suppressed cell as its mark, [c]."""
    return page.locator(f"#{table_id} tr").evaluate_all(
        """rows => rows.map(row => Array.from(row.querySelectorAll('th, td'), cell =>
             cell.querySelector('abbr') ? cell.querySelector('abbr').textContent
                                        : cell.textContent.trim()))"""
    )


def test_the_analyst_sees_each_chart_with_its_table_and_each_csv_is_that_table(recorded, page):
    stack = recorded
    sign_in(page, stack, "analyst")
    page.wait_for_url(url(stack, "/figures"))  # where an analyst starts
    assert page.get_by_role("link", name="ASB case reviews").is_visible()
    page.get_by_role("group", name="From date (optional)").get_by_label("Day").fill("1")
    page.get_by_role("group", name="From date (optional)").get_by_label("Month").fill("1")
    page.get_by_role("group", name="From date (optional)").get_by_label("Year").fill("2020")
    page.get_by_role("group", name="To date (optional)").get_by_label("Day").fill("31")
    page.get_by_role("group", name="To date (optional)").get_by_label("Month").fill("3")
    page.get_by_role("group", name="To date (optional)").get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Show the figures").click()  # a GET form
    page.wait_for_url(url(stack, "/figures?") + "**")
    assert page.get_by_role("heading", name="Key figures, from 1 January 2020 to 31 March 2020")

    charts = page.locator("svg.app-chart[role=img]")
    assert charts.count() == 11
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator("title").text_content() and chart.locator("desc").text_content()
        section = page.locator("section.app-figure").nth(i)
        assert section.locator("table").count() == 1  # the numbers beside it
    hotspots = table_rows(page, "incidents-by-district-and-month-table")
    assert hotspots[0] == [
        "district / month",
        "January 2020",
        "February 2020",
        "March 2020",
        "total",
    ]
    by_district = {row[0]: row[1:] for row in hotspots[1:]}
    assert by_district["ZZ3"] == ["9", "7", "6", "22"]
    assert by_district["ZZ2"][1] == "[c]" and by_district["ZZ2"][3] == "[c]"
    assert "3" not in by_district["ZZ2"]
    hatched = page.locator("#incidents-by-district-and-month svg text", has_text="[c]")
    assert hatched.count() >= 2  # the map marks them too, with no number

    sections = page.locator("section.app-figure").all()
    for section in sections:  # each link's CSV, fetched as the signed-in analyst
        name = section.get_attribute("id")
        link = section.get_by_role("link", name="Download this figure as CSV")
        got = page.request.get(urljoin(page.url, link.get_attribute("href")))
        assert got.status == 200, name
        filename = f"{name.replace('-', '_')}.csv"
        assert got.headers["content-disposition"] == f'attachment; filename="{filename}"'
        assert list(csv.reader(io.StringIO(got.text()))) == table_rows(page, f"{name}-table")
    # The browser saves one as a download (one only: after a few in a row, Chromium may
    # hold the next until the user allows the site many downloads).
    with page.expect_download() as download:
        sections[0].get_by_role("link", name="Download this figure as CSV").click()
    name = sections[0].get_attribute("id")
    assert download.value.suggested_filename == f"{name.replace('-', '_')}.csv"
    with open(download.value.path(), newline="") as f:
        assert list(csv.reader(f)) == table_rows(page, f"{name}-table")
    accessible(page)
    screenshot(page, "figures")


def test_three_incidents_in_a_district_are_suppressed_in_the_page_the_csv_and_the_api(
    recorded, page
):
    stack = recorded
    api = figure(stack, "incidents_by_district_and_month", signed_in(stack, "analyst"))
    (zz2,) = [row for row in api.rows if row.label == "ZZ2"]
    assert zz2.total.suppressed and all(c.suppressed or c.value == 0 for c in zz2.cells)
    assert any(c.suppressed for c in zz2.cells)
    sign_in(page, stack, "analyst")
    page.wait_for_url(url(stack, "/figures"))
    download = page.request.get(
        url(stack, f"/figures/incidents_by_district_and_month.csv?{PERIOD}")
    )
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(download.text()))}
    assert rows["ZZ2"] == ["0", "[c]", "0", "[c]"]
    page.goto(url(stack, f"/figures?{PERIOD}"))
    shown = {r[0]: r[1:] for r in table_rows(page, "incidents-by-district-and-month-table")}
    assert shown["ZZ2"] == rows["ZZ2"]


def test_the_case_reviews_are_for_analysts_and_the_figures_for_analysts_and_chairs(
    recorded, page, browser
):
    stack = recorded
    sign_in(page, stack, "analyst")
    page.wait_for_url(url(stack, "/figures"))
    page.get_by_role("link", name="ASB case reviews").click()
    page.wait_for_url(url(stack, "/figures/case-reviews"))
    assert page.get_by_role("heading", name="ASB case reviews").is_visible()
    accessible(page)
    screenshot(page, "case-reviews")
    for username, allowed in (
        ("chair", {"/figures", "/figures/response_times.csv"}),
        ("ig", set()),
        ("police-rep", set()),
    ):
        context = browser.new_context(ignore_https_errors=True)
        other = context.new_page()
        sign_in(other, stack, username)
        other.wait_for_url(lambda address: "/sign-in" not in address)
        for path in ("/figures", "/figures/response_times.csv", "/figures/case-reviews"):
            response = other.request.get(url(stack, path))
            if path in allowed:
                assert response.status == 200, (username, path)
            else:
                assert response.status == 403, (username, path)
                assert "You cannot see this page" in response.text()
        if "/figures" in allowed:
            other.goto(url(stack, "/agenda"))
            other.get_by_role("link", name="Partnership figures").click()
            other.wait_for_url(url(stack, "/figures"))
        context.close()


def test_bad_filters_get_the_error_summary_and_the_message_at_each_field(recorded, page):
    stack = recorded
    sign_in(page, stack, "analyst")
    page.wait_for_url(url(stack, "/figures"))
    response = page.goto(
        url(
            stack,
            "/figures?from-day=2&from-month=3&from-year=2020&to-day=1&to-month=3&to-year=2020",
        )
    )
    assert response.status == 400
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert summary.get_by_role(
        "link", name="To date must be the same as or after the from date"
    ).is_visible()
    assert page.title().startswith("Error: ")
    accessible(page)
    screenshot(page, "figures-errors")
