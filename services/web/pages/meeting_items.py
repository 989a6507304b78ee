"""A chair's page for one item of a meeting: what the agenda says of it, a link to
its risk card (for this meeting, so the disclosure names it), deferring it, and in
the meeting its discussion (minutes against the budget, risk after, decision) and
the actions agreed, each owned by an agency with a case the panel may be told of."""

import grpc
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from marac.v1 import meeting_pb2
from services.web import vocabulary
from services.web.app import Web
from services.web.backends import RiskView
from services.web.forms import Errors, Field, Form, date_parts, day_sent, number, send, text
from services.web.pages.meetings import chair

MAX_NOTE = 500  # the meeting service's limit (AgreeActionRequest.note)
# An action's due date and owner, as the service refuses them, agreed or reassigned.
DUE_DATE_SAYS = {
    "must be a date": "Due date must be a real date",
    "must not be in the past": "Due date must be today or in the future",
    "an action is due on or after": "Due date must be on or after the meeting's date",
}
NO_CASE = (
    "owner",
    "Select an agency with a case for this subject that the MARAC panel may be told of",
)
DEFER = Form({"reason": Field("defer-reason", "Reason", "Select why the item is deferred")})
DISCUSSION = Form(
    {
        "minutes_discussed": Field(
            "minutes",
            "Minutes discussed",
            "Enter the minutes discussed",
            {"must be 1 to": "Enter the minutes discussed, from 1 to 180"},
        ),
        "risk_after_discussion": Field(
            "risk-after", "Risk after discussion", "Select the risk after discussion"
        ),
        "decision": Field("decision", "Decision", "Select the decision"),
    }
)
ACTION = Form(
    {
        "owner_agency_id": Field("owner", "Owner agency", "Select the agency that owns the action"),
        "type": Field("action-type", "Type of action", "Select the type of action"),
        "due_date": Field(
            "due-day",
            "Due date",
            "Enter the date the action is due",
            DUE_DATE_SAYS,
        ),
        "note": Field(
            "note",
            "Note",
            say={
                "must be at most": f"Note must be {MAX_NOTE} characters or fewer",
                "an action's note is at most": f"Note must be {MAX_NOTE} characters or fewer",
            },
        ),
    },
    not_found=NO_CASE,
)


def item_of(meeting: meeting_pb2.Meeting, handle: str) -> tuple[int, meeting_pb2.MeetingItem]:
    for number_on_agenda, item in enumerate(meeting.items, start=1):
        if item.handle == handle:
            return number_on_agenda, item
    raise HTTPException(404)


async def owners(
    riskview: RiskView, token: str, meeting: meeting_pb2.Meeting, handle: str
) -> tuple[list[tuple[str, str]], bool]:
    """(agency id, words) of the agencies with a case the panel may be told of, from
    the risk card, and whether the card said so; every partner agency when RiskView
    has no card now (the subject is no longer eligible), and then the meeting service
    refuses a wrong owner."""
    try:
        card = await riskview.agenda_item(token, handle, meeting.meeting_id)
        found = {c.agency_id: c.agency for c in card.contributions}
        for reason in card.item.reasons:
            found.update({ref.agency_id: ref.agency for ref in reason.agencies})
        with_card = True
    except grpc.aio.AioRpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        found, with_card = {a.agency_id: a.agency for a in meeting.agencies}, False
    return [(i, vocabulary.agency(kind)) for i, kind in found.items() if i], with_card


def routes(web: Web) -> list[BaseRoute]:
    meetings = web.backends.meetings

    async def item_page(
        request: Request,
        errors: Errors | None = None,
        sent=None,
        sent_form: str = "",
        status: int = 200,
    ) -> Response:
        token = request.state.session.token
        meeting = await meetings.meeting(token, request.path_params["meeting_id"])
        position, item = item_of(meeting, request.path_params["handle"])
        open_meeting = meeting.stage == meeting_pb2.MEETING_STAGE_IN_PROGRESS
        agencies, with_card = await owners(web.backends.riskview, token, meeting, item.handle)
        mine = sent if sent_form else None
        return web.page(
            request,
            "meeting_item.html",
            status,
            meeting=meeting,
            item=item,
            position=position,
            open_meeting=open_meeting,
            with_card=with_card,
            owners=agencies,
            errors=errors or {},
            sent_form=sent_form,
            sent=mine,
            due=date_parts(mine if sent_form == "action" else None, "due"),
            max_note=MAX_NOTE,
            deferral_reasons=vocabulary.choices(vocabulary.DEFERRAL_REASON),
            risk_levels=vocabulary.choices(vocabulary.RISK_LEVEL),
            decisions=vocabulary.choices(vocabulary.ITEM_DECISION),
            action_types=vocabulary.choices(vocabulary.MEETING_ACTION_TYPE),
        )

    def changed(rpc: str, form: Form, name: str, fields_of):
        async def post(request: Request) -> Response:
            sent = await request.form()
            meeting_id, handle = request.path_params["meeting_id"], request.path_params["handle"]

            async def call() -> None:
                await meetings.change(
                    request.state.session.token,
                    rpc,
                    text(sent, "request_id"),
                    meeting_id=meeting_id,
                    handle=handle,
                    **fields_of(sent),
                )

            return await send(
                request,
                form,
                call,
                lambda: RedirectResponse(
                    f"/meetings/{meeting_id}/items/{handle}#{name}", status_code=303
                ),
                lambda errors: item_page(request, errors, sent, name, 400),
            )

        return web.only(chair, post)

    item = "/meetings/{meeting_id}/items/{handle}"
    return [
        Route(item, web.only(chair, item_page)),
        web.post(
            f"{item}/defer",
            changed("DeferItem", DEFER, "defer", lambda s: {"reason": number(s, "defer-reason")}),
        ),
        web.post(
            f"{item}/discussion",
            changed(
                "RecordDiscussion",
                DISCUSSION,
                "discussion",
                lambda s: {
                    "minutes_discussed": number(s, "minutes"),
                    "risk_after_discussion": number(s, "risk-after"),
                    "decision": number(s, "decision"),
                },
            ),
        ),
        web.post(
            f"{item}/actions",
            changed(
                "AgreeAction",
                ACTION,
                "action",
                lambda s: {
                    "owner_agency_id": text(s, "owner", 64),
                    "type": number(s, "action-type"),
                    "due_date": day_sent(s, "due"),
                    # Longer than the limit is sent as it is: the service refuses it.
                    "note": text(s, "note", 4 * MAX_NOTE),
                },
            ),
        ),
    ]
