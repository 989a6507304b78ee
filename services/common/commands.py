"""Commands an agency system sends about a case, and their validation.

Field names in violations are the request fields of the gRPC contract, so a
caller can point at the exact field; descriptions never quote the value.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.common.validation import Unknown, Violations, check_required, check_unknown
from services.common.vocabulary import (
    AUTHORISER_ROLES,
    RISK_TOOLS,
    CaseOutcome,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    Purpose,
    Recipient,
    RiskLevel,
    Strand,
)

MAX_REQUEST_ID = 128
MAX_REFERENCE = 64
MAX_NAME = 100
MAX_POSTCODE = 8
MAX_NARRATIVE = 10_000
MAX_REASON = 2_000
MAX_OVERRIDE = timedelta(days=366)
UK_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
# A clock-skew allowance for "when did it happen" in the future.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class Subject:
    given_name: str
    family_name: str
    date_of_birth: str
    postcode: str

    def check(self, v: Violations, path: str) -> None:
        v.require(f"{path}.given_name", self.given_name, MAX_NAME)
        v.require(f"{path}.family_name", self.family_name, MAX_NAME)
        check_postcode(v, f"{path}.postcode", self.postcode, required=True)
        if not self.date_of_birth:
            v.add(f"{path}.date_of_birth", "is required")
        else:
            try:
                born = date.fromisoformat(self.date_of_birth)
            except ValueError:
                v.add(f"{path}.date_of_birth", "must be an ISO 8601 date (YYYY-MM-DD)")
            else:
                if born > date.today():
                    v.add(f"{path}.date_of_birth", "must not be in the future")

    def as_record(self) -> dict[str, str]:
        return {
            "given_name": self.given_name.strip(),
            "family_name": self.family_name.strip(),
            "date_of_birth": self.date_of_birth,
            "postcode": self.postcode.strip().upper(),
        }


def check_postcode(v: Violations, path: str, postcode: str, required: bool) -> None:
    compact = "".join(postcode.split()).upper()
    if not compact:
        if required:
            v.add(path, "is required")
    elif len(postcode) > MAX_POSTCODE + 2 or not UK_POSTCODE.fullmatch(compact):
        v.add(path, "must be a UK postcode")


def check_common(v: Violations, request_id: str, case_reference: str) -> None:
    v.require("request_id", request_id, MAX_REQUEST_ID)
    v.require("case_reference", case_reference, MAX_REFERENCE)


def check_occurred_at(v: Violations, occurred_at: datetime | None, now: datetime) -> None:
    if occurred_at is None:
        v.add("occurred_at", "is required")
    elif occurred_at > now + FUTURE_TOLERANCE:
        v.add("occurred_at", "must not be in the future")


@dataclass(frozen=True)
class Consent:
    """What the victim agreed to share: (recipient, purpose) scopes, and recipients
    they said must not be told."""

    scopes: tuple[tuple[Recipient, Purpose], ...] = ()
    refused: tuple[Recipient, ...] = ()

    def check(self, v: Violations, path: str) -> None:
        consented = {recipient for recipient, _ in self.scopes}
        for index, recipient in enumerate(self.refused):
            if recipient in consented:
                v.add(
                    f"{path}.refused_recipients[{index}]",
                    "a refused recipient cannot also be consented to",
                )

    def as_record(self) -> tuple[list[list[str]], list[str]]:
        scopes = sorted({(r.value, p.value) for r, p in self.scopes})
        return [list(s) for s in scopes], sorted({r.value for r in self.refused})


@dataclass(frozen=True)
class OpenCase:
    request_id: str
    case_reference: str
    subject: Subject | None
    consent: Consent | None = None
    unknown_values: Unknown = ()

    def validate(self) -> None:
        v = Violations()
        check_common(v, self.request_id, self.case_reference)
        check_unknown(v, self.unknown_values)
        if self.subject is None:
            v.add("subject", "is required")
        else:
            self.subject.check(v, "subject")
        if self.consent is not None:
            self.consent.check(v, "consent")
        v.raise_if_any()


@dataclass(frozen=True)
class RecordIncident:
    request_id: str
    case_reference: str
    occurred_at: datetime | None
    strands: tuple[Strand, ...]
    classification: HateClassification | None
    perceived_by: tuple[Perceiver, ...] = ()
    location_postcode: str = ""
    narrative: str = ""
    # Values the entrypoint could not map to the vocabulary, as (field, description).
    unknown_values: Unknown = ()

    def validate(self, now: datetime) -> None:
        v = Violations()
        check_common(v, self.request_id, self.case_reference)
        check_unknown(v, self.unknown_values)
        check_occurred_at(v, self.occurred_at, now)
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
        v.raise_if_any()


@dataclass(frozen=True)
class AssessRisk:
    request_id: str
    case_reference: str
    level: RiskLevel | None
    tool: str
    unknown_values: Unknown = ()

    def validate(self) -> None:
        v = Violations()
        check_common(v, self.request_id, self.case_reference)
        check_unknown(v, self.unknown_values)
        check_required(v, "level", self.level, self.unknown_values)
        if self.tool not in RISK_TOOLS:
            v.add("tool", f"must be one of {', '.join(sorted(RISK_TOOLS))}")
        v.raise_if_any()


@dataclass(frozen=True)
class RecordConsent:
    request_id: str
    case_reference: str
    consent: Consent
    unknown_values: Unknown = ()

    def validate(self) -> None:
        v = Violations()
        check_common(v, self.request_id, self.case_reference)
        check_unknown(v, self.unknown_values)
        self.consent.check(v, "consent")
        v.raise_if_any()


@dataclass(frozen=True)
class RecordOverride:
    request_id: str
    case_reference: str
    basis: LawfulBasis | None
    scopes: tuple[tuple[Recipient, Purpose], ...]
    authoriser: str
    authoriser_role: str
    reason: str
    expires_at: datetime | None
    unknown_values: Unknown = ()

    def validate(self, now: datetime) -> None:
        v = Violations()
        check_common(v, self.request_id, self.case_reference)
        check_unknown(v, self.unknown_values)
        if self.basis is None and all(path != "basis" for path, _ in self.unknown_values):
            v.add("basis", "is required: a lawful basis from the list")
        if not self.scopes and not self.unknown_values:
            v.add("scopes", "name at least one recipient and purpose")
        v.require("authoriser", self.authoriser, MAX_NAME)
        if self.authoriser_role not in AUTHORISER_ROLES:
            v.add("authoriser_role", f"must be one of {', '.join(sorted(AUTHORISER_ROLES))}")
        v.require("reason", self.reason, MAX_REASON)
        if self.expires_at is None:
            v.add("expires_at", "is required: an override always expires")
        elif self.expires_at <= now:
            v.add("expires_at", "must be in the future")
        elif self.expires_at > now + MAX_OVERRIDE:
            v.add("expires_at", "must be within a year; review and record a new override")
        v.raise_if_any()


@dataclass(frozen=True)
class RevokeOverride:
    request_id: str
    case_reference: str
    override_id: str

    def validate(self) -> None:
        v = Violations()
        check_common(v, self.request_id, self.case_reference)
        v.require("override_id", self.override_id, MAX_REFERENCE)
        v.raise_if_any()


@dataclass(frozen=True)
class CloseCase:
    request_id: str
    case_reference: str
    outcome: CaseOutcome | None
    satisfaction: int = 0
    unknown_values: Unknown = ()

    def validate(self) -> None:
        v = Violations()
        check_common(v, self.request_id, self.case_reference)
        check_unknown(v, self.unknown_values)
        check_required(v, "outcome", self.outcome, self.unknown_values)
        if not 0 <= self.satisfaction <= 5:
            v.add("satisfaction", "must be 1 (very dissatisfied) to 5 (very satisfied), or 0")
        v.raise_if_any()


@dataclass(frozen=True)
class ReferToMarac:
    request_id: str
    case_reference: str
    ground: MaracReferralGround | None
    reason: str
    unknown_values: Unknown = ()

    def validate(self) -> None:
        v = Violations()
        check_common(v, self.request_id, self.case_reference)
        check_unknown(v, self.unknown_values)
        check_required(v, "ground", self.ground, self.unknown_values)
        v.require("reason", self.reason, MAX_REASON)
        v.raise_if_any()
