"""MARAC meetings (the meeting service): the list; for a chair, the subjects due for
review (last discussed 12 months ago or more), scheduling a meeting, its
agenda (close it at the cut-off, add a subject with a reason), attendance with the
confidentiality statement, opening and closing it; for a representative, the
agenda read-only and "we checked our records" per item.

Every change is a form with the session's CSRF token and a request id of its own;
bad input comes back as the form with its errors (services.web.forms)."""

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from services.common.contract import timestamp
from services.web import vocabulary
from services.web.app import Web
from services.web.forms import (
    Errors,
    Field,
    Form,
    date_parts,
    day_sent,
    moment,
    number,
    send,
    text,
)
from services.web.pages.agenda import area_choices

SCHEDULE = Form(
    {
        "date": Field(
            "date-day",
            "Date of the meeting",
            "Enter the date of the meeting",
            {"must be a date": "Date of the meeting must be a real date"},
        ),
        "area": Field("area", "Area code", "Enter the area code"),
        "agenda_cutoff": Field("cutoff-day", "Agenda cut-off"),
    }
)
# With the partnership's areas configured, the area is chosen from them.
SCHEDULE_OF_AREAS = Form(
    {
        **SCHEDULE.fields,
        "area": Field(
            "area",
            "Area",
            "Select the area of the meeting",
            {start: "Select an area from the list" for start in ("must", "is not")},
        ),
    }
)
ADD_SUBJECT = Form(
    {
        "reason": Field("reason", "Reason", "Select why the subject is added"),
        "subject": Field("agency", "Agency", "Select the agency and enter its case reference"),
        "case.agency_id": Field("agency", "Agency", "Select the agency whose case it is"),
        "case.case_reference": Field(
            "case-reference",
            "Case reference",
            "Enter the agency's case reference",
            {"must be a reference": "Enter the case reference as the agency writes it"},
        ),
    },
    not_found=(
        "case-reference",
        "The agency has no case with this reference that the MARAC panel may be told of",
    ),
)
ATTENDANCE = {
    "status": ("status", "Attendance", "Select how the agency attends"),
    "attendee": ("attendee", "Attendee's user id", "Enter the attendee's user id"),
    "acknowledged_confidentiality": (
        "acknowledged",
        "Acknowledgement",
        "Record that the attendee acknowledged the confidentiality statement",
    ),
}
BUTTON = Form({})


def attendance_form(agency_id: str) -> Form:
    """Each agency's attendance is a form of its own on one page: ids by agency."""
    return Form(
        {
            path: Field(f"{field_id}-{agency_id}", label, required)
            for path, (field_id, label, required) in ATTENDANCE.items()
        }
    )


def chair(session) -> bool:
    return session.person.is_chair


def representative(session) -> bool:
    return session.person.is_representative


def either(session) -> bool:
    return session.person.is_chair or session.person.is_representative


def to(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


def routes(web: Web) -> list[BaseRoute]:
    meetings = web.backends.meetings

    async def listed(request: Request) -> Response:
        page_token = request.query_params.get("page", "")
        found = await meetings.meetings(request.state.session.token, page_token)
        return web.page(
            request,
            "meetings.html",
            meetings=found.meetings,
            next_page=found.next_page_token,
            first_page=not page_token,
        )

    async def schedule_form(
        request: Request, errors: Errors | None = None, sent=None, status: int = 200
    ) -> Response:
        return web.page(
            request,
            "schedule.html",
            status,
            errors=errors or {},
            area=text(sent, "area", 40) if sent else "",
            areas=area_choices(web.areas),
            day=date_parts(sent, "date"),
            cutoff=date_parts(sent, "cutoff"),
            cutoff_time=text(sent, "cutoff-time", 8) if sent else "",
        )

    async def schedule(request: Request) -> Response:
        sent = await request.form()
        fields: dict = {"date": day_sent(sent, "date"), "area": text(sent, "area", 64).upper()}
        cutoff_day, clock = day_sent(sent, "cutoff"), text(sent, "cutoff-time", 8)
        if cutoff_day or clock:
            cutoff = moment(cutoff_day, clock)
            if cutoff is None:
                why = {"cutoff-day": "Enter a real date and time of day for the agenda cut-off"}
                return await schedule_form(request, why, sent, 400)
            fields["agenda_cutoff"] = timestamp(cutoff)
        scheduled = []

        async def call() -> None:
            reply = await meetings.change(
                request.state.session.token, "ScheduleMeeting", text(sent, "request_id"), **fields
            )
            scheduled.append(reply.meeting.meeting_id)

        return await send(
            request,
            SCHEDULE_OF_AREAS if web.areas.configured else SCHEDULE,
            call,
            lambda: to(f"/meetings/{scheduled[0]}"),
            lambda errors: schedule_form(request, errors, sent, 400),
        )

    async def meeting_page(
        request: Request,
        errors: Errors | None = None,
        sent=None,
        sent_form: str = "",
        status: int = 200,
    ) -> Response:
        meeting = await meetings.meeting(
            request.state.session.token, request.path_params["meeting_id"]
        )
        now = datetime.now(UTC)
        return web.page(
            request,
            "meeting.html",
            status,
            meeting=meeting,
            cutoff_passed=meeting.agenda_cutoff.ToDatetime(UTC) <= now,
            attended=any(a.acknowledged_confidentiality for a in meeting.attendance),
            errors=errors or {},
            sent_form=sent_form,
            reason=number(sent, "reason") if sent else 0,
            agency=text(sent, "agency", 64) if sent else "",
            case_reference=text(sent, "case-reference", 40) if sent else "",
            addition_reasons=vocabulary.choices(vocabulary.ADDITION_REASON),
        )

    def button(rpc: str, name: str, done: str = "", **extra):
        """A change the meeting page's button `name` asks for."""

        async def pressed(request: Request) -> Response:
            sent = await request.form()
            meeting_id = request.path_params["meeting_id"]
            fields = {key: request.path_params[key] for key in extra}

            async def call() -> None:
                await meetings.change(
                    request.state.session.token,
                    rpc,
                    text(sent, "request_id"),
                    meeting_id=meeting_id,
                    **fields,
                )

            return await send(
                request,
                BUTTON,
                call,
                lambda: to(f"/meetings/{meeting_id}{done}"),
                lambda errors: meeting_page(request, errors, sent, name, 400),
            )

        return pressed

    async def add_subject(request: Request) -> Response:
        sent = await request.form()
        meeting_id = request.path_params["meeting_id"]
        agency_id, reference = text(sent, "agency", 64), text(sent, "case-reference", 64)
        subject = {"case": {"agency_id": agency_id, "case_reference": reference}}

        async def call() -> None:
            await meetings.change(
                request.state.session.token,
                "AddAgendaItem",
                text(sent, "request_id"),
                meeting_id=meeting_id,
                reason=number(sent, "reason"),
                **(subject if agency_id or reference else {}),
            )

        return await send(
            request,
            ADD_SUBJECT,
            call,
            lambda: to(f"/meetings/{meeting_id}#agenda"),
            lambda errors: meeting_page(request, errors, sent, "add", 400),
        )

    async def attendance_page(
        request: Request,
        errors: Errors | None = None,
        sent=None,
        sent_agency: str = "",
        status: int = 200,
    ) -> Response:
        meeting = await meetings.meeting(
            request.state.session.token, request.path_params["meeting_id"]
        )
        recorded = {a.agency_id: a for a in meeting.attendance}
        return web.page(
            request,
            "attendance.html",
            status,
            meeting=meeting,
            recorded=recorded,
            errors=errors or {},
            sent_agency=sent_agency,
            sent_status=number(sent, "status") if sent else 0,
            sent_attendee=text(sent, "attendee", 255) if sent else "",
            sent_acknowledged=bool(sent and sent.get("acknowledged")),
            statuses=vocabulary.choices(vocabulary.ATTENDANCE_STATUS),
        )

    async def record_attendance(request: Request) -> Response:
        sent = await request.form()
        meeting_id, agency_id = request.path_params["meeting_id"], request.path_params["agency_id"]

        async def call() -> None:
            await meetings.change(
                request.state.session.token,
                "RecordAttendance",
                text(sent, "request_id"),
                meeting_id=meeting_id,
                agency_id=agency_id,
                status=number(sent, "status"),
                attendee=text(sent, "attendee", 255),
                acknowledged_confidentiality=sent.get("acknowledged") == "yes",
            )

        return await send(
            request,
            attendance_form(agency_id),
            call,
            lambda: to(f"/meetings/{meeting_id}/attendance#recorded"),
            lambda errors: attendance_page(request, errors, sent, agency_id, 400),
        )

    async def due_for_review(request: Request) -> Response:
        page_token = request.query_params.get("page", "")
        found = await meetings.due_for_review(request.state.session.token, page_token)
        return web.page(
            request,
            "due_for_review.html",
            subjects=found.subjects,
            next_page=found.next_page_token,
            first_page=not page_token,
        )

    meeting = "/meetings/{meeting_id}"
    return [
        Route("/meetings", web.only(either, listed)),
        Route("/meetings/due-for-review", web.only(chair, due_for_review)),
        Route("/meetings/new", web.only(chair, schedule_form)),
        web.post("/meetings/new", web.only(chair, schedule)),
        Route(meeting, web.only(either, meeting_page)),
        web.post(f"{meeting}/close-agenda", web.only(chair, button("CloseAgenda", "close-agenda"))),
        web.post(f"{meeting}/items", web.only(chair, add_subject)),
        web.post(
            f"{meeting}/items/{{handle}}/research",
            web.only(representative, button("RecordResearch", "research", "#agenda", handle=True)),
        ),
        Route(f"{meeting}/attendance", web.only(chair, attendance_page)),
        web.post(f"{meeting}/attendance/{{agency_id}}", web.only(chair, record_attendance)),
        web.post(f"{meeting}/open", web.only(chair, button("OpenMeeting", "open"))),
        web.post(f"{meeting}/close", web.only(chair, button("CloseMeeting", "close"))),
    ]
