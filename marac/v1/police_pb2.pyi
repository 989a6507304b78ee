import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import agency_case_pb2 as _agency_case_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PoliceRecordType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POLICE_RECORD_TYPE_UNSPECIFIED: _ClassVar[PoliceRecordType]
    POLICE_RECORD_TYPE_CRIME: _ClassVar[PoliceRecordType]
    POLICE_RECORD_TYPE_NON_CRIME_INCIDENT: _ClassVar[PoliceRecordType]

class OffenceCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OFFENCE_CATEGORY_UNSPECIFIED: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_ASSAULT: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_CRIMINAL_DAMAGE: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_ARSON: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_PUBLIC_ORDER: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_HARASSMENT: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_STALKING: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_MALICIOUS_COMMUNICATIONS: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_THEFT: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_BURGLARY: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_ROBBERY: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_SEXUAL_OFFENCE: _ClassVar[OffenceCategory]
    OFFENCE_CATEGORY_OTHER_OFFENCE: _ClassVar[OffenceCategory]

class InvestigationOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVESTIGATION_OUTCOME_UNSPECIFIED: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_CHARGED_OR_SUMMONSED: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_TAKEN_INTO_CONSIDERATION: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_OUT_OF_COURT_FORMAL: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_OUT_OF_COURT_INFORMAL: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_PROSECUTION_PREVENTED_OR_NOT_IN_PUBLIC_INTEREST: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_EVIDENTIAL_DIFFICULTIES_VICTIM_SUPPORTS_ACTION: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_EVIDENTIAL_DIFFICULTIES_VICTIM_DOES_NOT_SUPPORT_ACTION: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_INVESTIGATION_COMPLETE_NO_SUSPECT: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_ACTION_UNDERTAKEN_BY_ANOTHER_BODY: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_FURTHER_INVESTIGATION_NOT_IN_PUBLIC_INTEREST: _ClassVar[InvestigationOutcome]
    INVESTIGATION_OUTCOME_DIVERSIONARY_ACTIVITY: _ClassVar[InvestigationOutcome]
POLICE_RECORD_TYPE_UNSPECIFIED: PoliceRecordType
POLICE_RECORD_TYPE_CRIME: PoliceRecordType
POLICE_RECORD_TYPE_NON_CRIME_INCIDENT: PoliceRecordType
OFFENCE_CATEGORY_UNSPECIFIED: OffenceCategory
OFFENCE_CATEGORY_ASSAULT: OffenceCategory
OFFENCE_CATEGORY_CRIMINAL_DAMAGE: OffenceCategory
OFFENCE_CATEGORY_ARSON: OffenceCategory
OFFENCE_CATEGORY_PUBLIC_ORDER: OffenceCategory
OFFENCE_CATEGORY_HARASSMENT: OffenceCategory
OFFENCE_CATEGORY_STALKING: OffenceCategory
OFFENCE_CATEGORY_MALICIOUS_COMMUNICATIONS: OffenceCategory
OFFENCE_CATEGORY_THEFT: OffenceCategory
OFFENCE_CATEGORY_BURGLARY: OffenceCategory
OFFENCE_CATEGORY_ROBBERY: OffenceCategory
OFFENCE_CATEGORY_SEXUAL_OFFENCE: OffenceCategory
OFFENCE_CATEGORY_OTHER_OFFENCE: OffenceCategory
INVESTIGATION_OUTCOME_UNSPECIFIED: InvestigationOutcome
INVESTIGATION_OUTCOME_CHARGED_OR_SUMMONSED: InvestigationOutcome
INVESTIGATION_OUTCOME_TAKEN_INTO_CONSIDERATION: InvestigationOutcome
INVESTIGATION_OUTCOME_OUT_OF_COURT_FORMAL: InvestigationOutcome
INVESTIGATION_OUTCOME_OUT_OF_COURT_INFORMAL: InvestigationOutcome
INVESTIGATION_OUTCOME_PROSECUTION_PREVENTED_OR_NOT_IN_PUBLIC_INTEREST: InvestigationOutcome
INVESTIGATION_OUTCOME_EVIDENTIAL_DIFFICULTIES_VICTIM_SUPPORTS_ACTION: InvestigationOutcome
INVESTIGATION_OUTCOME_EVIDENTIAL_DIFFICULTIES_VICTIM_DOES_NOT_SUPPORT_ACTION: InvestigationOutcome
INVESTIGATION_OUTCOME_INVESTIGATION_COMPLETE_NO_SUSPECT: InvestigationOutcome
INVESTIGATION_OUTCOME_ACTION_UNDERTAKEN_BY_ANOTHER_BODY: InvestigationOutcome
INVESTIGATION_OUTCOME_FURTHER_INVESTIGATION_NOT_IN_PUBLIC_INTEREST: InvestigationOutcome
INVESTIGATION_OUTCOME_DIVERSIONARY_ACTIVITY: InvestigationOutcome

class RecordCrimeRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "subject", "consent", "crime_reference", "record_type", "offence", "source", "occurred_at", "hate_flag", "strands", "perceived_by", "location_postcode", "narrative")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    CRIME_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECORD_TYPE_FIELD_NUMBER: _ClassVar[int]
    OFFENCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    HATE_FLAG_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    PERCEIVED_BY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_POSTCODE_FIELD_NUMBER: _ClassVar[int]
    NARRATIVE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    subject: _agency_case_pb2.SubjectIdentity
    consent: _agency_case_pb2.Consent
    crime_reference: str
    record_type: PoliceRecordType
    offence: OffenceCategory
    source: _vocabulary_pb2.ReportSource
    occurred_at: _timestamp_pb2.Timestamp
    hate_flag: bool
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    perceived_by: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Perceiver]
    location_postcode: str
    narrative: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., subject: _Optional[_Union[_agency_case_pb2.SubjectIdentity, _Mapping]] = ..., consent: _Optional[_Union[_agency_case_pb2.Consent, _Mapping]] = ..., crime_reference: _Optional[str] = ..., record_type: _Optional[_Union[PoliceRecordType, str]] = ..., offence: _Optional[_Union[OffenceCategory, str]] = ..., source: _Optional[_Union[_vocabulary_pb2.ReportSource, str]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hate_flag: _Optional[bool] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., perceived_by: _Optional[_Iterable[_Union[_vocabulary_pb2.Perceiver, str]]] = ..., location_postcode: _Optional[str] = ..., narrative: _Optional[str] = ...) -> None: ...

class RecordCrimeResponse(_message.Message):
    __slots__ = ("incident_id", "subject_key")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    subject_key: str
    def __init__(self, incident_id: _Optional[str] = ..., subject_key: _Optional[str] = ...) -> None: ...

class RecordInvestigationOutcomeRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "crime_reference", "outcome")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    CRIME_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    crime_reference: str
    outcome: InvestigationOutcome
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., crime_reference: _Optional[str] = ..., outcome: _Optional[_Union[InvestigationOutcome, str]] = ...) -> None: ...

class RecordInvestigationOutcomeResponse(_message.Message):
    __slots__ = ("incident_id", "outcome")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    outcome: InvestigationOutcome
    def __init__(self, incident_id: _Optional[str] = ..., outcome: _Optional[_Union[InvestigationOutcome, str]] = ...) -> None: ...

class ListCrimesRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCrimesResponse(_message.Message):
    __slots__ = ("crimes", "next_page_token")
    CRIMES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    crimes: _containers.RepeatedCompositeFieldContainer[Crime]
    next_page_token: str
    def __init__(self, crimes: _Optional[_Iterable[_Union[Crime, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Crime(_message.Message):
    __slots__ = ("incident_id", "crime_reference", "record_type", "offence", "source", "occurred_at", "hate_flag", "strands", "perceived_by", "location_postcode", "narrative", "outcome")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CRIME_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECORD_TYPE_FIELD_NUMBER: _ClassVar[int]
    OFFENCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    HATE_FLAG_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    PERCEIVED_BY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_POSTCODE_FIELD_NUMBER: _ClassVar[int]
    NARRATIVE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    crime_reference: str
    record_type: PoliceRecordType
    offence: OffenceCategory
    source: _vocabulary_pb2.ReportSource
    occurred_at: _timestamp_pb2.Timestamp
    hate_flag: bool
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    perceived_by: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Perceiver]
    location_postcode: str
    narrative: str
    outcome: InvestigationOutcome
    def __init__(self, incident_id: _Optional[str] = ..., crime_reference: _Optional[str] = ..., record_type: _Optional[_Union[PoliceRecordType, str]] = ..., offence: _Optional[_Union[OffenceCategory, str]] = ..., source: _Optional[_Union[_vocabulary_pb2.ReportSource, str]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hate_flag: _Optional[bool] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., perceived_by: _Optional[_Iterable[_Union[_vocabulary_pb2.Perceiver, str]]] = ..., location_postcode: _Optional[str] = ..., narrative: _Optional[str] = ..., outcome: _Optional[_Union[InvestigationOutcome, str]] = ...) -> None: ...
