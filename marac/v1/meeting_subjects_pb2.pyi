import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import riskview_pb2 as _riskview_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MeetingSubject(_message.Message):
    __slots__ = ("subject_key", "handle", "reasons", "highest_risk_level", "incident_count", "cases", "referring_agency_ids")
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    HIGHEST_RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    REFERRING_AGENCY_IDS_FIELD_NUMBER: _ClassVar[int]
    subject_key: str
    handle: str
    reasons: _containers.RepeatedCompositeFieldContainer[_riskview_pb2.EligibilityReason]
    highest_risk_level: _vocabulary_pb2.RiskLevel
    incident_count: int
    cases: _containers.RepeatedCompositeFieldContainer[SubjectCase]
    referring_agency_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, subject_key: _Optional[str] = ..., handle: _Optional[str] = ..., reasons: _Optional[_Iterable[_Union[_riskview_pb2.EligibilityReason, _Mapping]]] = ..., highest_risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., incident_count: _Optional[int] = ..., cases: _Optional[_Iterable[_Union[SubjectCase, _Mapping]]] = ..., referring_agency_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class SubjectCase(_message.Message):
    __slots__ = ("agency", "agency_id", "case_reference")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    agency: _vocabulary_pb2.AgencyKind
    agency_id: str
    case_reference: str
    def __init__(self, agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ...) -> None: ...

class ListEligibleSubjectsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "as_of", "area")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    as_of: _timestamp_pb2.Timestamp
    area: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., area: _Optional[str] = ...) -> None: ...

class ListEligibleSubjectsResponse(_message.Message):
    __slots__ = ("subjects", "next_page_token")
    SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    subjects: _containers.RepeatedCompositeFieldContainer[MeetingSubject]
    next_page_token: str
    def __init__(self, subjects: _Optional[_Iterable[_Union[MeetingSubject, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class FindSubjectRequest(_message.Message):
    __slots__ = ("handle", "case")
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    handle: str
    case: CaseRef
    def __init__(self, handle: _Optional[str] = ..., case: _Optional[_Union[CaseRef, _Mapping]] = ...) -> None: ...

class CaseRef(_message.Message):
    __slots__ = ("agency_id", "case_reference")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    case_reference: str
    def __init__(self, agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ...) -> None: ...

class FindSubjectResponse(_message.Message):
    __slots__ = ("subject",)
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    subject: MeetingSubject
    def __init__(self, subject: _Optional[_Union[MeetingSubject, _Mapping]] = ...) -> None: ...
