"""The partnership figures' pages without a browser or services: the app in process
over the figures' own application service in memory (services.figures.application,
records made here), so every number is published as the figures service publishes
it. The charts are SVG with a title, a description and the table's numbers; a
suppressed count is [c] in the chart, the table and the CSV, never a number; the
KPI tiles use published counts only; bad filters get the error summary; only
analysts and chairs see the figures, only analysts the case reviews."""

import csv
import io
import logging
import re
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from grpc.aio import Metadata
from grpc_status import rpc_status
from itsdangerous import Signer
from starlette.testclient import TestClient

from figures.cells import RecordsSource
from figures.records import INCIDENT, FigureRecord
from figures.suppression import PublishedTable
from marac.v1 import figures_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.common.grpc_errors import bad_request_status
from services.common.grpc_requests import optional_moment
from services.common.validation import InvalidRequest
from services.figures.application import FigureQuery, PartnershipFigures
from services.web import problems
from services.web.app import COOKIE, Web, create_app, templates
from services.web.backends import Backends
from services.web.figure_views import bar_chart, heat_map, tiles, words
from services.web.pages import AREAS
from services.web.refusals import WebRefusals
from services.web.sessions import Person, Sessions
from services.web.settings import DEFAULT_ASSETS
from tests.unit.test_access_log import Log

ANALYST = Person("usr_analyst", "analyst")
CHAIR = Person("usr_chair", "chair")
JANUARY = datetime(2020, 1, 15, 12, tzinfo=UTC)
FEBRUARY = datetime(2020, 2, 15, 12, tzinfo=UTC)
PERIOD = "from-day=1&from-month=1&from-year=2020&to-day=29&to-month=2&to-year=2020"


def incidents(district: str, at: datetime, how_many: int, start: int) -> list[FigureRecord]:
    return [
        FigureRecord(
            "local-police",
            start + i,
            vocab.AGENCY_KIND_POLICE,
            INCIDENT,
            "POL-1",
            at,
            subject_key=f"subject-{start + i}",
            district=district,
            strands=(vocab.STRAND_RACE,),
            nature="incident",
            source=vocab.REPORT_SOURCE_VICTIM,
        )
        for i in range(how_many)
    ]


# ZZ1: 9 and 8; ZZ2: 3 in January only (suppressed, with what would give it away).
RECORDS = (
    incidents("ZZ1", JANUARY, 9, 0)
    + incidents("ZZ1", FEBRUARY, 8, 100)
    + incidents("ZZ2", JANUARY, 3, 200)
)


class InMemoryFigures:
    """The figures service's answers, from the application service over RECORDS."""

    def __init__(self):
        self._figures = PartnershipFigures(RecordsSource(RECORDS), threshold=5)

    async def figure(self, token: str, request: figures_pb2.GetFigureRequest) -> PublishedTable:
        query = FigureQuery(
            request.name,
            optional_moment(request, "period_start"),
            optional_moment(request, "period_end"),
            list(request.strands),
            list(request.agencies),
        )
        try:
            return self._figures.figure(query)
        except InvalidRequest as refused:  # as the gRPC adapter answers it
            status = rpc_status.to_status(bad_request_status(refused.violations, "bad"))
            raise grpc.aio.AioRpcError(
                status.code, Metadata(), Metadata(*status.trailing_metadata), status.details
            ) from None

    async def case_reviews(self, token: str) -> list:
        return [figures_pb2.CaseReview(postcode_district="ZZ1", people=3)]


def browser(person: Person) -> TestClient:
    sessions = Sessions(timedelta(minutes=15), timedelta(minutes=5))
    signer = Signer("a key for this test only")
    logger = logging.getLogger("test-web-figures")
    backends = Backends(None, None, None, figures=InMemoryFigures())  # type: ignore[arg-type]
    web = Web(backends, sessions, signer, templates(), WebRefusals(Log(), "web", logger))
    app = create_app(web, DEFAULT_ASSETS, AREAS, problems.handlers(web, logger))
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    session = sessions.sign_in(None, person, "token", datetime.now(UTC) + timedelta(hours=1))
    client.cookies.set(COOKIE, signer.sign(session.session_id).decode())
    return client


def hotspot_rows(html: str) -> list[list[str]]:
    """The hotspot table's rows as shown (header cells and cells, tags dropped)."""
    table = html.split('id="incidents-by-district-and-month-table"')[1].split("</table>")[0]
    cells = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
    return [
        [re.sub(r"<[^>]+>|\s+suppressed", "", c).strip() for c in cells.findall(row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


@pytest.mark.parametrize("person", [ANALYST, CHAIR], ids=["analyst", "chair"])
def test_the_figures_page_draws_each_chart_with_its_table_and_the_csv_is_the_table(person):
    client = browser(person)
    page = client.get(f"/figures?{PERIOD}")
    assert page.status_code == 200
    html = page.text
    assert html.count('<svg class="app-chart"') == 11 and html.count("<desc id=") == 11
    shown = hotspot_rows(html)
    assert shown[0] == ["district / month", "January 2020", "February 2020", "total"]
    zz1, zz2 = shown[1], shown[2]
    assert zz2[0] == "ZZ2" and zz2[1] == "[c]" and zz2[3] == "[c]"
    # The 3 are nowhere on the page as a count of ZZ2, and neither is anything that
    # gives them away (January's total with ZZ1's January).
    assert "3" not in zz2 and not {zz1[1], shown[3][1]} <= {"9", "12"}
    download = client.get(f"/figures/incidents_by_district_and_month.csv?{PERIOD}")
    assert download.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(download.text))) == shown


def test_a_suppressed_count_is_drawn_as_suppressed_never_as_a_bar_or_a_number():
    table = PublishedTable(
        "Incidents by agency and month", "agency", "month", ("police",),
        ("2020-01", "2020-02"), ((None, 7),), (None,), (None, 7), None, 5,
    )  # fmt: skip
    chart = bar_chart(table)
    january, february = chart.bars
    assert (january.label, january.value, january.width, january.text) == (
        "January 2020",
        None,
        0,
        "suppressed",
    )
    assert february.value == 7 and february.width > 0
    assert "January 2020: suppressed; February 2020: 7" in chart.description
    heat = heat_map(table)
    assert [cell.text for cell in heat.rows[0].cells] == ["[c]", "7"]
    assert "1 cells are suppressed" in heat.description


def test_a_tile_that_needs_a_suppressed_count_says_so_and_the_others_are_shares():
    def table(rows, columns, cells, total) -> PublishedTable:
        row_totals = tuple(None if None in r else sum(r) for r in cells)
        column_totals = tuple(None if None in c else sum(c) for c in zip(*cells, strict=True))
        return PublishedTable(
            "t", "r", "c", rows, columns, cells, row_totals, column_totals, total, 5
        )

    responses = table(
        ("acknowledgement", "risk_assessment"),
        ("within one working day", "one working day late"),
        ((8, 2), (None, None)),
        None,
    )
    empty = table((), (), (), 0)
    shown = {t.label: t for t in tiles(responses, empty, empty, empty, empty, empty)}
    assert shown["Acknowledged within one working day"].value == "80%"
    assert shown["Acknowledged within one working day"].detail == "8 of 10 acknowledgements"
    assert shown["Triaged (risk assessed) within one working day"].value == "Suppressed"
    assert shown["Enforcement actions"].value == "0"
    # Nothing counted: a dash, never the word "None".
    assert shown["Repeat victims"].value == "\u2014"
    assert shown["Repeat victims"].detail == "No victims by month in the period"


def test_the_page_shows_a_share_of_nothing_as_a_dash_not_none():
    html = (
        browser(ANALYST)
        .get("/figures?from-day=1&from-month=1&from-year=2019&to-day=31&to-month=1&to-year=2019")
        .text
    )
    tile = re.search(r"Repeat victims</h3>\s*<p[^>]*>([^<]*)</p>\s*<p[^>]*>([^<]*)</p>", html)
    assert tile is not None and tile.groups() == ("\u2014", "No victims by month in the period")
    assert ">None<" not in html


def test_labels_are_shown_in_words_and_districts_as_written():
    assert words("2026-03") == "March 2026"
    assert words("social_landlord") == "Social landlord"
    assert words("L4") == "L4" and words("2026-Q1") == "2026-Q1" and words("5") == "5"


def test_bad_filters_get_the_error_summary_and_a_message_at_the_field():
    client = browser(ANALYST)
    page = client.get("/figures?from-day=31&from-month=2&from-year=2020&strand=99")
    assert page.status_code == 400
    assert "There is a problem" in page.text
    assert "From date must be a real date" in page.text
    assert "Select strands from the list" in page.text
    assert 'class="app-chart"' not in page.text
    later = client.get(
        "/figures?from-day=2&from-month=2&from-year=2020&to-day=1&to-month=2&to-year=2020"
    )
    assert later.status_code == 400
    assert "To date must be the same as or after the from date" in later.text


def test_only_analysts_and_chairs_see_the_figures_and_only_analysts_the_case_reviews():
    ig = browser(Person("usr_ig", "ig"))
    representative = browser(Person("usr_rep", "representative", "police", "local-police"))
    for client in (ig, representative):
        for path in ("/figures", "/figures/response_times.csv", "/figures/case-reviews"):
            refused = client.get(path)
            assert refused.status_code == 403 and "You cannot see this page" in refused.text
    assert browser(CHAIR).get("/figures/case-reviews").status_code == 403
    reviews = browser(ANALYST).get("/figures/case-reviews")
    assert reviews.status_code == 200 and "Postcode district ZZ1: 3 people" in reviews.text
    assert browser(ANALYST).get("/figures/no_such_figure.csv").status_code == 404
