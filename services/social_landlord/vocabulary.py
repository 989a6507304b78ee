"""The landlord's own words (see protos/marac/v1/landlord.proto); the words all
agencies share are in services.common.vocabulary."""

from enum import StrEnum


class LandlordReportChannel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    WEBSITE = "website"
    WEBCHAT = "webchat"
    IN_PERSON = "in_person"
    LETTER = "letter"


class LandlordReportCategory(StrEnum):
    """What was reported; the value is shared as the incident's category."""

    VERBAL_ABUSE = "verbal_abuse"
    HARASSMENT_OR_INTIMIDATION = "harassment_or_intimidation"
    MALICIOUS_COMPLAINTS = "malicious_complaints"
    RIDICULE_OF_CULTURE_LANGUAGE_OR_DRESS = "ridicule_of_culture_language_or_dress"
    ONLINE_HARASSMENT = "online_harassment"
    OFFENSIVE_COMMUNICATIONS = "offensive_communications"
    THREATS_OF_VIOLENCE = "threats_of_violence"
    PHYSICAL_ASSAULT = "physical_assault"
    CRIMINAL_DAMAGE = "criminal_damage"
    ARSON = "arson"
    NOISE_NUISANCE = "noise_nuisance"
    OTHER_ANTI_SOCIAL_BEHAVIOUR = "other_anti_social_behaviour"


class LandlordResponseStatus(StrEnum):
    AWAITING = "awaiting"
    OVERDUE = "overdue"
    MET = "met"
    LATE = "late"
    STOPPED = "stopped"


class LandlordContactMethod(StrEnum):
    PHONE = "phone"
    TEXT_MESSAGE = "text_message"
    EMAIL = "email"
    LETTER = "letter"
    HOME_VISIT = "home_visit"
    SAFE_PLACE_MEETING = "safe_place_meeting"
    VIA_REPRESENTATIVE = "via_representative"


class LandlordCommunicationNeed(StrEnum):
    INTERPRETER = "interpreter"
    TRANSLATED_DOCUMENTS = "translated_documents"
    BRITISH_SIGN_LANGUAGE = "british_sign_language"
    BRAILLE = "braille"
    EASY_READ = "easy_read"
    LARGE_PRINT = "large_print"


class LandlordActionOutcome(StrEnum):
    COMPLETED = "completed"
    DECLINED_BY_VICTIM = "declined_by_victim"
    NO_LONGER_NEEDED = "no_longer_needed"


class EnforcementOutcome(StrEnum):
    COMPLIED = "complied"
    ORDER_GRANTED = "order_granted"
    ORDER_REFUSED = "order_refused"
    WITHDRAWN = "withdrawn"
    PERPETRATOR_LEFT = "perpetrator_left"
    ESCALATED = "escalated"
