"""The victim support case: opened by a referral, then a needs assessment, a
support plan agreed with the victim, and the contacts made with them. Risk,
consent and closure are the kernel's."""

from datetime import datetime
from typing import Any

from eventsourcing.domain import event

from services.common.case import Case


class VictimSupportCase(Case):
    def __init__(
        self,
        agency_id: str,
        case_reference: str,
        subject: dict[str, str] | None,
        subject_key: str,
        request_id: str,
    ) -> None:
        super().__init__(
            agency_id=agency_id,
            case_reference=case_reference,
            subject=subject,
            subject_key=subject_key,
            request_id=request_id,
        )
        self.referral: dict[str, Any] | None = None
        self.needs: list[str] = []
        # The plan in force, or the last one once it ended.
        self.plan: dict[str, Any] | None = None
        # The support areas in place now.
        self.support: list[str] = []
        self.contacts: list[dict[str, Any]] = []

    @property
    def plan_in_force(self) -> bool:
        return self.plan is not None and self.plan["open"]

    @event("ReferralReceived")
    def receive_referral(
        self, referring_agency: str | None, other_source: str | None, received_at: datetime
    ) -> None:
        self.referral = {
            "referring_agency": referring_agency,
            "other_source": other_source,
            "received_at": received_at,
        }

    @event("NeedsAssessed")
    def assess_needs(self, request_id: str, needs: list[str], assessed_at: datetime) -> None:
        self.needs = needs
        self.handled_requests[request_id] = ""

    @event("SupportPlanAgreed")
    def agree_support_plan(
        self, request_id: str, plan_id: str, areas: list[str], review_due_at: datetime | None
    ) -> None:
        self.plan = {
            "plan_id": plan_id,
            "areas": areas,
            "review_due_at": review_due_at,
            "open": True,
        }
        self.handled_requests[request_id] = plan_id

    @event("SupportStarted")
    def start_support(self, area: str) -> None:
        self.support.append(area)

    @event("SupportEnded")
    def end_support(self, area: str) -> None:
        self.support.remove(area)

    @event("SupportPlanEnded")
    def end_support_plan(self, request_id: str, plan_id: str) -> None:
        assert self.plan is not None
        self.plan["open"] = False
        self.handled_requests[request_id] = ""

    @event("ContactRecorded")
    def record_contact(
        self, request_id: str, contact_id: str, contacted_at: datetime, method: str, notes: str
    ) -> None:
        self.contacts.append(
            {
                "contact_id": contact_id,
                "contacted_at": contacted_at,
                "method": method,
                "notes": notes,
            }
        )
        self.handled_requests[request_id] = contact_id
