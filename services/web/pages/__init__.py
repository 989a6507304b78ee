"""The web app's pages, one module per area; each module's `routes(web)` gives its
routes (services.web.app.Web: the services, sessions and templates they share).
AREAS is every area the app serves, in the order their routes are tried."""

from services.web.pages import (
    actions,
    agenda,
    agreements,
    cases,
    figures,
    governance,
    meeting_items,
    meetings,
    openid_signin,
    signin,
)

AREAS = (
    signin.routes,
    openid_signin.routes,
    agenda.routes,
    cases.routes,
    meetings.routes,
    meeting_items.routes,
    actions.routes,
    governance.routes,
    agreements.routes,
    figures.routes,
)
