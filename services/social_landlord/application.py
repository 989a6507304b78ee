"""The social landlord's case records: the kernel's commands and queries plus the
landlord's own (services.social_landlord.commands) over the landlord's event store.

The clock is injectable (`clock`), so tests can move time across working days
and bank holidays.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

from services.common.application import CaseRecords
from services.common.errors import FailedPrecondition
from services.common.validation import FieldViolation, InvalidRequest
from services.common.vocabulary import ActionType, AgencyKind
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
from services.social_landlord.overdue import ListOverdueReports, OverdueReport, ResponseClocks, page


def system_clock() -> datetime:
    return datetime.now(UTC)


class LandlordCaseRecords(CaseRecords):
    name = "social_landlord"
    agency_kind = AgencyKind.SOCIAL_LANDLORD
    case_class = LandlordCase

    def __init__(self, env=None, clock: Callable[[], datetime] = system_clock) -> None:
        self.clock = clock
        super().__init__(env)
        self.response_clocks = ResponseClocks(self)

    def now(self) -> datetime:
        return self.clock()

    # Reports and the response standard

    def log_report(self, command: LogReport) -> str:
        """Logs a report, opening its case if the case is new; returns the report's
        id (the incident id of its incident)."""
        command.validate(self.now())
        incident = command.incident
        identity = command.subject.as_record() if command.subject else None
        key = self.subject_key_of(identity) if identity else None

        def log(case: LandlordCase | None) -> tuple[LandlordCase | None, str]:
            if case is None:
                if identity is None:
                    raise InvalidRequest(
                        [FieldViolation("subject", "is required to open a new case")]
                    )
                case = LandlordCase(
                    agency_id=self.agency_id,
                    case_reference=command.case_reference,
                    subject=identity,
                    subject_key=key,
                    request_id=f"{command.request_id}/open",
                )
            elif (done := case.outcome_of(command.request_id)) is not None:
                return None, done
            elif case.closed:
                raise FailedPrecondition(f"case {command.case_reference} is closed")
            elif key is not None and key != case.subject_key:
                raise FailedPrecondition(f"case {command.case_reference} is about another subject")
            report_id = str(uuid4())
            case.log_report(
                request_id=command.request_id,
                report_id=report_id,
                incident={
                    "occurred_at": incident.occurred_at,
                    "strands": [s.value for s in incident.strands],
                    "classification": incident.classification.value,
                    "perceived_by": [p.value for p in incident.perceived_by],
                    "location_postcode": incident.location_postcode.strip().upper(),
                    "narrative": incident.narrative,
                    "source": command.source.value,
                    "category": command.category.value,
                },
                received_at=command.received_at,
                channel=command.channel.value,
                location_address=command.location_address.strip(),
                consent=command.consent.as_record(),
            )
            return case, report_id

        return self.submit_change(command.case_reference, log)

    def acknowledge_report(self, command: AcknowledgeReport) -> None:
        command.validate()

        def acknowledge(case: LandlordCase) -> str:
            case.acknowledge_report(command.request_id, command.report_id, self.now())
            return command.report_id

        self.change_case(command.case_reference, command.request_id, acknowledge)

    def list_overdue_reports(self, query: ListOverdueReports) -> tuple[list[OverdueReport], str]:
        """One page of the steps due by `query.due_by` (default now) and not done."""
        after = query.validate()
        overdue = self.response_clocks.due_by(query.due_by or self.now())
        return page(overdue, after, query.size)

    def record_overdue_responses(self) -> int:
        """Records each step whose due time passed undone; returns how many."""
        now = self.now()
        cases = {
            item.case_reference
            for item in self.response_clocks.due_by(now)
            if not item.breach_recorded
        }

        def record(case: LandlordCase | None) -> tuple[LandlordCase | None, str]:
            if case is None or case.closed:
                return None, "0"
            recorded = case.record_breaches(now)
            return (case if recorded else None), str(recorded)

        return sum(int(self.submit_change(reference, record)) for reference in sorted(cases))

    # Case management

    def assign_case_officer(self, command: AssignCaseOfficer) -> None:
        command.validate()

        def assign(case: LandlordCase) -> str:
            case.assign_case_officer(
                request_id=command.request_id,
                officer_name=command.officer_name.strip(),
                assigned_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, assign)

    def agree_action_plan(self, command: AgreeActionPlan) -> str:
        """Records the plan agreed with the victim; returns its action id."""
        command.validate(self.now())

        def agree(case: LandlordCase) -> str:
            return case.agree(
                request_id=command.request_id,
                action_id=str(uuid4()),
                action_type=ActionType.ACTION_PLAN,
                details={"summary": command.summary},
                due_at=command.review_by,
                agreed_at=self.now(),
            )

        return self.change_case(command.case_reference, command.request_id, agree)

    def agree_communication_agreement(self, command: AgreeCommunicationAgreement) -> str:
        """Records how the victim wants to be contacted; returns its action id."""
        command.validate(self.now())
        agreement = command.agreement

        def agree(case: LandlordCase) -> str:
            return case.agree(
                request_id=command.request_id,
                action_id=str(uuid4()),
                action_type=ActionType.COMMUNICATION_AGREEMENT,
                details=agreement.as_record(),
                due_at=agreement.review_by,
                agreed_at=self.now(),
            )

        return self.change_case(command.case_reference, command.request_id, agree)

    def start_housing_action(self, command: StartHousingAction) -> str:
        command.validate(self.now())

        def start(case: LandlordCase) -> str:
            action_id = str(uuid4())
            case.start_housing_action(
                request_id=command.request_id,
                action_id=action_id,
                action_type=command.action_type,
                description=command.description,
                due_at=command.due_by,
                victim_agreed=command.victim_agreed,
                started_at=self.now(),
            )
            return action_id

        return self.change_case(command.case_reference, command.request_id, start)

    def finish_housing_action(self, command: FinishHousingAction) -> None:
        command.validate()

        def finish(case: LandlordCase) -> str:
            case.finish_action(
                request_id=command.request_id,
                action_id=command.action_id,
                outcome=command.outcome,
                finished_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, finish)

    def refer_for_support(self, command: ReferForSupport) -> str:
        command.validate()

        def refer(case: LandlordCase) -> str:
            referral_id = str(uuid4())
            case.refer_for_support(
                request_id=command.request_id,
                referral_id=referral_id,
                to_agency=command.to_agency.value if command.to_agency else "",
                to_other=command.to_other.value if command.to_other else "",
                support_areas=sorted({area.value for area in command.support_areas}),
                referred_at=self.now(),
            )
            return referral_id

        return self.change_case(command.case_reference, command.request_id, refer)

    def end_support_referral(self, command: EndSupportReferral) -> None:
        command.validate()

        def end(case: LandlordCase) -> str:
            case.end_support_referral(command.request_id, command.referral_id, self.now())
            return ""

        self.change_case(command.case_reference, command.request_id, end)

    # Enforcement

    def start_enforcement(self, command: StartEnforcement) -> str:
        command.validate()

        def start(case: LandlordCase) -> str:
            enforcement_id = str(uuid4())
            case.start_enforcement(
                request_id=command.request_id,
                enforcement_id=enforcement_id,
                step=command.enforcement_type,
                perpetrator=command.perpetrator.as_record(),
                started_at=self.now(),
            )
            return enforcement_id

        return self.change_case(command.case_reference, command.request_id, start)

    def escalate_enforcement(self, command: EscalateEnforcement) -> str:
        """Escalates an open step; returns the id of the new step."""
        command.validate()

        def escalate(case: LandlordCase) -> str:
            new_id = str(uuid4())
            case.escalate_enforcement(
                request_id=command.request_id,
                enforcement_id=command.enforcement_id,
                new_enforcement_id=new_id,
                step=command.enforcement_type,
                escalated_at=self.now(),
            )
            return new_id

        return self.change_case(command.case_reference, command.request_id, escalate)

    def conclude_enforcement(self, command: ConcludeEnforcement) -> None:
        command.validate()

        def conclude(case: LandlordCase) -> str:
            case.conclude_enforcement(
                request_id=command.request_id,
                enforcement_id=command.enforcement_id,
                outcome=command.outcome,
                concluded_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, conclude)

    # Closure

    def review_and_close_case(self, command: ReviewAndCloseCase) -> None:
        command.validate(self.now())

        def close(case: LandlordCase) -> str:
            case.review_and_close(
                request_id=command.request_id,
                outcome=command.closure.outcome.value,
                satisfaction=command.closure.satisfaction,
                review=command.review(),
                closed_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, close)
