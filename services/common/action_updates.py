"""What an agency's relay tells the meeting service of the actions MARAC meetings
agreed: each change a case records (received: OPEN; completed or closed: how, and
why) as a marac.v1.MeetingActionUpdate on the agency's action updates topic, keyed
by the case reference, with the event's position in the agency's log as its
source_sequence, so (agency_id, source_sequence) names each update once however
often it is resent. The relay sends them with the case's shared events
(services.common.relay: tracking only once the broker acknowledged them); they are
no shared events and never go to the case events topic. An update carries ids, the
vocabulary and when: no name, no note, no user id.
"""

from collections.abc import Callable
from uuid import UUID

from marac.v1 import meeting_actions_pb2 as pb
from services.common.case import Case
from services.common.contract import timestamp, to_proto
from services.common.errors import CaseErased
from services.common.relay import Messages, Outgoing
from services.common.sharing import CaseIdentity

CHANGES = (Case.MeetingActionReceived, Case.MeetingActionClosed)


class ActionUpdates:
    def __init__(
        self, agency_id: str, topic: str, identity_of: Callable[[UUID], CaseIdentity]
    ) -> None:
        self.agency_id = agency_id
        self.topic = topic
        self.identity_of = identity_of

    def __call__(self, event: object, position: int) -> list[Outgoing]:
        if not isinstance(event, CHANGES):
            return []
        action = event.action
        try:
            reference = self.identity_of(event.originator_id).case_reference
        except CaseErased:  # erased since this event was read
            return []
        update = pb.MeetingActionUpdate(
            action_id=action.action_id,
            meeting_id=action.meeting_id,
            agency_id=self.agency_id,
            case_reference=reference,
            status=to_proto(action.status),
            reason=to_proto(action.reason) if action.reason else 0,
            changed_at=timestamp(action.changed_at),
            source_sequence=position,
        )
        return [Outgoing(self.topic, reference, update.SerializeToString())]


def together(*messages: Messages) -> Messages:
    """What each of `messages` publishes an event as, in their order."""
    return lambda event, position: [m for of in messages for m in of(event, position)]
