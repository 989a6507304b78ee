"""Data-sharing agreements as the shared view reads them: facts that are about no
subject, an input to every view beside the subject's own facts (shared_view/view.py).

A recipient other than the holding agency sees a contribution, or the parts of it
(SharedCategory) an agreement covers, only while an agreement in force covers the
holding agency, the recipient and the recipient's purpose: consent alone is not
enough, and an override needs an agreement that names its lawful basis.

The projection reads them from the agreements topic (marac.v1.AgreementChanged,
published by the audit service's relay), keeping the latest change of each.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf.message import DecodeError

from marac.v1 import agreements_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.agencies import RECIPIENT_OF_KIND
from shared_view.facts import MalformedEvent

ALL_CATEGORIES = frozenset(vocab.SharedCategory.values()) - {vocab.SHARED_CATEGORY_UNSPECIFIED}


@dataclass(frozen=True, slots=True)
class Agreement:
    agreement_id: str
    holders: frozenset[str]  # agency ids of the parties, who share what they hold
    recipients: frozenset[int]  # Recipient values: the parties' kinds', and the panel's
    purposes: frozenset[int]  # Purpose
    categories: frozenset[int]  # SharedCategory
    lawful_bases: frozenset[int]  # LawfulBasis; empty: consent only
    starts_at: datetime
    ends_at: datetime | None  # its own end, or IG's early end; None: open-ended

    def in_force_at(self, now: datetime) -> bool:
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)

    def covers(self, holder: str, recipient: int, purpose: int, basis: int | None) -> bool:
        """Whether it lets `holder` share with `recipient` for `purpose`: on consent
        (basis None), or on an override of that lawful basis."""
        return (
            holder in self.holders
            and recipient in self.recipients
            and purpose in self.purposes
            and (basis is None or basis in self.lawful_bases)
        )


@dataclass(frozen=True, slots=True)
class AgreementChange:
    sequence: int  # the change's position in the register: the latest wins
    agreement: Agreement


def agreement_of(message: agreements_pb2.Agreement) -> Agreement:
    recipients = {RECIPIENT_OF_KIND.get(p.agency, 0) for p in message.parties}
    if message.marac_panel:
        recipients.add(vocab.RECIPIENT_MARAC_PANEL)
    ends = [
        _instant(stamp)
        for name, stamp in (("ends_at", message.ends_at), ("ended_at", message.ended_at))
        if message.HasField(name)
    ]
    return Agreement(
        agreement_id=message.agreement_id,
        holders=frozenset(p.agency_id for p in message.parties),
        recipients=frozenset(recipients - {0}),
        purposes=frozenset(message.purposes),
        categories=frozenset(message.categories) & ALL_CATEGORIES,
        lawful_bases=frozenset(message.lawful_bases),
        starts_at=_instant(message.starts_at),
        ends_at=min(ends, default=None),
    )


def decode_change(record: bytes) -> AgreementChange:
    try:
        changed = agreements_pb2.AgreementChanged.FromString(record)
    except DecodeError as error:
        raise MalformedEvent("not an AgreementChanged") from error
    if not changed.agreement.agreement_id or not changed.agreement.HasField("starts_at"):
        raise MalformedEvent("agreement id or start missing")
    return AgreementChange(changed.sequence, agreement_of(changed.agreement))


def _instant(stamp) -> datetime:
    try:
        return stamp.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError) as error:
        raise MalformedEvent("timestamp out of range") from error
