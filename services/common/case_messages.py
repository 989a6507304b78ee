"""The case kernel's records in AgencyCaseService's messages, for every servicer that
speaks them (the kernel's, services.common.grpc_api; the landlord's LogReport and
ReviewAndCloseCase): a request's incident as the command recording it, and a case's
incidents, overrides, meeting actions and closure as the responses show them.
"""

from typing import TypeVar

from google.protobuf.message import Message

from marac.v1 import agency_case_pb2 as pb
from services.common.case import Incident, Override
from services.common.commands import RecordIncident
from services.common.contract import timestamp, to_proto
from services.common.grpc_requests import (
    Unmappable,
    enum_or_zero,
    optional_moment,
    optional_timestamp,
    scopes_message,
)
from services.common.meeting_actions import MeetingAction
from services.common.results import ClosedCase
from services.common.vocabulary import HateClassification, Perceiver, Strand

T = TypeVar("T")


def incident_from(request: Message, unmappable: Unmappable) -> RecordIncident:
    """The incident of a request with RecordIncidentRequest's fields (the landlord's
    LogReport has them too); values the contract does not define go to `unmappable`."""
    return RecordIncident(
        request_id=request.request_id,
        case_reference=request.case_reference,
        occurred_at=optional_moment(request, "occurred_at"),
        strands=unmappable.many(Strand, request.strands, "strands"),
        classification=unmappable.one(HateClassification, request.classification, "classification"),
        perceived_by=unmappable.many(Perceiver, request.perceived_by, "perceived_by"),
        location_postcode=request.location_postcode,
        narrative=request.narrative,
    )


def incident_message(incident_id: str, incident: Incident) -> pb.Incident:
    return pb.Incident(
        incident_id=incident_id,
        occurred_at=timestamp(incident.occurred_at),
        strands=[to_proto(s) for s in incident.strands],
        classification=to_proto(incident.classification),
        perceived_by=[to_proto(p) for p in incident.perceived_by],
        location_postcode=incident.location_postcode,
        narrative=incident.narrative,
    )


def override_message(override_id: str, o: Override) -> pb.Override:
    return pb.Override(
        override_id=override_id,
        basis=to_proto(o.basis),
        scopes=scopes_message(o.scopes),
        authoriser=o.authoriser,
        authoriser_role=o.authoriser_role.value,
        authorising_role=to_proto(o.authoriser_role),
        reason=o.reason,
        expires_at=timestamp(o.expires_at),
        revoked=o.revoked,
    )


def meeting_action_message(action: MeetingAction) -> pb.CaseMeetingAction:
    return pb.CaseMeetingAction(
        action_id=action.action_id,
        meeting_id=action.meeting_id,
        type=to_proto(action.type),
        due_date=action.due_date.isoformat(),
        status=to_proto(action.status),
        reason=enum_or_zero(action.reason),
        received_at=timestamp(action.received_at),
        closed_at=optional_timestamp(action.closed_at),
        reported_by=action.reported_by,
        withdrawal_reason=enum_or_zero(action.withdrawal),
    )


def closure_message(closed: ClosedCase, response: type[T]) -> T:
    """The closure as recorded, in a response of the shape CloseCaseResponse has."""
    return response(
        outcome=to_proto(closed.outcome),
        satisfaction=closed.satisfaction,
        closed_at=timestamp(closed.closed_at),
    )
