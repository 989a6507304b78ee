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

class SupportContactMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUPPORT_CONTACT_METHOD_UNSPECIFIED: _ClassVar[SupportContactMethod]
    SUPPORT_CONTACT_METHOD_PHONE: _ClassVar[SupportContactMethod]
    SUPPORT_CONTACT_METHOD_VISIT: _ClassVar[SupportContactMethod]
    SUPPORT_CONTACT_METHOD_LETTER: _ClassVar[SupportContactMethod]
    SUPPORT_CONTACT_METHOD_TEXT: _ClassVar[SupportContactMethod]
    SUPPORT_CONTACT_METHOD_EMAIL: _ClassVar[SupportContactMethod]
SUPPORT_CONTACT_METHOD_UNSPECIFIED: SupportContactMethod
SUPPORT_CONTACT_METHOD_PHONE: SupportContactMethod
SUPPORT_CONTACT_METHOD_VISIT: SupportContactMethod
SUPPORT_CONTACT_METHOD_LETTER: SupportContactMethod
SUPPORT_CONTACT_METHOD_TEXT: SupportContactMethod
SUPPORT_CONTACT_METHOD_EMAIL: SupportContactMethod

class ReceiveReferralRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "subject", "consent", "referring_agency", "other_source", "received_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    REFERRING_AGENCY_FIELD_NUMBER: _ClassVar[int]
    OTHER_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    subject: _agency_case_pb2.SubjectIdentity
    consent: _agency_case_pb2.Consent
    referring_agency: _vocabulary_pb2.AgencyKind
    other_source: _case_events_pb2.ReferralSource
    received_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., subject: _Optional[_Union[_agency_case_pb2.SubjectIdentity, _Mapping]] = ..., consent: _Optional[_Union[_agency_case_pb2.Consent, _Mapping]] = ..., referring_agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., other_source: _Optional[_Union[_case_events_pb2.ReferralSource, str]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReceiveReferralResponse(_message.Message):
    __slots__ = ("case_reference", "subject_key")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    subject_key: str
    def __init__(self, case_reference: _Optional[str] = ..., subject_key: _Optional[str] = ...) -> None: ...

class AssessNeedsRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "needs", "risk_level")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    NEEDS_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    needs: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    risk_level: _vocabulary_pb2.RiskLevel
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., needs: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ...) -> None: ...

class AssessNeedsResponse(_message.Message):
    __slots__ = ("needs", "risk_level", "assessed_at")
    NEEDS_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ASSESSED_AT_FIELD_NUMBER: _ClassVar[int]
    needs: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    risk_level: _vocabulary_pb2.RiskLevel
    assessed_at: _timestamp_pb2.Timestamp
    def __init__(self, needs: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., assessed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AgreeSupportPlanRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "areas", "review_due_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    AREAS_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    areas: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    review_due_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., areas: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., review_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AgreeSupportPlanResponse(_message.Message):
    __slots__ = ("plan_id",)
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    def __init__(self, plan_id: _Optional[str] = ...) -> None: ...

class EndSupportPlanRequest(_message.Message):
    __slots__ = ("request_id", "case_reference")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ...) -> None: ...

class EndSupportPlanResponse(_message.Message):
    __slots__ = ("plan_id", "ended_at")
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    ended_at: _timestamp_pb2.Timestamp
    def __init__(self, plan_id: _Optional[str] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordSupportContactRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "contacted_at", "method", "notes")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    CONTACTED_AT_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    contacted_at: _timestamp_pb2.Timestamp
    method: SupportContactMethod
    notes: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., contacted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., method: _Optional[_Union[SupportContactMethod, str]] = ..., notes: _Optional[str] = ...) -> None: ...

class RecordSupportContactResponse(_message.Message):
    __slots__ = ("contact_id",)
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    contact_id: str
    def __init__(self, contact_id: _Optional[str] = ...) -> None: ...

class ListSupportContactsRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSupportContactsResponse(_message.Message):
    __slots__ = ("contacts", "next_page_token")
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    contacts: _containers.RepeatedCompositeFieldContainer[SupportContact]
    next_page_token: str
    def __init__(self, contacts: _Optional[_Iterable[_Union[SupportContact, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SupportContact(_message.Message):
    __slots__ = ("contact_id", "contacted_at", "method", "notes")
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACTED_AT_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    contact_id: str
    contacted_at: _timestamp_pb2.Timestamp
    method: SupportContactMethod
    notes: str
    def __init__(self, contact_id: _Optional[str] = ..., contacted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., method: _Optional[_Union[SupportContactMethod, str]] = ..., notes: _Optional[str] = ...) -> None: ...

class GetSupportCaseRequest(_message.Message):
    __slots__ = ("case_reference",)
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    def __init__(self, case_reference: _Optional[str] = ...) -> None: ...

class GetSupportCaseResponse(_message.Message):
    __slots__ = ("case_reference", "referral", "needs", "plan", "contact_count")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    NEEDS_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    CONTACT_COUNT_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    referral: ReceivedReferral
    needs: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    plan: SupportPlan
    contact_count: int
    def __init__(self, case_reference: _Optional[str] = ..., referral: _Optional[_Union[ReceivedReferral, _Mapping]] = ..., needs: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., plan: _Optional[_Union[SupportPlan, _Mapping]] = ..., contact_count: _Optional[int] = ...) -> None: ...

class ReceivedReferral(_message.Message):
    __slots__ = ("referring_agency", "other_source", "received_at")
    REFERRING_AGENCY_FIELD_NUMBER: _ClassVar[int]
    OTHER_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    referring_agency: _vocabulary_pb2.AgencyKind
    other_source: _case_events_pb2.ReferralSource
    received_at: _timestamp_pb2.Timestamp
    def __init__(self, referring_agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., other_source: _Optional[_Union[_case_events_pb2.ReferralSource, str]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SupportPlan(_message.Message):
    __slots__ = ("plan_id", "areas", "review_due_at", "open")
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    AREAS_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    areas: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    review_due_at: _timestamp_pb2.Timestamp
    open: bool
    def __init__(self, plan_id: _Optional[str] = ..., areas: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., review_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., open: _Optional[bool] = ...) -> None: ...
