import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import agency_case_pb2 as _agency_case_pb2
from marac.v1 import case_events_pb2 as _case_events_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LandlordReportChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANDLORD_REPORT_CHANNEL_UNSPECIFIED: _ClassVar[LandlordReportChannel]
    LANDLORD_REPORT_CHANNEL_PHONE: _ClassVar[LandlordReportChannel]
    LANDLORD_REPORT_CHANNEL_EMAIL: _ClassVar[LandlordReportChannel]
    LANDLORD_REPORT_CHANNEL_WEBSITE: _ClassVar[LandlordReportChannel]
    LANDLORD_REPORT_CHANNEL_WEBCHAT: _ClassVar[LandlordReportChannel]
    LANDLORD_REPORT_CHANNEL_IN_PERSON: _ClassVar[LandlordReportChannel]
    LANDLORD_REPORT_CHANNEL_LETTER: _ClassVar[LandlordReportChannel]

class LandlordReportCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANDLORD_REPORT_CATEGORY_UNSPECIFIED: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_VERBAL_ABUSE: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_HARASSMENT_OR_INTIMIDATION: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_MALICIOUS_COMPLAINTS: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_RIDICULE_OF_CULTURE_LANGUAGE_OR_DRESS: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_ONLINE_HARASSMENT: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_OFFENSIVE_COMMUNICATIONS: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_THREATS_OF_VIOLENCE: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_PHYSICAL_ASSAULT: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_CRIMINAL_DAMAGE: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_ARSON: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_NOISE_NUISANCE: _ClassVar[LandlordReportCategory]
    LANDLORD_REPORT_CATEGORY_OTHER_ANTI_SOCIAL_BEHAVIOUR: _ClassVar[LandlordReportCategory]

class LandlordResponseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANDLORD_RESPONSE_STATUS_UNSPECIFIED: _ClassVar[LandlordResponseStatus]
    LANDLORD_RESPONSE_STATUS_AWAITING: _ClassVar[LandlordResponseStatus]
    LANDLORD_RESPONSE_STATUS_OVERDUE: _ClassVar[LandlordResponseStatus]
    LANDLORD_RESPONSE_STATUS_MET: _ClassVar[LandlordResponseStatus]
    LANDLORD_RESPONSE_STATUS_LATE: _ClassVar[LandlordResponseStatus]
    LANDLORD_RESPONSE_STATUS_STOPPED: _ClassVar[LandlordResponseStatus]

class LandlordContactMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANDLORD_CONTACT_METHOD_UNSPECIFIED: _ClassVar[LandlordContactMethod]
    LANDLORD_CONTACT_METHOD_PHONE: _ClassVar[LandlordContactMethod]
    LANDLORD_CONTACT_METHOD_TEXT_MESSAGE: _ClassVar[LandlordContactMethod]
    LANDLORD_CONTACT_METHOD_EMAIL: _ClassVar[LandlordContactMethod]
    LANDLORD_CONTACT_METHOD_LETTER: _ClassVar[LandlordContactMethod]
    LANDLORD_CONTACT_METHOD_HOME_VISIT: _ClassVar[LandlordContactMethod]
    LANDLORD_CONTACT_METHOD_SAFE_PLACE_MEETING: _ClassVar[LandlordContactMethod]
    LANDLORD_CONTACT_METHOD_VIA_REPRESENTATIVE: _ClassVar[LandlordContactMethod]

class LandlordCommunicationNeed(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANDLORD_COMMUNICATION_NEED_UNSPECIFIED: _ClassVar[LandlordCommunicationNeed]
    LANDLORD_COMMUNICATION_NEED_INTERPRETER: _ClassVar[LandlordCommunicationNeed]
    LANDLORD_COMMUNICATION_NEED_TRANSLATED_DOCUMENTS: _ClassVar[LandlordCommunicationNeed]
    LANDLORD_COMMUNICATION_NEED_BRITISH_SIGN_LANGUAGE: _ClassVar[LandlordCommunicationNeed]
    LANDLORD_COMMUNICATION_NEED_BRAILLE: _ClassVar[LandlordCommunicationNeed]
    LANDLORD_COMMUNICATION_NEED_EASY_READ: _ClassVar[LandlordCommunicationNeed]
    LANDLORD_COMMUNICATION_NEED_LARGE_PRINT: _ClassVar[LandlordCommunicationNeed]

class LandlordActionOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANDLORD_ACTION_OUTCOME_UNSPECIFIED: _ClassVar[LandlordActionOutcome]
    LANDLORD_ACTION_OUTCOME_COMPLETED: _ClassVar[LandlordActionOutcome]
    LANDLORD_ACTION_OUTCOME_DECLINED_BY_VICTIM: _ClassVar[LandlordActionOutcome]
    LANDLORD_ACTION_OUTCOME_NO_LONGER_NEEDED: _ClassVar[LandlordActionOutcome]

class EnforcementOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENFORCEMENT_OUTCOME_UNSPECIFIED: _ClassVar[EnforcementOutcome]
    ENFORCEMENT_OUTCOME_COMPLIED: _ClassVar[EnforcementOutcome]
    ENFORCEMENT_OUTCOME_ORDER_GRANTED: _ClassVar[EnforcementOutcome]
    ENFORCEMENT_OUTCOME_ORDER_REFUSED: _ClassVar[EnforcementOutcome]
    ENFORCEMENT_OUTCOME_WITHDRAWN: _ClassVar[EnforcementOutcome]
    ENFORCEMENT_OUTCOME_PERPETRATOR_LEFT: _ClassVar[EnforcementOutcome]
    ENFORCEMENT_OUTCOME_ESCALATED: _ClassVar[EnforcementOutcome]
LANDLORD_REPORT_CHANNEL_UNSPECIFIED: LandlordReportChannel
LANDLORD_REPORT_CHANNEL_PHONE: LandlordReportChannel
LANDLORD_REPORT_CHANNEL_EMAIL: LandlordReportChannel
LANDLORD_REPORT_CHANNEL_WEBSITE: LandlordReportChannel
LANDLORD_REPORT_CHANNEL_WEBCHAT: LandlordReportChannel
LANDLORD_REPORT_CHANNEL_IN_PERSON: LandlordReportChannel
LANDLORD_REPORT_CHANNEL_LETTER: LandlordReportChannel
LANDLORD_REPORT_CATEGORY_UNSPECIFIED: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_VERBAL_ABUSE: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_HARASSMENT_OR_INTIMIDATION: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_MALICIOUS_COMPLAINTS: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_RIDICULE_OF_CULTURE_LANGUAGE_OR_DRESS: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_ONLINE_HARASSMENT: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_OFFENSIVE_COMMUNICATIONS: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_THREATS_OF_VIOLENCE: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_PHYSICAL_ASSAULT: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_CRIMINAL_DAMAGE: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_ARSON: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_NOISE_NUISANCE: LandlordReportCategory
LANDLORD_REPORT_CATEGORY_OTHER_ANTI_SOCIAL_BEHAVIOUR: LandlordReportCategory
LANDLORD_RESPONSE_STATUS_UNSPECIFIED: LandlordResponseStatus
LANDLORD_RESPONSE_STATUS_AWAITING: LandlordResponseStatus
LANDLORD_RESPONSE_STATUS_OVERDUE: LandlordResponseStatus
LANDLORD_RESPONSE_STATUS_MET: LandlordResponseStatus
LANDLORD_RESPONSE_STATUS_LATE: LandlordResponseStatus
LANDLORD_RESPONSE_STATUS_STOPPED: LandlordResponseStatus
LANDLORD_CONTACT_METHOD_UNSPECIFIED: LandlordContactMethod
LANDLORD_CONTACT_METHOD_PHONE: LandlordContactMethod
LANDLORD_CONTACT_METHOD_TEXT_MESSAGE: LandlordContactMethod
LANDLORD_CONTACT_METHOD_EMAIL: LandlordContactMethod
LANDLORD_CONTACT_METHOD_LETTER: LandlordContactMethod
LANDLORD_CONTACT_METHOD_HOME_VISIT: LandlordContactMethod
LANDLORD_CONTACT_METHOD_SAFE_PLACE_MEETING: LandlordContactMethod
LANDLORD_CONTACT_METHOD_VIA_REPRESENTATIVE: LandlordContactMethod
LANDLORD_COMMUNICATION_NEED_UNSPECIFIED: LandlordCommunicationNeed
LANDLORD_COMMUNICATION_NEED_INTERPRETER: LandlordCommunicationNeed
LANDLORD_COMMUNICATION_NEED_TRANSLATED_DOCUMENTS: LandlordCommunicationNeed
LANDLORD_COMMUNICATION_NEED_BRITISH_SIGN_LANGUAGE: LandlordCommunicationNeed
LANDLORD_COMMUNICATION_NEED_BRAILLE: LandlordCommunicationNeed
LANDLORD_COMMUNICATION_NEED_EASY_READ: LandlordCommunicationNeed
LANDLORD_COMMUNICATION_NEED_LARGE_PRINT: LandlordCommunicationNeed
LANDLORD_ACTION_OUTCOME_UNSPECIFIED: LandlordActionOutcome
LANDLORD_ACTION_OUTCOME_COMPLETED: LandlordActionOutcome
LANDLORD_ACTION_OUTCOME_DECLINED_BY_VICTIM: LandlordActionOutcome
LANDLORD_ACTION_OUTCOME_NO_LONGER_NEEDED: LandlordActionOutcome
ENFORCEMENT_OUTCOME_UNSPECIFIED: EnforcementOutcome
ENFORCEMENT_OUTCOME_COMPLIED: EnforcementOutcome
ENFORCEMENT_OUTCOME_ORDER_GRANTED: EnforcementOutcome
ENFORCEMENT_OUTCOME_ORDER_REFUSED: EnforcementOutcome
ENFORCEMENT_OUTCOME_WITHDRAWN: EnforcementOutcome
ENFORCEMENT_OUTCOME_PERPETRATOR_LEFT: EnforcementOutcome
ENFORCEMENT_OUTCOME_ESCALATED: EnforcementOutcome

class LogReportRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "received_at", "channel", "source", "category", "occurred_at", "classification", "strands", "perceived_by", "location_postcode", "location_address", "narrative", "consent", "subject")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLASSIFICATION_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    PERCEIVED_BY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_POSTCODE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    NARRATIVE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    received_at: _timestamp_pb2.Timestamp
    channel: LandlordReportChannel
    source: _vocabulary_pb2.ReportSource
    category: LandlordReportCategory
    occurred_at: _timestamp_pb2.Timestamp
    classification: _vocabulary_pb2.HateClassification
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    perceived_by: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Perceiver]
    location_postcode: str
    location_address: str
    narrative: str
    consent: _agency_case_pb2.Consent
    subject: _agency_case_pb2.SubjectIdentity
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., channel: _Optional[_Union[LandlordReportChannel, str]] = ..., source: _Optional[_Union[_vocabulary_pb2.ReportSource, str]] = ..., category: _Optional[_Union[LandlordReportCategory, str]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., classification: _Optional[_Union[_vocabulary_pb2.HateClassification, str]] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., perceived_by: _Optional[_Iterable[_Union[_vocabulary_pb2.Perceiver, str]]] = ..., location_postcode: _Optional[str] = ..., location_address: _Optional[str] = ..., narrative: _Optional[str] = ..., consent: _Optional[_Union[_agency_case_pb2.Consent, _Mapping]] = ..., subject: _Optional[_Union[_agency_case_pb2.SubjectIdentity, _Mapping]] = ...) -> None: ...

class LogReportResponse(_message.Message):
    __slots__ = ("report_id", "acknowledgement", "risk_assessment", "subject_key")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGEMENT_FIELD_NUMBER: _ClassVar[int]
    RISK_ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    acknowledgement: ResponseTiming
    risk_assessment: ResponseTiming
    subject_key: str
    def __init__(self, report_id: _Optional[str] = ..., acknowledgement: _Optional[_Union[ResponseTiming, _Mapping]] = ..., risk_assessment: _Optional[_Union[ResponseTiming, _Mapping]] = ..., subject_key: _Optional[str] = ...) -> None: ...

class ResponseTiming(_message.Message):
    __slots__ = ("due_at", "done_at", "status")
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    due_at: _timestamp_pb2.Timestamp
    done_at: _timestamp_pb2.Timestamp
    status: LandlordResponseStatus
    def __init__(self, due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., done_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[_Union[LandlordResponseStatus, str]] = ...) -> None: ...

class AcknowledgeReportRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "report_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    report_id: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., report_id: _Optional[str] = ...) -> None: ...

class AcknowledgeReportResponse(_message.Message):
    __slots__ = ("acknowledgement",)
    ACKNOWLEDGEMENT_FIELD_NUMBER: _ClassVar[int]
    acknowledgement: ResponseTiming
    def __init__(self, acknowledgement: _Optional[_Union[ResponseTiming, _Mapping]] = ...) -> None: ...

class ListOverdueReportsRequest(_message.Message):
    __slots__ = ("due_by", "page_size", "page_token")
    DUE_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    due_by: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, due_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOverdueReportsResponse(_message.Message):
    __slots__ = ("overdue_reports", "next_page_token")
    OVERDUE_REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    overdue_reports: _containers.RepeatedCompositeFieldContainer[OverdueReport]
    next_page_token: str
    def __init__(self, overdue_reports: _Optional[_Iterable[_Union[OverdueReport, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class OverdueReport(_message.Message):
    __slots__ = ("case_reference", "report_id", "step", "due_at", "breach_recorded", "case_officer")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    BREACH_RECORDED_FIELD_NUMBER: _ClassVar[int]
    CASE_OFFICER_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    report_id: str
    step: _case_events_pb2.ResponseStep
    due_at: _timestamp_pb2.Timestamp
    breach_recorded: bool
    case_officer: str
    def __init__(self, case_reference: _Optional[str] = ..., report_id: _Optional[str] = ..., step: _Optional[_Union[_case_events_pb2.ResponseStep, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., breach_recorded: _Optional[bool] = ..., case_officer: _Optional[str] = ...) -> None: ...

class RecordOverdueResponsesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RecordOverdueResponsesResponse(_message.Message):
    __slots__ = ("breaches_recorded",)
    BREACHES_RECORDED_FIELD_NUMBER: _ClassVar[int]
    breaches_recorded: int
    def __init__(self, breaches_recorded: _Optional[int] = ...) -> None: ...

class AssignCaseOfficerRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "officer_name")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OFFICER_NAME_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    officer_name: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., officer_name: _Optional[str] = ...) -> None: ...

class AssignCaseOfficerResponse(_message.Message):
    __slots__ = ("assigned_at",)
    ASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    assigned_at: _timestamp_pb2.Timestamp
    def __init__(self, assigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AgreeActionPlanRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "summary", "review_by", "review_due_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    REVIEW_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    summary: str
    review_by: _timestamp_pb2.Timestamp
    review_due_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., summary: _Optional[str] = ..., review_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., review_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AgreeActionPlanResponse(_message.Message):
    __slots__ = ("action_id", "revised")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISED_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    revised: bool
    def __init__(self, action_id: _Optional[str] = ..., revised: _Optional[bool] = ...) -> None: ...

class AgreeCommunicationAgreementRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "agreement")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    agreement: CommunicationAgreement
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., agreement: _Optional[_Union[CommunicationAgreement, _Mapping]] = ...) -> None: ...

class CommunicationAgreement(_message.Message):
    __slots__ = ("contact_methods", "contact_interval_days", "communication_needs", "interpreter_language", "notes", "review_by", "review_due_at")
    CONTACT_METHODS_FIELD_NUMBER: _ClassVar[int]
    CONTACT_INTERVAL_DAYS_FIELD_NUMBER: _ClassVar[int]
    COMMUNICATION_NEEDS_FIELD_NUMBER: _ClassVar[int]
    INTERPRETER_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    REVIEW_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    contact_methods: _containers.RepeatedScalarFieldContainer[LandlordContactMethod]
    contact_interval_days: int
    communication_needs: _containers.RepeatedScalarFieldContainer[LandlordCommunicationNeed]
    interpreter_language: str
    notes: str
    review_by: _timestamp_pb2.Timestamp
    review_due_at: _timestamp_pb2.Timestamp
    def __init__(self, contact_methods: _Optional[_Iterable[_Union[LandlordContactMethod, str]]] = ..., contact_interval_days: _Optional[int] = ..., communication_needs: _Optional[_Iterable[_Union[LandlordCommunicationNeed, str]]] = ..., interpreter_language: _Optional[str] = ..., notes: _Optional[str] = ..., review_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., review_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AgreeCommunicationAgreementResponse(_message.Message):
    __slots__ = ("action_id", "revised")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISED_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    revised: bool
    def __init__(self, action_id: _Optional[str] = ..., revised: _Optional[bool] = ...) -> None: ...

class StartHousingActionRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "type", "description", "due_by", "victim_agreed", "due_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DUE_BY_FIELD_NUMBER: _ClassVar[int]
    VICTIM_AGREED_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    type: _vocabulary_pb2.ActionType
    description: str
    due_by: _timestamp_pb2.Timestamp
    victim_agreed: bool
    due_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., type: _Optional[_Union[_vocabulary_pb2.ActionType, str]] = ..., description: _Optional[str] = ..., due_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., victim_agreed: _Optional[bool] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StartHousingActionResponse(_message.Message):
    __slots__ = ("action_id",)
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    def __init__(self, action_id: _Optional[str] = ...) -> None: ...

class FinishHousingActionRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "action_id", "outcome")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    action_id: str
    outcome: LandlordActionOutcome
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., action_id: _Optional[str] = ..., outcome: _Optional[_Union[LandlordActionOutcome, str]] = ...) -> None: ...

class FinishHousingActionResponse(_message.Message):
    __slots__ = ("action_id", "outcome", "finished_at")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    outcome: LandlordActionOutcome
    finished_at: _timestamp_pb2.Timestamp
    def __init__(self, action_id: _Optional[str] = ..., outcome: _Optional[_Union[LandlordActionOutcome, str]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReferForSupportRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "to_agency", "to_other", "support_areas")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TO_AGENCY_FIELD_NUMBER: _ClassVar[int]
    TO_OTHER_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_AREAS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    to_agency: _vocabulary_pb2.AgencyKind
    to_other: _case_events_pb2.ReferralSource
    support_areas: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., to_agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., to_other: _Optional[_Union[_case_events_pb2.ReferralSource, str]] = ..., support_areas: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ...) -> None: ...

class ReferForSupportResponse(_message.Message):
    __slots__ = ("referral_id",)
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    def __init__(self, referral_id: _Optional[str] = ...) -> None: ...

class EndSupportReferralRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "referral_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    referral_id: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., referral_id: _Optional[str] = ...) -> None: ...

class EndSupportReferralResponse(_message.Message):
    __slots__ = ("referral_id", "ended_at")
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    ended_at: _timestamp_pb2.Timestamp
    def __init__(self, referral_id: _Optional[str] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Perpetrator(_message.Message):
    __slots__ = ("name", "address", "tenancy_reference")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    TENANCY_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    address: str
    tenancy_reference: str
    def __init__(self, name: _Optional[str] = ..., address: _Optional[str] = ..., tenancy_reference: _Optional[str] = ...) -> None: ...

class StartEnforcementRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "type", "perpetrator")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PERPETRATOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    type: _vocabulary_pb2.EnforcementType
    perpetrator: Perpetrator
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., type: _Optional[_Union[_vocabulary_pb2.EnforcementType, str]] = ..., perpetrator: _Optional[_Union[Perpetrator, _Mapping]] = ...) -> None: ...

class StartEnforcementResponse(_message.Message):
    __slots__ = ("enforcement_id",)
    ENFORCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    enforcement_id: str
    def __init__(self, enforcement_id: _Optional[str] = ...) -> None: ...

class EscalateEnforcementRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "enforcement_id", "type")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ENFORCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    enforcement_id: str
    type: _vocabulary_pb2.EnforcementType
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., enforcement_id: _Optional[str] = ..., type: _Optional[_Union[_vocabulary_pb2.EnforcementType, str]] = ...) -> None: ...

class EscalateEnforcementResponse(_message.Message):
    __slots__ = ("enforcement_id",)
    ENFORCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    enforcement_id: str
    def __init__(self, enforcement_id: _Optional[str] = ...) -> None: ...

class ConcludeEnforcementRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "enforcement_id", "outcome")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ENFORCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    enforcement_id: str
    outcome: EnforcementOutcome
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., enforcement_id: _Optional[str] = ..., outcome: _Optional[_Union[EnforcementOutcome, str]] = ...) -> None: ...

class ConcludeEnforcementResponse(_message.Message):
    __slots__ = ("enforcement_id", "outcome", "concluded_at")
    ENFORCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    CONCLUDED_AT_FIELD_NUMBER: _ClassVar[int]
    enforcement_id: str
    outcome: EnforcementOutcome
    concluded_at: _timestamp_pb2.Timestamp
    def __init__(self, enforcement_id: _Optional[str] = ..., outcome: _Optional[_Union[EnforcementOutcome, str]] = ..., concluded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReviewAndCloseCaseRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "outcome", "satisfaction", "reviewed_with_victim", "ongoing_support", "follow_up_by", "learning", "follow_up_due_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_WITH_VICTIM_FIELD_NUMBER: _ClassVar[int]
    ONGOING_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_BY_FIELD_NUMBER: _ClassVar[int]
    LEARNING_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    outcome: _vocabulary_pb2.CaseOutcome
    satisfaction: int
    reviewed_with_victim: bool
    ongoing_support: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    follow_up_by: _timestamp_pb2.Timestamp
    learning: str
    follow_up_due_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., outcome: _Optional[_Union[_vocabulary_pb2.CaseOutcome, str]] = ..., satisfaction: _Optional[int] = ..., reviewed_with_victim: _Optional[bool] = ..., ongoing_support: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., follow_up_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., learning: _Optional[str] = ..., follow_up_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReviewAndCloseCaseResponse(_message.Message):
    __slots__ = ("outcome", "satisfaction", "closed_at")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    outcome: _vocabulary_pb2.CaseOutcome
    satisfaction: int
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, outcome: _Optional[_Union[_vocabulary_pb2.CaseOutcome, str]] = ..., satisfaction: _Optional[int] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetLandlordCaseRequest(_message.Message):
    __slots__ = ("case_reference",)
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    def __init__(self, case_reference: _Optional[str] = ...) -> None: ...

class GetLandlordCaseResponse(_message.Message):
    __slots__ = ("case_reference", "case_officer", "reports", "actions", "referrals", "support_in_place", "enforcement_steps", "closure_review", "closed", "reports_next_page_token", "actions_next_page_token", "referrals_next_page_token", "enforcement_steps_next_page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    CASE_OFFICER_FIELD_NUMBER: _ClassVar[int]
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    REFERRALS_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_IN_PLACE_FIELD_NUMBER: _ClassVar[int]
    ENFORCEMENT_STEPS_FIELD_NUMBER: _ClassVar[int]
    CLOSURE_REVIEW_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    REPORTS_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REFERRALS_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ENFORCEMENT_STEPS_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    case_officer: str
    reports: _containers.RepeatedCompositeFieldContainer[LandlordReport]
    actions: _containers.RepeatedCompositeFieldContainer[LandlordAction]
    referrals: _containers.RepeatedCompositeFieldContainer[LandlordReferral]
    support_in_place: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    enforcement_steps: _containers.RepeatedCompositeFieldContainer[EnforcementStep]
    closure_review: LandlordClosureReview
    closed: bool
    reports_next_page_token: str
    actions_next_page_token: str
    referrals_next_page_token: str
    enforcement_steps_next_page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., case_officer: _Optional[str] = ..., reports: _Optional[_Iterable[_Union[LandlordReport, _Mapping]]] = ..., actions: _Optional[_Iterable[_Union[LandlordAction, _Mapping]]] = ..., referrals: _Optional[_Iterable[_Union[LandlordReferral, _Mapping]]] = ..., support_in_place: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., enforcement_steps: _Optional[_Iterable[_Union[EnforcementStep, _Mapping]]] = ..., closure_review: _Optional[_Union[LandlordClosureReview, _Mapping]] = ..., closed: _Optional[bool] = ..., reports_next_page_token: _Optional[str] = ..., actions_next_page_token: _Optional[str] = ..., referrals_next_page_token: _Optional[str] = ..., enforcement_steps_next_page_token: _Optional[str] = ...) -> None: ...

class ListLandlordReportsRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLandlordReportsResponse(_message.Message):
    __slots__ = ("reports", "next_page_token")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[LandlordReport]
    next_page_token: str
    def __init__(self, reports: _Optional[_Iterable[_Union[LandlordReport, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListLandlordActionsRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLandlordActionsResponse(_message.Message):
    __slots__ = ("actions", "next_page_token")
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    actions: _containers.RepeatedCompositeFieldContainer[LandlordAction]
    next_page_token: str
    def __init__(self, actions: _Optional[_Iterable[_Union[LandlordAction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListLandlordReferralsRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLandlordReferralsResponse(_message.Message):
    __slots__ = ("referrals", "next_page_token")
    REFERRALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    referrals: _containers.RepeatedCompositeFieldContainer[LandlordReferral]
    next_page_token: str
    def __init__(self, referrals: _Optional[_Iterable[_Union[LandlordReferral, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListEnforcementStepsRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListEnforcementStepsResponse(_message.Message):
    __slots__ = ("enforcement_steps", "next_page_token")
    ENFORCEMENT_STEPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    enforcement_steps: _containers.RepeatedCompositeFieldContainer[EnforcementStep]
    next_page_token: str
    def __init__(self, enforcement_steps: _Optional[_Iterable[_Union[EnforcementStep, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class LandlordReport(_message.Message):
    __slots__ = ("report_id", "received_at", "channel", "source", "category", "location_address", "acknowledgement", "risk_assessment")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGEMENT_FIELD_NUMBER: _ClassVar[int]
    RISK_ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    received_at: _timestamp_pb2.Timestamp
    channel: LandlordReportChannel
    source: _vocabulary_pb2.ReportSource
    category: LandlordReportCategory
    location_address: str
    acknowledgement: ResponseTiming
    risk_assessment: ResponseTiming
    def __init__(self, report_id: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., channel: _Optional[_Union[LandlordReportChannel, str]] = ..., source: _Optional[_Union[_vocabulary_pb2.ReportSource, str]] = ..., category: _Optional[_Union[LandlordReportCategory, str]] = ..., location_address: _Optional[str] = ..., acknowledgement: _Optional[_Union[ResponseTiming, _Mapping]] = ..., risk_assessment: _Optional[_Union[ResponseTiming, _Mapping]] = ...) -> None: ...

class LandlordAction(_message.Message):
    __slots__ = ("action_id", "type", "open", "due_at", "description", "victim_agreed", "communication_agreement", "outcome", "started_at", "finished_at")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    VICTIM_AGREED_FIELD_NUMBER: _ClassVar[int]
    COMMUNICATION_AGREEMENT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    type: _vocabulary_pb2.ActionType
    open: bool
    due_at: _timestamp_pb2.Timestamp
    description: str
    victim_agreed: bool
    communication_agreement: CommunicationAgreement
    outcome: LandlordActionOutcome
    started_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    def __init__(self, action_id: _Optional[str] = ..., type: _Optional[_Union[_vocabulary_pb2.ActionType, str]] = ..., open: _Optional[bool] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., description: _Optional[str] = ..., victim_agreed: _Optional[bool] = ..., communication_agreement: _Optional[_Union[CommunicationAgreement, _Mapping]] = ..., outcome: _Optional[_Union[LandlordActionOutcome, str]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LandlordReferral(_message.Message):
    __slots__ = ("referral_id", "to_agency", "to_other", "support_areas", "open", "referred_at")
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    TO_AGENCY_FIELD_NUMBER: _ClassVar[int]
    TO_OTHER_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_AREAS_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    REFERRED_AT_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    to_agency: _vocabulary_pb2.AgencyKind
    to_other: _case_events_pb2.ReferralSource
    support_areas: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    open: bool
    referred_at: _timestamp_pb2.Timestamp
    def __init__(self, referral_id: _Optional[str] = ..., to_agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., to_other: _Optional[_Union[_case_events_pb2.ReferralSource, str]] = ..., support_areas: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., open: _Optional[bool] = ..., referred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EnforcementStep(_message.Message):
    __slots__ = ("enforcement_id", "type", "perpetrator", "open", "outcome", "started_at", "concluded_at", "escalated_from")
    ENFORCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PERPETRATOR_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    CONCLUDED_AT_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_FROM_FIELD_NUMBER: _ClassVar[int]
    enforcement_id: str
    type: _vocabulary_pb2.EnforcementType
    perpetrator: Perpetrator
    open: bool
    outcome: EnforcementOutcome
    started_at: _timestamp_pb2.Timestamp
    concluded_at: _timestamp_pb2.Timestamp
    escalated_from: str
    def __init__(self, enforcement_id: _Optional[str] = ..., type: _Optional[_Union[_vocabulary_pb2.EnforcementType, str]] = ..., perpetrator: _Optional[_Union[Perpetrator, _Mapping]] = ..., open: _Optional[bool] = ..., outcome: _Optional[_Union[EnforcementOutcome, str]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., concluded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., escalated_from: _Optional[str] = ...) -> None: ...

class LandlordClosureReview(_message.Message):
    __slots__ = ("reviewed_with_victim", "ongoing_support", "follow_up_by", "learning", "follow_up_due_at")
    REVIEWED_WITH_VICTIM_FIELD_NUMBER: _ClassVar[int]
    ONGOING_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_BY_FIELD_NUMBER: _ClassVar[int]
    LEARNING_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    reviewed_with_victim: bool
    ongoing_support: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    follow_up_by: _timestamp_pb2.Timestamp
    learning: str
    follow_up_due_at: _timestamp_pb2.Timestamp
    def __init__(self, reviewed_with_victim: _Optional[bool] = ..., ongoing_support: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., follow_up_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., learning: _Optional[str] = ..., follow_up_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
