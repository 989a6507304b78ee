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
from services.common.commands import AssessRisk, OpenCase, RecordIncident
from services.common.errors import Conflict, NotFound
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
        # Held while the writer changes cached cases, so a query never copies one
        # half-changed.
        self._applying = threading.Lock()
        self._writer = threading.Thread(target=self._write_groups, daemon=True)
        self._writer.start()

    def close(self) -> None:
        self._pending.put(None)
        self._writer.join(timeout=10)
        super().close()

    def now(self) -> datetime:
        return datetime.now(UTC)

    # Commands

    def open_case(self, command: OpenCase) -> str:
        """Opens a case and returns the subject's match key."""
        command.validate()
        assert command.subject is not None
        identity = command.subject.as_record()
        key = subject_key(self._linking_key, **identity)

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
            return case, key

        return self._submit(command.case_reference, change)

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

    def change_case(
        self, case_reference: str, request_id: str, change: Callable[[Case], str]
    ) -> str:
        """Applies `change` to an open case once per request id."""

        def once(case: Case | None) -> tuple[Case | None, str]:
            if case is None:
                raise NotFound(f"no case with reference {case_reference}")
            outcome = case.outcome_of(request_id)
            if outcome is not None:
                return None, outcome
            return case, change(case)

        return self._submit(case_reference, once)

    # Queries

    def get_case(self, case_reference: str) -> Case:
        with self._applying:
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

    def _submit(self, case_reference: str, change: Change) -> str:
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
        with self._applying:
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
