import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CallerRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALLER_ROLE_UNSPECIFIED: _ClassVar[CallerRole]
    CALLER_ROLE_AGENCY_REPRESENTATIVE: _ClassVar[CallerRole]
    CALLER_ROLE_MARAC_CHAIR: _ClassVar[CallerRole]
    CALLER_ROLE_IG_STAFF: _ClassVar[CallerRole]
    CALLER_ROLE_PARTNERSHIP_ANALYST: _ClassVar[CallerRole]

class DisclosureBasis(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISCLOSURE_BASIS_UNSPECIFIED: _ClassVar[DisclosureBasis]
    DISCLOSURE_BASIS_CONSENT: _ClassVar[DisclosureBasis]
    DISCLOSURE_BASIS_OVERRIDE: _ClassVar[DisclosureBasis]
    DISCLOSURE_BASIS_MARAC_REFERRAL: _ClassVar[DisclosureBasis]

class DisclosureView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISCLOSURE_VIEW_UNSPECIFIED: _ClassVar[DisclosureView]
    DISCLOSURE_VIEW_CASE: _ClassVar[DisclosureView]
    DISCLOSURE_VIEW_AGENDA: _ClassVar[DisclosureView]
    DISCLOSURE_VIEW_AGENDA_ITEM: _ClassVar[DisclosureView]
CALLER_ROLE_UNSPECIFIED: CallerRole
CALLER_ROLE_AGENCY_REPRESENTATIVE: CallerRole
CALLER_ROLE_MARAC_CHAIR: CallerRole
CALLER_ROLE_IG_STAFF: CallerRole
CALLER_ROLE_PARTNERSHIP_ANALYST: CallerRole
DISCLOSURE_BASIS_UNSPECIFIED: DisclosureBasis
DISCLOSURE_BASIS_CONSENT: DisclosureBasis
DISCLOSURE_BASIS_OVERRIDE: DisclosureBasis
DISCLOSURE_BASIS_MARAC_REFERRAL: DisclosureBasis
DISCLOSURE_VIEW_UNSPECIFIED: DisclosureView
DISCLOSURE_VIEW_CASE: DisclosureView
DISCLOSURE_VIEW_AGENDA: DisclosureView
DISCLOSURE_VIEW_AGENDA_ITEM: DisclosureView

class Caller(_message.Message):
    __slots__ = ("role", "agency", "agency_id", "user_id", "issuer")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    role: CallerRole
    agency: _vocabulary_pb2.AgencyKind
    agency_id: str
    user_id: str
    issuer: str
    def __init__(self, role: _Optional[_Union[CallerRole, str]] = ..., agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., agency_id: _Optional[str] = ..., user_id: _Optional[str] = ..., issuer: _Optional[str] = ...) -> None: ...

class Disclosure(_message.Message):
    __slots__ = ("disclosure_id", "caller", "subject_key", "contributions", "purpose", "disclosed_at", "meeting_id", "view")
    DISCLOSURE_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    DISCLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    disclosure_id: str
    caller: Caller
    subject_key: str
    contributions: _containers.RepeatedCompositeFieldContainer[DisclosedContribution]
    purpose: _vocabulary_pb2.Purpose
    disclosed_at: _timestamp_pb2.Timestamp
    meeting_id: str
    view: DisclosureView
    def __init__(self, disclosure_id: _Optional[str] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ..., subject_key: _Optional[str] = ..., contributions: _Optional[_Iterable[_Union[DisclosedContribution, _Mapping]]] = ..., purpose: _Optional[_Union[_vocabulary_pb2.Purpose, str]] = ..., disclosed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., meeting_id: _Optional[str] = ..., view: _Optional[_Union[DisclosureView, str]] = ...) -> None: ...

class DisclosedContribution(_message.Message):
    __slots__ = ("agency", "agency_id", "case_reference", "basis", "override_id", "lawful_basis")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    LAWFUL_BASIS_FIELD_NUMBER: _ClassVar[int]
    agency: _vocabulary_pb2.AgencyKind
    agency_id: str
    case_reference: str
    basis: DisclosureBasis
    override_id: str
    lawful_basis: _vocabulary_pb2.LawfulBasis
    def __init__(self, agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., basis: _Optional[_Union[DisclosureBasis, str]] = ..., override_id: _Optional[str] = ..., lawful_basis: _Optional[_Union[_vocabulary_pb2.LawfulBasis, str]] = ...) -> None: ...
