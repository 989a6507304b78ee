"""Victim support's case records: the kernel's commands plus referral, needs
assessment, support plan and contacts."""

from dataclasses import dataclass
from datetime import datetime

from services.common.application import CaseApplication, Opening, new_id
from services.common.paging import page_in_order
from services.common.results import OpenedCase
from services.common.values import Value
from services.common.vocabulary import RiskLevel, SupportArea
from services.victim_support.commands import (
    AgreeSupportPlan,
    AssessNeeds,
    EndSupportPlan,
    ListSupportContacts,
    ReceiveReferral,
    RecordSupportContact,
)
from services.victim_support.domain import Referral, SupportContact, VictimSupportCase


@dataclass(frozen=True)
class AssessedNeeds(Value):
    needs: tuple[SupportArea, ...]
    risk_level: RiskLevel
    assessed_at: datetime


@dataclass(frozen=True)
class AgreedPlan(Value):
    plan_id: str


@dataclass(frozen=True)
class EndedPlan(Value):
    plan_id: str
    ended_at: datetime


@dataclass(frozen=True)
class RecordedContact(Value):
    contact_id: str


@dataclass(frozen=True)
class ContactPage:
    contacts: list[SupportContact]
    next_page_token: str


class VictimSupportCaseRecords(CaseApplication[VictimSupportCase]):
    name = "victim_support"
    case_class = VictimSupportCase

    def receive_referral(self, command: ReceiveReferral) -> OpenedCase:
        """Opens a case for the person referred."""

        def receive(case: VictimSupportCase) -> OpenedCase:
            case.record_consent(command.consent)
            case.receive_referral(
                Referral(
                    command.referring_agency,
                    command.other_source,
                    command.received_at or self.now(),
                )
            )
            return OpenedCase(case.case_reference, case.subject_key)

        return self.handle(command, receive, opening=Opening(command.subject, only=True))

    def assess_needs(self, command: AssessNeeds) -> AssessedNeeds:
        """Records the areas of need, and the risk level as the case's risk assessment."""

        def assess(case: VictimSupportCase) -> AssessedNeeds:
            needs = tuple(dict.fromkeys(command.needs))
            now = self.now()
            case.assess_needs(needs, command.risk_level, now)
            return AssessedNeeds(needs, command.risk_level, now)

        return self.handle(command, assess)

    def agree_support_plan(self, command: AgreeSupportPlan) -> AgreedPlan:
        areas = tuple(dict.fromkeys(command.areas))
        return self.handle(
            command,
            lambda case: AgreedPlan(
                case.agree_support_plan(new_id(), areas, command.review_due_at)
            ),
        )

    def end_support_plan(self, command: EndSupportPlan) -> EndedPlan:
        def end(case: VictimSupportCase) -> EndedPlan:
            case.end_support_plan()
            return EndedPlan(case.plan.plan_id, self.now())

        return self.handle(command, end)

    def record_contact(self, command: RecordSupportContact) -> RecordedContact:
        """Records a contact with the victim."""

        def record(case: VictimSupportCase) -> RecordedContact:
            contact_id = new_id()
            case.record_contact(
                SupportContact(contact_id, command.contacted_at, command.method, command.notes)
            )
            return RecordedContact(contact_id)

        return self.handle(command, record)

    # Queries

    def list_contacts(self, query: ListSupportContacts) -> ContactPage:
        after, size = query.validate()
        case = self.get_case(query.case_reference)
        return ContactPage(*page_in_order(case.contacts, after, size, query.scope))
