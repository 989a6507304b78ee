"""Every kind of shared fact, each declared once: how it is read from its field of
the marac.v1.CaseEvent payload, which payload columns of its shared_fact row it fills
and how it is read back from them, and how it folds into its subject's state.

Kinds that carry nothing the view uses still show that the agency knows the subject
(its case contributes). A payload this projection does not know (newer than its
generated code, or not declared here) is a fact of that kind name, carrying nothing.
"""

from dataclasses import replace
from datetime import UTC, datetime

from google.protobuf.message import DecodeError

from marac.v1 import case_events_pb2, vocabulary_pb2
from shared_view.areas import district_of
from shared_view.facts import (
    LOCAL_TIME,
    NO_COLUMNS,
    ActionChange,
    Columns,
    Consent,
    EnforcementChange,
    Fact,
    Incident,
    Kind,
    MalformedEvent,
    MaracReferral,
    Override,
    OverrideRevocation,
    RiskAssessment,
    Scope,
    SupportChange,
)
from shared_view.state import SubjectState

MAX_SEQUENCE = 2**63 - 1  # shared_fact stores it as bigint
MAX_TEXT = 200


def _nothing(_: object) -> None:
    return None


def _no_columns(_: None) -> Columns:
    return NO_COLUMNS


def _knows(subject: SubjectState, fact: Fact) -> None:
    subject.case(fact)


def _carrying_nothing(name: str, fold=_knows, of_case: bool = True) -> Kind[None]:
    return Kind(name, read=_nothing, store=_no_columns, load=_nothing, fold=fold, of_case=of_case)


def _fold_incident(subject: SubjectState, fact: Fact) -> None:
    case = subject.case(fact)
    if subject.in_window(fact.occurred_at):
        case.incidents.append(fact)


INCIDENT: Kind[Incident] = Kind(
    "incident_reported",
    read=lambda m: Incident(_values(m.strands), m.classification, district_of(m.postcode_district)),
    store=lambda p: Columns(
        strands=list(p.strands), classification=p.classification, district=p.district or None
    ),
    load=lambda c: Incident(tuple(c.strands), c.classification, c.district or ""),
    fold=_fold_incident,
)


def _fold_assessment(subject: SubjectState, fact: Fact) -> None:
    subject.case(fact).assessment = fact


def _tool(assessed: case_events_pb2.RiskAssessed) -> str:
    """The tool's name; events published before the enum carry the name alone."""
    if assessed.assessment_tool:
        try:
            name = vocabulary_pb2.RiskTool.Name(assessed.assessment_tool)
        except ValueError:  # a tool newer than this projection
            return ""
        return name.removeprefix("RISK_TOOL_").lower()
    return _text(assessed.tool)


RISK_ASSESSED: Kind[RiskAssessment] = Kind(
    "risk_assessed",
    read=lambda m: RiskAssessment(m.level, _tool(m)),
    store=lambda p: Columns(level=p.level, tool=p.tool),
    load=lambda c: RiskAssessment(c.level, c.tool),
    fold=_fold_assessment,
)


def _fold_consent(subject: SubjectState, fact: Fact) -> None:
    subject.case(fact).consent = fact.payload


CONSENT: Kind[Consent] = Kind(
    "consent_recorded",
    read=lambda m: Consent(_scopes(m.scopes), frozenset(_values(m.refused_recipients))),
    store=lambda p: Columns(scopes=_scope_pairs(p.scopes), refused=sorted(p.refused)),
    load=lambda c: Consent(_pairs_scopes(c.scopes), frozenset(c.refused)),
    fold=_fold_consent,
)


def _fold_override(subject: SubjectState, fact: Fact) -> None:
    subject.case(fact).overrides.setdefault(fact.payload.override_id, fact.payload)


OVERRIDE: Kind[Override] = Kind(
    "override_recorded",
    read=lambda m: Override(
        _text(m.override_id), m.basis, _scopes(m.scopes), _instant(m.expires_at)
    ),
    store=lambda p: Columns(
        ref=p.override_id, code=p.basis, until=p.expires_at, scopes=_scope_pairs(p.scopes)
    ),
    load=lambda c: Override(c.ref, c.code, _pairs_scopes(c.scopes), c.until),
    fold=_fold_override,
)


def _fold_revocation(subject: SubjectState, fact: Fact) -> None:
    subject.case(fact).revoked.add(fact.payload.override_id)


OVERRIDE_REVOKED: Kind[OverrideRevocation] = Kind(
    "override_revoked",
    read=lambda m: OverrideRevocation(_text(m.override_id)),
    store=lambda p: Columns(ref=p.override_id),
    load=lambda c: OverrideRevocation(c.ref),
    fold=_fold_revocation,
)


def _fold_support(subject: SubjectState, fact: Fact) -> None:
    subject.case(fact).support[fact.payload.area] = fact.payload.open


SUPPORT: Kind[SupportChange] = Kind(
    "support_changed",
    read=lambda m: SupportChange(m.area, m.open),
    store=lambda p: Columns(code=p.area, open=p.open),
    load=lambda c: SupportChange(c.code, c.open),
    fold=_fold_support,
)


def _fold_enforcement(subject: SubjectState, fact: Fact) -> None:
    step = fact.payload
    subject.case(fact).enforcement[step.enforcement_id] = (step.type, step.open)


ENFORCEMENT: Kind[EnforcementChange] = Kind(
    "enforcement_changed",
    read=lambda m: EnforcementChange(_text(m.enforcement_id), m.type, m.open),
    store=lambda p: Columns(ref=p.enforcement_id, code=p.type, open=p.open),
    load=lambda c: EnforcementChange(c.ref, c.code, c.open),
    fold=_fold_enforcement,
)


def _fold_action(subject: SubjectState, fact: Fact) -> None:
    action = fact.payload
    subject.case(fact).actions[action.action_id] = (action.type, action.open, action.due_at)


ACTION: Kind[ActionChange] = Kind(
    "action_changed",
    read=lambda m: ActionChange(
        _text(m.action_id), m.type, m.open, _instant(m.due_at) if m.HasField("due_at") else None
    ),
    store=lambda p: Columns(ref=p.action_id, code=p.type, open=p.open, until=p.due_at),
    load=lambda c: ActionChange(c.ref, c.code, c.open, c.until),
    fold=_fold_action,
)


def _fold_referral(subject: SubjectState, fact: Fact) -> None:
    case = subject.case(fact)
    if subject.in_window(fact.occurred_at):
        case.referrals.append(fact)


MARAC_REFERRAL: Kind[MaracReferral] = Kind(
    "marac_referral_made",
    read=lambda m: MaracReferral(m.ground),
    store=lambda p: Columns(code=p.ground),
    load=lambda c: MaracReferral(c.code),
    fold=_fold_referral,
)


def _fold_opened(subject: SubjectState, fact: Fact) -> None:
    # Opened after a closure: reopened, so its retention period no longer runs.
    case = subject.case(fact)
    case.closed, case.closed_at = False, None


def _fold_closed(subject: SubjectState, fact: Fact) -> None:
    # The retention period runs from the latest closure.
    case = subject.case(fact)
    case.closed, case.closed_at = True, fact.occurred_at


def _fold_erased(subject: SubjectState, fact: Fact) -> None:
    # The agency erased the case: nothing it contributed counts any longer.
    subject.cases.pop(fact.case, None)


CASE_OPENED = _carrying_nothing("case_opened", _fold_opened)
CASE_CLOSED = _carrying_nothing("case_closed", _fold_closed)
CASE_ERASED = _carrying_nothing("case_erased", _fold_erased)


def _fold_discussion(subject: SubjectState, fact: Fact) -> None:
    subject.discussions.append(fact.occurred_at)


# Published by the meeting service on its own topic: about the subject, not a case.
MARAC_DISCUSSED = _carrying_nothing("marac_discussed", _fold_discussion, of_case=False)
RESPONSE_TIMED = _carrying_nothing("response_timed")
REFERRAL_MADE = _carrying_nothing("referral_made")  # between agencies, not to MARAC
UNKNOWN = _carrying_nothing("unknown")  # no payload set, or none this code can read

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        CASE_OPENED,
        INCIDENT,
        RISK_ASSESSED,
        CONSENT,
        OVERRIDE,
        OVERRIDE_REVOKED,
        SUPPORT,
        ENFORCEMENT,
        ACTION,
        RESPONSE_TIMED,
        REFERRAL_MADE,
        CASE_CLOSED,
        CASE_ERASED,
        MARAC_REFERRAL,
        MARAC_DISCUSSED,
        UNKNOWN,
    )
}
# Kinds whose facts name no case (kept apart from case_subject).
SUBJECT_KINDS = sorted(kind.name for kind in KINDS.values() if not kind.of_case)


def kind_named(name: str) -> Kind:
    """The declared kind of that name; for any other, a kind that carries nothing."""
    return KINDS.get(name) or replace(UNKNOWN, name=name)


def decode(record: bytes) -> Fact | None:
    """The fact a Kafka record carries; None for an anonymous report."""
    try:
        event = case_events_pb2.CaseEvent.FromString(record)
    except DecodeError as error:
        raise MalformedEvent("not a CaseEvent") from error
    return fact_from_event(event)


def fact_from_event(event: case_events_pb2.CaseEvent) -> Fact | None:
    if not event.subject_key:
        return None  # anonymous: counts nowhere per subject
    if not event.agency_id:
        raise MalformedEvent("agency_id missing")
    for text in (event.agency_id, event.subject_key, event.case_reference):
        _text(text)
    if not 0 < event.source_sequence <= MAX_SEQUENCE:
        raise MalformedEvent("source_sequence out of range")
    stamp = event.occurred_at if event.HasField("occurred_at") else event.recorded_at
    name = event.WhichOneof("payload")
    kind = kind_named(name) if name else UNKNOWN
    return Fact(
        agency_id=event.agency_id,
        source_sequence=event.source_sequence,
        agency=event.agency,
        subject_key=event.subject_key,
        case_reference=event.case_reference,
        kind=kind,
        occurred_at=_instant(stamp),
        payload=kind.read(getattr(event, name)) if name else None,
        recorded_at=_instant(event.recorded_at) if event.HasField("recorded_at") else None,
    )


def _scopes(scopes) -> frozenset[Scope]:
    return frozenset((s.recipient, s.purpose) for s in scopes if s.recipient and s.purpose)


def _scope_pairs(scopes: frozenset[Scope]) -> list[int]:
    """Scopes stored flat: recipient, purpose, recipient, purpose, ..."""
    return [value for scope in sorted(scopes) for value in scope]


def _pairs_scopes(pairs: list[int]) -> frozenset[Scope]:
    return frozenset(zip(pairs[::2], pairs[1::2], strict=True))


def _values(values) -> tuple[int, ...]:
    return tuple(sorted({v for v in values if v}))


def _text(text: str) -> str:
    if len(text) > MAX_TEXT or "\x00" in text:  # Postgres text cannot hold NUL
        raise MalformedEvent("identifier too long or not text")
    return text


def _instant(stamp) -> datetime:
    try:
        instant = stamp.ToDatetime(tzinfo=UTC)
        instant.astimezone(LOCAL_TIME)  # its local date must exist too
    except (ValueError, OverflowError) as error:
        raise MalformedEvent("timestamp out of range") from error
    return instant
