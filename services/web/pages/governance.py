"""Information governance's pages, for IG staff only (the audit service's IG
console, each call a view on the access log): searching the audit ledger by
agency, case reference, user id and dates; a subject's history (disclosures,
consent, overrides, refusals) found by one of their cases; the subject access
report, printable and as JSON; the log of disclosures of a period as CSV.

The forms are GET forms: they change nothing, and a search's address can be kept.
Bad input gives the error summary and a message at each field (services.web.forms),
from the web app's own check of the dates or the service's field violations."""

import json
import re
from collections.abc import AsyncIterator
from datetime import date, timedelta

import grpc
from google.protobuf import json_format
from google.protobuf.timestamp_pb2 import Timestamp
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from services.common.contract import timestamp
from services.web.app import Web
from services.web.disclosure_log import csv_streamed
from services.web.forms import WHOLE_FORM, Errors, Field, Form, date_parts, day_sent, moment, text

REFERENCE_WORDS = {"must be a reference": "Enter the case reference as the agency writes it"}
AGENCY_WORDS = {
    "must be an agency id": "Enter the agency id as the hub names it, like local-police"
}
SEARCH = Form(
    {
        "agency_id": Field("agency-id", "Agency id", say=AGENCY_WORDS),
        "case_reference": Field("case-reference", "Case reference", say=REFERENCE_WORDS),
        "user_id": Field(
            "user-id",
            "User id",
            say={"must be a user id": "Enter the user id as their sign-in names them"},
        ),
        "from": Field("from-day", "From date"),
        "until": Field(
            "to-day",
            "To date",
            say={"must be after": "To date must be the same as or after the from date"},
        ),
        "filter": Field(
            "agency-id",
            "Search",
            say={"give": "Enter an agency id, a case reference, a user id or dates"},
        ),
        "page_token": Field(WHOLE_FORM, "Page"),
    }
)
SUBJECT = Form(
    {
        "agency_id": Field("subject-agency-id", "Agency id", "Enter the agency id", AGENCY_WORDS),
        "case_reference": Field(
            "subject-case-reference",
            "Case reference",
            "Enter the agency's case reference",
            REFERENCE_WORDS,
        ),
    },
    not_found=(
        "subject-case-reference",
        "The ledger holds no case of this agency under this reference",
    ),
)
PERIOD = Form(
    {
        "from": Field("from-day", "From date", "Enter the first day of the period"),
        "until": Field(
            "to-day",
            "To date",
            "Enter the last day of the period",
            {"must be after": "To date must be the same as or after the from date"},
        ),
    }
)
# A case reference in a file name: its separators as hyphens.
UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def day_bound(sent: QueryParams, name: str, label: str, after: bool, errors: Errors):
    """A GOV.UK date input as the start of that day in England (of the next day, for
    the last day of a period: it is included); None when left blank or not a date."""
    iso = day_sent(sent, name)
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso) + timedelta(days=1 if after else 0)
    except ValueError:
        errors[f"{name}-day"] = f"{label} must be a real date"
        return None
    return timestamp(moment(day.isoformat(), "00:00"))


def refused_on(form: Form, error: grpc.aio.AioRpcError) -> Errors:
    errors = form.errors(error)
    if errors is None:
        raise error
    return errors


def routes(web: Web) -> list[BaseRoute]:
    def ig(session) -> bool:
        return session.person.is_ig

    def audit():
        assert web.backends.audit is not None, "the web app is built with the audit service"
        return web.backends.audit

    def search_page(request: Request, status: int = 200, **context) -> Response:
        sent = request.query_params
        return web.page(
            request,
            "governance.html",
            status,
            sent=sent,
            since=date_parts(sent, "from"),
            until=date_parts(sent, "to"),
            **{"errors": {}, "subject_errors": {}, **context},
        )

    async def search(request: Request) -> Response:
        sent = request.query_params
        if "search" not in sent:
            return search_page(request)
        errors: Errors = {}
        since = day_bound(sent, "from", "From date", False, errors)
        until = day_bound(sent, "to", "To date", True, errors)
        if errors:
            return search_page(request, 400, errors=errors)
        filters = {
            "agency_id": text(sent, "agency-id", 80),
            "case_reference": text(sent, "case-reference", 80),
            "user_id": text(sent, "user-id", 300),
            "page_token": text(sent, "page", 500),
        }
        if since is not None:
            filters["since"] = since
        if until is not None:
            filters["until"] = until
        try:
            found = await audit().find(request.state.session.token, **filters)
        except grpc.aio.AioRpcError as error:
            return search_page(request, 400, errors=refused_on(SEARCH, error))
        more = dict(sent, page=found.next_page_token) if found.next_page_token else None
        return search_page(request, entries=found.entries, searched=True, more=more)

    def subject_of(request: Request) -> tuple[str, str]:
        sent = request.query_params
        return text(sent, "agency-id", 80), text(sent, "case-reference", 80)

    async def subject(request: Request) -> Response:
        agency_id, reference = subject_of(request)
        try:
            history = await audit().subject_history(
                request.state.session.token, agency_id, reference
            )
        except grpc.aio.AioRpcError as error:
            return search_page(request, 400, subject_errors=refused_on(SUBJECT, error))
        return web.page(
            request, "subject.html", history=history, agency_id=agency_id, reference=reference
        )

    async def report(request: Request) -> Response:
        agency_id, reference = subject_of(request)
        try:
            made = await audit().access_report(request.state.session.token, agency_id, reference)
        except grpc.aio.AioRpcError as error:
            return search_page(request, 400, subject_errors=refused_on(SUBJECT, error))
        if request.url.path.endswith(".json"):
            name = "subject-access-report-" + UNSAFE.sub("-", f"{agency_id}-{reference}")
            return Response(
                json.dumps(json_format.MessageToDict(made), indent=2),
                media_type="application/json",
                headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
            )
        return web.page(
            request, "subject_report.html", report=made, agency_id=agency_id, reference=reference
        )

    def period_page(request: Request, status: int = 200, errors: Errors | None = None):
        sent = request.query_params
        return web.page(
            request,
            "disclosures_log.html",
            status,
            errors=errors or {},
            since=date_parts(sent, "from"),
            until=date_parts(sent, "to"),
        )

    async def disclosures(request: Request) -> Response:
        return period_page(request)

    async def disclosures_csv(request: Request) -> Response:
        sent, errors = request.query_params, {}
        since = day_bound(sent, "from", "From date", False, errors)
        until = day_bound(sent, "to", "To date", True, errors)
        for name, bound, needed in (
            ("from", since, "Enter the first day of the period"),
            ("to", until, "Enter the last day of the period"),
        ):
            if bound is None and f"{name}-day" not in errors:
                errors[f"{name}-day"] = needed
        if errors:
            return period_page(request, 400, errors)
        assert isinstance(since, Timestamp) and isinstance(until, Timestamp)
        pages = audit().disclosure_pages(request.state.session.token, since, until)
        try:
            # The first page before the answer starts: a refusal is still a page.
            first = await anext(pages)
        except grpc.aio.AioRpcError as error:
            return period_page(request, 400, refused_on(PERIOD, error))

        async def every_page() -> AsyncIterator[list]:
            yield first
            async for page in pages:
                yield page

        name = f"{day_sent(sent, 'from')}-to-{day_sent(sent, 'to')}"
        # A page that fails later cuts the download short (the browser says it failed).
        return StreamingResponse(
            csv_streamed(every_page()),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="disclosures-{name}.csv"'},
        )

    return [
        Route("/governance", web.only(ig, search)),
        Route("/governance/subject", web.only(ig, subject)),
        Route("/governance/subject/report", web.only(ig, report)),
        Route("/governance/subject/report.json", web.only(ig, report)),
        Route("/governance/disclosures", web.only(ig, disclosures)),
        Route("/governance/disclosures.csv", web.only(ig, disclosures_csv)),
    ]
