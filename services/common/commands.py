"""Commands an agency system sends about a case, and the checks of their shape.

Shape is what a request says on its own: fields present, lengths, formats,
vocabularies. Field names in violations are the request fields of the gRPC
contract, so a caller can point at the exact field; descriptions never quote the
value. What a request may do to a case as it stands is the case's own rule (the
domain raises it; the entrypoint names the field).
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar, TypeVar

from services.common.case import Consent, Subject
from services.common.paging import Position, first_page, read_page
from services.common.validation import (
    Unknown,
    Violations,
    check_required,
    check_unknown,
    reported,
)
from services.common.vocabulary import (
    AuthoriserRole,
    CaseOutcome,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    Purpose,
    Recipient,
    RiskLevel,
    RiskTool,
    Strand,
    SupportArea,
)

T = TypeVar("T")

MAX_NAME = 100
MAX_POSTCODE = 8
MAX_NARRATIVE = 10_000
MAX_REASON = 2_000
MAX_OVERRIDE = timedelta(days=366)
UK_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
# A clock-skew allowance for "when did it happen" in the future.
FUTURE_TOLERANCE = timedelta(minutes=5)
# Repeated fields: a list of values from a closed list names each value at most
# once (a repeat is folded), so it is never longer than the list; a consent or an
# override names each recipient and purpose at most once.
MAX_STRANDS = len(Strand)
MAX_PERCEIVERS = len(Perceiver)
MAX_RECIPIENTS = len(Recipient)
MAX_SCOPES = len(Recipient) * len(Purpose)
MAX_SUPPORT_AREAS = len(SupportArea)


def check_subject(v: Violations, path: str, subject: Subject) -> None:
    v.require(f"{path}.given_name", subject.given_name, MAX_NAME)
    v.require(f"{path}.family_name", subject.family_name, MAX_NAME)
    check_postcode(v, f"{path}.postcode", subject.postcode, required=True)
    if not subject.date_of_birth:
        v.add(f"{path}.date_of_birth", "is required")
    else:
        try:
            born = date.fromisoformat(subject.date_of_birth)
        except ValueError:
            v.add(f"{path}.date_of_birth", "must be an ISO 8601 date (YYYY-MM-DD)")
        else:
            if born > date.today():
                v.add(f"{path}.date_of_birth", "must not be in the future")


def check_consent(v: Violations, path: str, consent: Consent) -> None:
    v.at_most(f"{path}.scopes", consent.scopes, MAX_SCOPES)
    v.at_most(f"{path}.refused_recipients", consent.refused, MAX_RECIPIENTS)
    consented = {recipient for recipient, _ in consent.scopes}
    for index, recipient in enumerate(consent.refused):
        if recipient in consented:
            v.add(
                f"{path}.refused_recipients[{index}]",
                "a refused recipient cannot also be consented to",
            )


def check_postcode(v: Violations, path: str, postcode: str, required: bool) -> None:
    compact = "".join(postcode.split()).upper()
    if not compact:
        if required:
            v.add(path, "is required")
    elif len(postcode) > MAX_POSTCODE + 2 or not UK_POSTCODE.fullmatch(compact):
        v.add(path, "must be a UK postcode")


def check_not_future(v: Violations, path: str, moment: datetime | None, now: datetime) -> None:
    if moment is not None and moment > now + FUTURE_TOLERANCE:
        v.add(path, "must not be in the future")


def check_future(v: Violations, path: str, moment: datetime | None, now: datetime) -> None:
    if moment is not None and moment <= now:
        v.add(path, "must be in the future")


def check_one_of(
    v: Violations, path: str, deprecated: str, value: object, unknown: Unknown
) -> None:
    """A value from a closed list, given as an enum (`path`) or by name in the
    `deprecated` string field: required, unless one of them was already reported."""
    if value is None and not reported(path, unknown) and not reported(deprecated, unknown):
        v.add(path, "is required: a value from the list")


def fingerprint(command: object) -> str:
    """What a command asks, in short: equal commands give equal prints. (The print
    is kept in the agency's encrypted store, with the request id.)"""
    return hashlib.sha256(repr(command).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CaseCommand:
    """A command about one case, retried safely under the same request id."""

    request_id: str
    case_reference: str

    def validate(self, now: datetime) -> None:
        """Raises InvalidRequest naming every field whose shape is wrong."""
        v = Violations()
        v.request_id("request_id", self.request_id)
        v.reference("case_reference", self.case_reference)
        check_unknown(v, self.unknown)
        self.check(v, now)
        v.raise_if_any()

    @property
    def unknown(self) -> Unknown:
        """Enum values the entrypoint could not map to the vocabulary, as (field, description)."""
        return getattr(self, "unknown_values", ())

    def check(self, v: Violations, now: datetime) -> None:
        """The command's own shape checks."""


@dataclass(frozen=True)
class PageOfCase:
    """A query for one page of a list kept on a case, which only grows at its end
    (a case's incidents and overrides, a police case's crimes, a victim support
    case's contacts). A token names the list and the case it was issued for."""

    case_reference: str
    page_size: int = 0
    page_token: str = ""
    # The list's name, in each subclass.
    of: ClassVar[str] = ""

    @property
    def scope(self) -> str:
        return f"{self.of}/{self.case_reference}"

    def validate(self) -> tuple[Position | None, int]:
        v = Violations()
        v.reference("case_reference", self.case_reference)
        at = read_page(v, self.scope, self.page_size, self.page_token, (int,))
        v.raise_if_any()
        return at

    def first(self, items: Sequence[T]) -> tuple[list[T], str]:
        """The first page of the list, as a response about the whole case carries it,
        and the token with which this query gives the next."""
        return first_page(items, self.scope)


@dataclass(frozen=True)
class ListIncidents(PageOfCase):
    """A case's incidents, in the order they were recorded."""

    of: ClassVar[str] = "incidents"


@dataclass(frozen=True)
class ListOverrides(PageOfCase):
    """A case's lawful-basis overrides, in the order they were recorded."""

    of: ClassVar[str] = "overrides"


def check_case_reference(case_reference: str) -> None:
    """The case reference a query names (a command's is checked with the command)."""
    v = Violations()
    v.reference("case_reference", case_reference)
    v.raise_if_any()


def check_subject_given(v: Violations, subject: Subject | None) -> None:
    if subject is None:
        v.add("subject", "is required")
    else:
        check_subject(v, "subject", subject)


def check_consent_given(v: Violations, consent: Consent | None, why: str) -> None:
    """A consent the request must give (`why` says what an empty one means)."""
    if consent is None:
        v.add("consent", f"is required: {why}")
    else:
        check_consent(v, "consent", consent)


@dataclass(frozen=True)
class OpenCase(CaseCommand):
    subject: Subject | None
    consent: Consent | None = None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_subject_given(v, self.subject)
        if self.consent is not None:
            check_consent(v, "consent", self.consent)


def check_incident_lists(
    v: Violations, strands: tuple[Strand, ...], perceived_by: tuple[Perceiver, ...]
) -> None:
    v.at_most("strands", strands, MAX_STRANDS)
    v.at_most("perceived_by", perceived_by, MAX_PERCEIVERS)


@dataclass(frozen=True)
class RecordIncident(CaseCommand):
    occurred_at: datetime | None
    strands: tuple[Strand, ...]
    classification: HateClassification | None
    perceived_by: tuple[Perceiver, ...] = ()
    location_postcode: str = ""
    narrative: str = ""
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if self.occurred_at is None:
            v.add("occurred_at", "is required")
        check_not_future(v, "occurred_at", self.occurred_at, now)
        check_incident_lists(v, self.strands, self.perceived_by)
        if self.classification is None:
            v.add("classification", "is required")
        hate_related = self.classification in (
            HateClassification.HATE_INCIDENT,
            HateClassification.HATE_CRIME,
        )
        if hate_related and not self.strands:
            v.add("strands", "a hate incident or crime needs at least one monitored strand")
        if hate_related and not self.perceived_by:
            v.add("perceived_by", "say who perceived it as hate-motivated")
        check_postcode(v, "location_postcode", self.location_postcode, required=False)
        v.limit("narrative", self.narrative, MAX_NARRATIVE)


@dataclass(frozen=True)
class AssessRisk(CaseCommand):
    level: RiskLevel | None
    tool: RiskTool | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_required(v, "level", self.level, self.unknown)
        check_one_of(v, "assessment_tool", "tool", self.tool, self.unknown)


@dataclass(frozen=True)
class RecordConsent(CaseCommand):
    consent: Consent
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_consent(v, "consent", self.consent)


@dataclass(frozen=True)
class WithdrawConsent(CaseCommand):
    """The victim withdraws every consent; `refused` are recipients they now say must
    not be told."""

    refused: tuple[Recipient, ...] = ()
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        v.at_most("refused_recipients", self.refused, MAX_RECIPIENTS)


@dataclass(frozen=True)
class RecordOverride(CaseCommand):
    basis: LawfulBasis | None
    scopes: tuple[tuple[Recipient, Purpose], ...]
    authoriser: str
    authoriser_role: AuthoriserRole | None
    reason: str
    expires_at: datetime | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        if self.basis is None and all(path != "basis" for path, _ in self.unknown):
            v.add("basis", "is required: a lawful basis from the list")
        if not self.scopes and not self.unknown:
            v.add("scopes", "name at least one recipient and purpose")
        v.at_most("scopes", self.scopes, MAX_SCOPES)
        v.require("authoriser", self.authoriser, MAX_NAME)
        check_one_of(v, "authorising_role", "authoriser_role", self.authoriser_role, self.unknown)
        v.require("reason", self.reason, MAX_REASON)
        if self.expires_at is None:
            v.add("expires_at", "is required: an override always expires")
        elif self.expires_at <= now:
            v.add("expires_at", "must be in the future")
        elif self.expires_at > now + MAX_OVERRIDE:
            v.add("expires_at", "must be within a year; review and record a new override")


@dataclass(frozen=True)
class RevokeOverride(CaseCommand):
    override_id: str

    def check(self, v: Violations, now: datetime) -> None:
        v.issued_id("override_id", self.override_id)


@dataclass(frozen=True)
class CloseCase(CaseCommand):
    outcome: CaseOutcome | None
    satisfaction: int = 0
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_required(v, "outcome", self.outcome, self.unknown)
        if not 0 <= self.satisfaction <= 5:
            v.add("satisfaction", "must be 1 (very dissatisfied) to 5 (very satisfied), or 0")


@dataclass(frozen=True)
class ReferToMarac(CaseCommand):
    ground: MaracReferralGround | None
    reason: str
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_required(v, "ground", self.ground, self.unknown)
        v.require("reason", self.reason, MAX_REASON)
