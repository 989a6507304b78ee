"""The services the web app calls, over gRPC with mutual TLS as the web principal,
each call carrying the signed-in person's token (`authorization: Bearer`) so that
the service decides what that person may see. The web app keeps none of it: each
page asks again. A refusal comes back as the grpc.aio.AioRpcError the call raised;
services.web.problems turns it into a page."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import grpc
import jwt
from google.protobuf.message import Message

from figures.suppression import PublishedTable
from marac.v1 import (
    agreements_pb2,
    agreements_pb2_grpc,
    audit_pb2,
    audit_pb2_grpc,
    figures_pb2,
    figures_pb2_grpc,
    identity_pb2,
    identity_pb2_grpc,
    meeting_pb2,
    meeting_pb2_grpc,
    riskview_pb2,
    riskview_pb2_grpc,
)
from services.common.grpc_connections import LeastBusy
from services.common.people import AGENCY_CLAIM, AGENCY_ID_CLAIM, ROLE_CLAIM
from services.web.sessions import Person

if TYPE_CHECKING:
    from services.web.openid import OpenIdIssuer

CALL_SECONDS = 10.0
AGENDA_PAGE = 25
CASES_PAGE = 50
MEETINGS_PAGE = 25
ACTIONS_PAGE = 100
LEDGER_PAGE = 50
DISCLOSURES_PAGE = 200
AGREEMENTS_PAGE = 200  # a register of tens: one page, as a rule


@dataclass(frozen=True)
class SignedIn:
    person: Person
    token: str
    expires_at: datetime
    refresh_token: str = ""  # an OpenID Connect issuer's, when it gives one


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


def signed_in(token: str, expires_at) -> SignedIn:
    """Who the token names. It came from the identity component over mutual TLS, so
    the web app reads it without checking its signature; every service it is sent to
    checks it."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return SignedIn(person_of(claims), token, expires_at.ToDatetime(UTC))


def person_of(claims: dict) -> Person:
    """Who a person's token names, by the claims of services.common.people."""
    return Person(
        user_id=str(claims["sub"]),
        role=str(claims.get(ROLE_CLAIM, "")),
        agency=str(claims.get(AGENCY_CLAIM, "")),
        agency_id=str(claims.get(AGENCY_ID_CLAIM, "")),
    )


class Identity:
    def __init__(self, channel: grpc.aio.Channel):
        self._stub = identity_pb2_grpc.IdentityServiceStub(channel)

    async def sign_in(self, username: str, password: str, client_address: str) -> SignedIn:
        """`client_address`: the browser's, so that guesses from elsewhere do not lock
        the person out (behind a proxy, uvicorn's --forwarded-allow-ips makes it the
        browser's rather than the proxy's)."""
        request = identity_pb2.SignInRequest(
            username=username, password=password, client_address=client_address
        )
        reply = await self._stub.SignIn(
            request,
            timeout=CALL_SECONDS,
        )
        return signed_in(reply.token, reply.expires_at)

    async def renew(self, token: str) -> SignedIn:
        reply = await self._stub.Renew(identity_pb2.RenewRequest(token=token), timeout=CALL_SECONDS)
        return signed_in(reply.token, reply.expires_at)


class RiskView:
    """Over several connections, as RiskView's processes share its port
    (services.common.grpc_connections)."""

    def __init__(self, channels: list[grpc.aio.Channel]):
        self._stubs = LeastBusy.over(channels, riskview_pb2_grpc.RiskViewServiceStub)

    async def agenda(
        self, token: str, page_token: str, area: str = ""
    ) -> riskview_pb2.ListAgendaResponse:
        """The agenda of the area (a configured area's code), or the partnership's."""
        with self._stubs.one() as stub:
            request = riskview_pb2.ListAgendaRequest(
                page_size=AGENDA_PAGE, page_token=page_token, area=area
            )
            return await stub.ListAgenda(
                request,
                metadata=bearer(token),
                timeout=CALL_SECONDS,
            )

    async def agenda_item(
        self, token: str, handle: str, meeting_id: str = "", area: str = ""
    ) -> riskview_pb2.GetAgendaItemResponse:
        """The item's risk card; with a meeting id, the disclosure is for that meeting
        (and the meeting's area is the one asked); with an area, only of its agenda."""
        with self._stubs.one() as stub:
            request = riskview_pb2.GetAgendaItemRequest(
                handle=handle, meeting_id=meeting_id, area=area
            )
            return await stub.GetAgendaItem(
                request,
                metadata=bearer(token),
                timeout=CALL_SECONDS,
            )

    async def own_cases(self, token: str, page_token: str) -> riskview_pb2.ListOwnCasesResponse:
        with self._stubs.one() as stub:
            return await stub.ListOwnCases(
                riskview_pb2.ListOwnCasesRequest(page_size=CASES_PAGE, page_token=page_token),
                metadata=bearer(token),
                timeout=CALL_SECONDS,
            )

    async def case_view(self, token: str, case_reference: str) -> riskview_pb2.GetCaseViewResponse:
        with self._stubs.one() as stub:
            return await stub.GetCaseView(
                riskview_pb2.GetCaseViewRequest(case_reference=case_reference),
                metadata=bearer(token),
                timeout=CALL_SECONDS,
            )


class Meetings:
    """The meeting service. A change is named by its RPC (`change("OpenMeeting", ...)`)
    and carries the form's request id, so a form sent twice is applied once."""

    def __init__(self, channel: grpc.aio.Channel):
        self._stub = meeting_pb2_grpc.MeetingServiceStub(channel)

    async def _call(self, token: str, rpc: str, request: Message):
        return await getattr(self._stub, rpc)(request, metadata=bearer(token), timeout=CALL_SECONDS)

    async def meetings(self, token: str, page_token: str) -> meeting_pb2.ListMeetingsResponse:
        request = meeting_pb2.ListMeetingsRequest(page_size=MEETINGS_PAGE, page_token=page_token)
        return await self._call(token, "ListMeetings", request)

    async def meeting(self, token: str, meeting_id: str) -> meeting_pb2.Meeting:
        request = meeting_pb2.GetMeetingRequest(meeting_id=meeting_id)
        return (await self._call(token, "GetMeeting", request)).meeting

    async def actions(
        self, token: str, page_token: str = "", meeting_id: str = ""
    ) -> meeting_pb2.ListActionsResponse:
        request = meeting_pb2.ListActionsRequest(
            meeting_id=meeting_id, page_size=ACTIONS_PAGE, page_token=page_token
        )
        return await self._call(token, "ListActions", request)

    async def due_for_review(
        self, token: str, page_token: str
    ) -> meeting_pb2.ListDueForReviewResponse:
        request = meeting_pb2.ListDueForReviewRequest(
            page_size=MEETINGS_PAGE, page_token=page_token
        )
        return await self._call(token, "ListDueForReview", request)

    async def all_actions(self, token: str, meeting_id: str) -> list[meeting_pb2.Action]:
        """Every action of a meeting (a meeting agrees tens, not thousands)."""
        found, page_token = [], ""
        while True:
            page = await self.actions(token, page_token, meeting_id)
            found += page.actions
            page_token = page.next_page_token
            if not page_token:
                return found

    async def change(self, token: str, rpc: str, request_id: str, **fields) -> Message:
        request = getattr(meeting_pb2, f"{rpc}Request")(request_id=request_id, **fields)
        return await self._call(token, rpc, request)


class Audit:
    """The audit service's IG console, for IG staff (each call a view on the access log)."""

    def __init__(self, channel: grpc.aio.Channel):
        self._stub = audit_pb2_grpc.AuditServiceStub(channel)
        self._agreements = agreements_pb2_grpc.AgreementServiceStub(channel)

    async def _call(self, token: str, rpc: str, request: Message):
        return await getattr(self._stub, rpc)(request, metadata=bearer(token), timeout=CALL_SECONDS)

    async def agreements(self, token: str, review_due_by: str = "") -> list:
        """The register's agreements (by start), or those not ended whose review date
        is on or before `review_due_by` (an ISO date)."""
        found, page_token = [], ""
        while True:
            request = agreements_pb2.ListAgreementsRequest(
                review_due_by=review_due_by, page_size=AGREEMENTS_PAGE, page_token=page_token
            )
            listed = await self._agreements.ListAgreements(
                request, metadata=bearer(token), timeout=CALL_SECONDS
            )
            found += listed.agreements
            page_token = listed.next_page_token
            if not page_token:
                return found

    async def find(self, token: str, **filters) -> audit_pb2.FindEntriesResponse:
        """Filters as FindEntriesRequest's fields (`from` as `since`), and a page token."""
        since = filters.pop("since", None)
        request = audit_pb2.FindEntriesRequest(page_size=LEDGER_PAGE, **filters)
        if since is not None:
            getattr(request, "from").CopyFrom(since)
        return await self._call(token, "FindEntries", request)

    async def subject_history(
        self, token: str, agency_id: str, case_reference: str
    ) -> audit_pb2.SubjectHistory:
        request = audit_pb2.GetSubjectHistoryRequest(
            agency_id=agency_id, case_reference=case_reference
        )
        return (await self._call(token, "GetSubjectHistory", request)).history

    async def access_report(
        self, token: str, agency_id: str, case_reference: str
    ) -> audit_pb2.SubjectAccessReport:
        request = audit_pb2.GetSubjectAccessReportRequest(
            agency_id=agency_id, case_reference=case_reference
        )
        return (await self._call(token, "GetSubjectAccessReport", request)).report

    async def disclosure_pages(self, token: str, since, until) -> AsyncIterator[list]:
        """Every disclosure recorded in [since, until), in the order recorded, a page
        at a time."""
        page_token = ""
        while True:
            request = audit_pb2.ListDisclosuresRequest(
                until=until, page_size=DISCLOSURES_PAGE, page_token=page_token
            )
            getattr(request, "from").CopyFrom(since)
            page = await self._call(token, "ListDisclosures", request)
            yield list(page.disclosures)
            page_token = page.next_page_token
            if not page_token:
                return


class Figures:
    """The figures service: every figure as published, small numbers suppressed there
    (the web app shows and downloads what it is given, never a count of its own)."""

    def __init__(self, channel: grpc.aio.Channel):
        self._stub = figures_pb2_grpc.FiguresServiceStub(channel)

    async def figure(self, token: str, request: figures_pb2.GetFigureRequest) -> PublishedTable:
        got = await self._stub.GetFigure(request, metadata=bearer(token), timeout=CALL_SECONDS)
        return published(got)

    async def case_reviews(self, token: str) -> list[figures_pb2.CaseReview]:
        listed = await self._stub.ListCaseReviews(
            figures_pb2.ListCaseReviewsRequest(), metadata=bearer(token), timeout=CALL_SECONDS
        )
        return list(listed.reviews)


def published(figure: figures_pb2.GetFigureResponse) -> PublishedTable:
    """The service's answer as the table it published (None where suppressed)."""

    def value(count: figures_pb2.PublishedCount) -> int | None:
        return None if count.suppressed else count.value

    return PublishedTable(
        title=figure.title,
        row_dimension=figure.row_dimension,
        column_dimension=figure.column_dimension,
        rows=tuple(row.label for row in figure.rows),
        columns=tuple(figure.columns),
        cells=tuple(tuple(map(value, row.cells)) for row in figure.rows),
        row_totals=tuple(value(row.total) for row in figure.rows),
        column_totals=tuple(map(value, figure.column_totals)),
        total=value(figure.total),
        threshold=figure.threshold,
    )


@dataclass(frozen=True)
class Backends:
    identity: Identity
    riskview: RiskView
    meetings: Meetings
    # The OpenID Connect issuer people may also sign in with (services.web.openid).
    issuer: "OpenIdIssuer | None" = None
    # The audit service's IG console (services.web.pages.governance).
    audit: Audit | None = None
    # The partnership's figures (services.web.pages.figures).
    figures: Figures | None = None
