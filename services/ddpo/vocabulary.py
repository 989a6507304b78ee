"""The DDPO's own words (see protos/marac/v1/ddpo.proto), drawn from the London
DDPO Hate Crime Partnership's advocacy practice and figures."""

from enum import StrEnum

from services.common.vocabulary import SupportArea


class ReporterRelationship(StrEnum):
    FAMILY_MEMBER = "family_member"
    CARER = "carer"
    FRIEND = "friend"
    NEIGHBOUR = "neighbour"
    WITNESS = "witness"
    PROFESSIONAL = "professional"
    OTHER = "other"


class DdpoIncidentCategory(StrEnum):
    """What was reported; it is shared as IncidentReported.incident_category."""

    VERBAL_ABUSE = "verbal_abuse"
    HARASSMENT = "harassment"
    THREATS = "threats"
    PHYSICAL_ASSAULT = "physical_assault"
    SEXUAL_ASSAULT = "sexual_assault"
    CRIMINAL_DAMAGE = "criminal_damage"
    THEFT = "theft"
    EXPLOITATION = "exploitation"
    ONLINE_ABUSE = "online_abuse"
    ANTI_SOCIAL_BEHAVIOUR = "anti_social_behaviour"
    OTHER = "other"


class PoliceInvolvement(StrEnum):
    WANTED = "wanted"
    NOT_WANTED = "not_wanted"
    UNDECIDED = "undecided"


class PoliceReluctance(StrEnum):
    """Why victims did not want the police involved, as the partnership counts it."""

    EVIDENCE_THRESHOLD = "evidence_threshold"
    DISTRUST_OF_POLICE = "distrust_of_police"
    FEAR_OF_AUTHORITIES = "fear_of_authorities"
    WANTS_TO_CONFIDE_WITHOUT_PRESSURE = "wants_to_confide_without_pressure"
    POOR_PREVIOUS_EXPERIENCE = "poor_previous_experience"
    FEAR_OF_REPRISAL = "fear_of_reprisal"
    OTHER = "other"


class AccessNeed(StrEnum):
    BSL_INTERPRETER = "bsl_interpreter"
    SPOKEN_LANGUAGE_INTERPRETER = "spoken_language_interpreter"
    DEAFBLIND_INTERPRETER = "deafblind_interpreter"
    LIPSPEAKER = "lipspeaker"
    SPEECH_TO_TEXT = "speech_to_text"
    EASY_READ = "easy_read"
    BRAILLE = "braille"
    LARGE_PRINT = "large_print"
    AUDIO = "audio"
    TEXT_CONTACT_ONLY = "text_contact_only"
    HOME_VISIT = "home_visit"
    STEP_FREE_ACCESS = "step_free_access"
    EXTRA_TIME = "extra_time"


# Needs met by a person interpreting, who must be an adult independent professional.
INTERPRETING_NEEDS = frozenset(
    {
        AccessNeed.BSL_INTERPRETER,
        AccessNeed.SPOKEN_LANGUAGE_INTERPRETER,
        AccessNeed.DEAFBLIND_INTERPRETER,
        AccessNeed.LIPSPEAKER,
    }
)


class InterpreterRelationship(StrEnum):
    PROFESSIONAL = "professional"
    FAMILY_MEMBER = "family_member"
    FRIEND = "friend"
    CARER = "carer"
    CHILD = "child"


class WaitingListExit(StrEnum):
    DECLINED = "declined"
    UNABLE_TO_CONTACT = "unable_to_contact"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    # Recorded when the case closes while waiting; not a reason a caller gives.
    CASE_CLOSED = "case_closed"


class AdvocacyStatus(StrEnum):
    NOT_STARTED = "not_started"
    WAITING = "waiting"
    ACTIVE = "active"
    ENDED = "ended"


# The areas a DDPO hate crime advocate supports in; advocacy itself starts with
# StartAdvocacy.
DDPO_SUPPORT_AREAS = frozenset(
    {
        SupportArea.HOUSING,
        SupportArea.MULTI_AGENCY,
        SupportArea.EMOTIONAL,
        SupportArea.ONLINE,
        SupportArea.FINANCIAL,
        SupportArea.CRIMINAL_JUSTICE,
    }
)
