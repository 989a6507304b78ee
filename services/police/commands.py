"""The police records system's commands and queries, and the checks of their shape.
Field paths are those of marac.v1.PoliceService requests."""

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from services.common.case import Consent, Subject
from services.common.commands import (
    MAX_NARRATIVE,
    CaseCommand,
    PageOfCase,
    check_consent_given,
    check_incident_lists,
    check_not_future,
    check_postcode,
    check_subject,
)
from services.common.validation import Unknown, Violations, missing, reported
from services.common.vocabulary import Perceiver, ReportSource, Strand
from services.police.vocabulary import InvestigationOutcome, OffenceCategory, PoliceRecordType


def check_crime_reference(v: Violations, crime_reference: str) -> None:
    # A crime or incident log reference ("CR/123456/25", "INC-2025-0042").
    v.reference("crime_reference", crime_reference)


@dataclass(frozen=True)
class RecordCrime(CaseCommand):
    # Required only when the case is new.
    subject: Subject | None
    consent: Consent | None
    crime_reference: str
    record_type: PoliceRecordType | None
    offence: OffenceCategory | None
    source: ReportSource | None
    occurred_at: datetime | None
    hate_flag: bool
    strands: tuple[Strand, ...] = ()
    perceived_by: tuple[Perceiver, ...] = ()
    location_postcode: str = ""
    narrative: str = ""
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if self.subject is not None:
            check_subject(v, "subject", self.subject)
        check_consent_given(v, self.consent, "what the victim agreed to share, even if nothing")
        check_crime_reference(v, self.crime_reference)
        if missing(self.record_type, "record_type", self.unknown):
            v.add("record_type", "is required: a crime or a non-crime incident")
        if self.record_type == PoliceRecordType.CRIME and missing(
            self.offence, "offence", self.unknown
        ):
            v.add("offence", "is required for a crime")
        if self.record_type == PoliceRecordType.NON_CRIME_INCIDENT and self.offence is not None:
            v.add("offence", "must be unspecified for a non-crime incident")
        if missing(self.source, "source", self.unknown):
            v.add("source", "is required")
        if self.occurred_at is None:
            v.add("occurred_at", "is required")
        check_not_future(v, "occurred_at", self.occurred_at, now)
        check_incident_lists(v, self.strands, self.perceived_by)
        # Perception-based: flagged when anyone perceived hostility, and then it
        # says towards which strands and who perceived it.
        if self.hate_flag:
            if not self.strands and not reported("strands", self.unknown):
                v.add("strands", "a hate-flagged record needs at least one monitored strand")
            if not self.perceived_by and not reported("perceived_by", self.unknown):
                v.add("perceived_by", "say who perceived it as hate-related")
        else:
            if self.strands:
                v.add("strands", "only a hate-flagged record names monitored strands")
            if self.perceived_by:
                v.add("perceived_by", "only a hate-flagged record says who perceived hostility")
        check_postcode(v, "location_postcode", self.location_postcode, required=False)
        v.limit("narrative", self.narrative, MAX_NARRATIVE)


@dataclass(frozen=True)
class RecordInvestigationOutcome(CaseCommand):
    crime_reference: str
    outcome: InvestigationOutcome | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_crime_reference(v, self.crime_reference)
        if missing(self.outcome, "outcome", self.unknown):
            v.add("outcome", "is required")


@dataclass(frozen=True)
class ListCrimes(PageOfCase):
    of: ClassVar[str] = "crimes"
