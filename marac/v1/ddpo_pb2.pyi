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

class ReporterRelationship(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORTER_RELATIONSHIP_UNSPECIFIED: _ClassVar[ReporterRelationship]
    REPORTER_RELATIONSHIP_FAMILY_MEMBER: _ClassVar[ReporterRelationship]
    REPORTER_RELATIONSHIP_CARER: _ClassVar[ReporterRelationship]
    REPORTER_RELATIONSHIP_FRIEND: _ClassVar[ReporterRelationship]
    REPORTER_RELATIONSHIP_NEIGHBOUR: _ClassVar[ReporterRelationship]
    REPORTER_RELATIONSHIP_WITNESS: _ClassVar[ReporterRelationship]
    REPORTER_RELATIONSHIP_PROFESSIONAL: _ClassVar[ReporterRelationship]
    REPORTER_RELATIONSHIP_OTHER: _ClassVar[ReporterRelationship]

class DdpoIncidentCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DDPO_INCIDENT_CATEGORY_UNSPECIFIED: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_VERBAL_ABUSE: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_HARASSMENT: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_THREATS: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_PHYSICAL_ASSAULT: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_SEXUAL_ASSAULT: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_CRIMINAL_DAMAGE: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_THEFT: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_EXPLOITATION: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_ONLINE_ABUSE: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_ANTI_SOCIAL_BEHAVIOUR: _ClassVar[DdpoIncidentCategory]
    DDPO_INCIDENT_CATEGORY_OTHER: _ClassVar[DdpoIncidentCategory]

class PoliceInvolvement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POLICE_INVOLVEMENT_UNSPECIFIED: _ClassVar[PoliceInvolvement]
    POLICE_INVOLVEMENT_WANTED: _ClassVar[PoliceInvolvement]
    POLICE_INVOLVEMENT_NOT_WANTED: _ClassVar[PoliceInvolvement]
    POLICE_INVOLVEMENT_UNDECIDED: _ClassVar[PoliceInvolvement]

class PoliceReluctance(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POLICE_RELUCTANCE_UNSPECIFIED: _ClassVar[PoliceReluctance]
    POLICE_RELUCTANCE_EVIDENCE_THRESHOLD: _ClassVar[PoliceReluctance]
    POLICE_RELUCTANCE_DISTRUST_OF_POLICE: _ClassVar[PoliceReluctance]
    POLICE_RELUCTANCE_FEAR_OF_AUTHORITIES: _ClassVar[PoliceReluctance]
    POLICE_RELUCTANCE_WANTS_TO_CONFIDE_WITHOUT_PRESSURE: _ClassVar[PoliceReluctance]
    POLICE_RELUCTANCE_POOR_PREVIOUS_EXPERIENCE: _ClassVar[PoliceReluctance]
    POLICE_RELUCTANCE_FEAR_OF_REPRISAL: _ClassVar[PoliceReluctance]
    POLICE_RELUCTANCE_OTHER: _ClassVar[PoliceReluctance]

class AccessNeed(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCESS_NEED_UNSPECIFIED: _ClassVar[AccessNeed]
    ACCESS_NEED_BSL_INTERPRETER: _ClassVar[AccessNeed]
    ACCESS_NEED_SPOKEN_LANGUAGE_INTERPRETER: _ClassVar[AccessNeed]
    ACCESS_NEED_DEAFBLIND_INTERPRETER: _ClassVar[AccessNeed]
    ACCESS_NEED_LIPSPEAKER: _ClassVar[AccessNeed]
    ACCESS_NEED_SPEECH_TO_TEXT: _ClassVar[AccessNeed]
    ACCESS_NEED_EASY_READ: _ClassVar[AccessNeed]
    ACCESS_NEED_BRAILLE: _ClassVar[AccessNeed]
    ACCESS_NEED_LARGE_PRINT: _ClassVar[AccessNeed]
    ACCESS_NEED_AUDIO: _ClassVar[AccessNeed]
    ACCESS_NEED_TEXT_CONTACT_ONLY: _ClassVar[AccessNeed]
    ACCESS_NEED_HOME_VISIT: _ClassVar[AccessNeed]
    ACCESS_NEED_STEP_FREE_ACCESS: _ClassVar[AccessNeed]
    ACCESS_NEED_EXTRA_TIME: _ClassVar[AccessNeed]

class InterpreterRelationship(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTERPRETER_RELATIONSHIP_UNSPECIFIED: _ClassVar[InterpreterRelationship]
    INTERPRETER_RELATIONSHIP_PROFESSIONAL: _ClassVar[InterpreterRelationship]
    INTERPRETER_RELATIONSHIP_FAMILY_MEMBER: _ClassVar[InterpreterRelationship]
    INTERPRETER_RELATIONSHIP_FRIEND: _ClassVar[InterpreterRelationship]
    INTERPRETER_RELATIONSHIP_CARER: _ClassVar[InterpreterRelationship]
    INTERPRETER_RELATIONSHIP_CHILD: _ClassVar[InterpreterRelationship]

class WaitingListExit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WAITING_LIST_EXIT_UNSPECIFIED: _ClassVar[WaitingListExit]
    WAITING_LIST_EXIT_DECLINED: _ClassVar[WaitingListExit]
    WAITING_LIST_EXIT_UNABLE_TO_CONTACT: _ClassVar[WaitingListExit]
    WAITING_LIST_EXIT_REFERRED_ELSEWHERE: _ClassVar[WaitingListExit]
    WAITING_LIST_EXIT_CASE_CLOSED: _ClassVar[WaitingListExit]

class AdvocacyStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ADVOCACY_STATUS_UNSPECIFIED: _ClassVar[AdvocacyStatus]
    ADVOCACY_STATUS_NOT_STARTED: _ClassVar[AdvocacyStatus]
    ADVOCACY_STATUS_WAITING: _ClassVar[AdvocacyStatus]
    ADVOCACY_STATUS_ACTIVE: _ClassVar[AdvocacyStatus]
    ADVOCACY_STATUS_ENDED: _ClassVar[AdvocacyStatus]
REPORTER_RELATIONSHIP_UNSPECIFIED: ReporterRelationship
REPORTER_RELATIONSHIP_FAMILY_MEMBER: ReporterRelationship
REPORTER_RELATIONSHIP_CARER: ReporterRelationship
REPORTER_RELATIONSHIP_FRIEND: ReporterRelationship
REPORTER_RELATIONSHIP_NEIGHBOUR: ReporterRelationship
REPORTER_RELATIONSHIP_WITNESS: ReporterRelationship
REPORTER_RELATIONSHIP_PROFESSIONAL: ReporterRelationship
REPORTER_RELATIONSHIP_OTHER: ReporterRelationship
DDPO_INCIDENT_CATEGORY_UNSPECIFIED: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_VERBAL_ABUSE: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_HARASSMENT: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_THREATS: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_PHYSICAL_ASSAULT: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_SEXUAL_ASSAULT: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_CRIMINAL_DAMAGE: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_THEFT: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_EXPLOITATION: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_ONLINE_ABUSE: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_ANTI_SOCIAL_BEHAVIOUR: DdpoIncidentCategory
DDPO_INCIDENT_CATEGORY_OTHER: DdpoIncidentCategory
POLICE_INVOLVEMENT_UNSPECIFIED: PoliceInvolvement
POLICE_INVOLVEMENT_WANTED: PoliceInvolvement
POLICE_INVOLVEMENT_NOT_WANTED: PoliceInvolvement
POLICE_INVOLVEMENT_UNDECIDED: PoliceInvolvement
POLICE_RELUCTANCE_UNSPECIFIED: PoliceReluctance
POLICE_RELUCTANCE_EVIDENCE_THRESHOLD: PoliceReluctance
POLICE_RELUCTANCE_DISTRUST_OF_POLICE: PoliceReluctance
POLICE_RELUCTANCE_FEAR_OF_AUTHORITIES: PoliceReluctance
POLICE_RELUCTANCE_WANTS_TO_CONFIDE_WITHOUT_PRESSURE: PoliceReluctance
POLICE_RELUCTANCE_POOR_PREVIOUS_EXPERIENCE: PoliceReluctance
POLICE_RELUCTANCE_FEAR_OF_REPRISAL: PoliceReluctance
POLICE_RELUCTANCE_OTHER: PoliceReluctance
ACCESS_NEED_UNSPECIFIED: AccessNeed
ACCESS_NEED_BSL_INTERPRETER: AccessNeed
ACCESS_NEED_SPOKEN_LANGUAGE_INTERPRETER: AccessNeed
ACCESS_NEED_DEAFBLIND_INTERPRETER: AccessNeed
ACCESS_NEED_LIPSPEAKER: AccessNeed
ACCESS_NEED_SPEECH_TO_TEXT: AccessNeed
ACCESS_NEED_EASY_READ: AccessNeed
ACCESS_NEED_BRAILLE: AccessNeed
ACCESS_NEED_LARGE_PRINT: AccessNeed
ACCESS_NEED_AUDIO: AccessNeed
ACCESS_NEED_TEXT_CONTACT_ONLY: AccessNeed
ACCESS_NEED_HOME_VISIT: AccessNeed
ACCESS_NEED_STEP_FREE_ACCESS: AccessNeed
ACCESS_NEED_EXTRA_TIME: AccessNeed
INTERPRETER_RELATIONSHIP_UNSPECIFIED: InterpreterRelationship
INTERPRETER_RELATIONSHIP_PROFESSIONAL: InterpreterRelationship
INTERPRETER_RELATIONSHIP_FAMILY_MEMBER: InterpreterRelationship
INTERPRETER_RELATIONSHIP_FRIEND: InterpreterRelationship
INTERPRETER_RELATIONSHIP_CARER: InterpreterRelationship
INTERPRETER_RELATIONSHIP_CHILD: InterpreterRelationship
WAITING_LIST_EXIT_UNSPECIFIED: WaitingListExit
WAITING_LIST_EXIT_DECLINED: WaitingListExit
WAITING_LIST_EXIT_UNABLE_TO_CONTACT: WaitingListExit
WAITING_LIST_EXIT_REFERRED_ELSEWHERE: WaitingListExit
WAITING_LIST_EXIT_CASE_CLOSED: WaitingListExit
ADVOCACY_STATUS_UNSPECIFIED: AdvocacyStatus
ADVOCACY_STATUS_NOT_STARTED: AdvocacyStatus
ADVOCACY_STATUS_WAITING: AdvocacyStatus
ADVOCACY_STATUS_ACTIVE: AdvocacyStatus
ADVOCACY_STATUS_ENDED: AdvocacyStatus

class RecordReportRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "subject", "consent", "source", "reporter_relationship", "police_involvement", "police_reluctance", "category", "occurred_at", "strands", "classification", "perceived_by", "location_postcode", "narrative")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    POLICE_INVOLVEMENT_FIELD_NUMBER: _ClassVar[int]
    POLICE_RELUCTANCE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    CLASSIFICATION_FIELD_NUMBER: _ClassVar[int]
    PERCEIVED_BY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_POSTCODE_FIELD_NUMBER: _ClassVar[int]
    NARRATIVE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    subject: _agency_case_pb2.SubjectIdentity
    consent: _agency_case_pb2.Consent
    source: _vocabulary_pb2.ReportSource
    reporter_relationship: ReporterRelationship
    police_involvement: PoliceInvolvement
    police_reluctance: _containers.RepeatedScalarFieldContainer[PoliceReluctance]
    category: DdpoIncidentCategory
    occurred_at: _timestamp_pb2.Timestamp
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    classification: _vocabulary_pb2.HateClassification
    perceived_by: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Perceiver]
    location_postcode: str
    narrative: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., subject: _Optional[_Union[_agency_case_pb2.SubjectIdentity, _Mapping]] = ..., consent: _Optional[_Union[_agency_case_pb2.Consent, _Mapping]] = ..., source: _Optional[_Union[_vocabulary_pb2.ReportSource, str]] = ..., reporter_relationship: _Optional[_Union[ReporterRelationship, str]] = ..., police_involvement: _Optional[_Union[PoliceInvolvement, str]] = ..., police_reluctance: _Optional[_Iterable[_Union[PoliceReluctance, str]]] = ..., category: _Optional[_Union[DdpoIncidentCategory, str]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., classification: _Optional[_Union[_vocabulary_pb2.HateClassification, str]] = ..., perceived_by: _Optional[_Iterable[_Union[_vocabulary_pb2.Perceiver, str]]] = ..., location_postcode: _Optional[str] = ..., narrative: _Optional[str] = ...) -> None: ...

class RecordReportResponse(_message.Message):
    __slots__ = ("incident_id", "subject_key")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    subject_key: str
    def __init__(self, incident_id: _Optional[str] = ..., subject_key: _Optional[str] = ...) -> None: ...

class RecordPoliceWishRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "police_involvement", "police_reluctance")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    POLICE_INVOLVEMENT_FIELD_NUMBER: _ClassVar[int]
    POLICE_RELUCTANCE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    police_involvement: PoliceInvolvement
    police_reluctance: _containers.RepeatedScalarFieldContainer[PoliceReluctance]
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., police_involvement: _Optional[_Union[PoliceInvolvement, str]] = ..., police_reluctance: _Optional[_Iterable[_Union[PoliceReluctance, str]]] = ...) -> None: ...

class RecordPoliceWishResponse(_message.Message):
    __slots__ = ("consent_change",)
    CONSENT_CHANGE_FIELD_NUMBER: _ClassVar[int]
    consent_change: _case_events_pb2.ConsentChange
    def __init__(self, consent_change: _Optional[_Union[_case_events_pb2.ConsentChange, str]] = ...) -> None: ...

class AccessArrangement(_message.Message):
    __slots__ = ("need", "language", "interpreter")
    NEED_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    INTERPRETER_FIELD_NUMBER: _ClassVar[int]
    need: AccessNeed
    language: str
    interpreter: Interpreter
    def __init__(self, need: _Optional[_Union[AccessNeed, str]] = ..., language: _Optional[str] = ..., interpreter: _Optional[_Union[Interpreter, _Mapping]] = ...) -> None: ...

class Interpreter(_message.Message):
    __slots__ = ("relationship", "confirmed_adult")
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_ADULT_FIELD_NUMBER: _ClassVar[int]
    relationship: InterpreterRelationship
    confirmed_adult: bool
    def __init__(self, relationship: _Optional[_Union[InterpreterRelationship, str]] = ..., confirmed_adult: _Optional[bool] = ...) -> None: ...

class RecordAccessNeedsRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "access_needs")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ACCESS_NEEDS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    access_needs: _containers.RepeatedCompositeFieldContainer[AccessArrangement]
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., access_needs: _Optional[_Iterable[_Union[AccessArrangement, _Mapping]]] = ...) -> None: ...

class RecordAccessNeedsResponse(_message.Message):
    __slots__ = ("access_needs",)
    ACCESS_NEEDS_FIELD_NUMBER: _ClassVar[int]
    access_needs: _containers.RepeatedCompositeFieldContainer[AccessArrangement]
    def __init__(self, access_needs: _Optional[_Iterable[_Union[AccessArrangement, _Mapping]]] = ...) -> None: ...

class ChangeSupportRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "area", "open")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    area: _vocabulary_pb2.SupportArea
    open: bool
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., area: _Optional[_Union[_vocabulary_pb2.SupportArea, str]] = ..., open: _Optional[bool] = ...) -> None: ...

class ChangeSupportResponse(_message.Message):
    __slots__ = ("open_support",)
    OPEN_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    open_support: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    def __init__(self, open_support: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ...) -> None: ...

class RecordAdvocacyTimeRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "worked_on", "minutes", "area")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    WORKED_ON_FIELD_NUMBER: _ClassVar[int]
    MINUTES_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    worked_on: str
    minutes: int
    area: _vocabulary_pb2.SupportArea
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., worked_on: _Optional[str] = ..., minutes: _Optional[int] = ..., area: _Optional[_Union[_vocabulary_pb2.SupportArea, str]] = ...) -> None: ...

class RecordAdvocacyTimeResponse(_message.Message):
    __slots__ = ("total_minutes",)
    TOTAL_MINUTES_FIELD_NUMBER: _ClassVar[int]
    total_minutes: int
    def __init__(self, total_minutes: _Optional[int] = ...) -> None: ...

class JoinWaitingListRequest(_message.Message):
    __slots__ = ("request_id", "case_reference")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ...) -> None: ...

class JoinWaitingListResponse(_message.Message):
    __slots__ = ("joined_at", "place")
    JOINED_AT_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    joined_at: _timestamp_pb2.Timestamp
    place: int
    def __init__(self, joined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., place: _Optional[int] = ...) -> None: ...

class LeaveWaitingListRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    reason: WaitingListExit
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., reason: _Optional[_Union[WaitingListExit, str]] = ...) -> None: ...

class LeaveWaitingListResponse(_message.Message):
    __slots__ = ("left_at",)
    LEFT_AT_FIELD_NUMBER: _ClassVar[int]
    left_at: _timestamp_pb2.Timestamp
    def __init__(self, left_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StartAdvocacyRequest(_message.Message):
    __slots__ = ("request_id", "case_reference")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ...) -> None: ...

class StartAdvocacyResponse(_message.Message):
    __slots__ = ("started_at",)
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    started_at: _timestamp_pb2.Timestamp
    def __init__(self, started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListWaitingListRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListWaitingListResponse(_message.Message):
    __slots__ = ("entries", "total_waiting", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_WAITING_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[WaitingListEntry]
    total_waiting: int
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[WaitingListEntry, _Mapping]]] = ..., total_waiting: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class WaitingListEntry(_message.Message):
    __slots__ = ("case_reference", "joined_at", "place", "risk_level", "access_needs")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    JOINED_AT_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ACCESS_NEEDS_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    joined_at: _timestamp_pb2.Timestamp
    place: int
    risk_level: _vocabulary_pb2.RiskLevel
    access_needs: _containers.RepeatedScalarFieldContainer[AccessNeed]
    def __init__(self, case_reference: _Optional[str] = ..., joined_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., place: _Optional[int] = ..., risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., access_needs: _Optional[_Iterable[_Union[AccessNeed, str]]] = ...) -> None: ...

class GetAdvocacyRequest(_message.Message):
    __slots__ = ("case_reference",)
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    def __init__(self, case_reference: _Optional[str] = ...) -> None: ...

class GetAdvocacyResponse(_message.Message):
    __slots__ = ("case_reference", "anonymous", "reports", "police_involvement", "police_reluctance", "access_needs", "open_support", "status", "waiting_since", "advocacy_started_at", "advocacy_minutes", "joined_waiting_list_at", "reports_next_page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ANONYMOUS_FIELD_NUMBER: _ClassVar[int]
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    POLICE_INVOLVEMENT_FIELD_NUMBER: _ClassVar[int]
    POLICE_RELUCTANCE_FIELD_NUMBER: _ClassVar[int]
    ACCESS_NEEDS_FIELD_NUMBER: _ClassVar[int]
    OPEN_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    WAITING_SINCE_FIELD_NUMBER: _ClassVar[int]
    ADVOCACY_STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    ADVOCACY_MINUTES_FIELD_NUMBER: _ClassVar[int]
    JOINED_WAITING_LIST_AT_FIELD_NUMBER: _ClassVar[int]
    REPORTS_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    anonymous: bool
    reports: _containers.RepeatedCompositeFieldContainer[DdpoReport]
    police_involvement: PoliceInvolvement
    police_reluctance: _containers.RepeatedScalarFieldContainer[PoliceReluctance]
    access_needs: _containers.RepeatedCompositeFieldContainer[AccessArrangement]
    open_support: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    status: AdvocacyStatus
    waiting_since: _timestamp_pb2.Timestamp
    advocacy_started_at: _timestamp_pb2.Timestamp
    advocacy_minutes: int
    joined_waiting_list_at: _timestamp_pb2.Timestamp
    reports_next_page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., anonymous: _Optional[bool] = ..., reports: _Optional[_Iterable[_Union[DdpoReport, _Mapping]]] = ..., police_involvement: _Optional[_Union[PoliceInvolvement, str]] = ..., police_reluctance: _Optional[_Iterable[_Union[PoliceReluctance, str]]] = ..., access_needs: _Optional[_Iterable[_Union[AccessArrangement, _Mapping]]] = ..., open_support: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., status: _Optional[_Union[AdvocacyStatus, str]] = ..., waiting_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., advocacy_started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., advocacy_minutes: _Optional[int] = ..., joined_waiting_list_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reports_next_page_token: _Optional[str] = ...) -> None: ...

class ListDdpoReportsRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDdpoReportsResponse(_message.Message):
    __slots__ = ("reports", "next_page_token")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[DdpoReport]
    next_page_token: str
    def __init__(self, reports: _Optional[_Iterable[_Union[DdpoReport, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DdpoReport(_message.Message):
    __slots__ = ("incident_id", "source", "reporter_relationship", "category")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    source: _vocabulary_pb2.ReportSource
    reporter_relationship: ReporterRelationship
    category: DdpoIncidentCategory
    def __init__(self, incident_id: _Optional[str] = ..., source: _Optional[_Union[_vocabulary_pb2.ReportSource, str]] = ..., reporter_relationship: _Optional[_Union[ReporterRelationship, str]] = ..., category: _Optional[_Union[DdpoIncidentCategory, str]] = ...) -> None: ...
