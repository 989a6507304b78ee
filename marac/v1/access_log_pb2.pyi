import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import disclosure_pb2 as _disclosure_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AccessDecision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCESS_DECISION_UNSPECIFIED: _ClassVar[AccessDecision]
    ACCESS_DECISION_ALLOWED: _ClassVar[AccessDecision]
    ACCESS_DECISION_REFUSED: _ClassVar[AccessDecision]

class RefusalReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFUSAL_REASON_UNSPECIFIED: _ClassVar[RefusalReason]
    REFUSAL_REASON_UNKNOWN_PRINCIPAL: _ClassVar[RefusalReason]
    REFUSAL_REASON_PRINCIPAL_NOT_PERMITTED: _ClassVar[RefusalReason]
    REFUSAL_REASON_NO_TOKEN: _ClassVar[RefusalReason]
    REFUSAL_REASON_TOKEN_INVALID: _ClassVar[RefusalReason]
    REFUSAL_REASON_TOKEN_EXPIRED: _ClassVar[RefusalReason]
    REFUSAL_REASON_ROLE_NOT_SERVED: _ClassVar[RefusalReason]
    REFUSAL_REASON_ROLE_NOT_PERMITTED: _ClassVar[RefusalReason]
    REFUSAL_REASON_REFUSED_BY_SERVICE: _ClassVar[RefusalReason]
    REFUSAL_REASON_SIGNED_OUT: _ClassVar[RefusalReason]
ACCESS_DECISION_UNSPECIFIED: AccessDecision
ACCESS_DECISION_ALLOWED: AccessDecision
ACCESS_DECISION_REFUSED: AccessDecision
REFUSAL_REASON_UNSPECIFIED: RefusalReason
REFUSAL_REASON_UNKNOWN_PRINCIPAL: RefusalReason
REFUSAL_REASON_PRINCIPAL_NOT_PERMITTED: RefusalReason
REFUSAL_REASON_NO_TOKEN: RefusalReason
REFUSAL_REASON_TOKEN_INVALID: RefusalReason
REFUSAL_REASON_TOKEN_EXPIRED: RefusalReason
REFUSAL_REASON_ROLE_NOT_SERVED: RefusalReason
REFUSAL_REASON_ROLE_NOT_PERMITTED: RefusalReason
REFUSAL_REASON_REFUSED_BY_SERVICE: RefusalReason
REFUSAL_REASON_SIGNED_OUT: RefusalReason

class AccessLogEntry(_message.Message):
    __slots__ = ("request_id", "at", "service", "principal", "person", "method", "subject_handle", "case_reference", "decision", "code", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_HANDLE_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    at: _timestamp_pb2.Timestamp
    service: str
    principal: str
    person: _disclosure_pb2.Caller
    method: str
    subject_handle: str
    case_reference: str
    decision: AccessDecision
    code: int
    reason: RefusalReason
    def __init__(self, request_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., service: _Optional[str] = ..., principal: _Optional[str] = ..., person: _Optional[_Union[_disclosure_pb2.Caller, _Mapping]] = ..., method: _Optional[str] = ..., subject_handle: _Optional[str] = ..., case_reference: _Optional[str] = ..., decision: _Optional[_Union[AccessDecision, str]] = ..., code: _Optional[int] = ..., reason: _Optional[_Union[RefusalReason, str]] = ...) -> None: ...
