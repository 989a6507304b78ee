"""What a disclosure records: who was shown which agencies' cases of a subject, on what
basis, for what purpose and in which view. RiskView records one before any response
shows another agency's contribution (the log: services.riskview.disclosures).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from marac.v1 import disclosure_pb2, vocabulary_pb2
from services.common.callers import Caller
from services.common.errors import Unavailable
from shared_view.view import Contribution, Grant

CASE_VIEW = disclosure_pb2.DISCLOSURE_VIEW_CASE
AGENDA_VIEW = disclosure_pb2.DISCLOSURE_VIEW_AGENDA
AGENDA_ITEM_VIEW = disclosure_pb2.DISCLOSURE_VIEW_AGENDA_ITEM
BY_REFERRAL = "marac_referral"  # the panel is told which agency referred the subject


class DisclosureNotRecorded(Unavailable):
    """The disclosure log did not confirm the record; nothing may be shown."""

    def __init__(self) -> None:
        super().__init__("the disclosure could not be recorded, so nothing is shown; try again")


@dataclass(frozen=True)
class DisclosedCase:
    agency: int
    agency_id: str
    case_reference: str
    basis: str  # BY_CONSENT, BY_OVERRIDE or BY_REFERRAL
    override_id: str = ""
    lawful_basis: int = vocabulary_pb2.LAWFUL_BASIS_UNSPECIFIED


@dataclass(frozen=True)
class Disclosure:
    disclosure_id: str
    caller: Caller
    subject_key: str
    cases: tuple[DisclosedCase, ...]
    purpose: int  # Purpose
    disclosed_at: datetime
    meeting_id: str
    view: int  # DisclosureView


class DisclosureLog(Protocol):
    def record(self, disclosures: Sequence[Disclosure]) -> None:
        """Returns once every disclosure is durably recorded; else DisclosureNotRecorded."""


def new_disclosure_id() -> str:
    return str(uuid.uuid4())


def disclosed(contribution: Contribution, grant: Grant) -> DisclosedCase:
    """A contribution shown on its grant."""
    return DisclosedCase(
        contribution.agency,
        contribution.agency_id,
        contribution.case_reference,
        grant.basis,
        grant.override_id,
        grant.lawful_basis,
    )
