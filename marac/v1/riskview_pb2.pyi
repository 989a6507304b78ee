from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubjectSummary(_message.Message):
    __slots__ = ("subject_key", "agencies", "highest_risk_level", "incident_count", "last_incident_date")
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    AGENCIES_FIELD_NUMBER: _ClassVar[int]
    HIGHEST_RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_INCIDENT_DATE_FIELD_NUMBER: _ClassVar[int]
    subject_key: str
    agencies: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.AgencyKind]
    highest_risk_level: _vocabulary_pb2.RiskLevel
    incident_count: int
    last_incident_date: str
    def __init__(self, subject_key: _Optional[str] = ..., agencies: _Optional[_Iterable[_Union[_vocabulary_pb2.AgencyKind, str]]] = ..., highest_risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., incident_count: _Optional[int] = ..., last_incident_date: _Optional[str] = ...) -> None: ...

class GetSubjectSummaryRequest(_message.Message):
    __slots__ = ("subject_key",)
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    subject_key: str
    def __init__(self, subject_key: _Optional[str] = ...) -> None: ...

class GetSubjectSummaryResponse(_message.Message):
    __slots__ = ("summary",)
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    summary: SubjectSummary
    def __init__(self, summary: _Optional[_Union[SubjectSummary, _Mapping]] = ...) -> None: ...

class ListSubjectsByRiskRequest(_message.Message):
    __slots__ = ("min_risk_level", "page_size", "page_token")
    MIN_RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    min_risk_level: _vocabulary_pb2.RiskLevel
    page_size: int
    page_token: str
    def __init__(self, min_risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSubjectsByRiskResponse(_message.Message):
    __slots__ = ("summaries", "next_page_token")
    SUMMARIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    summaries: _containers.RepeatedCompositeFieldContainer[SubjectSummary]
    next_page_token: str
    def __init__(self, summaries: _Optional[_Iterable[_Union[SubjectSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
