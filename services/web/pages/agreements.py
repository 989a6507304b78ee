"""The register of data-sharing agreements, for IG staff only: those due for review
(their review date today or before, and not ended), then every agreement with what
it lets whom share, for what, on which bases, from when until when. Each look is a
view on the access log, as every IG console call is."""

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from services.common.working_days import ENGLAND
from services.web.app import Web


def routes(web: Web) -> list[BaseRoute]:
    def ig(session) -> bool:
        return session.person.is_ig

    async def register(request: Request) -> Response:
        audit = web.backends.audit
        assert audit is not None, "the web app is built with the audit service"
        token = request.state.session.token
        today = datetime.now(ENGLAND).date()
        due = await audit.agreements(token, review_due_by=today.isoformat())
        every = await audit.agreements(token)
        return web.page(request, "agreements.html", due=due, agreements=every, today=today)

    return [Route("/governance/agreements", web.only(ig, register))]
