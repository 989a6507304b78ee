"""What the kernel's commands answer: what each recorded.

Answers are values, so a retried request gets the very answer the first one got
(the case remembers it; see services.common.case).
"""

from dataclasses import dataclass
from datetime import datetime

from services.common.case import Consent
from services.common.values import Value
from services.common.vocabulary import (
    CaseOutcome,
    ConsentChange,
    MaracReferralGround,
    RiskLevel,
    RiskTool,
)


@dataclass(frozen=True)
class OpenedCase(Value):
    case_reference: str
    # Empty for a case that names no one. Kept in the remembered answer, never
    # returned to a client (services.common.grpc_api).
    subject_key: str


@dataclass(frozen=True)
class RecordedIncident(Value):
    incident_id: str


@dataclass(frozen=True)
class AssessedRisk(Value):
    level: RiskLevel
    tool: RiskTool
    assessed_at: datetime


@dataclass(frozen=True)
class RecordedConsent(Value):
    change: ConsentChange
    consent: Consent  # in force now, as recorded


@dataclass(frozen=True)
class RecordedOverride(Value):
    override_id: str
    expires_at: datetime


@dataclass(frozen=True)
class RevokedOverride(Value):
    override_id: str
    revoked_at: datetime


@dataclass(frozen=True)
class ClosedCase(Value):
    outcome: CaseOutcome
    satisfaction: int
    closed_at: datetime


@dataclass(frozen=True)
class ReferredCase(Value):
    ground: MaracReferralGround
    referred_at: datetime
