"""The words all agencies share (see protos/marac/v1/vocabulary.proto)."""

from enum import IntEnum, StrEnum

from services.agencies import AGENCIES

# The kinds of agency, and who may be told, come from the registry of agencies.
AgencyKind = StrEnum("AgencyKind", [(a.name.upper(), a.name) for a in AGENCIES])
Recipient = StrEnum(
    "Recipient", [*((a.name.upper(), a.name) for a in AGENCIES), ("MARAC_PANEL", "marac_panel")]
)


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


class IncidentCategory(StrEnum):
    """What an incident was, as every agency counts it; each agency's own category
    (an offence, a report category) has the member of the same value."""

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
    NON_CRIME_INCIDENT = "non_crime_incident"
    VERBAL_ABUSE = "verbal_abuse"
    HARASSMENT_OR_INTIMIDATION = "harassment_or_intimidation"
    MALICIOUS_COMPLAINTS = "malicious_complaints"
    RIDICULE_OF_CULTURE_LANGUAGE_OR_DRESS = "ridicule_of_culture_language_or_dress"
    ONLINE_HARASSMENT = "online_harassment"
    OFFENSIVE_COMMUNICATIONS = "offensive_communications"
    THREATS_OF_VIOLENCE = "threats_of_violence"
    PHYSICAL_ASSAULT = "physical_assault"
    NOISE_NUISANCE = "noise_nuisance"
    OTHER_ANTI_SOCIAL_BEHAVIOUR = "other_anti_social_behaviour"
    THREATS = "threats"
    SEXUAL_ASSAULT = "sexual_assault"
    EXPLOITATION = "exploitation"
    ONLINE_ABUSE = "online_abuse"
    ANTI_SOCIAL_BEHAVIOUR = "anti_social_behaviour"
    OTHER = "other"


class RiskLevel(IntEnum):
    STANDARD = 1
    MEDIUM = 2
    HIGH = 3


class RiskTool(StrEnum):
    """Risk assessment tools a case may name; a closed list so nothing free-text is shared."""

    COLLEGE_OF_POLICING_HATE_CRIME_RISK = "college_of_policing_hate_crime_risk"
    LANDLORD_HATE_INCIDENT_RISK_MATRIX = "landlord_hate_incident_risk_matrix"
    VICTIM_SUPPORT_NEEDS_AND_RISK = "victim_support_needs_and_risk"
    DDPO_ADVOCACY_RISK = "ddpo_advocacy_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"


class Purpose(StrEnum):
    RISK_ASSESSMENT = "risk_assessment"
    MARAC_DISCUSSION = "marac_discussion"
    REFERRAL = "referral"


class LawfulBasis(StrEnum):
    """Bases for sharing without consent (UK GDPR Art 6(1)(e) with DPA 2018 Sch 1
    conditions, and Crime and Disorder Act 1998 s115)."""

    SAFEGUARDING_INDIVIDUALS_AT_RISK = "safeguarding_individuals_at_risk"
    PREVENTING_OR_DETECTING_UNLAWFUL_ACTS = "preventing_or_detecting_unlawful_acts"
    CRIME_AND_DISORDER_ACT_S115 = "crime_and_disorder_act_s115"


class ConsentChange(StrEnum):
    GIVEN = "given"
    WIDENED = "widened"
    NARROWED = "narrowed"
    WITHDRAWN = "withdrawn"


class ReportSource(StrEnum):
    VICTIM = "victim"
    THIRD_PARTY = "third_party"
    ANONYMOUS = "anonymous"
    PROFESSIONAL = "professional"


class SupportArea(StrEnum):
    EMOTIONAL = "emotional"
    PRACTICAL = "practical"
    CRIMINAL_JUSTICE = "criminal_justice"
    FINANCIAL = "financial"
    HOUSING = "housing"
    MULTI_AGENCY = "multi_agency"
    ONLINE = "online"
    ADVOCACY = "advocacy"


class EnforcementType(StrEnum):
    WARNING = "warning"
    ACCEPTABLE_BEHAVIOUR_AGREEMENT = "acceptable_behaviour_agreement"
    INJUNCTION = "injunction"
    NOTICE_OF_POSSESSION = "notice_of_possession"
    POSSESSION_PROCEEDINGS = "possession_proceedings"


class ActionType(StrEnum):
    ACTION_PLAN = "action_plan"
    COMMUNICATION_AGREEMENT = "communication_agreement"
    TARGET_HARDENING = "target_hardening"
    REPAIR = "repair"
    TEMPORARY_REHOUSING = "temporary_rehousing"
    PERMANENT_REHOUSING = "permanent_rehousing"
    INVESTIGATION = "investigation"
    ADVOCACY = "advocacy"
    SUPPORT_PLAN = "support_plan"


class ResponseStep(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    RISK_ASSESSMENT = "risk_assessment"


class ReferralDirection(StrEnum):
    RECEIVED = "received"
    SENT = "sent"


class ReferralSource(StrEnum):
    SELF = "self"
    HEALTH = "health"
    LOCAL_AUTHORITY = "local_authority"
    VOLUNTARY_SECTOR = "voluntary_sector"
    OTHER = "other"


class CaseOutcome(StrEnum):
    RESOLVED = "resolved"
    VICTIM_WITHDREW = "victim_withdrew"
    NO_FURTHER_ACTION = "no_further_action"
    REFERRED_ON = "referred_on"
    UNABLE_TO_CONTACT = "unable_to_contact"
    CHARGED_OR_SUMMONSED = "charged_or_summonsed"
    OUT_OF_COURT_RESOLUTION = "out_of_court_resolution"


class ErasureReason(StrEnum):
    """Why a case is erased: a closed list, so the record of an erasure says nothing
    of the person."""

    ERASURE_REQUEST_UPHELD = "erasure_request_upheld"  # UK GDPR art. 17
    RETENTION_PERIOD_ENDED = "retention_period_ended"
    COURT_ORDER = "court_order"


class AuthoriserRole(StrEnum):
    """Roles that may authorise sharing without consent; a closed list, never a name."""

    DESIGNATED_SAFEGUARDING_LEAD = "designated_safeguarding_lead"
    INFORMATION_GOVERNANCE_LEAD = "information_governance_lead"
    DUTY_INSPECTOR = "duty_inspector"
    SERVICE_MANAGER = "service_manager"
    MARAC_CHAIR = "marac_chair"


class MaracReferralGround(StrEnum):
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    VISIBLE_HIGH_RISK = "visible_high_risk"
    ESCALATION = "escalation"


class CaseState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


# What MARAC meetings agree agencies will do, and how those actions stand: the
# meeting service and every agency's case records use these alike
# (protos/marac/v1/meeting_actions.proto).


class MeetingActionType(StrEnum):
    SAFETY_PLAN = "safety_plan"
    TARGET_HARDENING = "target_hardening"
    SUPPORT_REFERRAL = "support_referral"
    JOINT_VISIT = "joint_visit"
    WELFARE_CHECK = "welfare_check"
    ADDRESS_MARKER = "address_marker"
    ENFORCEMENT_REVIEW = "enforcement_review"
    HOUSING_REVIEW = "housing_review"
    ADVOCACY = "advocacy"
    RECORDS_CHECK = "records_check"
    PATROLS = "patrols"


class MeetingActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_POSSIBLE = "not_possible"  # could not be done
    NO_LONGER_NEEDED = "no_longer_needed"  # circumstances changed
    WITHDRAWN = "withdrawn"  # by the meeting's chair: not to be done


class ActionClosureReason(StrEnum):
    VICTIM_DECLINED = "victim_declined"
    VICTIM_NOT_REACHED = "victim_not_reached"
    OUTSIDE_AGENCY_REMIT = "outside_agency_remit"
    VICTIM_MOVED = "victim_moved"
    RISK_REDUCED = "risk_reduced"
    DONE_BY_ANOTHER_AGENCY = "done_by_another_agency"
    CASE_CLOSED = "case_closed"


class ActionWithdrawalReason(StrEnum):
    AGREED_IN_ERROR = "agreed_in_error"
    DUPLICATE = "duplicate"
    SUPERSEDED = "superseded"
    NO_LONGER_NEEDED = "no_longer_needed"  # as the meeting decided
    REASSIGNED = "reassigned"  # given to another agency (the chair's reassignment)


# Which reasons close an action of which status: "could not be done" is kept apart
# from "no longer needed", and neither is "not done".
CLOSURE_REASONS: dict[MeetingActionStatus, frozenset[ActionClosureReason]] = {
    MeetingActionStatus.DONE: frozenset(),
    MeetingActionStatus.NOT_POSSIBLE: frozenset(
        {
            ActionClosureReason.VICTIM_DECLINED,
            ActionClosureReason.VICTIM_NOT_REACHED,
            ActionClosureReason.OUTSIDE_AGENCY_REMIT,
        }
    ),
    MeetingActionStatus.NO_LONGER_NEEDED: frozenset(
        {
            ActionClosureReason.VICTIM_MOVED,
            ActionClosureReason.RISK_REDUCED,
            ActionClosureReason.DONE_BY_ANOTHER_AGENCY,
            ActionClosureReason.CASE_CLOSED,
        }
    ),
}
