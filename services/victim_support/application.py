"""Victim support's case records: the kernel's commands plus referral, needs
assessment, support plan and contacts. Closing a case ends its support."""

from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from services.common.application import CaseRecords
from services.common.case import Case
from services.common.commands import CloseCase
from services.common.errors import Conflict, FailedPrecondition
from services.common.paging import page
from services.common.vocabulary import AgencyKind
from services.victim_support.commands import (
    AgreeSupportPlan,
    AssessNeeds,
    EndSupportPlan,
    ListSupportContacts,
    ReceiveReferral,
    RecordSupportContact,
)
from services.victim_support.domain import VictimSupportCase
from services.victim_support.vocabulary import NEEDS_AND_RISK_TOOL


@dataclass(frozen=True)
class ContactPage:
    contacts: list[dict[str, Any]]
    next_page_token: str


def end_all_support(case: VictimSupportCase, request_id: str) -> None:
    """Ends the support in place and the plan in force (under `request_id`)."""
    for area in list(case.support):
        case.end_support(area=area)
    if case.plan_in_force:
        case.end_support_plan(request_id=request_id, plan_id=case.plan["plan_id"])


class VictimSupportCaseRecords(CaseRecords):
    name = "victim_support"
    agency_kind = AgencyKind.VICTIM_SUPPORT
    case_class = VictimSupportCase

    def receive_referral(self, command: ReceiveReferral) -> str:
        """Opens a case for the person referred; returns their match key."""
        now = self.now()
        command.validate(now)
        identity = command.subject.as_record()
        key = self.subject_key_of(identity)

        def change(existing: Case | None) -> tuple[Case | None, str]:
            if existing is not None:
                if existing.outcome_of(command.request_id) is None:
                    raise Conflict(f"case {command.case_reference} is already open")
                return None, existing.subject_key
            case = VictimSupportCase(
                agency_id=self.agency_id,
                case_reference=command.case_reference,
                subject=identity,
                subject_key=key,
                request_id=command.request_id,
            )
            scopes, refused = command.consent.as_record()
            case.record_consent(
                request_id=f"{command.request_id}/consent",
                scopes=scopes,
                refused=refused,
                change=case.consent_change(scopes),
            )
            case.receive_referral(
                referring_agency=command.referring_agency.value
                if command.referring_agency
                else None,
                other_source=command.other_source.value if command.other_source else None,
                received_at=command.received_at or now,
            )
            return case, key

        return self.submit_change(command.case_reference, change)

    def assess_needs(self, command: AssessNeeds) -> None:
        """Records the areas of need, and the risk level as the case's risk assessment."""
        command.validate()

        def assess(case: Case) -> str:
            assert isinstance(case, VictimSupportCase)
            now = self.now()
            case.assess_needs(
                request_id=command.request_id,
                needs=list(dict.fromkeys(n.value for n in command.needs)),
                assessed_at=now,
            )
            case.assess_risk(
                request_id=f"{command.request_id}/risk",
                level=int(command.risk_level),
                tool=NEEDS_AND_RISK_TOOL,
                assessed_at=now,
            )
            return ""

        self.change_case(command.case_reference, command.request_id, assess)

    def agree_support_plan(self, command: AgreeSupportPlan) -> str:
        """Agrees the plan, or revises the plan in force: support the plan no
        longer names ends, new support starts. Returns the plan's id."""
        command.validate(self.now())
        areas = list(dict.fromkeys(a.value for a in command.areas))

        def agree(case: Case) -> str:
            assert isinstance(case, VictimSupportCase)
            plan_id = case.plan["plan_id"] if case.plan_in_force else str(uuid4())
            case.agree_support_plan(
                request_id=command.request_id,
                plan_id=plan_id,
                areas=areas,
                review_due_at=command.review_due_at,
            )
            for area in [a for a in case.support if a not in areas]:
                case.end_support(area=area)
            for area in [a for a in areas if a not in case.support]:
                case.start_support(area=area)
            return plan_id

        return self.change_case(command.case_reference, command.request_id, agree)

    def end_support_plan(self, command: EndSupportPlan) -> None:
        command.validate()

        def end(case: Case) -> str:
            assert isinstance(case, VictimSupportCase)
            if not case.plan_in_force:
                raise FailedPrecondition(
                    f"case {command.case_reference} has no support plan in force"
                )
            end_all_support(case, command.request_id)
            return ""

        self.change_case(command.case_reference, command.request_id, end)

    def record_contact(self, command: RecordSupportContact) -> str:
        """Records a contact with the victim; returns its id."""
        command.validate(self.now())

        def record(case: Case) -> str:
            assert isinstance(case, VictimSupportCase)
            contact_id = str(uuid4())
            case.record_contact(
                request_id=command.request_id,
                contact_id=contact_id,
                contacted_at=command.contacted_at,
                method=command.method.value,
                notes=command.notes,
            )
            return contact_id

        return self.change_case(command.case_reference, command.request_id, record)

    def close_case(self, command: CloseCase) -> None:
        """Closes the case (the kernel's closure) and ends any support still in place."""
        command.validate()

        def close(case: Case) -> str:
            assert isinstance(case, VictimSupportCase)
            end_all_support(case, f"{command.request_id}/plan")
            case.close(
                request_id=command.request_id,
                outcome=command.outcome.value,
                satisfaction=command.satisfaction,
                closed_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, close)

    # Queries

    def get_support_case(self, case_reference: str) -> VictimSupportCase:
        case = self.get_case(case_reference)
        assert isinstance(case, VictimSupportCase)
        return case

    def list_contacts(self, query: ListSupportContacts) -> ContactPage:
        at = query.validate()
        case = self.get_support_case(query.case_reference)
        shown, next_token = page(case.contacts, at, query.scope)
        return ContactPage(shown, next_token)
