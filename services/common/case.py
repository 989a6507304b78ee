"""The case kernel: what every agency records about a case, alike.

An agency's own practice subclasses `Case`, adds its own events and rules, and
extends the kernel through its hooks: `on_open` (the agency's own state of a new
case), `consent_to_record` (what a consent becomes under the agency's rules),
`before_closing` (what the agency does before a case closes) and
`may_name_no_one` (whether a case may have no subject). Every incident, whichever
event adds it, is an `Incident` value in `incidents`; every action a MARAC meeting
agreed for the agency, a `MeetingAction` in `meeting_actions`.

The case remembers what each request it handled answered (`answered`), on the
last event each request caused (or, when it caused none, on an event of its own),
so a retried request answers the same and records nothing new, and a request id
used again for another request is refused; the kernel's application does the
remembering, not the events' methods.
"""

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.common.errors import (
    AboutAnotherSubject,
    CaseClosed,
    NamesNoOne,
    NotFound,
    RequestIdReused,
    SubjectRequired,
)
from services.common.meeting_actions import MeetingAction, UnknownMeetingAction
from services.common.values import Value
from services.common.vocabulary import (
    ActionClosureReason,
    ActionWithdrawalReason,
    AuthoriserRole,
    CaseOutcome,
    ConsentChange,
    HateClassification,
    IncidentCategory,
    LawfulBasis,
    MaracReferralGround,
    MeetingActionStatus,
    Perceiver,
    Purpose,
    Recipient,
    ReportSource,
    RiskLevel,
    RiskTool,
    Strand,
)

CASE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:case")

Scope = tuple[Recipient, Purpose]


@dataclasses.dataclass(frozen=True)
class Subject(Value):
    """Who a case is about. It stays in the agency's store, encrypted at rest; only a
    keyed match key derived from it is shared."""

    given_name: str
    family_name: str
    date_of_birth: str  # ISO 8601
    postcode: str

    def normalised(self) -> "Subject":
        return Subject(
            self.given_name.strip(),
            self.family_name.strip(),
            self.date_of_birth,
            self.postcode.strip().upper(),
        )


@dataclasses.dataclass(frozen=True)
class Consent(Value):
    """What the victim agreed to share: (recipient, purpose) scopes, and recipients
    they said must not be told."""

    scopes: tuple[Scope, ...] = ()
    refused: tuple[Recipient, ...] = ()

    def normalised(self) -> "Consent":
        return Consent(tuple(sorted(set(self.scopes))), tuple(sorted(set(self.refused))))

    def change_to(self, after: "Consent") -> ConsentChange:
        """How a new consent differs from this one."""
        before_scopes, after_scopes = set(self.scopes), set(after.scopes)
        if not after_scopes:
            return ConsentChange.WITHDRAWN
        if not before_scopes or after_scopes == before_scopes:
            return ConsentChange.GIVEN
        return ConsentChange.WIDENED if after_scopes >= before_scopes else ConsentChange.NARROWED


NO_CONSENT = Consent()


@dataclasses.dataclass(frozen=True)
class Incident(Value):
    """One incident as every agency counts it, whichever event records it."""

    occurred_at: datetime
    strands: tuple[Strand, ...]
    classification: HateClassification
    perceived_by: tuple[Perceiver, ...]
    location_postcode: str  # full postcode; shared only as its district
    narrative: str  # never shared
    source: ReportSource = ReportSource.VICTIM
    # What was reported, as every agency counts it; None for the victim's own account.
    category: IncidentCategory | None = None


@dataclasses.dataclass(frozen=True)
class RiskAssessment(Value):
    level: RiskLevel
    tool: RiskTool
    assessed_at: datetime


@dataclasses.dataclass(frozen=True)
class Override(Value):
    """Sharing without consent on a lawful basis, until it expires or is revoked.
    The authoriser's name and the reason stay with the agency."""

    basis: LawfulBasis
    scopes: tuple[Scope, ...]
    authoriser: str
    authoriser_role: AuthoriserRole
    reason: str
    expires_at: datetime
    revoked: bool = False


@dataclasses.dataclass(frozen=True)
class Closure(Value):
    outcome: CaseOutcome
    satisfaction: int  # 1 to 5; 0 when not asked
    closed_at: datetime


@dataclasses.dataclass(frozen=True)
class MaracReferral(Value):
    ground: MaracReferralGround
    reason: str  # never shared
    referred_at: datetime


@dataclasses.dataclass(frozen=True)
class Handled(Value):
    """A request and what it answered."""

    request_id: str
    answer: Value | None
    # Of what the request asked, so the same id used for another request is refused.
    fingerprint: str = ""


class Case(Aggregate):
    # Whether a case may have no subject (set by an agency that takes anonymous reports).
    may_name_no_one = False

    class Event(Aggregate.Event):
        # Set on the last event a request caused (see Case.remember).
        handled: Handled | None = dataclasses.field(default=None, kw_only=True)

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            if self.handled is not None:
                aggregate.handled_requests[self.handled.request_id] = self.handled

    class RequestAnswered(Event):
        """A request that changed nothing, remembered so its retry answers the same."""

    @staticmethod
    def create_id(agency_id: str, case_reference: str) -> UUID:
        return uuid5(CASE_NAMESPACE, f"{agency_id}/{case_reference}")

    @classmethod
    def open(
        cls, agency_id: str, case_reference: str, subject: Subject | None, subject_key: str
    ) -> "Case":
        if subject is None and not cls.may_name_no_one:
            raise SubjectRequired()
        return cls(
            agency_id=agency_id,
            case_reference=case_reference,
            subject=subject,
            subject_key=subject_key,
        )

    @event("Opened")
    def __init__(
        self, agency_id: str, case_reference: str, subject: Subject | None, subject_key: str
    ) -> None:
        self.agency_id = agency_id
        self.case_reference = case_reference
        self.subject = subject
        self.subject_key = subject_key  # empty for a case that names no one
        self.incidents: dict[str, Incident] = {}
        self.risk: RiskAssessment | None = None
        self.consent = NO_CONSENT
        self.overrides: dict[str, Override] = {}
        self.closure: Closure | None = None
        self.marac_referrals: list[MaracReferral] = []
        self.handled_requests: dict[str, Handled] = {}
        self.meeting_actions: dict[str, MeetingAction] = {}
        self.on_open()

    # Hooks for an agency's own practice

    def on_open(self) -> None:
        """The agency's own state of a new case."""

    def consent_to_record(self, consent: Consent) -> Consent:
        """The consent to record when `consent` is given; may refuse it."""
        return consent

    def before_closing(self, closed_at: datetime) -> None:
        """What the agency records before the case closes."""

    # What the case is

    @property
    def named(self) -> bool:
        """False for a case that names no one (an anonymous or unnamed report)."""
        return self.subject is not None

    @property
    def closed(self) -> bool:
        return self.closure is not None

    @property
    def is_new(self) -> bool:
        """Opened by the request in hand."""
        begins = getattr(self, "_request_begins", None)
        new = self.pending_events[begins:] if begins is not None else ()
        return any(isinstance(e, Case.Opened) for e in new)

    @property
    def risk_level(self) -> RiskLevel | None:
        return self.risk.level if self.risk else None

    # Requests

    def answered(self, request_id: str, fingerprint: str) -> tuple[bool, Value | None]:
        """Whether the request was handled already, and what it answered; a request id
        used before for another request is refused."""
        handled = self.handled_requests.get(request_id)
        if handled is None:
            return False, None
        # A request remembered before requests had prints (none recorded) is taken
        # to be this one, as it was then.
        if handled.fingerprint and handled.fingerprint != fingerprint:
            raise RequestIdReused()
        return True, handled.answer

    def begin_request(self, since: int | None = None) -> None:
        """Marks where the events of the request in hand begin (all pending ones from
        `since`; by default those to come)."""
        self._request_begins = len(self.pending_events) if since is None else since

    def end_request(self) -> None:
        self.__dict__.pop("_request_begins", None)

    def remember(self, request_id: str, fingerprint: str, answer: Value | None) -> None:
        """Remembers what the request in hand answered, on the last event it caused,
        or on an event of its own when it caused none."""
        handled = Handled(request_id, answer, fingerprint)
        if len(self.pending_events) > self._request_begins:
            last = self.pending_events[-1]
            self.pending_events[-1] = dataclasses.replace(last, handled=handled)
            self.handled_requests[request_id] = handled
        else:
            self.trigger_event(self.RequestAnswered, handled=handled)

    # Rules every change of a case keeps

    def check_open(self) -> None:
        if self.closed:
            raise CaseClosed()

    def check_subject(self, subject_key: str) -> None:
        """A change that names a subject must name this case's subject."""
        if subject_key and self.named and subject_key != self.subject_key:
            raise AboutAnotherSubject()

    def check_named(self) -> None:
        if not self.named:
            raise NamesNoOne()

    # Incidents and risk

    def record_incident(self, incident_id: str, incident: Incident) -> None:
        """The victim's own account of an incident, so only on a case that names them."""
        self.check_named()
        self._record_incident(incident_id=incident_id, incident=incident)

    @event("IncidentRecorded")
    def _record_incident(self, incident_id: str, incident: Incident) -> None:
        self.incidents[incident_id] = incident

    def assess_risk(self, assessment: RiskAssessment) -> None:
        self._assess_risk(assessment=assessment)

    @event("RiskAssessed")
    def _assess_risk(self, assessment: RiskAssessment) -> None:
        self.risk = assessment

    # Consent and lawful-basis overrides

    def record_consent(self, consent: Consent) -> ConsentChange:
        """Replaces the consent in force; returns how it changed."""
        recorded = self.consent_to_record(consent).normalised()
        change = self.consent.change_to(recorded)
        self._record_consent(consent=recorded, change=change)
        return change

    @event("ConsentRecorded")
    def _record_consent(self, consent: Consent, change: ConsentChange) -> None:
        self.consent = consent

    def record_override(self, override_id: str, override: Override) -> None:
        self._record_override(override_id=override_id, override=override)

    @event("OverrideRecorded")
    def _record_override(self, override_id: str, override: Override) -> None:
        self.overrides[override_id] = override

    def revoke_override(self, override_id: str) -> None:
        if override_id not in self.overrides:
            raise NotFound("no such override on this case")
        self._revoke_override(override_id=override_id)

    @event("OverrideRevoked")
    def _revoke_override(self, override_id: str) -> None:
        self.overrides[override_id] = dataclasses.replace(self.overrides[override_id], revoked=True)

    # Closure and MARAC

    def close(self, closure: Closure) -> None:
        self.before_closing(closure.closed_at)
        for action in list(self.meeting_actions.values()):
            if not action.closed:
                self._record_meeting_action(action=action.no_longer_needed(closure.closed_at))
        self._close(closure=closure)

    @event("Closed")
    def _close(self, closure: Closure) -> None:
        self.closure = closure

    def refer_to_marac(self, referral: MaracReferral) -> None:
        """MARAC discusses people, so the case must name one."""
        self.check_named()
        self._refer_to_marac(referral=referral)

    @event("ReferredToMarac")
    def _refer_to_marac(self, referral: MaracReferral) -> None:
        self.marac_referrals.append(referral)

    # Actions MARAC meetings agreed (services.common.meeting_actions)

    def receive_meeting_action(self, action: MeetingAction) -> MeetingAction:
        """Records an action once: the same action again changes nothing. A closed
        case has nothing more to do, so the action is closed at once."""
        if action.action_id not in self.meeting_actions:
            self._receive_meeting_action(action=action)
            if self.closed:
                self._record_meeting_action(action=action.no_longer_needed(action.received_at))
        return self.meeting_actions[action.action_id]

    @event("MeetingActionReceived")
    def _receive_meeting_action(self, action: MeetingAction) -> None:
        self.meeting_actions[action.action_id] = action

    def close_meeting_action(
        self,
        action_id: str,
        status: MeetingActionStatus,
        reason: ActionClosureReason | None,
        at: datetime,
        reported_by: str = "",
    ) -> MeetingAction:
        """Closes a known action, as MeetingAction.closed_as allows."""
        return self._change_meeting_action(
            action_id, lambda a: a.closed_as(status, reason, at, reported_by)
        )

    def withdraw_meeting_action(
        self, action_id: str, reason: ActionWithdrawalReason, at: datetime
    ) -> MeetingAction:
        """The meeting withdrew a known action, as MeetingAction.withdrawn allows."""
        return self._change_meeting_action(action_id, lambda a: a.withdrawn(reason, at))

    def _change_meeting_action(
        self, action_id: str, change: Callable[[MeetingAction], MeetingAction]
    ) -> MeetingAction:
        action = self.meeting_actions.get(action_id)
        if action is None:
            raise UnknownMeetingAction()
        changed = change(action)
        if changed != action:
            self._record_meeting_action(action=changed)
        return changed

    @event("MeetingActionClosed")
    def _record_meeting_action(self, action: MeetingAction) -> None:
        self.meeting_actions[action.action_id] = action
