"""What the meeting service publishes, from the events of its record (the meeting
relay sends it, tracking each position only once the broker acknowledged it):

- a subject discussed at a closed meeting: marac.v1.CaseEvent carrying
  MaracDiscussed, on the MARAC topic, keyed by the subject's match key, from agency
  "marac" (AGENCY_KIND_UNSPECIFIED), so the projection's repeat rule applies;
- an action agreed, a representative's report on it, and its withdrawal by the chair
  (a reassigned action is withdrawn from its owner and agreed for the new one):
  marac.v1.MeetingActionMessage on the owner agency's actions topic, keyed by the
  owner's case reference.

Neither carries an action's note, a person's name or anything said at the meeting.
Each event is published at most as one message, whose id derives from the event's
position, so a resend after a crash is the same message.
"""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import NAMESPACE_URL, uuid5

from marac.v1 import case_events_pb2, meeting_actions_pb2, vocabulary_pb2
from services.common.contract import timestamp, to_proto
from services.common.relay import Outgoing
from services.marac.domain import Meeting

MARAC_AGENCY_ID = "marac"
SCHEMA_VERSION = 1
MESSAGE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:meeting-message")


@dataclass(frozen=True)
class Topics:
    marac: str  # the MARAC topic the projection reads
    actions_of: Callable[[str], str | None]  # an agency's id -> its actions topic


def message_id(position: int) -> str:
    return str(uuid5(MESSAGE_NAMESPACE, str(position)))


def outgoing(event: object, position: int, meeting: Meeting, topics: Topics) -> Outgoing | None:
    """The message an event of `meeting` (as recorded up to that event) is published
    as; None for events that stay in the meeting service, and for an action whose owner
    has no actions topic here."""
    if isinstance(event, Meeting.SubjectDiscussed):
        shared = case_events_pb2.CaseEvent(
            event_id=message_id(position),
            agency=vocabulary_pb2.AGENCY_KIND_UNSPECIFIED,
            agency_id=MARAC_AGENCY_ID,
            subject_key=event.subject_key,
            occurred_at=timestamp(event.at),
            recorded_at=timestamp(event.timestamp),
            source_sequence=position,
            schema_version=SCHEMA_VERSION,
            marac_discussed=case_events_pb2.MaracDiscussed(meeting_id=meeting.meeting_id),
        )
        return Outgoing(topics.marac, event.subject_key, shared.SerializeToString())
    if isinstance(event, Meeting.ActionAgreed):
        action = event.action
        assigned = meeting_actions_pb2.ActionAssigned(
            type=to_proto(action.type), due_date=action.due_date.isoformat()
        )
        return _to_owner(meeting, action.action_id, position, event, topics, assigned=assigned)
    if isinstance(event, Meeting.ActionReported):
        reported = meeting_actions_pb2.ActionReported(
            status=to_proto(event.status),
            reason=to_proto(event.reason) if event.reason else 0,
            reported_by=event.reported_by,
        )
        return _to_owner(meeting, event.action_id, position, event, topics, reported=reported)
    if isinstance(event, Meeting.ActionWithdrawn):
        withdrawn = meeting_actions_pb2.ActionWithdrawn(reason=to_proto(event.action.withdrawal))
        return _to_owner(
            meeting, event.action.action_id, position, event, topics, withdrawn=withdrawn
        )
    return None


def _to_owner(
    meeting: Meeting, action_id: str, position: int, event, topics: Topics, **payload
) -> Outgoing | None:
    owner = meeting.actions[action_id].owner
    topic = topics.actions_of(owner.agency_id)
    if topic is None:
        return None  # an agency with no actions topic: logged by the relay, not sent
    message = meeting_actions_pb2.MeetingActionMessage(
        message_id=message_id(position),
        action_id=action_id,
        meeting_id=meeting.meeting_id,
        agency_id=owner.agency_id,
        case_reference=owner.case_reference,
        sent_at=timestamp(event.timestamp),
        **payload,
    )
    return Outgoing(topic, owner.case_reference, message.SerializeToString())
