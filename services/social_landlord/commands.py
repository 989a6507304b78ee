"""Commands a housing CRM sends about a landlord case, and their validation.

Field paths are those of marac.v1.LandlordService requests; descriptions never
quote the value. Enum values the entrypoint could not map arrive as
`unknown_values` (field, description).
"""

from dataclasses import dataclass
from datetime import datetime

from services.common.case import Consent, Subject
from services.common.commands import (
    FUTURE_TOLERANCE,
    MAX_NAME,
    MAX_SUPPORT_AREAS,
    CaseCommand,
    CloseCase,
    RecordIncident,
    check_consent,
    check_future,
    check_subject,
)
from services.common.validation import (
    InvalidRequest,
    Unknown,
    Violations,
    check_required,
    check_unknown,
)
from services.common.vocabulary import (
    ActionType,
    AgencyKind,
    EnforcementType,
    ReferralSource,
    ReportSource,
    SupportArea,
)
from services.social_landlord.vocabulary import (
    EnforcementOutcome,
    LandlordActionOutcome,
    LandlordCommunicationNeed,
    LandlordContactMethod,
    LandlordReportCategory,
    LandlordReportChannel,
)

MAX_ADDRESS = 200
MAX_TEXT = 4_000
MAX_LANGUAGE = 50
MAX_CONTACT_INTERVAL_DAYS = 90
# Each way of contact and each need at most once (a repeat is folded).
MAX_CONTACT_METHODS = len(LandlordContactMethod)
MAX_COMMUNICATION_NEEDS = len(LandlordCommunicationNeed)
# Practical help started with StartHousingAction; the two agreements have their own calls.
HOUSING_ACTIONS = frozenset(
    {
        ActionType.TARGET_HARDENING,
        ActionType.REPAIR,
        ActionType.TEMPORARY_REHOUSING,
        ActionType.PERMANENT_REHOUSING,
    }
)
REHOUSING = frozenset({ActionType.TEMPORARY_REHOUSING, ActionType.PERMANENT_REHOUSING})
NEEDS_A_LANGUAGE = frozenset(
    {LandlordCommunicationNeed.INTERPRETER, LandlordCommunicationNeed.TRANSLATED_DOCUMENTS}
)


@dataclass(frozen=True)
class LogReport:
    # The incident reported, with the request id and case reference.
    incident: RecordIncident
    received_at: datetime | None
    channel: LandlordReportChannel | None
    source: ReportSource | None
    category: LandlordReportCategory | None
    location_address: str = ""
    consent: Consent | None = None
    # Who the case is about; needed when the report opens the case.
    subject: Subject | None = None
    unknown_values: Unknown = ()

    @property
    def request_id(self) -> str:
        return self.incident.request_id

    @property
    def case_reference(self) -> str:
        return self.incident.case_reference

    def validate(self, now: datetime) -> None:
        v = Violations()
        try:
            self.incident.validate(now)
        except InvalidRequest as error:
            v.found.extend(error.violations)
        check_unknown(v, self.unknown_values)
        if self.received_at is None:
            v.add("received_at", "is required")
        elif self.received_at > now + FUTURE_TOLERANCE:
            v.add("received_at", "must not be in the future")
        elif self.incident.occurred_at and self.received_at < self.incident.occurred_at:
            v.add("received_at", "must not be before occurred_at")
        check_required(v, "channel", self.channel, self.unknown_values)
        check_required(v, "source", self.source, self.unknown_values)
        check_required(v, "category", self.category, self.unknown_values)
        v.limit("location_address", self.location_address, MAX_ADDRESS)
        if self.consent is None:
            v.add("consent", "is required with each report (no scopes: nothing may be shared)")
        else:
            check_consent(v, "consent", self.consent)
        if self.subject is not None:
            check_subject(v, "subject", self.subject)
        v.raise_if_any()


@dataclass(frozen=True)
class AcknowledgeReport(CaseCommand):
    report_id: str

    def check(self, v: Violations, now: datetime) -> None:
        v.issued_id("report_id", self.report_id)


@dataclass(frozen=True)
class AssignCaseOfficer(CaseCommand):
    officer_name: str

    def check(self, v: Violations, now: datetime) -> None:
        v.require("officer_name", self.officer_name, MAX_NAME)


@dataclass(frozen=True)
class AgreeActionPlan(CaseCommand):
    summary: str
    review_due_at: datetime | None

    def check(self, v: Violations, now: datetime) -> None:
        v.require("summary", self.summary, MAX_TEXT)
        if self.review_due_at is None:
            v.add("review_due_at", "is required: agree when the plan is reviewed with the victim")
        check_future(v, "review_due_at", self.review_due_at, now)


@dataclass(frozen=True)
class CommunicationAgreement:
    contact_methods: tuple[LandlordContactMethod, ...]
    contact_interval_days: int
    communication_needs: tuple[LandlordCommunicationNeed, ...] = ()
    interpreter_language: str = ""
    notes: str = ""
    review_due_at: datetime | None = None

    def check(self, v: Violations, path: str, now: datetime, unknown: Unknown) -> None:
        unknown_methods = any(p.startswith(f"{path}.contact_methods") for p, _ in unknown)
        if not self.contact_methods and not unknown_methods:
            v.add(f"{path}.contact_methods", "name at least one way to contact the victim")
        v.at_most(f"{path}.contact_methods", self.contact_methods, MAX_CONTACT_METHODS)
        v.at_most(f"{path}.communication_needs", self.communication_needs, MAX_COMMUNICATION_NEEDS)
        if not 1 <= self.contact_interval_days <= MAX_CONTACT_INTERVAL_DAYS:
            v.add(
                f"{path}.contact_interval_days",
                f"must be 1 to {MAX_CONTACT_INTERVAL_DAYS} days",
            )
        needs_language = NEEDS_A_LANGUAGE & set(self.communication_needs)
        if needs_language and not self.interpreter_language.strip():
            v.add(f"{path}.interpreter_language", "is required for interpreting or translation")
        v.limit(f"{path}.interpreter_language", self.interpreter_language, MAX_LANGUAGE)
        v.limit(f"{path}.notes", self.notes, MAX_TEXT)
        check_future(v, f"{path}.review_due_at", self.review_due_at, now)

    def as_record(self) -> dict[str, object]:
        return {
            "contact_methods": [m.value for m in dict.fromkeys(self.contact_methods)],
            "contact_interval_days": self.contact_interval_days,
            "communication_needs": sorted({n.value for n in self.communication_needs}),
            "interpreter_language": self.interpreter_language.strip(),
            "notes": self.notes,
        }


@dataclass(frozen=True)
class AgreeCommunicationAgreement(CaseCommand):
    agreement: CommunicationAgreement | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if self.agreement is None:
            v.add("agreement", "is required")
        else:
            self.agreement.check(v, "agreement", now, self.unknown)


@dataclass(frozen=True)
class StartHousingAction(CaseCommand):
    action_type: ActionType | None
    description: str
    due_at: datetime | None = None
    victim_agreed: bool = False
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_required(v, "type", self.action_type, self.unknown)
        if self.action_type is not None and self.action_type not in HOUSING_ACTIONS:
            v.add(
                "type",
                "must be target hardening, a repair, or temporary or permanent rehousing",
            )
        if self.action_type in REHOUSING and not self.victim_agreed:
            v.add("victim_agreed", "rehousing is only ever the victim's informed choice")
        v.require("description", self.description, MAX_TEXT)
        check_future(v, "due_at", self.due_at, now)


@dataclass(frozen=True)
class FinishHousingAction(CaseCommand):
    action_id: str
    outcome: LandlordActionOutcome | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        v.issued_id("action_id", self.action_id)
        check_required(v, "outcome", self.outcome, self.unknown)


@dataclass(frozen=True)
class ReferForSupport(CaseCommand):
    to_agency: AgencyKind | None
    to_other: ReferralSource | None
    support_areas: tuple[SupportArea, ...]
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        unknown_paths = {path for path, _ in self.unknown}
        if self.to_agency is None and self.to_other is None:
            if not {"to_agency", "to_other"} & unknown_paths:
                v.add("to_agency", "name the agency referred to, or set to_other")
        elif self.to_agency is not None and self.to_other is not None:
            v.add("to_other", "set to_agency or to_other, not both")
        if self.to_other is ReferralSource.SELF:
            v.add("to_other", "must be an organisation the victim is referred to")
        if not self.support_areas and not any(p.startswith("support_areas") for p in unknown_paths):
            v.add("support_areas", "name at least one area of support")
        v.at_most("support_areas", self.support_areas, MAX_SUPPORT_AREAS)


@dataclass(frozen=True)
class EndSupportReferral(CaseCommand):
    referral_id: str

    def check(self, v: Violations, now: datetime) -> None:
        v.issued_id("referral_id", self.referral_id)


@dataclass(frozen=True)
class Perpetrator:
    name: str
    address: str = ""
    tenancy_reference: str = ""

    def check(self, v: Violations, path: str) -> None:
        v.require(f"{path}.name", self.name, MAX_NAME)
        v.limit(f"{path}.address", self.address, MAX_ADDRESS)
        v.reference(f"{path}.tenancy_reference", self.tenancy_reference, required=False)

    def as_record(self) -> dict[str, str]:
        return {
            "name": self.name.strip(),
            "address": self.address.strip(),
            "tenancy_reference": self.tenancy_reference.strip(),
        }


@dataclass(frozen=True)
class StartEnforcement(CaseCommand):
    enforcement_type: EnforcementType | None
    perpetrator: Perpetrator | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_required(v, "type", self.enforcement_type, self.unknown)
        if self.perpetrator is None:
            v.add("perpetrator", "is required")
        else:
            self.perpetrator.check(v, "perpetrator")


@dataclass(frozen=True)
class EscalateEnforcement(CaseCommand):
    enforcement_id: str
    enforcement_type: EnforcementType | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        v.issued_id("enforcement_id", self.enforcement_id)
        check_required(v, "type", self.enforcement_type, self.unknown)


@dataclass(frozen=True)
class ConcludeEnforcement(CaseCommand):
    enforcement_id: str
    outcome: EnforcementOutcome | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        v.issued_id("enforcement_id", self.enforcement_id)
        check_required(v, "outcome", self.outcome, self.unknown)
        if self.outcome is EnforcementOutcome.ESCALATED:
            v.add("outcome", "use EscalateEnforcement to escalate a step")


@dataclass(frozen=True)
class ReviewAndCloseCase:
    # The closure itself, with the request id and case reference.
    closure: CloseCase
    reviewed_with_victim: bool
    ongoing_support: tuple[SupportArea, ...] = ()
    follow_up_due_at: datetime | None = None
    learning: str = ""
    unknown_values: Unknown = ()

    @property
    def request_id(self) -> str:
        return self.closure.request_id

    @property
    def case_reference(self) -> str:
        return self.closure.case_reference

    def validate(self, now: datetime) -> None:
        v = Violations()
        try:
            self.closure.validate(now)
        except InvalidRequest as error:
            v.found.extend(error.violations)
        check_unknown(v, self.unknown_values)
        if self.closure.satisfaction and not self.reviewed_with_victim:
            v.add("satisfaction", "is asked in the closure review: set reviewed_with_victim")
        check_future(v, "follow_up_due_at", self.follow_up_due_at, now)
        v.at_most("ongoing_support", self.ongoing_support, MAX_SUPPORT_AREAS)
        v.limit("learning", self.learning, MAX_TEXT)
        v.raise_if_any()

    def review(self) -> dict[str, object]:
        return {
            "reviewed_with_victim": self.reviewed_with_victim,
            "ongoing_support": sorted({area.value for area in self.ongoing_support}),
            "follow_up_due_at": self.follow_up_due_at,
            "learning": self.learning,
        }
