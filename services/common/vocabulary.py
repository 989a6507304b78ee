"""The words all agencies share (see protos/marac/v1/vocabulary.proto)."""

from enum import IntEnum, StrEnum


class AgencyKind(StrEnum):
    POLICE = "police"
    SOCIAL_LANDLORD = "social_landlord"
    VICTIM_SUPPORT = "victim_support"
    DDPO = "ddpo"


class Strand(StrEnum):
    DISABILITY = "disability"
    RACE = "race"
    RELIGION_OR_BELIEF = "religion_or_belief"
    SEXUAL_ORIENTATION = "sexual_orientation"
    TRANSGENDER_IDENTITY = "transgender_identity"
    SEX = "sex"
    AGE = "age"
    ALTERNATIVE_SUBCULTURE = "alternative_subculture"
    SEX_WORKER = "sex_worker"


class HateClassification(StrEnum):
    HATE_INCIDENT = "hate_incident"
    HATE_CRIME = "hate_crime"
    NOT_HATE_RELATED = "not_hate_related"


class Perceiver(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    THIRD_PARTY = "third_party"
    PROFESSIONAL = "professional"


class RiskLevel(IntEnum):
    STANDARD = 1
    MEDIUM = 2
    HIGH = 3


# Risk assessment tools a case may name; a closed list so nothing free-text is shared.
RISK_TOOLS = frozenset(
    {
        "college_of_policing_hate_crime_risk",
        "landlord_hate_incident_risk_matrix",
        "victim_support_needs_and_risk",
        "ddpo_advocacy_risk",
        "professional_judgement",
    }
)
