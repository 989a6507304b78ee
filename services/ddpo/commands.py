"""What a DDPO's advocacy database asks of its case records, and the validation
of each request. Field paths are those of marac.v1.DdpoService requests;
descriptions never quote the value."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from services.common.case import Consent, Subject
from services.common.commands import (
    CaseCommand,
    PageOfCase,
    RecordIncident,
    check_consent_given,
    check_subject,
)
from services.common.paging import Position, read_page
from services.common.validation import Unknown, Violations, missing
from services.common.vocabulary import (
    HateClassification,
    Perceiver,
    ReportSource,
    Strand,
    SupportArea,
)
from services.ddpo.vocabulary import (
    DDPO_SUPPORT_AREAS,
    INTERPRETING_NEEDS,
    AccessNeed,
    DdpoIncidentCategory,
    InterpreterRelationship,
    PoliceInvolvement,
    PoliceReluctance,
    ReporterRelationship,
    WaitingListExit,
)

# A BCP 47 language tag such as "bn", "syl" or "pt-BR".
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
MAX_LANGUAGE_TAG = 35
MAX_ACCESS_NEEDS = 20
# Each reason at most once (a repeat is folded).
MAX_RELUCTANCE = len(PoliceReluctance)
MAX_MINUTES = 12 * 60
# Advocates record time by the date in England, not in UTC.
LOCAL_TIME = ZoneInfo("Europe/London")
WAITING_LIST = "ddpo-waiting-list"
SUPPORT_AREA_NAMES = ", ".join(sorted(a.value for a in DDPO_SUPPORT_AREAS))


def check_reluctance(
    v: Violations, involvement: PoliceInvolvement | None, reluctance: tuple
) -> None:
    v.at_most("police_reluctance", reluctance, MAX_RELUCTANCE)
    if reluctance and involvement != PoliceInvolvement.NOT_WANTED:
        v.add(
            "police_reluctance",
            "only with police_involvement NOT_WANTED: why the victim does not want the police",
        )


@dataclass(frozen=True)
class RecordReport(CaseCommand):
    # Required only for a victim's report that opens a case (the case's rule).
    subject: Subject | None
    consent: Consent | None
    source: ReportSource | None
    reporter: ReporterRelationship | None
    # Required only when the report opens a case (the case's rule).
    police_involvement: PoliceInvolvement | None
    police_reluctance: tuple[PoliceReluctance, ...]
    category: DdpoIncidentCategory | None
    occurred_at: datetime | None
    strands: tuple[Strand, ...]
    classification: HateClassification | None
    perceived_by: tuple[Perceiver, ...] = ()
    location_postcode: str = ""
    narrative: str = ""
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        # The incident reported, checked as the kernel checks any incident.
        RecordIncident(
            self.request_id,
            self.case_reference,
            self.occurred_at,
            self.strands,
            self.classification,
            self.perceived_by,
            self.location_postcode,
            self.narrative,
        ).check(v, now)
        if self.subject is not None:
            check_subject(v, "subject", self.subject)
            if self.source == ReportSource.ANONYMOUS:
                v.add("subject", "an anonymous report names no one")
        check_consent_given(v, self.consent, "what was agreed to share, even if nothing")
        if missing(self.source, "source", self.unknown_values):
            v.add("source", "is required")
        if self.source == ReportSource.THIRD_PARTY and missing(
            self.reporter, "reporter_relationship", self.unknown_values
        ):
            v.add("reporter_relationship", "is required for a third-party report")
        if self.source == ReportSource.VICTIM and self.reporter is not None:
            v.add("reporter_relationship", "must be unspecified for the victim's own report")
        check_reluctance(v, self.police_involvement, self.police_reluctance)
        if missing(self.category, "category", self.unknown_values):
            v.add("category", "is required")


@dataclass(frozen=True)
class RecordPoliceWish(CaseCommand):
    police_involvement: PoliceInvolvement | None
    police_reluctance: tuple[PoliceReluctance, ...] = ()
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if missing(self.police_involvement, "police_involvement", self.unknown_values):
            v.add("police_involvement", "is required")
        check_reluctance(v, self.police_involvement, self.police_reluctance)


@dataclass(frozen=True)
class Interpreter:
    relationship: InterpreterRelationship | None
    confirmed_adult: bool

    def check(self, v: Violations, path: str, unknown_values: Unknown) -> None:
        # Interpreters are never children, and never family, friends or carers,
        # who may be involved in the abuse or pressured by those who are; an
        # unqualified interpreter may say something other than the victim did.
        if self.relationship == InterpreterRelationship.CHILD:
            v.add(f"{path}.relationship", "an interpreter is never a child")
        elif self.relationship is not None and (
            self.relationship != InterpreterRelationship.PROFESSIONAL
        ):
            v.add(
                f"{path}.relationship",
                "must be an independent professional interpreter, not family, a friend or a carer",
            )
        elif missing(self.relationship, f"{path}.relationship", unknown_values):
            v.add(f"{path}.relationship", "is required")
        if not self.confirmed_adult:
            v.add(
                f"{path}.confirmed_adult",
                "confirm the interpreter is 18 or over: an interpreter is never a child",
            )


@dataclass(frozen=True)
class AccessArrangement:
    need: AccessNeed | None
    language: str = ""
    interpreter: Interpreter | None = None

    def check(self, v: Violations, path: str, unknown_values: Unknown) -> None:
        if missing(self.need, f"{path}.need", unknown_values):
            v.add(f"{path}.need", "is required")
        # An interpreter interprets a language: a spoken one must be named; a sign
        # language may be ("bfi" British Sign Language, "isg" Irish Sign Language).
        if self.need == AccessNeed.SPOKEN_LANGUAGE_INTERPRETER and not self.language:
            v.add(f"{path}.language", "is required for a spoken-language interpreter")
        elif self.language and self.need not in INTERPRETING_NEEDS:
            v.add(f"{path}.language", "only for an interpreter")
        elif self.language and (
            len(self.language) > MAX_LANGUAGE_TAG or not LANGUAGE_TAG.fullmatch(self.language)
        ):
            v.add(f"{path}.language", "must be a BCP 47 language tag, for example bn or bfi")
        if self.interpreter is not None:
            if self.need is not None and self.need not in INTERPRETING_NEEDS:
                v.add(f"{path}.interpreter", "only for an interpreting need")
            self.interpreter.check(v, f"{path}.interpreter", unknown_values)

    def as_record(self) -> dict:
        return {
            "need": self.need.value,
            "language": self.language,
            "interpreter": None
            if self.interpreter is None
            else {
                "relationship": self.interpreter.relationship.value,
                "confirmed_adult": self.interpreter.confirmed_adult,
            },
        }


@dataclass(frozen=True)
class RecordAccessNeeds(CaseCommand):
    access_needs: tuple[AccessArrangement, ...]
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        # Past the maximum, each arrangement's own checks would only cost time.
        if not v.at_most("access_needs", self.access_needs, MAX_ACCESS_NEEDS):
            return
        seen = set()
        for index, arrangement in enumerate(self.access_needs):
            path = f"access_needs[{index}]"
            arrangement.check(v, path, self.unknown_values)
            need = (arrangement.need, arrangement.language)
            if arrangement.need is not None and need in seen:
                v.add(path, "repeats an earlier access need")
            seen.add(need)


def check_support_area(v: Violations, path: str, area: SupportArea | None) -> None:
    if area == SupportArea.ADVOCACY:
        v.add(path, "advocacy starts with StartAdvocacy")
    elif area is not None and area not in DDPO_SUPPORT_AREAS:
        v.add(path, f"must be one of {SUPPORT_AREA_NAMES}")


@dataclass(frozen=True)
class ChangeSupport(CaseCommand):
    area: SupportArea | None
    open: bool
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if missing(self.area, "area", self.unknown_values):
            v.add("area", "is required")
        check_support_area(v, "area", self.area)


@dataclass(frozen=True)
class RecordAdvocacyTime(CaseCommand):
    worked_on: str
    minutes: int
    area: SupportArea | None = None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if not self.worked_on:
            v.add("worked_on", "is required")
        else:
            try:
                day = date.fromisoformat(self.worked_on)
            except ValueError:
                v.add("worked_on", "must be an ISO 8601 date (YYYY-MM-DD)")
            else:
                if day > now.astimezone(LOCAL_TIME).date():
                    v.add("worked_on", "must not be in the future")
        if not 1 <= self.minutes <= MAX_MINUTES:
            v.add("minutes", f"must be 1 to {MAX_MINUTES}")
        check_support_area(v, "area", self.area)


@dataclass(frozen=True)
class JoinWaitingList(CaseCommand):
    pass


@dataclass(frozen=True)
class LeaveWaitingList(CaseCommand):
    reason: WaitingListExit | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if missing(self.reason, "reason", self.unknown_values):
            v.add("reason", "is required")
        elif self.reason == WaitingListExit.CASE_CLOSED:
            v.add("reason", "is recorded when the case closes: say why the victim left")


@dataclass(frozen=True)
class StartAdvocacy(CaseCommand):
    pass


@dataclass(frozen=True)
class ListWaitingList:
    page_size: int = 0
    page_token: str = ""

    def validate(self) -> tuple[Position | None, int]:
        """The joining position after which the page starts (positions are never
        reused), and its size."""
        v = Violations()
        at = read_page(v, WAITING_LIST, self.page_size, self.page_token, (int,))
        v.raise_if_any()
        return at


@dataclass(frozen=True)
class ListDdpoReports(PageOfCase):
    """A case's reports, in the order recorded."""

    of: ClassVar[str] = "reports"
