"""The social landlord's case: reports of hate incidents and anti-social behaviour,
handled to the partnership's service standards (seeds 000, 001 and 003).

Each report is acknowledged and risk-assessed within one working day; the case
has a named case officer, an action plan and a communication agreement agreed
with the victim, target hardening, repairs, support referrals, enforcement
against the perpetrator, rehousing when the victim chooses it, and a closure
review with the victim. Names, addresses, the perpetrator, the case officer and
every free text stay here; services.social_landlord.sharing decides what leaves.
"""

from datetime import datetime
from typing import Any

from eventsourcing.domain import event

from services.common.case import Case, Consent, Incident, RiskAssessment
from services.common.errors import FailedPrecondition, NotFound
from services.common.vocabulary import ActionType, EnforcementType, ResponseStep
from services.common.working_days import one_working_day_after
from services.social_landlord.enforcement import check_conclusion, check_escalation, check_start
from services.social_landlord.vocabulary import (
    EnforcementOutcome,
    LandlordActionOutcome,
    LandlordResponseStatus,
)

RESPONSE_STEPS = (ResponseStep.ACKNOWLEDGEMENT, ResponseStep.RISK_ASSESSMENT)


class LandlordCase(Case):
    def on_open(self) -> None:
        self.reports: dict[str, dict[str, Any]] = {}
        self.case_officer = ""
        self.actions: dict[str, dict[str, Any]] = {}
        self.referrals: dict[str, dict[str, Any]] = {}
        self.support_in_place: set[str] = set()
        self.enforcement: dict[str, dict[str, Any]] = {}
        self.closure_review: dict[str, Any] | None = None

    # Reports and the response standard

    def log_report(
        self,
        report_id: str,
        incident: Incident,
        received_at: datetime,
        channel: str,
        location_address: str,
        consent: Consent,
    ) -> None:
        """A report: its incident, the victim's consent as it stands with it, and
        the response clocks it starts."""
        self.record_incident(report_id, incident)
        self.record_consent(consent)
        due_at = one_working_day_after(received_at)
        self._receive_report(
            report_id=report_id,
            received_at=received_at,
            channel=channel,
            location_address=location_address,
            due={step.value: due_at for step in RESPONSE_STEPS},
        )

    @event("ReportLogged")
    def _receive_report(
        self,
        report_id: str,
        received_at: datetime,
        channel: str,
        location_address: str,
        due: dict[str, datetime],
    ) -> None:
        self.reports[report_id] = {
            "received_at": received_at,
            "channel": channel,
            "location_address": location_address,
            "responses": {
                step: {"due_at": due_at, "done_at": None, "breach_recorded": False}
                for step, due_at in due.items()
            },
        }

    def response(self, report_id: str, step: ResponseStep) -> dict[str, Any]:
        if report_id not in self.reports:
            raise NotFound("no such report on this case")
        return self.reports[report_id]["responses"][step.value]

    def status(self, report_id: str, step: ResponseStep, now: datetime) -> LandlordResponseStatus:
        response = self.response(report_id, step)
        if response["done_at"] is not None:
            met = response["done_at"] <= response["due_at"]
            return LandlordResponseStatus.MET if met else LandlordResponseStatus.LATE
        if response["breach_recorded"] or (not self.closed and response["due_at"] <= now):
            return LandlordResponseStatus.OVERDUE
        return LandlordResponseStatus.STOPPED if self.closed else LandlordResponseStatus.AWAITING

    def acknowledge_report(self, report_id: str, acknowledged_at: datetime) -> None:
        response = self.response(report_id, ResponseStep.ACKNOWLEDGEMENT)
        if response["done_at"] is not None:
            raise FailedPrecondition("the report is already acknowledged")
        self._time_response(
            report_id=report_id,
            step=ResponseStep.ACKNOWLEDGEMENT.value,
            due_at=response["due_at"],
            done_at=acknowledged_at,
            within_standard=acknowledged_at <= response["due_at"],
        )

    def assess_risk(self, assessment: RiskAssessment) -> None:
        """A risk assessment of the case covers every report still awaiting one."""
        super().assess_risk(assessment)
        assessed_at = assessment.assessed_at
        step = ResponseStep.RISK_ASSESSMENT.value
        for report_id, report in self.reports.items():
            response = report["responses"][step]
            if response["done_at"] is None:
                self._time_response(
                    report_id=report_id,
                    step=step,
                    due_at=response["due_at"],
                    done_at=assessed_at,
                    within_standard=assessed_at <= response["due_at"],
                )

    def record_breaches(self, now: datetime) -> int:
        """Records, once, each response step whose due time passed undone; a
        closed case has no more steps to do."""
        if self.closed:
            return 0
        overdue = [
            (report_id, step, response["due_at"])
            for report_id, report in self.reports.items()
            for step, response in report["responses"].items()
            if response["done_at"] is None
            and not response["breach_recorded"]
            and response["due_at"] <= now
        ]
        for report_id, step, due_at in overdue:
            self._time_response(
                report_id=report_id, step=step, due_at=due_at, done_at=None, within_standard=False
            )
        return len(overdue)

    @event("ResponseTimed")
    def _time_response(
        self,
        report_id: str,
        step: str,
        due_at: datetime,
        done_at: datetime | None,
        within_standard: bool,
    ) -> None:
        """A step done (done_at), or found undone when it fell due (no done_at)."""
        response = self.reports[report_id]["responses"][step]
        if done_at is None:
            response["breach_recorded"] = True
        else:
            response["done_at"] = done_at

    # Case officer

    @event("CaseOfficerAssigned")
    def assign_case_officer(self, officer_name: str, assigned_at: datetime) -> None:
        self.case_officer = officer_name

    # Actions: agreements with the victim and practical help

    def open_action(self, action_type: ActionType) -> str | None:
        for action_id, action in self.actions.items():
            if action["open"] and action["type"] == action_type.value:
                return action_id
        return None

    def agree(
        self,
        action_id: str,
        action_type: ActionType,
        details: dict[str, Any],
        due_at: datetime | None,
        agreed_at: datetime,
    ) -> str:
        """An action plan or communication agreement agreed with the victim; agreeing
        again revises the open one. Returns the agreement's action id."""
        current = self.open_action(action_type)
        if current is not None:
            self._revise_action(
                action_id=current,
                action_type=action_type.value,
                details=details,
                due_at=due_at,
                revised_at=agreed_at,
            )
            return current
        self._start_action(
            action_id=action_id,
            action_type=action_type.value,
            details=details,
            due_at=due_at,
            victim_agreed=True,
            started_at=agreed_at,
        )
        return action_id

    def start_housing_action(
        self,
        action_id: str,
        action_type: ActionType,
        description: str,
        due_at: datetime | None,
        victim_agreed: bool,
        started_at: datetime,
    ) -> None:
        self._start_action(
            action_id=action_id,
            action_type=action_type.value,
            details={"description": description},
            due_at=due_at,
            victim_agreed=victim_agreed,
            started_at=started_at,
        )

    @event("ActionStarted")
    def _start_action(
        self,
        action_id: str,
        action_type: str,
        details: dict[str, Any],
        due_at: datetime | None,
        victim_agreed: bool,
        started_at: datetime,
    ) -> None:
        self.actions[action_id] = {
            "type": action_type,
            "details": details,
            "due_at": due_at,
            "victim_agreed": victim_agreed,
            "open": True,
            "outcome": None,
            "started_at": started_at,
            "finished_at": None,
        }

    @event("ActionRevised")
    def _revise_action(
        self,
        action_id: str,
        action_type: str,
        details: dict[str, Any],
        due_at: datetime | None,
        revised_at: datetime,
    ) -> None:
        self.actions[action_id].update(details=details, due_at=due_at)

    def finish_action(
        self,
        action_id: str,
        outcome: LandlordActionOutcome,
        finished_at: datetime,
    ) -> None:
        action = self.actions.get(action_id)
        if action is None:
            raise NotFound("no such action on this case")
        if not action["open"]:
            raise FailedPrecondition("the action is already finished")
        self._finish_action(
            action_id=action_id,
            action_type=action["type"],
            outcome=outcome.value,
            finished_at=finished_at,
        )

    @event("ActionFinished")
    def _finish_action(
        self,
        action_id: str,
        action_type: str,
        outcome: str,
        finished_at: datetime,
    ) -> None:
        self.actions[action_id].update(open=False, outcome=outcome, finished_at=finished_at)

    # Support referrals

    def refer_for_support(
        self,
        referral_id: str,
        to_agency: str,
        to_other: str,
        support_areas: list[str],
        referred_at: datetime,
    ) -> None:
        self._send_referral(
            referral_id=referral_id,
            to_agency=to_agency,
            to_other=to_other,
            support_areas=support_areas,
            referred_at=referred_at,
        )
        self._update_support()

    @event("ReferralSent")
    def _send_referral(
        self,
        referral_id: str,
        to_agency: str,
        to_other: str,
        support_areas: list[str],
        referred_at: datetime,
    ) -> None:
        self.referrals[referral_id] = {
            "to_agency": to_agency,
            "to_other": to_other,
            "support_areas": support_areas,
            "referred_at": referred_at,
            "open": True,
        }

    def end_support_referral(self, referral_id: str, ended_at: datetime) -> None:
        referral = self.referrals.get(referral_id)
        if referral is None:
            raise NotFound("no such referral on this case")
        if not referral["open"]:
            raise FailedPrecondition("the referral has already ended")
        self._end_referral(referral_id=referral_id, ended_at=ended_at)
        self._update_support()

    @event("SupportReferralEnded")
    def _end_referral(self, referral_id: str, ended_at: datetime) -> None:
        self.referrals[referral_id]["open"] = False

    def _update_support(self) -> None:
        """Support is in place in an area while an open referral covers it; only a
        change of that is recorded, so two referrals for one area share as one."""
        referred = {
            area
            for referral in self.referrals.values()
            if referral["open"]
            for area in referral["support_areas"]
        }
        for area in sorted(referred ^ self.support_in_place):
            self._change_support(area=area, in_place=area in referred)

    @event("SupportChanged")
    def _change_support(self, area: str, in_place: bool) -> None:
        if in_place:
            self.support_in_place.add(area)
        else:
            self.support_in_place.discard(area)

    # Enforcement against a perpetrator

    def start_enforcement(
        self,
        enforcement_id: str,
        step: EnforcementType,
        perpetrator: dict[str, str],
        started_at: datetime,
    ) -> None:
        check_start(step, perpetrator.get("tenancy_reference", ""))
        self._start_enforcement(
            enforcement_id=enforcement_id,
            enforcement_type=step.value,
            perpetrator=perpetrator,
            started_at=started_at,
            escalated_from="",
        )

    def escalate_enforcement(
        self,
        enforcement_id: str,
        new_enforcement_id: str,
        step: EnforcementType,
        escalated_at: datetime,
    ) -> None:
        """Concludes an open step as escalated and starts a more serious one against
        the same perpetrator."""
        current = self._open_step(enforcement_id)
        current_step = EnforcementType(current["type"])
        check_escalation(current_step, step, current["perpetrator"].get("tenancy_reference", ""))
        self._conclude_enforcement(
            enforcement_id=enforcement_id,
            enforcement_type=current_step.value,
            outcome=EnforcementOutcome.ESCALATED.value,
            concluded_at=escalated_at,
        )
        self._start_enforcement(
            enforcement_id=new_enforcement_id,
            enforcement_type=step.value,
            perpetrator=current["perpetrator"],
            started_at=escalated_at,
            escalated_from=enforcement_id,
        )

    def conclude_enforcement(
        self,
        enforcement_id: str,
        outcome: EnforcementOutcome,
        concluded_at: datetime,
    ) -> None:
        current = self._open_step(enforcement_id)
        check_conclusion(EnforcementType(current["type"]), outcome)
        self._conclude_enforcement(
            enforcement_id=enforcement_id,
            enforcement_type=current["type"],
            outcome=outcome.value,
            concluded_at=concluded_at,
        )

    def _open_step(self, enforcement_id: str) -> dict[str, Any]:
        step = self.enforcement.get(enforcement_id)
        if step is None:
            raise NotFound("no such enforcement step on this case")
        if not step["open"]:
            raise FailedPrecondition("the enforcement step is already concluded")
        return step

    @event("EnforcementStarted")
    def _start_enforcement(
        self,
        enforcement_id: str,
        enforcement_type: str,
        perpetrator: dict[str, str],
        started_at: datetime,
        escalated_from: str,
    ) -> None:
        self.enforcement[enforcement_id] = {
            "type": enforcement_type,
            "perpetrator": perpetrator,
            "open": True,
            "outcome": None,
            "started_at": started_at,
            "concluded_at": None,
            "escalated_from": escalated_from,
        }

    @event("EnforcementConcluded")
    def _conclude_enforcement(
        self,
        enforcement_id: str,
        enforcement_type: str,
        outcome: str,
        concluded_at: datetime,
    ) -> None:
        self.enforcement[enforcement_id].update(
            open=False, outcome=outcome, concluded_at=concluded_at
        )

    # Closure

    def before_closing(self, closed_at: datetime) -> None:
        """Closing stops the response clocks: a step already overdue is recorded as
        outside the standard, one not yet due is no longer awaited."""
        self.record_breaches(closed_at)

    @event("ClosureReviewed")
    def review_closure(self, review: dict[str, Any]) -> None:
        self.closure_review = review
