"""An agency representative's pages: their own agency's cases in the shared view
(only their own agency's data, so no disclosure) and one case's page, with what
other agencies shared with their agency for risk assessment (from RiskView, which
records the disclosure)."""

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from marac.v1 import riskview_pb2
from services.web.app import Web
from services.web.pages.contributions import shown


def routes(web: Web) -> list[BaseRoute]:
    def representative(session) -> bool:
        return session.person.is_representative

    async def own_cases(request: Request) -> Response:
        session = request.state.session
        page_token = request.query_params.get("page", "")
        listed = await web.backends.riskview.own_cases(session.token, page_token)
        return web.page(
            request,
            "cases.html",
            cases=listed.cases,
            next_page=listed.next_page_token,
            first_page=not page_token,
        )

    async def case(request: Request) -> Response:
        session = request.state.session
        reference = request.path_params["reference"]
        viewed = await web.backends.riskview.case_view(session.token, reference)
        own = [c for c in viewed.contributions if c.sharing_basis == OWN]
        others = [c for c in viewed.contributions if c.sharing_basis != OWN]
        return web.page(
            request,
            "case.html",
            reference=reference,
            own=own,
            others=others,
            card=shown(viewed.contributions, datetime.now(UTC).date()),
        )

    return [
        Route("/cases", web.only(representative, own_cases)),
        Route("/cases/{reference:path}", web.only(representative, case)),
    ]


OWN = riskview_pb2.SHARING_BASIS_OWN_AGENCY
