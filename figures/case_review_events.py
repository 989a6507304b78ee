"""Complaints for the case review, from the shared CaseEvents of all agencies.

Only an incident about a named person is a complaint: an anonymous report has no
subject. A case the agency erased contributes nothing, whichever order its events
arrive in (erasure is final). The checks on identifiers and timestamps are the
shared view's (shared_view.kinds), so an event it refuses is refused here too.
"""

from collections.abc import Iterable
from datetime import UTC

from figures.case_review import Complaint
from figures.records import district_of
from marac.v1 import case_events_pb2
from shared_view.facts import MalformedEvent
from shared_view.kinds import fact_from_event


def complaint_from_event(event: case_events_pb2.CaseEvent) -> Complaint | None:
    """The complaint an event carries; None for any other kind or an anonymous report.
    MalformedEvent (naming no content) if it is not usable."""
    fact = fact_from_event(event)  # refuses what the shared view refuses
    if fact is None or event.WhichOneof("payload") != "incident_reported":
        return None
    incident = event.incident_reported
    stamp = event.recorded_at if event.HasField("recorded_at") else event.occurred_at
    try:
        made = stamp.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError) as error:
        raise MalformedEvent("timestamp out of range") from error
    return Complaint(
        agency_id=fact.agency_id,
        source_sequence=fact.source_sequence,
        agency=fact.agency,
        subject_key=fact.subject_key,
        case_reference=fact.case_reference,
        occurred_at=fact.occurred_at,
        made_at=made,
        category=incident.incident_category,
        classification=incident.classification,
        district=district_of(incident.postcode_district),
    )


def complaints_from_events(events: Iterable[case_events_pb2.CaseEvent]) -> list[Complaint]:
    """Every complaint the events carry, without those of erased cases."""
    complaints, erased = read_batch(events)
    gone = set(erased)
    return [c for c in complaints if (c.agency_id, c.case_reference) not in gone]


def read_batch(
    events: Iterable[case_events_pb2.CaseEvent],
) -> tuple[list[Complaint], list[tuple[str, str]]]:
    """The complaints the events carry, and the cases (agency_id, case_reference) they
    erase, for the read model to store (figures.case_review_store.record)."""
    complaints: list[Complaint] = []
    erased: list[tuple[str, str]] = []
    for event in events:
        if event.WhichOneof("payload") == "case_erased":
            erased.append((event.agency_id, event.case_reference))
        elif (complaint := complaint_from_event(event)) is not None:
            complaints.append(complaint)
    return complaints, erased
