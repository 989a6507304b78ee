"""The web app's requests in its metrics (services.common.metrics): counted by the
route that answered (its template, such as /meetings/{meeting_id}, never the path
asked, which may hold whatever was typed) and the status."""

import time

from services.common.metrics import PAGE_SECONDS, PAGES

UNMATCHED = "unmatched"


class Measured:
    """Pure ASGI middleware, outermost: it sees every answer, even an error page."""

    def __init__(self, app) -> None:
        self._app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = time.monotonic()
        status = 500  # unless an answer begins

        async def sending(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                route = getattr(scope.get("route"), "path", UNMATCHED)
                PAGE_SECONDS.labels(route).observe(time.monotonic() - started)
            await send(message)

        try:
            await self._app(scope, receive, send=sending)
        finally:
            route = getattr(scope.get("route"), "path", UNMATCHED)
            PAGES.labels(route, scope["method"], str(status)).inc()
