"""The partnership's figures, for partnership analysts and MARAC chairs: the KPI
tiles, the hotspots by postcode district and month, the trends and every other
figure the figures service publishes, each as a chart with its table and a CSV
download of the same rows; and the ASB case reviews, for analysts only.

Every number comes from marac.v1.FiguresService, asked with the person's token on
each page: small numbers are suppressed there, and the page and its CSV show a
suppressed count as [c]. The filters (period, strands, agencies) are a GET form:
they change nothing, and a page's address, or a CSV's, can be kept."""

import asyncio
import csv
import io
from datetime import date, datetime, timedelta

import grpc
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from marac.v1 import figures_pb2
from services.common.contract import timestamp
from services.common.working_days import ENGLAND
from services.web import vocabulary
from services.web.app import Web
from services.web.figure_views import bar_chart, heat_map, in_words, rows_of, tiles
from services.web.forms import Errors, Field, Form, date_parts, moment
from services.web.pages.governance import day_bound, refused_on
from services.web.spreadsheets import cell

HOTSPOTS = "incidents_by_district_and_month"
TRENDS = ("incidents_by_strand_and_month", "incidents_by_agency_and_month", "repeat_victims")
OTHERS = (
    "response_times",
    "enforcement_actions",
    "satisfaction_at_closure",
    "incidents_by_nature_and_source",
    "incidents_by_source_and_agency",
    "marac_discussions",
    "marac_referrals",
)
SHOWN = (HOTSPOTS, *TRENDS, *OTHERS)
STRANDS = vocabulary.choices(vocabulary.STRAND)
AGENCIES = vocabulary.choices(vocabulary.AGENCY_KIND)
MONTHS_SHOWN = 12  # with no period given: this month and the eleven before it
FILTERS = Form(
    {
        "period_start": Field("from-day", "From date"),
        "period_end": Field(
            "to-day",
            "To date",
            say={"must be after": "To date must be the same as or after the from date"},
        ),
        "strands": Field("strand", "Strands", say={"must": "Select strands from the list"}),
        "agencies": Field("agency", "Agencies", say={"must": "Select agencies from the list"}),
    }
)


def first_of_month(months_before: int, today: date) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months_before, 12)
    return date(year, month + 1, 1)


def chosen(sent: QueryParams, name: str, known: list[tuple[int, str]], errors: Errors) -> list:
    """The ticked values of a checkbox list; the field's message at it for a value
    not in the list."""
    numbers = {n for n, _ in known}
    values = [v for v in sent.getlist(name) if v]
    if len(values) > len(numbers) or not all(v.isdigit() and int(v) in numbers for v in values):
        field = next(f for f in FILTERS.fields.values() if f.id == name)
        errors[name] = field.message("must")
        return []
    return sorted({int(v) for v in values})


def figure_request(sent: QueryParams, today: date) -> tuple[dict, Errors]:
    """GetFigureRequest's filters from the form (the name apart), and its errors.
    With no dates, the twelve months to today."""
    errors: Errors = {}
    start = day_bound(sent, "from", "From date", False, errors)
    end = day_bound(sent, "to", "To date", True, errors)
    if start is None and end is None and not errors:
        start = timestamp(moment(first_of_month(MONTHS_SHOWN - 1, today).isoformat(), "00:00"))
    strands = chosen(sent, "strand", STRANDS, errors)
    agencies = chosen(sent, "agency", AGENCIES, errors)
    fields: dict = {"strands": strands, "agencies": agencies}
    if start is not None:
        fields["period_start"] = start
    if end is not None:
        fields["period_end"] = end
    return fields, errors


def period_words(fields: dict) -> str:
    """The period as people write it: the last day is the one before period_end."""

    def day(stamp, last: bool) -> str:
        local = datetime.fromtimestamp(stamp.seconds, ENGLAND) - timedelta(days=last)
        return local.strftime("%-d %B %Y")

    start, end = fields.get("period_start"), fields.get("period_end")
    since = f"from {day(start, False)}" if start is not None else "from the first records"
    until = f"to {day(end, True)}" if end is not None else "to today"
    return f"{since} {until}"


def routes(web: Web) -> list[BaseRoute]:
    def figures_for(session) -> bool:
        return session.person.is_analyst or session.person.is_chair

    def analysts(session) -> bool:
        return session.person.is_analyst

    def service():
        assert web.backends.figures is not None, "the web app is built with the figures service"
        return web.backends.figures

    def form_page(request: Request, status: int, errors: Errors, **context) -> Response:
        sent = request.query_params
        return web.page(
            request,
            "figures.html",
            status,
            errors=errors,
            since=date_parts(sent, "from"),
            until=date_parts(sent, "to"),
            strands=[(n, w, str(n) in sent.getlist("strand")) for n, w in STRANDS],
            agencies=[(n, w, str(n) in sent.getlist("agency")) for n, w in AGENCIES],
            query=str(request.url.query),
            **context,
        )

    async def published(request: Request, names) -> tuple[dict | None, dict, Response | None]:
        """The named figures as published, or the form again with its errors."""
        fields, errors = figure_request(request.query_params, datetime.now(ENGLAND).date())
        if errors:
            return None, fields, form_page(request, 400, errors)
        token = request.state.session.token
        try:
            tables = await asyncio.gather(
                *(
                    service().figure(token, figures_pb2.GetFigureRequest(name=name, **fields))
                    for name in names
                )
            )
        except grpc.aio.AioRpcError as error:
            return None, fields, form_page(request, 400, refused_on(FILTERS, error))
        return dict(zip(names, tables, strict=True)), fields, None

    async def page(request: Request) -> Response:
        tables, fields, refused = await published(request, SHOWN)
        if refused is not None:
            return refused
        assert tables is not None
        sections = [
            {
                "name": name,
                "table": rows_of(in_words(tables[name])),
                "chart": heat_map(tables[name]) if name == HOTSPOTS else bar_chart(tables[name]),
            }
            for name in SHOWN
        ]
        return form_page(
            request,
            200,
            {},
            tiles=tiles(
                tables["response_times"],
                tables["repeat_victims"],
                tables["satisfaction_at_closure"],
                tables["enforcement_actions"],
                tables["marac_discussions"],
                tables["marac_referrals"],
            ),
            hotspots=sections[0],
            trends=sections[1 : 1 + len(TRENDS)],
            others=sections[1 + len(TRENDS) :],
            period=period_words(fields),
            threshold=tables[HOTSPOTS].threshold,
        )

    async def download(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in SHOWN:
            return web.problem(request, 404, "Page not found", "There is no such figure.")
        tables, _, refused = await published(request, (name,))
        if refused is not None:
            return refused
        assert tables is not None
        out = io.StringIO()
        csv.writer(out).writerows(
            [cell(value) for value in row] for row in rows_of(in_words(tables[name]))
        )
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )

    async def case_reviews(request: Request) -> Response:
        reviews = await service().case_reviews(request.state.session.token)
        return web.page(request, "case_reviews.html", reviews=reviews)

    return [
        Route("/figures", web.only(figures_for, page)),
        Route("/figures/case-reviews", web.only(analysts, case_reviews)),
        Route("/figures/{name}.csv", web.only(figures_for, download)),
    ]
