"""The actions MARAC meetings agreed: the tracker (a chair's every action, a
representative's their agency's, overdue first), a representative's report that
an action is done or closed with a reason, a chair's withdrawal of an open action
(with a reason from the list) or its reassignment to another agency, and a
meeting's printable minutes and its actions as CSV (the chair's, so with the notes;
user ids, never names)."""

import csv
import io

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from marac.v1 import meeting_actions_pb2, meeting_pb2
from services.common.contract import to_proto
from services.common.vocabulary import CLOSURE_REASONS, MeetingActionStatus
from services.web import vocabulary
from services.web.app import Web
from services.web.forms import Errors, Field, Form, date_parts, day_sent, number, send, text
from services.web.pages.meeting_items import DUE_DATE_SAYS, NO_CASE, owners
from services.web.pages.meetings import chair, either, representative
from services.web.spreadsheets import cell

# The outcomes a representative reports, each with the reasons that fit it and the
# question that asks for one.
QUESTIONS = {
    MeetingActionStatus.NOT_POSSIBLE: "If it could not be done, why not?",
    MeetingActionStatus.NO_LONGER_NEEDED: "If it is no longer needed, why?",
}
OUTCOMES = [
    (
        to_proto(status),
        [to_proto(r) for r in sorted(reasons, key=to_proto)],
        QUESTIONS.get(status, ""),
    )
    for status, reasons in CLOSURE_REASONS.items()
]
REASONED = {status for status, reasons, _ in OUTCOMES if reasons}


def report_of(status: int) -> Form:
    """The report form; the reason's question is the chosen outcome's own."""
    reason = f"reason-{status}" if status in REASONED else "status"
    return Form(
        {
            "status": Field("status", "Outcome", "Select what happened to the action"),
            "reason": Field(
                reason,
                "Reason",
                "Select the reason the action was closed",
                {"": "Select a reason that fits what happened"},  # however the service puts it
            ),
        }
    )


WITHDRAW = Form({"reason": Field("reason", "Reason", "Select why the action is withdrawn")})
REASSIGN = Form(
    {
        "owner_agency_id": Field(
            "owner",
            "New owner agency",
            "Select the agency the action is reassigned to",
            {"is the action's owner already": "Select an agency other than the action's owner"},
        ),
        "due_date": Field("due-day", "Due date", say=DUE_DATE_SAYS),
    },
    not_found=NO_CASE,
)


def closed_because(action: meeting_pb2.Action) -> str:
    """Why the action can be neither withdrawn nor reassigned (the meeting service
    would refuse it so); "" while it is open with no report on its way."""
    if action.status == meeting_actions_pb2.MEETING_ACTION_STATUS_WITHDRAWN:
        return "This action was withdrawn already."
    if action.status != meeting_actions_pb2.MEETING_ACTION_STATUS_OPEN:
        return "This action is closed already: its agency recorded it as " + (
            vocabulary.words(vocabulary.MEETING_ACTION_STATUS, action.status).lower() + "."
        )
    if action.report_pending:
        return (
            "This action's report is waiting for its agency's record: the tracker shows "
            "what the agency recorded once it has."
        )
    return ""


# Reassigned is the reason a reassignment gives, not one to choose.
WITHDRAWAL_REASONS = [
    (n, words)
    for n, words in vocabulary.choices(vocabulary.WITHDRAWAL_REASON)
    if n != meeting_actions_pb2.ACTION_WITHDRAWAL_REASON_REASSIGNED
]

CSV_COLUMNS = (
    "meeting",
    "item",
    "action id",
    "owner agency",
    "case reference",
    "type",
    "due date",
    "status",
    "closure reason",
    "withdrawal reason",
    "reassigned from",
    "reassigned to",
    "recorded by the agency",
    "note",
)


def routes(web: Web) -> list[BaseRoute]:
    meetings = web.backends.meetings

    async def tracker(request: Request) -> Response:
        page_token = request.query_params.get("page", "")
        listed = await meetings.actions(request.state.session.token, page_token)
        return web.page(
            request,
            "actions.html",
            actions=listed.actions,
            next_page=listed.next_page_token,
            first_page=not page_token,
        )

    async def action_of(token: str, action_id: str) -> meeting_pb2.Action:
        page_token = ""
        while True:
            page = await meetings.actions(token, page_token)
            for action in page.actions:
                if action.action_id == action_id:
                    return action
            page_token = page.next_page_token
            if not page_token:
                raise HTTPException(404)

    async def report_form(
        request: Request, errors: Errors | None = None, sent=None, status: int = 200
    ) -> Response:
        action = await action_of(request.state.session.token, request.path_params["action_id"])
        return web.page(
            request,
            "report_action.html",
            status,
            action=action,
            outcomes=OUTCOMES,
            errors=errors or {},
            sent_status=number(sent, "status") if sent else 0,
            sent_reason=number(sent, f"reason-{number(sent, 'status')}") if sent else 0,
        )

    async def report(request: Request) -> Response:
        sent = await request.form()
        status = number(sent, "status")

        async def call() -> None:
            await meetings.change(
                request.state.session.token,
                "ReportAction",
                text(sent, "request_id"),
                action_id=request.path_params["action_id"],
                status=status,
                # Each outcome's reasons are a question of their own on the form.
                reason=number(sent, f"reason-{status}"),
            )

        return await send(
            request,
            report_of(status),
            call,
            lambda: RedirectResponse("/actions?reported", status_code=303),
            lambda errors: report_form(request, errors, sent, 400),
        )

    async def correct_form(
        request: Request, errors: Errors | None = None, sent=None, status: int = 200
    ) -> Response:
        """A chair's withdrawal or reassignment of an action (which, the path says);
        for an action no longer open, why it cannot be, in place of the form."""
        token = request.state.session.token
        action = await action_of(token, request.path_params["action_id"])
        correcting = request.url.path.rsplit("/", 1)[1]
        closed = closed_because(action)
        others, with_card = [], True
        if correcting == "reassign" and not closed:
            meeting = await meetings.meeting(token, action.meeting_id)
            found, with_card = await owners(web.backends.riskview, token, meeting, action.handle)
            others = [(i, words) for i, words in found if i != action.owner_agency_id]
        return web.page(
            request,
            "correct_action.html",
            status,
            action=action,
            correcting=correcting,
            closed=closed,
            reasons=WITHDRAWAL_REASONS,
            owners=others,
            with_card=with_card,
            errors=errors or {},
            sent_reason=number(sent, "reason") if sent else 0,
            sent_owner=text(sent, "owner", 64) if sent else "",
            due=date_parts(sent, "due"),
        )

    def correction(rpc: str, form: Form, done: str, fields_of):
        async def post(request: Request) -> Response:
            sent = await request.form()

            async def call() -> None:
                await meetings.change(
                    request.state.session.token,
                    rpc,
                    text(sent, "request_id"),
                    action_id=request.path_params["action_id"],
                    **fields_of(sent),
                )

            return await send(
                request,
                form,
                call,
                lambda: RedirectResponse(f"/actions?{done}", status_code=303),
                lambda errors: correct_form(request, errors, sent, 400),
            )

        return web.only(chair, post)

    async def minutes(request: Request) -> Response:
        token = request.state.session.token
        meeting = await meetings.meeting(token, request.path_params["meeting_id"])
        present = [a for a in meeting.attendance if a.status == PRESENT]
        return web.page(
            request,
            "minutes.html",
            meeting=meeting,
            present=present,
            apologies=[a for a in meeting.attendance if a.status != PRESENT],
            actions=await meetings.all_actions(token, meeting.meeting_id),
        )

    async def actions_csv(request: Request) -> Response:
        meeting_id = request.path_params["meeting_id"]
        found = await meetings.all_actions(request.state.session.token, meeting_id)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for a in found:
            writer.writerow(
                [
                    cell(value)
                    for value in (
                        a.meeting_id,
                        a.handle[:8],
                        a.action_id,
                        vocabulary.agency(a.owner_agency),
                        a.case_reference,
                        vocabulary.words(vocabulary.MEETING_ACTION_TYPE, a.type),
                        a.due_date,
                        vocabulary.words(vocabulary.MEETING_ACTION_STATUS, a.status),
                        vocabulary.words(vocabulary.CLOSURE_REASON, a.closure_reason)
                        if a.closure_reason
                        else "",
                        vocabulary.words(vocabulary.WITHDRAWAL_REASON, a.withdrawal_reason)
                        if a.withdrawal_reason
                        else "",
                        a.reassigned_from,
                        a.reassigned_to,
                        "yes" if a.recorded_by_agency else "no",
                        a.note,
                    )
                ]
            )
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{meeting_id}-actions.csv"'},
        )

    return [
        Route("/actions", web.only(either, tracker)),
        Route("/actions/{action_id}/report", web.only(representative, report_form)),
        web.post("/actions/{action_id}/report", web.only(representative, report)),
        Route("/actions/{action_id}/withdraw", web.only(chair, correct_form)),
        web.post(
            "/actions/{action_id}/withdraw",
            correction(
                "WithdrawAction", WITHDRAW, "withdrawn", lambda s: {"reason": number(s, "reason")}
            ),
        ),
        Route("/actions/{action_id}/reassign", web.only(chair, correct_form)),
        web.post(
            "/actions/{action_id}/reassign",
            correction(
                "ReassignAction",
                REASSIGN,
                "reassigned",
                lambda s: {"owner_agency_id": text(s, "owner", 64), "due_date": day_sent(s, "due")},
            ),
        ),
        Route("/meetings/{meeting_id}/minutes", web.only(either, minutes)),
        Route("/meetings/{meeting_id}/actions.csv", web.only(chair, actions_csv)),
    ]


PRESENT = meeting_pb2.ATTENDANCE_STATUS_PRESENT
