import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseEvent(_message.Message):
    __slots__ = ("event_id", "agency", "agency_id", "subject_key", "case_reference", "occurred_at", "recorded_at", "source_sequence", "schema_version", "case_opened", "incident_reported", "risk_assessed")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    CASE_OPENED_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_REPORTED_FIELD_NUMBER: _ClassVar[int]
    RISK_ASSESSED_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    agency: _vocabulary_pb2.AgencyKind
    agency_id: str
    subject_key: str
    case_reference: str
    occurred_at: _timestamp_pb2.Timestamp
    recorded_at: _timestamp_pb2.Timestamp
    source_sequence: int
    schema_version: int
    case_opened: CaseOpened
    incident_reported: IncidentReported
    risk_assessed: RiskAssessed
    def __init__(self, event_id: _Optional[str] = ..., agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., agency_id: _Optional[str] = ..., subject_key: _Optional[str] = ..., case_reference: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source_sequence: _Optional[int] = ..., schema_version: _Optional[int] = ..., case_opened: _Optional[_Union[CaseOpened, _Mapping]] = ..., incident_reported: _Optional[_Union[IncidentReported, _Mapping]] = ..., risk_assessed: _Optional[_Union[RiskAssessed, _Mapping]] = ...) -> None: ...

class CaseOpened(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class IncidentReported(_message.Message):
    __slots__ = ("incident_id", "strands", "classification", "perceived_by", "postcode_district")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    CLASSIFICATION_FIELD_NUMBER: _ClassVar[int]
    PERCEIVED_BY_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_DISTRICT_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    classification: _vocabulary_pb2.HateClassification
    perceived_by: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Perceiver]
    postcode_district: str
    def __init__(self, incident_id: _Optional[str] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., classification: _Optional[_Union[_vocabulary_pb2.HateClassification, str]] = ..., perceived_by: _Optional[_Iterable[_Union[_vocabulary_pb2.Perceiver, str]]] = ..., postcode_district: _Optional[str] = ...) -> None: ...

class RiskAssessed(_message.Message):
    __slots__ = ("level", "tool")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    TOOL_FIELD_NUMBER: _ClassVar[int]
    level: _vocabulary_pb2.RiskLevel
    tool: str
    def __init__(self, level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., tool: _Optional[str] = ...) -> None: ...
