"""A MARAC chair's pages: the agenda (the subjects eligible for MARAC, with the
reasons naming the agencies), the partnership's or, with areas configured, one
area's (a GET form: choosing an area changes nothing, and the address can be kept),
and a subject's risk card, opened from here or from a meeting's agenda. Both come
from RiskView, which records each as a disclosure to the chair (for the meeting,
when it is opened from one)."""

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from services.web.app import Web
from services.web.pages.contributions import shown
from shared_view.areas import Areas

AREA_FIELD = "area"
NOT_AN_AREA = "Select an area from the list"
NUMBERED = re.compile(r"([A-Z]+)([0-9]+)(.*)")


def in_order(districts: Iterable[str]) -> str:
    """An area's districts as people list them: L4, L5, L17."""

    def order(district: str) -> tuple:
        letters, number, rest = NUMBERED.fullmatch(district).groups()  # type: ignore[union-attr]
        return letters, int(number), rest

    return ", ".join(sorted(districts, key=order))


def area_choices(areas: Areas) -> list[tuple[str, str]]:
    """Each configured area's code and its districts, by code (none configured: [])."""
    return [(code, in_order(found)) for code, found in sorted(areas.districts.items())]


def routes(web: Web) -> list[BaseRoute]:
    def chair(session) -> bool:
        return session.person.is_chair

    def area_asked(request: Request) -> str:
        """The area chosen (its code), "" for the partnership; with none configured
        any area asked is ignored, as RiskView ignores it."""
        return request.query_params.get(AREA_FIELD, "") if web.areas.configured else ""

    async def agenda(request: Request) -> Response:
        session = request.state.session
        area = area_asked(request)
        areas = area_choices(web.areas)
        if area and not web.areas.knows(area):
            # Not one of the list's (an address typed or kept from an earlier setting).
            return web.page(
                request,
                "agenda.html",
                400,
                areas=areas,
                area="",
                errors={AREA_FIELD: NOT_AN_AREA},
            )
        page_token = request.query_params.get("page", "")
        listed = await web.backends.riskview.agenda(session.token, page_token, area)
        return web.page(
            request,
            "agenda.html",
            areas=areas,
            area=area,
            errors={},
            items=listed.items,
            next_page=listed.next_page_token,
            first_page=not page_token,
        )

    async def risk_card(request: Request) -> Response:
        session = request.state.session
        # Opened from a meeting's agenda: the disclosure is recorded for that meeting
        # (RiskView checks the id's format; a bad one is a page not found).
        meeting_id = request.query_params.get("meeting", "")
        # Opened from an area's agenda: a subject that is not of it is not found.
        area = "" if meeting_id else area_asked(request)
        opened = await web.backends.riskview.agenda_item(
            session.token, request.path_params["handle"], meeting_id, area
        )
        today = datetime.now(UTC).date()
        return web.page(
            request,
            "risk_card.html",
            item=opened.item,
            card=shown(opened.contributions, today, opened.item.reasons),
            meeting_id=meeting_id,
            area=area,
        )

    return [
        Route("/agenda", web.only(chair, agenda)),
        Route("/agenda/{handle}", web.only(chair, risk_card)),
    ]
