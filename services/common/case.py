"""The case kernel: what every agency records about a case, alike.

An agency's own practice subclasses `Case` with its own commands and events.
Every command carries the caller's request id; the case remembers the outcome of
each request it handled, so a retried request returns that outcome and records
nothing new.
"""

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

CASE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:case")


class Case(Aggregate):
    @staticmethod
    def create_id(agency_id: str, case_reference: str) -> UUID:
        return uuid5(CASE_NAMESPACE, f"{agency_id}/{case_reference}")

    @event("Opened")
    def __init__(
        self,
        agency_id: str,
        case_reference: str,
        subject: dict[str, str] | None,
        subject_key: str,
        request_id: str,
    ) -> None:
        self.agency_id = agency_id
        self.case_reference = case_reference
        # Identifying details stay here, encrypted at rest; only subject_key is shared.
        self.subject = subject
        self.subject_key = subject_key
        self.incidents: dict[str, dict[str, Any]] = {}
        self.risk_level: int | None = None
        self.risk_tool: str | None = None
        self.handled_requests: dict[str, str] = {request_id: case_reference}

    def outcome_of(self, request_id: str) -> str | None:
        """What an already handled request returned, or None if it is new."""
        return self.handled_requests.get(request_id)

    @event("IncidentRecorded")
    def record_incident(
        self,
        request_id: str,
        incident_id: str,
        occurred_at: datetime,
        strands: list[str],
        classification: str,
        perceived_by: list[str],
        location_postcode: str,
        narrative: str,
    ) -> None:
        self.incidents[incident_id] = {
            "occurred_at": occurred_at,
            "strands": strands,
            "classification": classification,
            "perceived_by": perceived_by,
            "location_postcode": location_postcode,
            "narrative": narrative,
        }
        self.handled_requests[request_id] = incident_id

    @event("RiskAssessed")
    def assess_risk(self, request_id: str, level: int, tool: str, assessed_at: datetime) -> None:
        self.risk_level = level
        self.risk_tool = tool
        self.handled_requests[request_id] = ""
