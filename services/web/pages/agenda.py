"""A MARAC chair's pages: the agenda (the subjects eligible for MARAC, with the
reasons naming the agencies) and a subject's risk card, opened from here or from a
meeting's agenda. Both come from RiskView, which records each as a disclosure to
the chair (for the meeting, when it is opened from one)."""

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from services.web.app import Web
from services.web.pages.contributions import shown


def routes(web: Web) -> list[BaseRoute]:
    def chair(session) -> bool:
        return session.person.is_chair

    async def agenda(request: Request) -> Response:
        session = request.state.session
        page_token = request.query_params.get("page", "")
        listed = await web.backends.riskview.agenda(session.token, page_token)
        return web.page(
            request,
            "agenda.html",
            items=listed.items,
            next_page=listed.next_page_token,
            first_page=not page_token,
        )

    async def risk_card(request: Request) -> Response:
        session = request.state.session
        # Opened from a meeting's agenda: the disclosure is recorded for that meeting
        # (RiskView checks the id's format; a bad one is a page not found).
        meeting_id = request.query_params.get("meeting", "")
        opened = await web.backends.riskview.agenda_item(
            session.token, request.path_params["handle"], meeting_id
        )
        today = datetime.now(UTC).date()
        return web.page(
            request,
            "risk_card.html",
            item=opened.item,
            card=shown(opened.contributions, today, opened.item.reasons),
            meeting_id=meeting_id,
        )

    return [
        Route("/agenda", web.only(chair, agenda)),
        Route("/agenda/{handle}", web.only(chair, risk_card)),
    ]
