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
        self.consent_scopes: list[list[str]] = []
        self.refused_recipients: list[str] = []
        self.overrides: dict[str, dict[str, Any]] = {}
        self.closed = False
        self.outcome: str | None = None
        self.satisfaction = 0
        self.marac_referrals: list[dict[str, str]] = []
        self.handled_requests: dict[str, str] = {request_id: case_reference}

    def outcome_of(self, request_id: str) -> str | None:
        """What an already handled request returned, or None if it is new."""
        return self.handled_requests.get(request_id)

    def consent_change(self, scopes: list[list[str]]) -> str:
        """How a new set of consent scopes differs from the one in force."""
        before = {tuple(s) for s in self.consent_scopes}
        after = {tuple(s) for s in scopes}
        if not after:
            return "withdrawn"
        if not before or after == before:
            return "given"
        return "widened" if after >= before else "narrowed"

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
        source: str = "victim",
        category: str = "",
    ) -> None:
        self.incidents[incident_id] = {
            "source": source,
            "category": category,
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

    # Consent and lawful-basis overrides

    @event("ConsentRecorded")
    def record_consent(
        self, request_id: str, scopes: list[list[str]], refused: list[str], change: str
    ) -> None:
        """Replaces the consent in force; scopes are [recipient, purpose] pairs."""
        self.consent_scopes = scopes
        self.refused_recipients = refused
        self.handled_requests[request_id] = change

    @event("OverrideRecorded")
    def record_override(
        self,
        request_id: str,
        override_id: str,
        basis: str,
        scopes: list[list[str]],
        authoriser: str,
        authoriser_role: str,
        reason: str,
        expires_at: datetime,
    ) -> None:
        self.overrides[override_id] = {
            "basis": basis,
            "scopes": scopes,
            "authoriser": authoriser,
            "authoriser_role": authoriser_role,
            "reason": reason,
            "expires_at": expires_at,
            "revoked": False,
        }
        self.handled_requests[request_id] = override_id

    @event("OverrideRevoked")
    def revoke_override(self, request_id: str, override_id: str) -> None:
        self.overrides[override_id]["revoked"] = True
        self.handled_requests[request_id] = ""

    @event("Closed")
    def close(self, request_id: str, outcome: str, satisfaction: int, closed_at: datetime) -> None:
        self.closed = True
        self.outcome = outcome
        self.satisfaction = satisfaction
        self.handled_requests[request_id] = ""

    @event("ReferredToMarac")
    def refer_to_marac(self, request_id: str, ground: str, reason: str) -> None:
        self.marac_referrals.append({"ground": ground, "reason": reason})
        self.handled_requests[request_id] = ""
