"""Facts: the minimised part of a shared CaseEvent that the shared view needs.

A fact is identified by (agency_id, source_sequence), so a redelivered event is the
same fact. Only what the view, its visibility and MARAC eligibility use is kept:
no incident category, perceiver or report source, no authoriser, no free text
(there is none on the topic either), and of an incident's place only its postcode
district, which says which MARAC area it is in (shared_view/areas.py). Everything
else about an event is its kind, which still shows that the agency knows the subject.

Each kind of fact is declared once, as a `Kind` (see shared_view/kinds.py): how its
payload is read from the CaseEvent, stored in the shared_fact row, read back, and
folded into a subject's state.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from shared_view.state import SubjectState

# Incident dates are the calendar dates the partners work in.
LOCAL_TIME = ZoneInfo("Europe/London")

Scope = tuple[int, int]  # (Recipient, Purpose)


class MalformedEvent(ValueError):
    """A record that is not a usable CaseEvent (the message quotes no content)."""


@dataclass(frozen=True, slots=True)
class Incident:
    strands: tuple[int, ...]  # Strand values, ascending, without UNSPECIFIED
    classification: int  # HateClassification
    # Its postcode district (outward code, "L8"), for the MARAC area; "" when not known
    # (an event without one, or a fact stored before districts were kept).
    district: str = ""


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    level: int  # RiskLevel
    tool: str


@dataclass(frozen=True, slots=True)
class Consent:
    """The consent in force on the case from this fact on (it replaces earlier ones)."""

    scopes: frozenset[Scope]
    refused: frozenset[int]  # Recipient values the victim said must not be told


@dataclass(frozen=True, slots=True)
class Override:
    override_id: str
    basis: int  # LawfulBasis
    scopes: frozenset[Scope]
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class OverrideRevocation:
    override_id: str


@dataclass(frozen=True, slots=True)
class SupportChange:
    area: int  # SupportArea
    open: bool


@dataclass(frozen=True, slots=True)
class EnforcementChange:
    enforcement_id: str
    type: int  # EnforcementType
    open: bool


@dataclass(frozen=True, slots=True)
class ActionChange:
    action_id: str
    type: int  # ActionType
    open: bool
    due_at: datetime | None


@dataclass(frozen=True, slots=True)
class MaracReferral:
    ground: int  # MaracReferralGround


Payload = (
    Incident
    | RiskAssessment
    | Consent
    | Override
    | OverrideRevocation
    | SupportChange
    | EnforcementChange
    | ActionChange
    | MaracReferral
    | None
)
P = TypeVar("P", bound=Payload)


class Columns(NamedTuple):
    """The payload columns of a shared_fact row; each kind fills the few it needs."""

    level: int | None = None
    tool: str | None = None
    strands: list[int] | None = None
    classification: int | None = None
    scopes: list[int] | None = None  # flat: recipient, purpose, recipient, purpose, ...
    refused: list[int] | None = None
    ref: str | None = None  # an identifier within the case (override, step, action)
    code: int | None = None  # a value of the kind's vocabulary (basis, area, type, ground)
    open: bool | None = None
    until: datetime | None = None  # an override's expiry, an action's due time
    district: str | None = None  # an incident's postcode district


NO_COLUMNS = Columns()


@dataclass(frozen=True)
class Kind(Generic[P]):
    """One kind of shared fact, named after its field of the CaseEvent payload."""

    name: str
    # The payload from the kind's CaseEvent message (MalformedEvent if unusable).
    read: Callable[[Any], P] = field(repr=False)
    # The payload's columns of the shared_fact row, and back.
    store: Callable[[P], Columns] = field(repr=False)
    load: Callable[[Columns], P] = field(repr=False)
    # What the fact changes in its subject's state (facts fold in source order).
    fold: "Callable[[SubjectState, Fact], None]" = field(repr=False)
    # False for a fact about the subject that names no agency's case (a discussion).
    of_case: bool = True


@dataclass(frozen=True, slots=True)
class Fact:
    agency_id: str
    source_sequence: int
    agency: int  # AgencyKind
    subject_key: str
    case_reference: str  # who to ask, at that agency
    kind: Kind
    occurred_at: datetime  # aware, microsecond precision
    payload: Payload = None  # None for kinds that carry nothing the view uses
    # When the agency recorded it; None for facts stored before it was kept.
    recorded_at: datetime | None = None

    def known_by(self, at: datetime) -> bool:
        """Whether the hub could know of it by `at` (its occurrence, when it has no
        recording time)."""
        return (self.recorded_at or self.occurred_at) <= at

    @property
    def identity(self) -> tuple[str, int]:
        return (self.agency_id, self.source_sequence)

    @property
    def case(self) -> tuple[str, str]:
        return (self.agency_id, self.case_reference)
