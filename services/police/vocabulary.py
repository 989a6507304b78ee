"""The police's own words (see protos/marac/v1/police.proto)."""

from enum import StrEnum


class PoliceRecordType(StrEnum):
    CRIME = "crime"
    NON_CRIME_INCIDENT = "non_crime_incident"


class OffenceCategory(StrEnum):
    ASSAULT = "assault"
    CRIMINAL_DAMAGE = "criminal_damage"
    ARSON = "arson"
    PUBLIC_ORDER = "public_order"
    HARASSMENT = "harassment"
    STALKING = "stalking"
    MALICIOUS_COMMUNICATIONS = "malicious_communications"
    THEFT = "theft"
    BURGLARY = "burglary"
    ROBBERY = "robbery"
    SEXUAL_OFFENCE = "sexual_offence"
    OTHER_OFFENCE = "other_offence"


class InvestigationOutcome(StrEnum):
    """The Home Office crime outcome groups, in plain words."""

    CHARGED_OR_SUMMONSED = "charged_or_summonsed"
    TAKEN_INTO_CONSIDERATION = "taken_into_consideration"
    OUT_OF_COURT_FORMAL = "out_of_court_formal"
    OUT_OF_COURT_INFORMAL = "out_of_court_informal"
    PROSECUTION_PREVENTED_OR_NOT_IN_PUBLIC_INTEREST = (
        "prosecution_prevented_or_not_in_public_interest"
    )
    EVIDENTIAL_DIFFICULTIES_VICTIM_SUPPORTS_ACTION = (
        "evidential_difficulties_victim_supports_action"
    )
    EVIDENTIAL_DIFFICULTIES_VICTIM_DOES_NOT_SUPPORT_ACTION = (
        "evidential_difficulties_victim_does_not_support_action"
    )
    INVESTIGATION_COMPLETE_NO_SUSPECT = "investigation_complete_no_suspect"
    ACTION_UNDERTAKEN_BY_ANOTHER_BODY = "action_undertaken_by_another_body"
    FURTHER_INVESTIGATION_NOT_IN_PUBLIC_INTEREST = "further_investigation_not_in_public_interest"
    DIVERSIONARY_ACTIVITY = "diversionary_activity"
