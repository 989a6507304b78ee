"""Meetings and actions as marac.v1 messages: what the meeting service answers. A
subject is its handle; an action's note is shown only to the chair and to the
owner agency's representatives."""

from datetime import date

from marac.v1 import meeting_pb2, riskview_pb2
from services.common.callers import CHAIR, Caller
from services.common.contract import timestamp, to_proto
from services.marac.domain import Meeting
from services.marac.ports import Partners
from services.marac.refusals import MINUTES_PER_ITEM
from services.marac.values import AgendaItem, AgreedAction
from services.marac.views import sees_action
from services.riskview.grpc_api import RULES


def meeting_message(
    caller: Caller,
    meeting: Meeting,
    overdue: list[tuple[Meeting, AgreedAction]],
    partners: Partners,
    today: date,
) -> meeting_pb2.Meeting:
    return meeting_pb2.Meeting(
        meeting_id=meeting.meeting_id,
        date=meeting.day.isoformat(),
        area=meeting.area,
        chair=meeting.chair,
        agenda_cutoff=timestamp(meeting.agenda_cutoff),
        stage=to_proto(meeting.stage),
        agenda_closed_at=timestamp(meeting.agenda_closed_at) if meeting.agenda_closed_at else None,
        items=[item_message(caller, meeting, item, today) for item in meeting.items.values()],
        attendance=[
            meeting_pb2.Attendance(
                agency_id=a.agency_id,
                agency=partners.kind(a.agency_id),
                status=to_proto(a.status),
                attendee=a.attendee,
                acknowledged_confidentiality=a.acknowledged_confidentiality,
            )
            for a in meeting.attendance.values()
        ],
        overdue_actions=[
            action_message(caller, m.meeting_id, a, today)
            for m, a in overdue
            if sees_action(caller, a)
        ],
        closed_at=timestamp(meeting.closed_at) if meeting.closed_at else None,
        minutes_per_item=MINUTES_PER_ITEM,
        agencies=[
            riskview_pb2.AgencyRef(agency=kind, agency_id=agency_id)
            for agency_id, kind in partners.kinds.items()
        ],
    )


def item_message(
    caller: Caller, meeting: Meeting, item: AgendaItem, today: date
) -> meeting_pb2.MeetingItem:
    subject = item.subject
    # What made a subject eligible, how serious and who referred it are the panel's:
    # a representative sees the agenda to check their own records, not the panel's view.
    panel = caller.role == CHAIR
    return meeting_pb2.MeetingItem(
        handle=item.handle,
        source=to_proto(item.source),
        addition_reason=to_proto(item.addition_reason) if item.addition_reason else 0,
        deferred_from=item.deferred_from,
        rules=[RULES[r] for r in subject.rules if r in RULES] if panel else [],
        risk_level_at_cutoff=(subject.risk_level or 0) if panel else 0,
        incident_count_at_cutoff=subject.incident_count if panel else 0,
        repeat=item.repeat,
        researched_by=item.researched_by,
        discussed=item.discussed,
        minutes_discussed=item.minutes_discussed,
        risk_after_discussion=(item.risk_after_discussion or 0) if panel else 0,
        decision=to_proto(item.decision) if item.decision else 0,
        deferred=item.deferral is not None,
        deferral_reason=to_proto(item.deferral) if item.deferral else 0,
        actions=[
            action_message(caller, meeting.meeting_id, a, today)
            for a in meeting.actions.values()
            if a.handle == item.handle and sees_action(caller, a)
        ],
        referring_agencies=subject.referring_agencies if panel else (),
    )


def action_message(
    caller: Caller, meeting_id: str, action: AgreedAction, today: date
) -> meeting_pb2.Action:
    # The note is the chair's and the owner agency's only.
    sees_note = sees_action(caller, action)
    return meeting_pb2.Action(
        action_id=action.action_id,
        meeting_id=meeting_id,
        handle=action.handle,
        owner_agency_id=action.owner.agency_id,
        owner_agency=action.owner.kind,
        case_reference=action.owner.case_reference,
        type=to_proto(action.type),
        due_date=action.due_date.isoformat(),
        note=action.note if sees_note else "",
        status=to_proto(action.status),
        closure_reason=to_proto(action.closure_reason) if action.closure_reason else 0,
        recorded_by_agency=action.recorded_by_agency,
        overdue=action.overdue_on(today),
        report_pending=action.reported is not None,
        changed_at=timestamp(action.changed_at) if action.changed_at else None,
        withdrawal_reason=to_proto(action.withdrawal) if action.withdrawal else 0,
        withdrawn_at=timestamp(action.withdrawn_at) if action.withdrawn_at else None,
        # Which action replaced which names another agency's: the chair's to know.
        reassigned_to=action.reassigned_to if caller.role == CHAIR else "",
        reassigned_from=action.reassigned_from if caller.role == CHAIR else "",
    )
