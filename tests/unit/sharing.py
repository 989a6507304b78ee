"""The shared events an agency's records give, as its relay would publish them."""

from marac.v1 import case_events_pb2 as pb
from services.common.agency import AgencyDefinition
from services.common.case import Case
from services.common.sharing import CaseIdentity, to_shared_event


def shared_events(
    records,
    agency: AgencyDefinition,
    payload: str | None = None,
    case_reference: str | None = None,
) -> list[pb.CaseEvent]:
    """Every shared event so far, or only those with the `payload` field, or of one
    case."""
    only = records.get_case(case_reference).id if case_reference is not None else None
    shared = []
    for notification in records.recorder.select_notifications(start=1, limit=10_000):
        event = records.mapper.to_domain_event(notification)
        if only is not None and event.originator_id != only:
            continue
        opened = records.repository.get(event.originator_id, version=1)
        if not isinstance(opened, Case):
            continue  # another of the agency's records, never shared
        envelope = to_shared_event(
            agency.allow_list,
            event,
            CaseIdentity(opened.subject_key, opened.case_reference),
            agency.agency.kind,
            records.agency_id,
            notification.id,
        )
        if envelope is not None and payload in (None, envelope.WhichOneof("payload")):
            shared.append(envelope)
    return shared
