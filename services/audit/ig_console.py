"""The IG console's queries over the ledger (services.audit.console says what each
finds), each read from one snapshot of it: a search, paged newest first; a
subject's history and the subject access report made of it; the disclosures of
a period, paged in the order they were recorded.

Bounded: a page scans at most SCAN_LIMIT candidate entries (a search by user id
reads entries' bytes, which no index holds), and a subject's history at most
SUBJECT_LIMIT entries of each sort, refused beyond it rather than cut short, as
a subject access report must be whole.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from marac.v1 import audit_pb2
from services.audit.console import (
    Case,
    EntrySearch,
    calls_sql,
    case_sql,
    disclosures_sql,
    handle_calls_sql,
    history_of,
    matches,
    search_sql,
    subject_sql,
)
from services.audit.ledger import Entry
from services.audit.store import LedgerStore, Snapshot
from services.common.errors import FailedPrecondition, NotFound, ResourceExhausted

SCAN_LIMIT = 20_000
SCAN_BATCH = 1_000
SUBJECT_LIMIT = 50_000


class NoSuchCase(NotFound):
    def __init__(self) -> None:
        super().__init__("the ledger holds no case of this agency under this reference")


class NoSuchHandle(NotFound):
    def __init__(self) -> None:
        super().__init__("no subject of the ledger has this handle")


class HandlesUnknown(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__(
            "this audit service is not given the handle key: name the subject by a case"
        )


class Handles(Protocol):
    """RiskView's agenda handles (services.riskview.handles.Handles)."""

    def of(self, subject_key: str) -> str: ...

    def subject_of(self, handle: str) -> str | None: ...


# The subject as a request names them: one of their cases, or their handle.
Subject = Case | str


class TooMuchHistory(ResourceExhausted):
    def __init__(self) -> None:
        super().__init__(
            f"the subject's history holds more than {SUBJECT_LIMIT} entries of one sort; "
            "read it with FindEntries by case reference"
        )


@dataclass(frozen=True)
class Found:
    entries: list[Entry]
    # Where the next page starts (before this position); None on the last page.
    before: int | None


class IgConsole:
    def __init__(
        self,
        store: Callable[[], LedgerStore],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        handles: Handles | None = None,
    ) -> None:
        self._new_store = store
        self._clock = clock
        # With RiskView's handle key the console reads the handles the access log
        # records (the ledger holds the match keys they stand for already).
        self._handles = handles

    def _reading(self, work: Callable[[Snapshot], object]):
        store = self._new_store()
        try:
            with store.snapshot() as snapshot:
                return work(snapshot)
        finally:
            store.close()

    def find(self, search: EntrySearch, before: int | None, size: int) -> Found:
        """Up to `size` entries matching the search, newest first, before `before`."""

        def found(snapshot: Snapshot) -> Found:
            shown: list[Entry] = []
            cursor, scanned = before, 0
            batch = SCAN_BATCH if search.user_id else size + 1
            while True:
                candidates = snapshot.find(*search_sql(search, cursor, batch))
                for entry in candidates:
                    cursor = entry.position
                    if matches(search, entry):
                        shown.append(entry)
                        if len(shown) > size:
                            return Found(shown[:size], shown[size - 1].position)
                scanned += len(candidates)
                if len(candidates) < batch:
                    return Found(shown, None)
                if scanned >= SCAN_LIMIT:
                    return Found(shown, cursor)  # the next page scans on from here

        return self._reading(found)

    def subject_history(self, subject: Subject) -> audit_pb2.SubjectHistory:
        return self._reading(lambda snapshot: self._history(snapshot, subject))

    def access_report(self, subject: Subject) -> audit_pb2.SubjectAccessReport:
        """The subject's history, stamped with the ledger's head it was read at."""

        def report(snapshot: Snapshot) -> audit_pb2.SubjectAccessReport:
            history = self._history(snapshot, subject)
            head = snapshot.head()
            case = subject if isinstance(subject, Case) else Case("", "")
            made = audit_pb2.SubjectAccessReport(
                agency_id=case.agency_id,
                case_reference=case.case_reference,
                handle=subject if isinstance(subject, str) else "",
                ledger_entries=head.count,
                ledger_head=head.hash.hex(),
                history=history,
            )
            made.generated_at.FromDatetime(self._clock())
            return made

        return self._reading(report)

    def disclosures(
        self, since: datetime, until: datetime, after: int, size: int
    ) -> tuple[list[Entry], bool]:
        """Up to `size` disclosures recorded in [since, until) after position
        `after`, and whether more follow."""

        def listed(snapshot: Snapshot) -> tuple[list[Entry], bool]:
            found = snapshot.find(*disclosures_sql(since, until, after, size + 1))
            return found[:size], len(found) > size

        return self._reading(listed)

    def _history(self, snapshot: Snapshot, subject: Subject) -> audit_pb2.SubjectHistory:
        if isinstance(subject, Case):
            events = _bounded(snapshot.find(*case_sql(subject, SUBJECT_LIMIT + 1)))
            if not events:
                raise NoSuchCase()
            keys = sorted({e.columns.subject for e in events if e.columns.subject})
        else:
            if self._handles is None:
                raise HandlesUnknown()
            key = self._handles.subject_of(subject)
            if key is None:
                raise NoSuchHandle()
            events, keys = [], [key]
        entries = _bounded(snapshot.find(*subject_sql(keys, SUBJECT_LIMIT + 1)))
        entries = entries or events  # an anonymous report: its own case alone
        if not entries:
            raise NoSuchHandle()
        cases = list({Case(e.columns.agency_id, e.columns.case_reference): None for e in entries
                      if e.columns.agency_id and e.columns.case_reference})  # fmt: skip
        calls = _bounded(snapshot.find(*calls_sql(cases, SUBJECT_LIMIT + 1))) if cases else []
        handles = [self._handles.of(k) for k in keys] if self._handles is not None else []
        if handles:
            calls += _bounded(snapshot.find(*handle_calls_sql(handles, SUBJECT_LIMIT + 1)))
        return history_of(entries, calls, self._clock(), handles)


def _bounded(entries: list[Entry]) -> list[Entry]:
    if len(entries) > SUBJECT_LIMIT:
        raise TooMuchHistory()
    return entries
