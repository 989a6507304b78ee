"""Victim support's own words (see protos/marac/v1/victim_support.proto)."""

from enum import StrEnum

from services.common.vocabulary import SupportArea


class SupportContactMethod(StrEnum):
    PHONE = "phone"
    VISIT = "visit"
    LETTER = "letter"
    TEXT = "text"
    EMAIL = "email"


# The support the service itself provides; other needs (housing, for example)
# are referred on.
PLAN_AREAS = (
    SupportArea.EMOTIONAL,
    SupportArea.PRACTICAL,
    SupportArea.CRIMINAL_JUSTICE,
    SupportArea.FINANCIAL,
)
