"""An agency's case records: the commands and queries of the case kernel over an
event-sourced store, generic over the agency's `Case` class.

An agency subclasses `CaseApplication[ItsCase]`, names its case class, and adds
its own commands, each a change made through `handle`: the one path that opens a
case when a command may open it, answers a retried request with what it answered
first (even once the request's own checks, such as "in the future", no longer
hold), refuses a request id used before for another request, refuses a change to a
closed case (unless the command says it may) or about another subject, and
remembers the answer. `follow` is the hook for keeping other aggregates in step
with a case's new events in the same transaction. `erase_case`
(services.common.erasure) destroys a case's key; the case then reads as CaseErased.

Configuration comes from the environment: the event store's (services.common.store)
and LINKING_KEY (hex) for subject match keys (services.common.settings).
Queries read what is committed (a cache of committed cases, brought up to date from
the store at each read); they never wait for the writer.
"""

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.utils import Environment

from services.common.case import (
    Case,
    Closure,
    Consent,
    Incident,
    MaracReferral,
    Override,
    RiskAssessment,
    Subject,
)
from services.common.case_list import CaseList, CasePage, ListCases
from services.common.commands import (
    AssessRisk,
    CloseCase,
    ListIncidents,
    ListOverrides,
    OpenCase,
    PageOfCase,
    RecordConsent,
    RecordIncident,
    RecordOverride,
    ReferToMarac,
    RevokeOverride,
    WithdrawConsent,
    check_case_reference,
    fingerprint,
)
from services.common.erasure import CaseErasure
from services.common.errors import (
    CaseAlreadyOpen,
    CaseErased,
    ErasedReference,
    NoSuchCase,
    RequestIdReused,
)
from services.common.matching import subject_key
from services.common.meeting_action_records import MeetingActionRecords
from services.common.paging import Page, page_in_order
from services.common.results import (
    AssessedRisk,
    ClosedCase,
    OpenedCase,
    RecordedConsent,
    RecordedIncident,
    RecordedOverride,
    ReferredCase,
    RevokedOverride,
)
from services.common.settings import MatchingSettings
from services.common.store import CaseStore
from services.common.unit_of_work import CaseWriter, Session
from services.common.validation import InvalidRequest
from services.common.vocabulary import HateClassification, IncidentCategory, ReportSource

C = TypeVar("C", bound=Case)
COMMITTED_CACHE = 10_000
R = TypeVar("R")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid4())


class Command(Protocol):
    request_id: str
    case_reference: str

    def validate(self, now: datetime) -> None: ...


@dataclass(frozen=True)
class Opening:
    """How a command opens the case it names when the case is new."""

    subject: Subject | None  # None: the case names no one (where the agency allows it)
    only: bool = False  # the command opens a new case and never changes one


def incident_from(
    command: Any,
    source: ReportSource = ReportSource.VICTIM,
    category: IncidentCategory | None = None,
    classification: HateClassification | None = None,
) -> Incident:
    """The incident a command reports (its occurred_at, strands, perceived_by,
    location_postcode, narrative and, unless given, classification)."""
    return Incident(
        occurred_at=command.occurred_at,
        strands=tuple(dict.fromkeys(command.strands)),
        classification=classification or getattr(command, "classification", None),
        perceived_by=tuple(dict.fromkeys(command.perceived_by)),
        location_postcode=command.location_postcode.strip().upper(),
        narrative=command.narrative,
        source=source,
        category=category,
    )


class CaseApplication(MeetingActionRecords, CaseErasure, CaseStore, Generic[C]):
    case_class: ClassVar[type[Case]] = Case
    # Recently used cases stay in memory. The service is the only writer of its
    # store, so a cached case is current and is not re-read before each command.
    env: ClassVar[dict[str, str]] = {
        "AGGREGATE_CACHE_MAXSIZE": "10000",
        "AGGREGATE_CACHE_FASTFORWARD": "n",
        # The writer waits at most this long (seconds) for the lock on its table that
        # keeps the log in order, then answers the group UNAVAILABLE and moves on
        # (one held from elsewhere would otherwise hold every later write).
        "POSTGRES_LOCK_TIMEOUT": "10",
    }

    def __init__(
        self, env: dict[str, str] | None = None, clock: Clock = utc_now, writes: bool = True
    ) -> None:
        super().__init__(env)
        self.clock = clock
        # False in a service's request processes: only its writer process writes.
        self.writes = writes
        # Committed cases, for queries: a cache of its own (the writer's holds changes
        # not yet committed), brought up to date from the store at each read.
        self._committed: Repository = Repository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=COMMITTED_CACHE,
            fastforward=True,
        )
        self._case_list = CaseList(self)
        self._writer: CaseWriter | None = None
        self._writer_lock = threading.Lock()
        if writes:  # before the first write: a store from before case keys, and
            self.migrate_to_case_keys()  # erasures the last writer left half done
            self.finish_erasures()
            self.case_keys.know_erasures()
        # Whether the work the writer's process does besides changes makes progress
        # (its inbox of meeting actions, services.common.action_inbox), by name.
        self.background_checks: dict[str, Callable[[], bool]] = {}

    def construct_env(self, name: str, env: Any = None) -> Environment:
        environment = super().construct_env(name, env)
        # Before the store opens, like the store's own settings.
        self._linking_key = MatchingSettings.from_env(environment).linking_key
        return environment

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        super().close()

    def now(self) -> datetime:
        return self.clock()

    def subject_key_of(self, subject: Subject) -> str:
        """The subject's match key (from the identity as recorded)."""
        s = subject.normalised()
        return subject_key(
            self._linking_key, s.given_name, s.family_name, s.date_of_birth, s.postcode
        )

    # Changes

    def handle(
        self,
        command: Command,
        change: Callable[[C], R],
        *,
        opening: Opening | None = None,
        when_closed: bool = False,
    ) -> R:
        """Makes `change` to the command's case once per request id, after the
        kernel's checks; opens the case first when new and `opening` says how."""
        asked = fingerprint(command)
        try:
            command.validate(self.now())
        except InvalidRequest:
            # A retry of a request already answered gets its answer, even when a
            # check that depends on the time no longer holds.
            done, answer = self._answered(command, asked)
            if done:
                return cast(R, answer)
            raise
        subject = opening.subject.normalised() if opening and opening.subject else None
        key = self.subject_key_of(subject) if subject else ""

        def apply(case: C | None, session: Session) -> tuple[C, R]:
            if case is not None:
                done, answer = case.answered(command.request_id, asked)
                if done:
                    return case, cast(R, answer)
                if opening is not None and opening.only:
                    raise CaseAlreadyOpen()
                if not when_closed:
                    case.check_open()
                case.check_subject(key)
                case.begin_request()
            elif self.case_keys.known_erased(str(self.case_id(command.case_reference))):
                raise ErasedReference() if opening is not None else CaseErased()
            elif opening is None:
                raise NoSuchCase()
            else:
                case = cast(
                    C, self.case_class.open(self.agency_id, command.case_reference, subject, key)
                )
                case.begin_request(since=0)
            try:
                answer = change(case)
                case.remember(command.request_id, asked, answer)
            finally:
                case.end_request()
            return case, answer

        return self.change(command.case_reference, apply)

    def _answered(self, command: Command, asked: str) -> tuple[bool, Any]:
        try:
            case = self._committed.get(self.case_id(command.case_reference))
            return case.answered(command.request_id, asked)
        except (AggregateNotFoundError, RequestIdReused, CaseErased):
            return False, None

    def change(self, case_reference: str, change: Callable[[C | None, Session], Any]) -> Any:
        """Makes a change through the writer (without the kernel's request checks)."""
        if not self.writes:
            raise RuntimeError("this process does not write: changes go to the writer")
        with self._writer_lock:
            if self._writer is None:
                self._writer = CaseWriter(self, follow=self.follow)
        return self._writer.submit(self.case_id(case_reference), change)

    def writer_progressing(self) -> bool:
        """Whether the writer takes the changes waiting in time (for the health check)."""
        writer = self._writer
        return writer is None or writer.progressing()

    def background_progressing(self) -> bool:
        """Whether every background check passes (for a request process's health)."""
        return all(check() for check in self.background_checks.values())

    def follow(self, case: C, events: Sequence[Case.Event], session: Session) -> None:
        """Keeps other aggregates in step with a case's new events (saved with it)."""

    # The kernel's commands

    def open_case(self, command: OpenCase) -> OpenedCase:
        def open_(case: C) -> OpenedCase:
            if command.consent is not None:
                case.record_consent(command.consent)
            return OpenedCase(case.case_reference, case.subject_key)

        return self.handle(command, open_, opening=Opening(command.subject, only=True))

    def record_incident(self, command: RecordIncident) -> RecordedIncident:
        def record(case: C) -> RecordedIncident:
            incident_id = new_id()
            case.record_incident(incident_id, incident_from(command))
            return RecordedIncident(incident_id)

        return self.handle(command, record)

    def assess_risk(self, command: AssessRisk) -> AssessedRisk:
        def assess(case: C) -> AssessedRisk:
            assessment = RiskAssessment(command.level, command.tool, self.now())
            case.assess_risk(assessment)
            return AssessedRisk(assessment.level, assessment.tool, assessment.assessed_at)

        return self.handle(command, assess)

    def record_consent(self, command: RecordConsent) -> RecordedConsent:
        """Replaces the consent in force; a victim may change it after the case closed."""
        return self._record_consent(command, command.consent)

    def withdraw_consent(self, command: WithdrawConsent) -> RecordedConsent:
        """Withdraws every scope; recipients refused before stay refused."""
        return self._record_consent(
            # The request's refusals first, so a rule about one names its place.
            command,
            lambda case: Consent((), (*command.refused, *case.consent.refused)),
        )

    def _record_consent(
        self, command: Command, consent: Consent | Callable[[C], Consent]
    ) -> RecordedConsent:
        def record(case: C) -> RecordedConsent:
            change = case.record_consent(consent(case) if callable(consent) else consent)
            return RecordedConsent(change, case.consent)

        return self.handle(command, record, when_closed=True)

    def record_override(self, command: RecordOverride) -> RecordedOverride:
        """Records sharing without consent on a lawful basis."""

        def record(case: C) -> RecordedOverride:
            override = Override(
                basis=command.basis,
                scopes=tuple(sorted(set(command.scopes))),
                authoriser=command.authoriser.strip(),
                authoriser_role=command.authoriser_role,
                reason=command.reason,
                expires_at=command.expires_at,
            )
            override_id = new_id()
            case.record_override(override_id, override)
            return RecordedOverride(override_id, override.expires_at)

        return self.handle(command, record)

    def revoke_override(self, command: RevokeOverride) -> RevokedOverride:
        def revoke(case: C) -> RevokedOverride:
            case.revoke_override(command.override_id)
            return RevokedOverride(command.override_id, self.now())

        return self.handle(command, revoke, when_closed=True)

    def close_case(self, command: CloseCase) -> ClosedCase:
        def close(case: C) -> ClosedCase:
            closure = Closure(command.outcome, command.satisfaction, self.now())
            case.close(closure)
            return ClosedCase(closure.outcome, closure.satisfaction, closure.closed_at)

        return self.handle(command, close)

    def refer_to_marac(self, command: ReferToMarac) -> ReferredCase:
        def refer(case: C) -> ReferredCase:
            referral = MaracReferral(command.ground, command.reason, self.now())
            case.refer_to_marac(referral)
            return ReferredCase(referral.ground, referral.referred_at)

        return self.handle(command, refer)

    # Queries

    def case_id(self, case_reference: str) -> UUID:
        return Case.create_id(self.agency_id, case_reference)

    def list_cases(self, query: ListCases) -> CasePage:
        """The agency's cases, a page at a time, in the order they last changed."""
        return self._case_list.page(query)

    def get_case(self, case_reference: str) -> C:
        """The case as committed; CaseErased once it was erased (in any process)."""
        check_case_reference(case_reference)
        case_id = self.case_id(case_reference)
        if self.case_keys.erased(str(case_id)):
            self.forget_case(case_id)
            raise CaseErased()
        try:
            return self._committed.get(case_id)
        except AggregateNotFoundError:
            raise NoSuchCase() from None

    def forget_case(self, case_id: UUID) -> None:
        """Drops the case from this process's caches (once it is erased)."""
        for repository in (self.repository, self._committed):
            if repository.cache is not None:
                with contextlib.suppress(KeyError):
                    repository.cache.get(case_id, evict=True)

    def list_incidents(self, query: ListIncidents) -> Page[tuple[str, Incident]]:
        """A page of the case's incidents (id and incident), in the order recorded."""
        return self.page_of_case(query, lambda case: list(case.incidents.items()))

    def list_overrides(self, query: ListOverrides) -> Page[tuple[str, Override]]:
        """A page of the case's overrides (id and override), in the order recorded."""
        return self.page_of_case(query, lambda case: list(case.overrides.items()))

    def page_of_case(self, query: PageOfCase, items: Callable[[C], Sequence[R]]) -> Page[R]:
        """A page of one of a case's lists that only grow at their end."""
        after, size = query.validate()
        case = self.get_case(query.case_reference)
        return Page(*page_in_order(items(case), after, size, query.scope))
