"""The victim support case tool's commands and queries, and the checks of their
shape. Field paths are those of marac.v1.VictimSupportService requests."""

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from services.common.case import Consent, Subject
from services.common.commands import (
    MAX_NARRATIVE,
    MAX_SUPPORT_AREAS,
    CaseCommand,
    PageOfCase,
    check_consent_given,
    check_not_future,
    check_subject_given,
)
from services.common.validation import Unknown, Violations, missing, reported
from services.common.vocabulary import AgencyKind, ReferralSource, RiskLevel, SupportArea
from services.victim_support.vocabulary import PLAN_AREAS, SupportContactMethod


@dataclass(frozen=True)
class ReceiveReferral(CaseCommand):
    subject: Subject | None
    consent: Consent | None
    # Who referred: another agency, or any other source; exactly one.
    referring_agency: AgencyKind | None
    other_source: ReferralSource | None
    received_at: datetime | None = None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_subject_given(v, self.subject)
        check_consent_given(v, self.consent, "what the victim agreed to share, even if nothing")
        if self.referring_agency is not None and self.other_source is not None:
            v.add("referrer", "give the referring agency or another source, not both")
        elif missing(self.referring_agency, "referring_agency", self.unknown) and missing(
            self.other_source, "other_source", self.unknown
        ):
            v.add("referrer", "is required: the referring agency or another source")
        if self.referring_agency == AgencyKind.VICTIM_SUPPORT:
            v.add("referring_agency", "must be another agency")
        check_not_future(v, "received_at", self.received_at, now)


@dataclass(frozen=True)
class AssessNeeds(CaseCommand):
    needs: tuple[SupportArea, ...]
    risk_level: RiskLevel | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        v.at_most("needs", self.needs, MAX_SUPPORT_AREAS)
        if not self.needs and not reported("needs", self.unknown):
            v.add("needs", "name at least one area of need; close a case that needs nothing")
        if missing(self.risk_level, "risk_level", self.unknown):
            v.add("risk_level", "is required")


@dataclass(frozen=True)
class AgreeSupportPlan(CaseCommand):
    areas: tuple[SupportArea, ...]
    review_due_at: datetime | None = None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if not self.areas and not reported("areas", self.unknown):
            v.add("areas", "name at least one area of support; end a plan with EndSupportPlan")
        if not v.at_most("areas", self.areas, MAX_SUPPORT_AREAS):
            return
        for index, area in enumerate(self.areas):
            if area not in PLAN_AREAS:
                v.add(
                    f"areas[{index}]",
                    "must be emotional, practical, criminal justice or financial support;"
                    " refer other needs on",
                )
        if self.review_due_at is not None and self.review_due_at <= now:
            v.add("review_due_at", "must be in the future")


@dataclass(frozen=True)
class EndSupportPlan(CaseCommand):
    pass


@dataclass(frozen=True)
class RecordSupportContact(CaseCommand):
    contacted_at: datetime | None
    method: SupportContactMethod | None
    notes: str = ""
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if self.contacted_at is None:
            v.add("contacted_at", "is required")
        check_not_future(v, "contacted_at", self.contacted_at, now)
        if missing(self.method, "method", self.unknown):
            v.add("method", "is required")
        v.limit("notes", self.notes, MAX_NARRATIVE)


@dataclass(frozen=True)
class ListSupportContacts(PageOfCase):
    of: ClassVar[str] = "contacts"
