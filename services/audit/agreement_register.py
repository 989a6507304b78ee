"""The register of data-sharing agreements (use cases): IG records and ends them,
and lists them, those due for review among them. Every change is one request,
applied once: a retry with its id is answered with the agreement as it is; the id
used for another request is refused. Changes are made one at a time in this
process (the audit service runs as one), so two requests never race.

Each change is an event of the agreements' own event store (eventsourcing); the
agreements' relay publishes each as a marac.v1.AgreementChanged
(services/audit/agreement_messages.py).
"""

import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from eventsourcing.application import AggregateNotFoundError

from marac.v1 import agreements_pb2, vocabulary_pb2
from services.audit.agreements import Agreement, Party, Terms
from services.common.commands import fingerprint
from services.common.errors import NotFound
from services.common.store import RecordStore
from services.common.validation import Violations

MAX_TITLE = 120
MAX_PARTIES = 50
KNOWN_PURPOSES = frozenset(vocabulary_pb2.Purpose.values()) - {0}
KNOWN_CATEGORIES = frozenset(vocabulary_pb2.SharedCategory.values()) - {0}
KNOWN_BASES = frozenset(vocabulary_pb2.LawfulBasis.values()) - {0}
KNOWN_END_REASONS = frozenset(agreements_pb2.AgreementEndReason.values()) - {0}
# The id an agreement is given derives from who asked and the request id, so a
# retry finds the agreement its first attempt recorded.
AGREEMENT_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:marac-hub:agreement-id")


def utc_now() -> datetime:
    return datetime.now(UTC)


class NoSuchAgreement(NotFound):
    def __init__(self) -> None:
        super().__init__("no such agreement")


class AgreementStore(RecordStore):
    """The agreements' event store (eventsourcing; on Postgres, its own database)."""

    name = "agreements"  # its tables, and its settings' prefix (AGREEMENTS_POSTGRES_...)


@dataclass(frozen=True)
class RecordAgreement:
    request_id: str
    title: str
    parties: tuple[Party, ...]
    marac_panel: bool
    purposes: tuple[int, ...]
    categories: tuple[int, ...]
    lawful_bases: tuple[int, ...]
    starts_at: datetime | None  # None: now
    review_date: str  # ISO date
    ends_at: datetime | None

    def terms(self, partners: Mapping[str, int], now: datetime) -> Terms:
        """The agreement's terms; InvalidRequest naming every field that is wrong."""
        v = Violations()
        v.request_id("request_id", self.request_id)
        v.require("title", self.title, MAX_TITLE)
        if self.title and not self.title.isprintable():
            v.add("title", "must be printable text on one line")
        _parties(v, self.parties, self.marac_panel, partners)
        _known(v, "purposes", self.purposes, KNOWN_PURPOSES, "a Purpose")
        _known(v, "categories", self.categories, KNOWN_CATEGORIES, "a SharedCategory")
        _known(v, "lawful_bases", self.lawful_bases, KNOWN_BASES, "a LawfulBasis", optional=True)
        starts_at = self.starts_at or now
        review = _review_date(v, self.review_date, starts_at)
        if self.ends_at is not None and self.ends_at <= starts_at:
            v.add("ends_at", "must be after starts_at")
        elif self.ends_at is not None and review is not None and review > self.ends_at.date():
            v.add("review_date", "must be on or before the end")
        v.raise_if_any()
        return Terms(
            title=self.title.strip(),
            parties=tuple(sorted(set(self.parties), key=lambda p: p.agency_id)),
            marac_panel=self.marac_panel,
            purposes=tuple(sorted(set(self.purposes))),
            categories=tuple(sorted(set(self.categories))),
            lawful_bases=tuple(sorted(set(self.lawful_bases))),
            starts_at=starts_at,
            review_date=review,
            ends_at=self.ends_at,
        )


def _parties(
    v: Violations, parties: tuple[Party, ...], panel: bool, partners: Mapping[str, int]
) -> None:
    if not v.at_most("parties", parties, MAX_PARTIES):
        return
    ids = [p.agency_id for p in parties]
    if len(set(ids)) < (1 if panel else 2):
        v.add("parties", "must name two agencies, or one and the MARAC panel")
    if len(set(ids)) < len(ids):
        v.add("parties", "must name each agency once")
    for i, party in enumerate(parties):
        if partners.get(party.agency_id) != party.agency or not party.agency:
            v.add(f"parties[{i}]", "must be an agency of the partnership, with its kind")


def _known(
    v: Violations, path: str, values: tuple[int, ...], known: frozenset[int], what: str,
    optional: bool = False,
) -> None:  # fmt: skip
    if not values and not optional:
        v.add(path, "must name at least one")
    for i, value in enumerate(values):
        if value not in known:
            v.add(f"{path}[{i}]", f"must be {what}")


def _review_date(v: Violations, raw: str, starts_at: datetime) -> date | None:
    review = v.day("review_date", raw)
    if review is not None and review <= starts_at.date():
        v.add("review_date", "must be after the start")
        return None
    return review


@dataclass(frozen=True)
class EndAgreement:
    request_id: str
    agreement_id: str
    reason: int  # AgreementEndReason

    def validate(self) -> None:
        v = Violations()
        v.request_id("request_id", self.request_id)
        v.issued_id("agreement_id", self.agreement_id)
        if self.reason not in KNOWN_END_REASONS:
            v.add("reason", "must be an AgreementEndReason")
        v.raise_if_any()


class AgreementRegister:
    def __init__(
        self,
        store: AgreementStore,
        partners: Mapping[str, int],
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """`partners`: the partnership's agencies, agency id -> AgencyKind number."""
        self.store = store
        self.partners = dict(partners)
        self._clock = clock
        self._lock = threading.Lock()

    def record(self, recorded_by: str, command: RecordAgreement) -> Agreement:
        asked = fingerprint(command)
        agreement_id = str(uuid.uuid5(AGREEMENT_IDS, f"{recorded_by}\n{command.request_id}"))
        with self._lock:
            found = self._find(agreement_id)
            if found is not None and found.answered(command.request_id, asked):
                return found
            terms = command.terms(self.partners, self._clock())
            agreement = Agreement(agreement_id, terms, recorded_by)
            agreement.remember((command.request_id, asked))
            self.store.save(agreement)
            return agreement

    def end(self, ended_by: str, command: EndAgreement) -> Agreement:
        command.validate()
        asked = fingerprint((ended_by, command))
        with self._lock:
            agreement = self.agreement(command.agreement_id)
            if agreement.answered(command.request_id, asked):
                return agreement
            agreement.end(self._clock(), command.reason, ended_by, (command.request_id, asked))
            self.store.save(agreement)
            return agreement

    def agreement(self, agreement_id: str) -> Agreement:
        found = self._find(agreement_id)
        if found is None:
            raise NoSuchAgreement()
        return found

    def agreements(self, review_due_by: date | None = None) -> list[Agreement]:
        """By start, then id; only those due for review by that day, when given."""
        now = self._clock()
        found = [
            a
            for a in map(self.store.repository.get, self._ids())
            if review_due_by is None or a.review_due_by(review_due_by, now)
        ]
        return sorted(found, key=lambda a: (a.terms.starts_at, a.agreement_id))

    def _ids(self) -> Iterable[uuid.UUID]:
        seen: dict[uuid.UUID, None] = {}
        for notification in self.store.recorder.select_notifications(start=None, limit=1_000_000):
            seen.setdefault(notification.originator_id)
        return seen

    def _find(self, agreement_id: str) -> Agreement | None:
        try:
            return self.store.repository.get(Agreement.create_id(agreement_id))
        except (AggregateNotFoundError, ValueError):
            return None
