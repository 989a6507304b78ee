"""The social landlord's case records: the kernel's commands and queries plus the
landlord's own (services.social_landlord.commands) over the landlord's event store.

The clock is injectable (`clock`), so tests can move time across working days
and bank holidays.
"""

from dataclasses import dataclass
from datetime import datetime

from services.common.application import CaseApplication, Opening, incident_from, new_id
from services.common.case import Closure
from services.common.paging import Page, page_in_order
from services.common.results import ClosedCase
from services.common.unit_of_work import Session
from services.common.values import Value
from services.common.vocabulary import ActionType, IncidentCategory, ResponseStep
from services.social_landlord.case_lists import LandlordList
from services.social_landlord.commands import (
    AcknowledgeReport,
    AgreeActionPlan,
    AgreeCommunicationAgreement,
    AssignCaseOfficer,
    ConcludeEnforcement,
    EndSupportReferral,
    EscalateEnforcement,
    FinishHousingAction,
    LogReport,
    ReferForSupport,
    ReviewAndCloseCase,
    StartEnforcement,
    StartHousingAction,
)
from services.social_landlord.domain import LandlordCase
from services.social_landlord.overdue import (
    ListOverdueReports,
    OverdueReport,
    ResponseClocks,
    page,
)
from services.social_landlord.vocabulary import (
    EnforcementOutcome,
    LandlordActionOutcome,
    LandlordResponseStatus,
)


@dataclass(frozen=True)
class ResponseTiming(Value):
    due_at: datetime
    done_at: datetime | None
    status: LandlordResponseStatus


@dataclass(frozen=True)
class LoggedReport(Value):
    report_id: str
    subject_key: str
    acknowledgement: ResponseTiming
    risk_assessment: ResponseTiming


@dataclass(frozen=True)
class AcknowledgedReport(Value):
    report_id: str
    acknowledgement: ResponseTiming


@dataclass(frozen=True)
class AssignedCaseOfficer(Value):
    assigned_at: datetime


@dataclass(frozen=True)
class RecordedAction(Value):
    action_id: str
    revised: bool = False  # an agreement in force was revised, not a new one agreed


@dataclass(frozen=True)
class FinishedAction(Value):
    action_id: str
    outcome: LandlordActionOutcome
    finished_at: datetime


@dataclass(frozen=True)
class SentReferral(Value):
    referral_id: str


@dataclass(frozen=True)
class EndedReferral(Value):
    referral_id: str
    ended_at: datetime


@dataclass(frozen=True)
class EnforcementStep(Value):
    enforcement_id: str


@dataclass(frozen=True)
class ConcludedEnforcement(Value):
    enforcement_id: str
    outcome: EnforcementOutcome
    concluded_at: datetime


def timing(case: LandlordCase, report_id: str, step: ResponseStep, now: datetime) -> ResponseTiming:
    response = case.response(report_id, step)
    status = case.status(report_id, step, now)
    return ResponseTiming(response["due_at"], response["done_at"], status)


class LandlordCaseRecords(CaseApplication[LandlordCase]):
    name = "social_landlord"
    case_class = LandlordCase

    def __init__(self, env=None, **kwargs) -> None:
        super().__init__(env, **kwargs)
        self.response_clocks = ResponseClocks(self)

    # Reports and the response standard

    def log_report(self, command: LogReport) -> LoggedReport:
        """Logs a report, opening its case if the case is new."""

        def log(case: LandlordCase) -> LoggedReport:
            report_id = new_id()
            incident = incident_from(
                command.incident, command.source, IncidentCategory(command.category.value)
            )
            case.log_report(
                report_id=report_id,
                incident=incident,
                received_at=command.received_at,
                channel=command.channel.value,
                location_address=command.location_address.strip(),
                consent=command.consent,
            )
            now = self.now()
            return LoggedReport(
                report_id,
                case.subject_key,
                timing(case, report_id, ResponseStep.ACKNOWLEDGEMENT, now),
                timing(case, report_id, ResponseStep.RISK_ASSESSMENT, now),
            )

        return self.handle(command, log, opening=Opening(command.subject))

    def acknowledge_report(self, command: AcknowledgeReport) -> AcknowledgedReport:
        def acknowledge(case: LandlordCase) -> AcknowledgedReport:
            now = self.now()
            case.acknowledge_report(command.report_id, now)
            return AcknowledgedReport(
                command.report_id,
                timing(case, command.report_id, ResponseStep.ACKNOWLEDGEMENT, now),
            )

        return self.handle(command, acknowledge)

    def list_of_case(self, query: LandlordList) -> tuple[LandlordCase, Page[tuple[str, dict]]]:
        """A page of one of the case's lists, and the case (a report's response
        timings are read from it)."""
        after, size = query.validate()
        case = self.get_case(query.case_reference)
        return case, Page(*page_in_order(query.items(case), after, size, query.scope))

    def list_overdue_reports(self, query: ListOverdueReports) -> tuple[list[OverdueReport], str]:
        """One page of the steps due by `query.due_by` (default now) and not done."""
        after, size = query.validate()
        overdue = self.response_clocks.due_by(query.due_by or self.now())
        return page(overdue, after, size)

    def record_overdue_responses(self) -> int:
        """Records each step whose due time passed undone; returns how many."""
        now = self.now()
        cases = {
            item.case_reference
            for item in self.response_clocks.due_by(now)
            if not item.breach_recorded
        }

        def record(case: LandlordCase | None, session: Session) -> tuple[LandlordCase | None, int]:
            if case is None:
                return case, 0
            return case, case.record_breaches(now)

        return sum(self.change(reference, record) for reference in sorted(cases))

    # Case management

    def assign_case_officer(self, command: AssignCaseOfficer) -> AssignedCaseOfficer:
        def assign(case: LandlordCase) -> AssignedCaseOfficer:
            now = self.now()
            case.assign_case_officer(officer_name=command.officer_name.strip(), assigned_at=now)
            return AssignedCaseOfficer(now)

        return self.handle(command, assign)

    def agree_action_plan(self, command: AgreeActionPlan) -> RecordedAction:
        """Records the plan agreed with the victim (agreeing again revises it)."""
        return self.handle(
            command,
            lambda case: self._agree(
                case, ActionType.ACTION_PLAN, {"summary": command.summary}, command.review_due_at
            ),
        )

    def agree_communication_agreement(self, command: AgreeCommunicationAgreement) -> RecordedAction:
        """Records how the victim wants to be contacted (agreeing again revises it)."""
        agreement = command.agreement
        return self.handle(
            command,
            lambda case: self._agree(
                case,
                ActionType.COMMUNICATION_AGREEMENT,
                agreement.as_record(),
                agreement.review_due_at,
            ),
        )

    def _agree(self, case: LandlordCase, kind: ActionType, details, review_at) -> RecordedAction:
        revised = case.open_action(kind) is not None
        action_id = case.agree(new_id(), kind, details, review_at, self.now())
        return RecordedAction(action_id, revised)

    def start_housing_action(self, command: StartHousingAction) -> RecordedAction:
        def start(case: LandlordCase) -> RecordedAction:
            action_id = new_id()
            case.start_housing_action(
                action_id=action_id,
                action_type=command.action_type,
                description=command.description,
                due_at=command.due_at,
                victim_agreed=command.victim_agreed,
                started_at=self.now(),
            )
            return RecordedAction(action_id)

        return self.handle(command, start)

    def finish_housing_action(self, command: FinishHousingAction) -> FinishedAction:
        def finish(case: LandlordCase) -> FinishedAction:
            now = self.now()
            case.finish_action(command.action_id, command.outcome, now)
            return FinishedAction(command.action_id, command.outcome, now)

        return self.handle(command, finish)

    def refer_for_support(self, command: ReferForSupport) -> SentReferral:
        def refer(case: LandlordCase) -> SentReferral:
            referral_id = new_id()
            case.refer_for_support(
                referral_id=referral_id,
                to_agency=command.to_agency.value if command.to_agency else "",
                to_other=command.to_other.value if command.to_other else "",
                support_areas=sorted({area.value for area in command.support_areas}),
                referred_at=self.now(),
            )
            return SentReferral(referral_id)

        return self.handle(command, refer)

    def end_support_referral(self, command: EndSupportReferral) -> EndedReferral:
        def end(case: LandlordCase) -> EndedReferral:
            now = self.now()
            case.end_support_referral(command.referral_id, now)
            return EndedReferral(command.referral_id, now)

        return self.handle(command, end)

    # Enforcement

    def start_enforcement(self, command: StartEnforcement) -> EnforcementStep:
        def start(case: LandlordCase) -> EnforcementStep:
            enforcement_id = new_id()
            case.start_enforcement(
                enforcement_id=enforcement_id,
                step=command.enforcement_type,
                perpetrator=command.perpetrator.as_record(),
                started_at=self.now(),
            )
            return EnforcementStep(enforcement_id)

        return self.handle(command, start)

    def escalate_enforcement(self, command: EscalateEnforcement) -> EnforcementStep:
        """Escalates an open step; answers the new step."""

        def escalate(case: LandlordCase) -> EnforcementStep:
            new_step = new_id()
            case.escalate_enforcement(
                command.enforcement_id, new_step, command.enforcement_type, self.now()
            )
            return EnforcementStep(new_step)

        return self.handle(command, escalate)

    def conclude_enforcement(self, command: ConcludeEnforcement) -> ConcludedEnforcement:
        def conclude(case: LandlordCase) -> ConcludedEnforcement:
            now = self.now()
            case.conclude_enforcement(command.enforcement_id, command.outcome, now)
            return ConcludedEnforcement(command.enforcement_id, command.outcome, now)

        return self.handle(command, conclude)

    # Closure

    def review_and_close_case(self, command: ReviewAndCloseCase) -> ClosedCase:
        def close(case: LandlordCase) -> ClosedCase:
            closure = Closure(command.closure.outcome, command.closure.satisfaction, self.now())
            case.review_closure(command.review())
            case.close(closure)
            return ClosedCase(closure.outcome, closure.satisfaction, closure.closed_at)

        return self.handle(command, close)
