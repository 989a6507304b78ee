from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class AgencyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AGENCY_KIND_UNSPECIFIED: _ClassVar[AgencyKind]
    AGENCY_KIND_POLICE: _ClassVar[AgencyKind]
    AGENCY_KIND_SOCIAL_LANDLORD: _ClassVar[AgencyKind]
    AGENCY_KIND_VICTIM_SUPPORT: _ClassVar[AgencyKind]
    AGENCY_KIND_DDPO: _ClassVar[AgencyKind]

class Strand(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STRAND_UNSPECIFIED: _ClassVar[Strand]
    STRAND_DISABILITY: _ClassVar[Strand]
    STRAND_RACE: _ClassVar[Strand]
    STRAND_RELIGION_OR_BELIEF: _ClassVar[Strand]
    STRAND_SEXUAL_ORIENTATION: _ClassVar[Strand]
    STRAND_TRANSGENDER_IDENTITY: _ClassVar[Strand]
    STRAND_SEX: _ClassVar[Strand]
    STRAND_AGE: _ClassVar[Strand]
    STRAND_ALTERNATIVE_SUBCULTURE: _ClassVar[Strand]
    STRAND_SEX_WORKER: _ClassVar[Strand]

class HateClassification(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HATE_CLASSIFICATION_UNSPECIFIED: _ClassVar[HateClassification]
    HATE_CLASSIFICATION_HATE_INCIDENT: _ClassVar[HateClassification]
    HATE_CLASSIFICATION_HATE_CRIME: _ClassVar[HateClassification]
    HATE_CLASSIFICATION_NOT_HATE_RELATED: _ClassVar[HateClassification]

class Perceiver(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERCEIVER_UNSPECIFIED: _ClassVar[Perceiver]
    PERCEIVER_VICTIM: _ClassVar[Perceiver]
    PERCEIVER_WITNESS: _ClassVar[Perceiver]
    PERCEIVER_THIRD_PARTY: _ClassVar[Perceiver]
    PERCEIVER_PROFESSIONAL: _ClassVar[Perceiver]

class RiskLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RISK_LEVEL_UNSPECIFIED: _ClassVar[RiskLevel]
    RISK_LEVEL_STANDARD: _ClassVar[RiskLevel]
    RISK_LEVEL_MEDIUM: _ClassVar[RiskLevel]
    RISK_LEVEL_HIGH: _ClassVar[RiskLevel]

class Recipient(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECIPIENT_UNSPECIFIED: _ClassVar[Recipient]
    RECIPIENT_POLICE: _ClassVar[Recipient]
    RECIPIENT_SOCIAL_LANDLORD: _ClassVar[Recipient]
    RECIPIENT_VICTIM_SUPPORT: _ClassVar[Recipient]
    RECIPIENT_DDPO: _ClassVar[Recipient]
    RECIPIENT_MARAC_PANEL: _ClassVar[Recipient]

class Purpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PURPOSE_UNSPECIFIED: _ClassVar[Purpose]
    PURPOSE_RISK_ASSESSMENT: _ClassVar[Purpose]
    PURPOSE_MARAC_DISCUSSION: _ClassVar[Purpose]
    PURPOSE_REFERRAL: _ClassVar[Purpose]

class LawfulBasis(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LAWFUL_BASIS_UNSPECIFIED: _ClassVar[LawfulBasis]
    LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK: _ClassVar[LawfulBasis]
    LAWFUL_BASIS_PREVENTING_OR_DETECTING_UNLAWFUL_ACTS: _ClassVar[LawfulBasis]
    LAWFUL_BASIS_CRIME_AND_DISORDER_ACT_S115: _ClassVar[LawfulBasis]

class SharedCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHARED_CATEGORY_UNSPECIFIED: _ClassVar[SharedCategory]
    SHARED_CATEGORY_RISK_LEVEL: _ClassVar[SharedCategory]
    SHARED_CATEGORY_INCIDENTS: _ClassVar[SharedCategory]
    SHARED_CATEGORY_SUPPORT: _ClassVar[SharedCategory]
    SHARED_CATEGORY_ENFORCEMENT: _ClassVar[SharedCategory]
    SHARED_CATEGORY_ACTIONS: _ClassVar[SharedCategory]

class ReportSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_SOURCE_UNSPECIFIED: _ClassVar[ReportSource]
    REPORT_SOURCE_VICTIM: _ClassVar[ReportSource]
    REPORT_SOURCE_THIRD_PARTY: _ClassVar[ReportSource]
    REPORT_SOURCE_ANONYMOUS: _ClassVar[ReportSource]
    REPORT_SOURCE_PROFESSIONAL: _ClassVar[ReportSource]

class SupportArea(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUPPORT_AREA_UNSPECIFIED: _ClassVar[SupportArea]
    SUPPORT_AREA_EMOTIONAL: _ClassVar[SupportArea]
    SUPPORT_AREA_PRACTICAL: _ClassVar[SupportArea]
    SUPPORT_AREA_CRIMINAL_JUSTICE: _ClassVar[SupportArea]
    SUPPORT_AREA_FINANCIAL: _ClassVar[SupportArea]
    SUPPORT_AREA_HOUSING: _ClassVar[SupportArea]
    SUPPORT_AREA_MULTI_AGENCY: _ClassVar[SupportArea]
    SUPPORT_AREA_ONLINE: _ClassVar[SupportArea]
    SUPPORT_AREA_ADVOCACY: _ClassVar[SupportArea]

class EnforcementType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENFORCEMENT_TYPE_UNSPECIFIED: _ClassVar[EnforcementType]
    ENFORCEMENT_TYPE_WARNING: _ClassVar[EnforcementType]
    ENFORCEMENT_TYPE_ACCEPTABLE_BEHAVIOUR_AGREEMENT: _ClassVar[EnforcementType]
    ENFORCEMENT_TYPE_INJUNCTION: _ClassVar[EnforcementType]
    ENFORCEMENT_TYPE_NOTICE_OF_POSSESSION: _ClassVar[EnforcementType]
    ENFORCEMENT_TYPE_POSSESSION_PROCEEDINGS: _ClassVar[EnforcementType]

class ActionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTION_TYPE_UNSPECIFIED: _ClassVar[ActionType]
    ACTION_TYPE_ACTION_PLAN: _ClassVar[ActionType]
    ACTION_TYPE_COMMUNICATION_AGREEMENT: _ClassVar[ActionType]
    ACTION_TYPE_TARGET_HARDENING: _ClassVar[ActionType]
    ACTION_TYPE_REPAIR: _ClassVar[ActionType]
    ACTION_TYPE_TEMPORARY_REHOUSING: _ClassVar[ActionType]
    ACTION_TYPE_PERMANENT_REHOUSING: _ClassVar[ActionType]
    ACTION_TYPE_INVESTIGATION: _ClassVar[ActionType]
    ACTION_TYPE_ADVOCACY: _ClassVar[ActionType]
    ACTION_TYPE_SUPPORT_PLAN: _ClassVar[ActionType]

class CaseOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_OUTCOME_UNSPECIFIED: _ClassVar[CaseOutcome]
    CASE_OUTCOME_RESOLVED: _ClassVar[CaseOutcome]
    CASE_OUTCOME_VICTIM_WITHDREW: _ClassVar[CaseOutcome]
    CASE_OUTCOME_NO_FURTHER_ACTION: _ClassVar[CaseOutcome]
    CASE_OUTCOME_REFERRED_ON: _ClassVar[CaseOutcome]
    CASE_OUTCOME_UNABLE_TO_CONTACT: _ClassVar[CaseOutcome]
    CASE_OUTCOME_CHARGED_OR_SUMMONSED: _ClassVar[CaseOutcome]
    CASE_OUTCOME_OUT_OF_COURT_RESOLUTION: _ClassVar[CaseOutcome]

class ErasureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERASURE_REASON_UNSPECIFIED: _ClassVar[ErasureReason]
    ERASURE_REASON_ERASURE_REQUEST_UPHELD: _ClassVar[ErasureReason]
    ERASURE_REASON_RETENTION_PERIOD_ENDED: _ClassVar[ErasureReason]
    ERASURE_REASON_COURT_ORDER: _ClassVar[ErasureReason]

class RiskTool(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RISK_TOOL_UNSPECIFIED: _ClassVar[RiskTool]
    RISK_TOOL_COLLEGE_OF_POLICING_HATE_CRIME_RISK: _ClassVar[RiskTool]
    RISK_TOOL_LANDLORD_HATE_INCIDENT_RISK_MATRIX: _ClassVar[RiskTool]
    RISK_TOOL_VICTIM_SUPPORT_NEEDS_AND_RISK: _ClassVar[RiskTool]
    RISK_TOOL_DDPO_ADVOCACY_RISK: _ClassVar[RiskTool]
    RISK_TOOL_PROFESSIONAL_JUDGEMENT: _ClassVar[RiskTool]

class AuthoriserRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUTHORISER_ROLE_UNSPECIFIED: _ClassVar[AuthoriserRole]
    AUTHORISER_ROLE_DESIGNATED_SAFEGUARDING_LEAD: _ClassVar[AuthoriserRole]
    AUTHORISER_ROLE_INFORMATION_GOVERNANCE_LEAD: _ClassVar[AuthoriserRole]
    AUTHORISER_ROLE_DUTY_INSPECTOR: _ClassVar[AuthoriserRole]
    AUTHORISER_ROLE_SERVICE_MANAGER: _ClassVar[AuthoriserRole]
    AUTHORISER_ROLE_MARAC_CHAIR: _ClassVar[AuthoriserRole]

class IncidentCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INCIDENT_CATEGORY_UNSPECIFIED: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_ASSAULT: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_CRIMINAL_DAMAGE: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_ARSON: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_PUBLIC_ORDER: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_HARASSMENT: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_STALKING: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_MALICIOUS_COMMUNICATIONS: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_THEFT: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_BURGLARY: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_ROBBERY: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_SEXUAL_OFFENCE: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_OTHER_OFFENCE: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_NON_CRIME_INCIDENT: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_VERBAL_ABUSE: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_HARASSMENT_OR_INTIMIDATION: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_MALICIOUS_COMPLAINTS: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_RIDICULE_OF_CULTURE_LANGUAGE_OR_DRESS: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_ONLINE_HARASSMENT: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_OFFENSIVE_COMMUNICATIONS: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_THREATS_OF_VIOLENCE: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_PHYSICAL_ASSAULT: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_NOISE_NUISANCE: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_OTHER_ANTI_SOCIAL_BEHAVIOUR: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_THREATS: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_SEXUAL_ASSAULT: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_EXPLOITATION: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_ONLINE_ABUSE: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_ANTI_SOCIAL_BEHAVIOUR: _ClassVar[IncidentCategory]
    INCIDENT_CATEGORY_OTHER: _ClassVar[IncidentCategory]

class CaseState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATE_UNSPECIFIED: _ClassVar[CaseState]
    CASE_STATE_OPEN: _ClassVar[CaseState]
    CASE_STATE_CLOSED: _ClassVar[CaseState]
AGENCY_KIND_UNSPECIFIED: AgencyKind
AGENCY_KIND_POLICE: AgencyKind
AGENCY_KIND_SOCIAL_LANDLORD: AgencyKind
AGENCY_KIND_VICTIM_SUPPORT: AgencyKind
AGENCY_KIND_DDPO: AgencyKind
STRAND_UNSPECIFIED: Strand
STRAND_DISABILITY: Strand
STRAND_RACE: Strand
STRAND_RELIGION_OR_BELIEF: Strand
STRAND_SEXUAL_ORIENTATION: Strand
STRAND_TRANSGENDER_IDENTITY: Strand
STRAND_SEX: Strand
STRAND_AGE: Strand
STRAND_ALTERNATIVE_SUBCULTURE: Strand
STRAND_SEX_WORKER: Strand
HATE_CLASSIFICATION_UNSPECIFIED: HateClassification
HATE_CLASSIFICATION_HATE_INCIDENT: HateClassification
HATE_CLASSIFICATION_HATE_CRIME: HateClassification
HATE_CLASSIFICATION_NOT_HATE_RELATED: HateClassification
PERCEIVER_UNSPECIFIED: Perceiver
PERCEIVER_VICTIM: Perceiver
PERCEIVER_WITNESS: Perceiver
PERCEIVER_THIRD_PARTY: Perceiver
PERCEIVER_PROFESSIONAL: Perceiver
RISK_LEVEL_UNSPECIFIED: RiskLevel
RISK_LEVEL_STANDARD: RiskLevel
RISK_LEVEL_MEDIUM: RiskLevel
RISK_LEVEL_HIGH: RiskLevel
RECIPIENT_UNSPECIFIED: Recipient
RECIPIENT_POLICE: Recipient
RECIPIENT_SOCIAL_LANDLORD: Recipient
RECIPIENT_VICTIM_SUPPORT: Recipient
RECIPIENT_DDPO: Recipient
RECIPIENT_MARAC_PANEL: Recipient
PURPOSE_UNSPECIFIED: Purpose
PURPOSE_RISK_ASSESSMENT: Purpose
PURPOSE_MARAC_DISCUSSION: Purpose
PURPOSE_REFERRAL: Purpose
LAWFUL_BASIS_UNSPECIFIED: LawfulBasis
LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK: LawfulBasis
LAWFUL_BASIS_PREVENTING_OR_DETECTING_UNLAWFUL_ACTS: LawfulBasis
LAWFUL_BASIS_CRIME_AND_DISORDER_ACT_S115: LawfulBasis
SHARED_CATEGORY_UNSPECIFIED: SharedCategory
SHARED_CATEGORY_RISK_LEVEL: SharedCategory
SHARED_CATEGORY_INCIDENTS: SharedCategory
SHARED_CATEGORY_SUPPORT: SharedCategory
SHARED_CATEGORY_ENFORCEMENT: SharedCategory
SHARED_CATEGORY_ACTIONS: SharedCategory
REPORT_SOURCE_UNSPECIFIED: ReportSource
REPORT_SOURCE_VICTIM: ReportSource
REPORT_SOURCE_THIRD_PARTY: ReportSource
REPORT_SOURCE_ANONYMOUS: ReportSource
REPORT_SOURCE_PROFESSIONAL: ReportSource
SUPPORT_AREA_UNSPECIFIED: SupportArea
SUPPORT_AREA_EMOTIONAL: SupportArea
SUPPORT_AREA_PRACTICAL: SupportArea
SUPPORT_AREA_CRIMINAL_JUSTICE: SupportArea
SUPPORT_AREA_FINANCIAL: SupportArea
SUPPORT_AREA_HOUSING: SupportArea
SUPPORT_AREA_MULTI_AGENCY: SupportArea
SUPPORT_AREA_ONLINE: SupportArea
SUPPORT_AREA_ADVOCACY: SupportArea
ENFORCEMENT_TYPE_UNSPECIFIED: EnforcementType
ENFORCEMENT_TYPE_WARNING: EnforcementType
ENFORCEMENT_TYPE_ACCEPTABLE_BEHAVIOUR_AGREEMENT: EnforcementType
ENFORCEMENT_TYPE_INJUNCTION: EnforcementType
ENFORCEMENT_TYPE_NOTICE_OF_POSSESSION: EnforcementType
ENFORCEMENT_TYPE_POSSESSION_PROCEEDINGS: EnforcementType
ACTION_TYPE_UNSPECIFIED: ActionType
ACTION_TYPE_ACTION_PLAN: ActionType
ACTION_TYPE_COMMUNICATION_AGREEMENT: ActionType
ACTION_TYPE_TARGET_HARDENING: ActionType
ACTION_TYPE_REPAIR: ActionType
ACTION_TYPE_TEMPORARY_REHOUSING: ActionType
ACTION_TYPE_PERMANENT_REHOUSING: ActionType
ACTION_TYPE_INVESTIGATION: ActionType
ACTION_TYPE_ADVOCACY: ActionType
ACTION_TYPE_SUPPORT_PLAN: ActionType
CASE_OUTCOME_UNSPECIFIED: CaseOutcome
CASE_OUTCOME_RESOLVED: CaseOutcome
CASE_OUTCOME_VICTIM_WITHDREW: CaseOutcome
CASE_OUTCOME_NO_FURTHER_ACTION: CaseOutcome
CASE_OUTCOME_REFERRED_ON: CaseOutcome
CASE_OUTCOME_UNABLE_TO_CONTACT: CaseOutcome
CASE_OUTCOME_CHARGED_OR_SUMMONSED: CaseOutcome
CASE_OUTCOME_OUT_OF_COURT_RESOLUTION: CaseOutcome
ERASURE_REASON_UNSPECIFIED: ErasureReason
ERASURE_REASON_ERASURE_REQUEST_UPHELD: ErasureReason
ERASURE_REASON_RETENTION_PERIOD_ENDED: ErasureReason
ERASURE_REASON_COURT_ORDER: ErasureReason
RISK_TOOL_UNSPECIFIED: RiskTool
RISK_TOOL_COLLEGE_OF_POLICING_HATE_CRIME_RISK: RiskTool
RISK_TOOL_LANDLORD_HATE_INCIDENT_RISK_MATRIX: RiskTool
RISK_TOOL_VICTIM_SUPPORT_NEEDS_AND_RISK: RiskTool
RISK_TOOL_DDPO_ADVOCACY_RISK: RiskTool
RISK_TOOL_PROFESSIONAL_JUDGEMENT: RiskTool
AUTHORISER_ROLE_UNSPECIFIED: AuthoriserRole
AUTHORISER_ROLE_DESIGNATED_SAFEGUARDING_LEAD: AuthoriserRole
AUTHORISER_ROLE_INFORMATION_GOVERNANCE_LEAD: AuthoriserRole
AUTHORISER_ROLE_DUTY_INSPECTOR: AuthoriserRole
AUTHORISER_ROLE_SERVICE_MANAGER: AuthoriserRole
AUTHORISER_ROLE_MARAC_CHAIR: AuthoriserRole
INCIDENT_CATEGORY_UNSPECIFIED: IncidentCategory
INCIDENT_CATEGORY_ASSAULT: IncidentCategory
INCIDENT_CATEGORY_CRIMINAL_DAMAGE: IncidentCategory
INCIDENT_CATEGORY_ARSON: IncidentCategory
INCIDENT_CATEGORY_PUBLIC_ORDER: IncidentCategory
INCIDENT_CATEGORY_HARASSMENT: IncidentCategory
INCIDENT_CATEGORY_STALKING: IncidentCategory
INCIDENT_CATEGORY_MALICIOUS_COMMUNICATIONS: IncidentCategory
INCIDENT_CATEGORY_THEFT: IncidentCategory
INCIDENT_CATEGORY_BURGLARY: IncidentCategory
INCIDENT_CATEGORY_ROBBERY: IncidentCategory
INCIDENT_CATEGORY_SEXUAL_OFFENCE: IncidentCategory
INCIDENT_CATEGORY_OTHER_OFFENCE: IncidentCategory
INCIDENT_CATEGORY_NON_CRIME_INCIDENT: IncidentCategory
INCIDENT_CATEGORY_VERBAL_ABUSE: IncidentCategory
INCIDENT_CATEGORY_HARASSMENT_OR_INTIMIDATION: IncidentCategory
INCIDENT_CATEGORY_MALICIOUS_COMPLAINTS: IncidentCategory
INCIDENT_CATEGORY_RIDICULE_OF_CULTURE_LANGUAGE_OR_DRESS: IncidentCategory
INCIDENT_CATEGORY_ONLINE_HARASSMENT: IncidentCategory
INCIDENT_CATEGORY_OFFENSIVE_COMMUNICATIONS: IncidentCategory
INCIDENT_CATEGORY_THREATS_OF_VIOLENCE: IncidentCategory
INCIDENT_CATEGORY_PHYSICAL_ASSAULT: IncidentCategory
INCIDENT_CATEGORY_NOISE_NUISANCE: IncidentCategory
INCIDENT_CATEGORY_OTHER_ANTI_SOCIAL_BEHAVIOUR: IncidentCategory
INCIDENT_CATEGORY_THREATS: IncidentCategory
INCIDENT_CATEGORY_SEXUAL_ASSAULT: IncidentCategory
INCIDENT_CATEGORY_EXPLOITATION: IncidentCategory
INCIDENT_CATEGORY_ONLINE_ABUSE: IncidentCategory
INCIDENT_CATEGORY_ANTI_SOCIAL_BEHAVIOUR: IncidentCategory
INCIDENT_CATEGORY_OTHER: IncidentCategory
CASE_STATE_UNSPECIFIED: CaseState
CASE_STATE_OPEN: CaseState
CASE_STATE_CLOSED: CaseState
