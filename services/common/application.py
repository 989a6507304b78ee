"""An agency's case records: the commands and queries of the case kernel over an
event-sourced store. Each agency subclasses `CaseRecords` with its `Case` class.

Configuration comes from the environment, as the eventsourcing library expects:
PERSISTENCE_MODULE, POSTGRES_*, CIPHER_TOPIC/CIPHER_KEY (encryption at rest), plus
AGENCY_ID and LINKING_KEY (hex) for subject match keys.

Writes go through one writer thread that commits the changes of every command
waiting at that moment in one transaction (group commit): the store serialises
its writers to keep the notification log in order, so one commit per command
would cap the service at one fsync per command.
"""

import contextlib
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from services.common.case import Case
from services.common.commands import (
    AssessRisk,
    CloseCase,
    OpenCase,
    RecordConsent,
    RecordIncident,
    RecordOverride,
    ReferToMarac,
    RevokeOverride,
)
from services.common.errors import Conflict, FailedPrecondition, NotFound
from services.common.matching import subject_key
from services.common.vocabulary import AgencyKind

# A change gets the case (None if it is not open yet) and returns the case to
# save (or None to save nothing) and the outcome for the caller.
Change = Callable[[Case | None], tuple[Case | None, str]]
MAX_GROUP = 256


@dataclass
class PendingChange:
    case_id: UUID
    change: Change
    done: Future = field(default_factory=Future)


class CaseRecords(Application):
    agency_kind: ClassVar[AgencyKind]
    case_class: ClassVar[type[Case]] = Case
    # Recently used cases stay in memory. The service is the only writer of its
    # store, so a cached case is current and is not re-read before each command.
    env: ClassVar[dict[str, str]] = {
        "AGGREGATE_CACHE_MAXSIZE": "10000",
        "AGGREGATE_CACHE_FASTFORWARD": "n",
    }

    def __init__(self, env=None) -> None:
        super().__init__(env)
        self.agency_id = self.env.get("AGENCY_ID") or self.agency_kind.value
        linking_key = self.env.get("LINKING_KEY")
        if not linking_key:
            raise ValueError("LINKING_KEY is not set")
        self._linking_key = bytes.fromhex(linking_key)
        self._pending: queue.Queue[PendingChange | None] = queue.Queue()
        # Held while the writer changes cached cases; a query that reads state the
        # writer changes holds it too, so it never sees a half-applied change.
        self.writing = threading.Lock()
        self._writer = threading.Thread(target=self._write_groups, daemon=True)
        self._writer.start()

    def close(self) -> None:
        self._pending.put(None)
        self._writer.join(timeout=10)
        super().close()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def subject_key_of(self, identity: dict[str, str]) -> str:
        """The subject's match key, from the identity as recorded (Subject.as_record)."""
        return subject_key(self._linking_key, **identity)

    # Commands

    def open_case(self, command: OpenCase) -> str:
        """Opens a case and returns the subject's match key."""
        command.validate()
        assert command.subject is not None
        identity = command.subject.as_record()
        key = self.subject_key_of(identity)

        def change(existing: Case | None) -> tuple[Case | None, str]:
            if existing is not None:
                if existing.outcome_of(command.request_id) is None:
                    raise Conflict(f"case {command.case_reference} is already open")
                return None, existing.subject_key
            case = self.case_class(
                agency_id=self.agency_id,
                case_reference=command.case_reference,
                subject=identity,
                subject_key=key,
                request_id=command.request_id,
            )
            if command.consent is not None:
                scopes, refused = command.consent.as_record()
                case.record_consent(
                    request_id=f"{command.request_id}/consent",
                    scopes=scopes,
                    refused=refused,
                    change=case.consent_change(scopes),
                )
            return case, key

        return self.submit_change(command.case_reference, change)

    def record_incident(self, command: RecordIncident) -> str:
        """Records an incident on a case and returns its incident id."""
        command.validate(self.now())

        def record(case: Case) -> str:
            incident_id = str(uuid4())
            case.record_incident(
                request_id=command.request_id,
                incident_id=incident_id,
                occurred_at=command.occurred_at,
                strands=[s.value for s in command.strands],
                classification=command.classification.value,
                perceived_by=[p.value for p in command.perceived_by],
                location_postcode=command.location_postcode.strip().upper(),
                narrative=command.narrative,
            )
            return incident_id

        return self.change_case(command.case_reference, command.request_id, record)

    def assess_risk(self, command: AssessRisk) -> None:
        command.validate()

        def assess(case: Case) -> str:
            case.assess_risk(
                request_id=command.request_id,
                level=int(command.level),
                tool=command.tool,
                assessed_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, assess)

    def record_consent(self, command: RecordConsent) -> str:
        """Replaces the consent in force; returns how it changed."""
        command.validate()
        scopes, refused = command.consent.as_record()

        def record(case: Case) -> str:
            change = case.consent_change(scopes)
            case.record_consent(
                request_id=command.request_id, scopes=scopes, refused=refused, change=change
            )
            return change

        # A victim may change their consent after the case closed.
        return self.change_case(
            command.case_reference, command.request_id, record, when_closed=True
        )

    def record_override(self, command: RecordOverride) -> str:
        """Records sharing without consent on a lawful basis; returns its id."""
        command.validate(self.now())

        def record(case: Case) -> str:
            override_id = str(uuid4())
            case.record_override(
                request_id=command.request_id,
                override_id=override_id,
                basis=command.basis.value,
                scopes=[list(s) for s in sorted({(r.value, p.value) for r, p in command.scopes})],
                authoriser=command.authoriser.strip(),
                authoriser_role=command.authoriser_role,
                reason=command.reason,
                expires_at=command.expires_at,
            )
            return override_id

        return self.change_case(command.case_reference, command.request_id, record)

    def revoke_override(self, command: RevokeOverride) -> None:
        command.validate()

        def revoke(case: Case) -> str:
            if command.override_id not in case.overrides:
                raise NotFound(f"no override {command.override_id} on this case")
            case.revoke_override(request_id=command.request_id, override_id=command.override_id)
            return ""

        self.change_case(command.case_reference, command.request_id, revoke, when_closed=True)

    def close_case(self, command: CloseCase) -> None:
        command.validate()

        def close(case: Case) -> str:
            case.close(
                request_id=command.request_id,
                outcome=command.outcome.value,
                satisfaction=command.satisfaction,
                closed_at=self.now(),
            )
            return ""

        self.change_case(command.case_reference, command.request_id, close)

    def refer_to_marac(self, command: ReferToMarac) -> None:
        command.validate()

        def refer(case: Case) -> str:
            case.refer_to_marac(
                request_id=command.request_id, ground=command.ground.value, reason=command.reason
            )
            return ""

        self.change_case(command.case_reference, command.request_id, refer)

    def change_case(
        self,
        case_reference: str,
        request_id: str,
        change: Callable[[Case], str],
        when_closed: bool = False,
    ) -> str:
        """Applies `change` to an open case once per request id. A closed case takes
        no more changes unless `when_closed` says this one is allowed."""

        def once(case: Case | None) -> tuple[Case | None, str]:
            if case is None:
                raise NotFound(f"no case with reference {case_reference}")
            outcome = case.outcome_of(request_id)
            if outcome is not None:
                return None, outcome
            if case.closed and not when_closed:
                raise FailedPrecondition(f"case {case_reference} is closed")
            return case, change(case)

        return self.submit_change(case_reference, once)

    # Queries

    def get_case(self, case_reference: str) -> Case:
        with self.writing:
            case = self._find(self._case_id(case_reference))
        if case is None:
            raise NotFound(f"no case with reference {case_reference}")
        return case

    # Group commit

    def _case_id(self, case_reference: str) -> UUID:
        return Case.create_id(self.agency_id, case_reference)

    def _find(self, case_id: UUID, for_change: bool = False) -> Case | None:
        # The writer thread changes the cached case itself (a failed group is
        # evicted); queries get a copy, so they never see a half-applied change.
        try:
            return self.repository.get(case_id, deepcopy_from_cache=not for_change)
        except AggregateNotFoundError:
            return None

    def submit_change(self, case_reference: str, change: Change) -> str:
        """Queues a change for the writer thread and waits until it is committed
        (or failed). Agency commands that open cases use this directly."""
        pending = PendingChange(self._case_id(case_reference), change)
        self._pending.put(pending)
        return pending.done.result()

    def _write_groups(self) -> None:
        while (first := self._pending.get()) is not None:
            group = [first]
            while len(group) < MAX_GROUP:
                try:
                    item = self._pending.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._pending.put(None)  # stop after this group
                    break
                group.append(item)
            self._write(group)

    def _write(self, group: list[PendingChange]) -> None:
        """Applies a group of changes to the cases in memory and saves them in one
        transaction; a change that fails answers its caller and saves nothing."""
        with self.writing:
            changed, answered = self._apply(group)
        try:
            self.save(*changed)
        except IntegrityError:
            # Another writer changed one of these cases first: forget what the cache
            # holds of them and redo them one by one from the store.
            self._evict(changed)
            for pending, _ in answered:
                self._write_alone(pending)
            return
        except Exception as error:
            self._evict(changed)
            for pending, _ in answered:
                pending.done.set_exception(error)
            return
        for pending, outcome in answered:
            pending.done.set_result(outcome)

    def _apply(
        self, group: list[PendingChange]
    ) -> tuple[list[Case], list[tuple[PendingChange, str]]]:
        cases: dict[UUID, Case | None] = {}
        changed: dict[UUID, Case] = {}
        answered: list[tuple[PendingChange, str]] = []
        for pending in group:
            try:
                if pending.case_id not in cases:
                    cases[pending.case_id] = self._find(pending.case_id, for_change=True)
                to_save, outcome = pending.change(cases[pending.case_id])
            except Exception as error:
                pending.done.set_exception(error)
                continue
            if to_save is not None:
                cases[pending.case_id] = changed[pending.case_id] = to_save
            answered.append((pending, outcome))
        return list(changed.values()), answered

    def _evict(self, cases: list[Case]) -> None:
        for case in cases:
            with contextlib.suppress(KeyError):
                self.repository.cache.get(case.id, evict=True)

    def _write_alone(self, pending: PendingChange, attempts: int = 5) -> None:
        for attempt in range(attempts):
            try:
                to_save, outcome = pending.change(self._find(pending.case_id))
                if to_save is not None:
                    self.save(to_save)
            except IntegrityError:
                if attempt < attempts - 1:
                    continue
                pending.done.set_exception(Conflict("the case changed meanwhile; retry"))
            except Exception as error:
                pending.done.set_exception(error)
            else:
                pending.done.set_result(outcome)
            return
