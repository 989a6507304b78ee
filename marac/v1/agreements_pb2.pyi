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

class AgreementEndReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AGREEMENT_END_REASON_UNSPECIFIED: _ClassVar[AgreementEndReason]
    AGREEMENT_END_REASON_SUPERSEDED: _ClassVar[AgreementEndReason]
    AGREEMENT_END_REASON_PARTY_WITHDREW: _ClassVar[AgreementEndReason]
    AGREEMENT_END_REASON_REVIEW_FOUND_IT_UNNEEDED: _ClassVar[AgreementEndReason]
    AGREEMENT_END_REASON_BREACH: _ClassVar[AgreementEndReason]
    AGREEMENT_END_REASON_RECORDED_IN_ERROR: _ClassVar[AgreementEndReason]
AGREEMENT_END_REASON_UNSPECIFIED: AgreementEndReason
AGREEMENT_END_REASON_SUPERSEDED: AgreementEndReason
AGREEMENT_END_REASON_PARTY_WITHDREW: AgreementEndReason
AGREEMENT_END_REASON_REVIEW_FOUND_IT_UNNEEDED: AgreementEndReason
AGREEMENT_END_REASON_BREACH: AgreementEndReason
AGREEMENT_END_REASON_RECORDED_IN_ERROR: AgreementEndReason

class AgreementParty(_message.Message):
    __slots__ = ("agency_id", "agency")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    agency: _vocabulary_pb2.AgencyKind
    def __init__(self, agency_id: _Optional[str] = ..., agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ...) -> None: ...

class Agreement(_message.Message):
    __slots__ = ("agreement_id", "title", "parties", "marac_panel", "purposes", "categories", "lawful_bases", "starts_at", "review_date", "ends_at", "ended_at", "end_reason", "recorded_by", "ended_by")
    AGREEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PARTIES_FIELD_NUMBER: _ClassVar[int]
    MARAC_PANEL_FIELD_NUMBER: _ClassVar[int]
    PURPOSES_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    LAWFUL_BASES_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DATE_FIELD_NUMBER: _ClassVar[int]
    ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    END_REASON_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    ENDED_BY_FIELD_NUMBER: _ClassVar[int]
    agreement_id: str
    title: str
    parties: _containers.RepeatedCompositeFieldContainer[AgreementParty]
    marac_panel: bool
    purposes: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Purpose]
    categories: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SharedCategory]
    lawful_bases: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.LawfulBasis]
    starts_at: _timestamp_pb2.Timestamp
    review_date: str
    ends_at: _timestamp_pb2.Timestamp
    ended_at: _timestamp_pb2.Timestamp
    end_reason: AgreementEndReason
    recorded_by: str
    ended_by: str
    def __init__(self, agreement_id: _Optional[str] = ..., title: _Optional[str] = ..., parties: _Optional[_Iterable[_Union[AgreementParty, _Mapping]]] = ..., marac_panel: _Optional[bool] = ..., purposes: _Optional[_Iterable[_Union[_vocabulary_pb2.Purpose, str]]] = ..., categories: _Optional[_Iterable[_Union[_vocabulary_pb2.SharedCategory, str]]] = ..., lawful_bases: _Optional[_Iterable[_Union[_vocabulary_pb2.LawfulBasis, str]]] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., review_date: _Optional[str] = ..., ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_reason: _Optional[_Union[AgreementEndReason, str]] = ..., recorded_by: _Optional[str] = ..., ended_by: _Optional[str] = ...) -> None: ...

class RecordAgreementRequest(_message.Message):
    __slots__ = ("request_id", "title", "parties", "marac_panel", "purposes", "categories", "lawful_bases", "starts_at", "review_date", "ends_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PARTIES_FIELD_NUMBER: _ClassVar[int]
    MARAC_PANEL_FIELD_NUMBER: _ClassVar[int]
    PURPOSES_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    LAWFUL_BASES_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DATE_FIELD_NUMBER: _ClassVar[int]
    ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    title: str
    parties: _containers.RepeatedCompositeFieldContainer[AgreementParty]
    marac_panel: bool
    purposes: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Purpose]
    categories: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SharedCategory]
    lawful_bases: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.LawfulBasis]
    starts_at: _timestamp_pb2.Timestamp
    review_date: str
    ends_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., title: _Optional[str] = ..., parties: _Optional[_Iterable[_Union[AgreementParty, _Mapping]]] = ..., marac_panel: _Optional[bool] = ..., purposes: _Optional[_Iterable[_Union[_vocabulary_pb2.Purpose, str]]] = ..., categories: _Optional[_Iterable[_Union[_vocabulary_pb2.SharedCategory, str]]] = ..., lawful_bases: _Optional[_Iterable[_Union[_vocabulary_pb2.LawfulBasis, str]]] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., review_date: _Optional[str] = ..., ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordAgreementResponse(_message.Message):
    __slots__ = ("agreement",)
    AGREEMENT_FIELD_NUMBER: _ClassVar[int]
    agreement: Agreement
    def __init__(self, agreement: _Optional[_Union[Agreement, _Mapping]] = ...) -> None: ...

class EndAgreementRequest(_message.Message):
    __slots__ = ("request_id", "agreement_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    agreement_id: str
    reason: AgreementEndReason
    def __init__(self, request_id: _Optional[str] = ..., agreement_id: _Optional[str] = ..., reason: _Optional[_Union[AgreementEndReason, str]] = ...) -> None: ...

class EndAgreementResponse(_message.Message):
    __slots__ = ("agreement",)
    AGREEMENT_FIELD_NUMBER: _ClassVar[int]
    agreement: Agreement
    def __init__(self, agreement: _Optional[_Union[Agreement, _Mapping]] = ...) -> None: ...

class ListAgreementsRequest(_message.Message):
    __slots__ = ("review_due_by", "page_size", "page_token")
    REVIEW_DUE_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    review_due_by: str
    page_size: int
    page_token: str
    def __init__(self, review_due_by: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAgreementsResponse(_message.Message):
    __slots__ = ("agreements", "next_page_token")
    AGREEMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agreements: _containers.RepeatedCompositeFieldContainer[Agreement]
    next_page_token: str
    def __init__(self, agreements: _Optional[_Iterable[_Union[Agreement, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAgreementRequest(_message.Message):
    __slots__ = ("agreement_id",)
    AGREEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    agreement_id: str
    def __init__(self, agreement_id: _Optional[str] = ...) -> None: ...

class GetAgreementResponse(_message.Message):
    __slots__ = ("agreement",)
    AGREEMENT_FIELD_NUMBER: _ClassVar[int]
    agreement: Agreement
    def __init__(self, agreement: _Optional[_Union[Agreement, _Mapping]] = ...) -> None: ...

class AgreementChanged(_message.Message):
    __slots__ = ("message_id", "sequence", "agreement")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    sequence: int
    agreement: Agreement
    def __init__(self, message_id: _Optional[str] = ..., sequence: _Optional[int] = ..., agreement: _Optional[_Union[Agreement, _Mapping]] = ...) -> None: ...
