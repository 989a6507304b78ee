"""Complaints for the case review tests: one person's reports to the four agencies."""

from datetime import UTC, datetime, timedelta

from figures.case_review import Complaint
from marac.v1 import vocabulary_pb2 as vocab

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
ALICE = "a" * 64
BOB = "b" * 64
CAROL = "c" * 64

POLICE = vocab.AGENCY_KIND_POLICE
LANDLORD = vocab.AGENCY_KIND_SOCIAL_LANDLORD
VICTIM_SUPPORT = vocab.AGENCY_KIND_VICTIM_SUPPORT
DDPO = vocab.AGENCY_KIND_DDPO
AGENCY_KINDS = {
    "merseyside-police": POLICE,
    "livv-housing": LANDLORD,
    "victim-support": VICTIM_SUPPORT,
    "sefton-ddpo": DDPO,
}
CASE_OF = {
    "merseyside-police": "P-1",
    "livv-housing": "L-1",
    "victim-support": "V-1",
    "sefton-ddpo": "D-1",
}

HARASSMENT = vocab.INCIDENT_CATEGORY_HARASSMENT  # the police's offence
HARASSMENT_OR_INTIMIDATION = vocab.INCIDENT_CATEGORY_HARASSMENT_OR_INTIMIDATION  # landlords'
VERBAL_ABUSE = vocab.INCIDENT_CATEGORY_VERBAL_ABUSE
NOISE = vocab.INCIDENT_CATEGORY_NOISE_NUISANCE
NOT_HATE = vocab.HATE_CLASSIFICATION_NOT_HATE_RELATED
HATE_INCIDENT = vocab.HATE_CLASSIFICATION_HATE_INCIDENT


def complaint(
    seq: int,
    agency_id: str,
    occurred_at: datetime,
    *,
    made_after: timedelta = HOUR,
    category: int = VERBAL_ABUSE,
    classification: int = NOT_HATE,
    subject: str = ALICE,
    district: str = "L4",
) -> Complaint:
    return Complaint(
        agency_id=agency_id,
        source_sequence=seq,
        agency=AGENCY_KINDS.get(agency_id, POLICE),
        subject_key=subject,
        case_reference=CASE_OF.get(agency_id, "X-1"),
        occurred_at=occurred_at,
        made_at=occurred_at + made_after,
        category=category,
        classification=classification,
        district=district,
    )
