"""Erasing a case: the case records' command (a part of
services.common.application.CaseApplication), the record it leaves, and its answer.

Erasure destroys the case's data key (services.common.case_keys), so none of its
events can be decrypted again, anywhere they are stored. What stays is an
`ErasureRecord`, under the store's key: the agency, the case reference, the
subject's match key (only to publish `CaseErased` where the case's events went, so
it follows them), the reason from a closed list, when, and the request that asked.
The relay publishes it as a shared `CaseErased`; the shared view then drops what
the case contributed.

The record is committed first, then the key destroyed: a retry of the same request
answers the same and destroys the key, which the first try may not have done, and
the writer at its start destroys the key of every erasure recorded whose key is
still there (the writer stopped between the two).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import get_topic

from services.common.case import Case
from services.common.commands import CaseCommand, fingerprint
from services.common.errors import CaseErased, NoSuchCase, RequestIdReused
from services.common.validation import Unknown, Violations, check_required
from services.common.values import Value
from services.common.vocabulary import ErasureReason

ERASURE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:marac-hub:case-erasure")


@dataclass(frozen=True)
class EraseCase(CaseCommand):
    reason: ErasureReason | None
    unknown_values: Unknown = ()

    def check(self, v: Violations, now: datetime) -> None:
        check_required(v, "reason", self.reason, self.unknown)


@dataclass(frozen=True)
class ErasedCase(Value):
    case_reference: str
    reason: ErasureReason
    erased_at: datetime


class ErasureRecord(Aggregate):
    """That a case was erased, and nothing of what it held."""

    @staticmethod
    def create_id(case_id: UUID) -> UUID:
        return uuid5(ERASURE_NAMESPACE, str(case_id))

    @event("Erased")
    def __init__(
        self,
        case_id: UUID,
        agency_id: str,
        case_reference: str,
        subject_key: str,
        reason: ErasureReason,
        erased_at: datetime,
        request_id: str,
        fingerprint: str,
    ) -> None:
        self.case_id = case_id
        self.agency_id = agency_id
        self.case_reference = case_reference
        self.subject_key = subject_key
        self.reason = reason
        self.erased_at = erased_at
        self.request_id = request_id
        self.fingerprint = fingerprint

    @property
    def answer(self) -> ErasedCase:
        return ErasedCase(self.case_reference, self.reason, self.erased_at)


class CaseErasure:
    agency_id: str
    case_id: Any
    case_keys: Any
    change: Any
    now: Any
    forget_case: Any
    recorder: Any
    mapper: Any

    def erase_case(self, command: EraseCase) -> ErasedCase:
        """Erases the case once per request id; a case erased already by another
        request is CaseErased, an unknown one NoSuchCase."""
        command.validate(self.now())
        asked = fingerprint(command)
        case_id = self.case_id(command.case_reference)
        record_id = ErasureRecord.create_id(case_id)

        def erase(case: Case | None, session: Any) -> tuple[Case | None, ErasedCase]:
            record = session.get(
                record_id,
                lambda: ErasureRecord(
                    case_id=case_id,
                    agency_id=self.agency_id,
                    case_reference=command.case_reference,
                    subject_key=case.subject_key if case is not None else "",
                    reason=command.reason,
                    erased_at=self.now(),
                    request_id=command.request_id,
                    fingerprint=asked,
                ),
            )
            if not record.pending_events:  # erased before
                if record.request_id != command.request_id:
                    raise CaseErased()
                if record.fingerprint != asked:
                    raise RequestIdReused()
            elif case is None:
                raise NoSuchCase()  # the new record is undone with the refusal
            return case, record.answer

        answer = self.change(command.case_reference, erase)
        self.case_keys.destroy(str(case_id), answer.erased_at)
        self.forget_case(case_id)
        return answer

    def finish_erasures(self) -> int:
        """Destroys the keys that recorded erasures left (the writer stopped between
        recording and destroying); how many. Run by the writer at its start."""
        finished, start = 0, 1
        topic = get_topic(ErasureRecord.Erased)
        while found := self.recorder.select_notifications(start, 1000, topics=[topic]):
            for notification in found:
                erased = self.mapper.to_domain_event(notification)
                if not self.case_keys.erased(str(erased.case_id)):
                    self.case_keys.destroy(str(erased.case_id), erased.erased_at)
                    finished += 1
            start = found[-1].id + 1
        return finished
