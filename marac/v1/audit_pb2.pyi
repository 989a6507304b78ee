import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import access_log_pb2 as _access_log_pb2
from marac.v1 import case_events_pb2 as _case_events_pb2
from marac.v1 import disclosure_pb2 as _disclosure_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OverrideState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OVERRIDE_STATE_UNSPECIFIED: _ClassVar[OverrideState]
    OVERRIDE_STATE_IN_FORCE: _ClassVar[OverrideState]
    OVERRIDE_STATE_EXPIRED: _ClassVar[OverrideState]
    OVERRIDE_STATE_REVOKED: _ClassVar[OverrideState]
OVERRIDE_STATE_UNSPECIFIED: OverrideState
OVERRIDE_STATE_IN_FORCE: OverrideState
OVERRIDE_STATE_EXPIRED: OverrideState
OVERRIDE_STATE_REVOKED: OverrideState

class VerifyRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyResponse(_message.Message):
    __slots__ = ("ok", "entries_verified", "checkpoints", "first_broken_position", "problem", "payloads_removed")
    OK_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINTS_FIELD_NUMBER: _ClassVar[int]
    FIRST_BROKEN_POSITION_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    PAYLOADS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    ok: bool
    entries_verified: int
    checkpoints: int
    first_broken_position: int
    problem: str
    payloads_removed: int
    def __init__(self, ok: _Optional[bool] = ..., entries_verified: _Optional[int] = ..., checkpoints: _Optional[int] = ..., first_broken_position: _Optional[int] = ..., problem: _Optional[str] = ..., payloads_removed: _Optional[int] = ...) -> None: ...

class Checkpoint(_message.Message):
    __slots__ = ("entry_count", "head_hash", "signed_at", "key_id", "signature")
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    entry_count: int
    head_hash: bytes
    signed_at: _timestamp_pb2.Timestamp
    key_id: str
    signature: bytes
    def __init__(self, entry_count: _Optional[int] = ..., head_hash: _Optional[bytes] = ..., signed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., key_id: _Optional[str] = ..., signature: _Optional[bytes] = ...) -> None: ...

class SignCheckpointRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SignCheckpointResponse(_message.Message):
    __slots__ = ("checkpoint",)
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    checkpoint: Checkpoint
    def __init__(self, checkpoint: _Optional[_Union[Checkpoint, _Mapping]] = ...) -> None: ...

class GetHeadRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetHeadResponse(_message.Message):
    __slots__ = ("entry_count", "head_hash", "latest_checkpoint", "public_key_pem")
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    LATEST_CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_PEM_FIELD_NUMBER: _ClassVar[int]
    entry_count: int
    head_hash: bytes
    latest_checkpoint: Checkpoint
    public_key_pem: str
    def __init__(self, entry_count: _Optional[int] = ..., head_hash: _Optional[bytes] = ..., latest_checkpoint: _Optional[_Union[Checkpoint, _Mapping]] = ..., public_key_pem: _Optional[str] = ...) -> None: ...

class FindEntriesRequest(_message.Message):
    __slots__ = ("agency_id", "case_reference", "user_id", "until", "page_size", "page_token")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    case_reference: str
    user_id: str
    until: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., user_id: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., **kwargs) -> None: ...

class LedgerEntry(_message.Message):
    __slots__ = ("position", "kind", "recorded_at", "agency_id", "case_reference", "user_id", "event", "method", "decision", "disclosure_id")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    DISCLOSURE_ID_FIELD_NUMBER: _ClassVar[int]
    position: int
    kind: str
    recorded_at: _timestamp_pb2.Timestamp
    agency_id: str
    case_reference: str
    user_id: str
    event: str
    method: str
    decision: _access_log_pb2.AccessDecision
    disclosure_id: str
    def __init__(self, position: _Optional[int] = ..., kind: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., user_id: _Optional[str] = ..., event: _Optional[str] = ..., method: _Optional[str] = ..., decision: _Optional[_Union[_access_log_pb2.AccessDecision, str]] = ..., disclosure_id: _Optional[str] = ...) -> None: ...

class FindEntriesResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LedgerEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[LedgerEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetSubjectHistoryRequest(_message.Message):
    __slots__ = ("agency_id", "case_reference", "handle")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    case_reference: str
    handle: str
    def __init__(self, agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., handle: _Optional[str] = ...) -> None: ...

class GetSubjectAccessReportRequest(_message.Message):
    __slots__ = ("agency_id", "case_reference", "handle")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    case_reference: str
    handle: str
    def __init__(self, agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., handle: _Optional[str] = ...) -> None: ...

class CaseOfSubject(_message.Message):
    __slots__ = ("agency_id", "agency", "case_reference", "first_recorded_at")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    FIRST_RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    agency: _vocabulary_pb2.AgencyKind
    case_reference: str
    first_recorded_at: _timestamp_pb2.Timestamp
    def __init__(self, agency_id: _Optional[str] = ..., agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., case_reference: _Optional[str] = ..., first_recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConsentChangeRecord(_message.Message):
    __slots__ = ("agency_id", "case_reference", "recorded_at", "change", "scopes", "refused_recipients")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    REFUSED_RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    case_reference: str
    recorded_at: _timestamp_pb2.Timestamp
    change: _case_events_pb2.ConsentChange
    scopes: _containers.RepeatedCompositeFieldContainer[_case_events_pb2.ConsentScope]
    refused_recipients: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Recipient]
    def __init__(self, agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., change: _Optional[_Union[_case_events_pb2.ConsentChange, str]] = ..., scopes: _Optional[_Iterable[_Union[_case_events_pb2.ConsentScope, _Mapping]]] = ..., refused_recipients: _Optional[_Iterable[_Union[_vocabulary_pb2.Recipient, str]]] = ...) -> None: ...

class OverrideRecord(_message.Message):
    __slots__ = ("override_id", "agency_id", "case_reference", "basis", "authorising_role", "scopes", "recorded_at", "expires_at", "revoked_at", "state")
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    AUTHORISING_ROLE_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    override_id: str
    agency_id: str
    case_reference: str
    basis: _vocabulary_pb2.LawfulBasis
    authorising_role: _vocabulary_pb2.AuthoriserRole
    scopes: _containers.RepeatedCompositeFieldContainer[_case_events_pb2.ConsentScope]
    recorded_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    state: OverrideState
    def __init__(self, override_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., basis: _Optional[_Union[_vocabulary_pb2.LawfulBasis, str]] = ..., authorising_role: _Optional[_Union[_vocabulary_pb2.AuthoriserRole, str]] = ..., scopes: _Optional[_Iterable[_Union[_case_events_pb2.ConsentScope, _Mapping]]] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[_Union[OverrideState, str]] = ...) -> None: ...

class SubjectHistory(_message.Message):
    __slots__ = ("cases", "disclosures", "consents", "overrides", "refusals", "views")
    CASES_FIELD_NUMBER: _ClassVar[int]
    DISCLOSURES_FIELD_NUMBER: _ClassVar[int]
    CONSENTS_FIELD_NUMBER: _ClassVar[int]
    OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    REFUSALS_FIELD_NUMBER: _ClassVar[int]
    VIEWS_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseOfSubject]
    disclosures: _containers.RepeatedCompositeFieldContainer[_disclosure_pb2.Disclosure]
    consents: _containers.RepeatedCompositeFieldContainer[ConsentChangeRecord]
    overrides: _containers.RepeatedCompositeFieldContainer[OverrideRecord]
    refusals: _containers.RepeatedCompositeFieldContainer[_access_log_pb2.AccessLogEntry]
    views: _containers.RepeatedCompositeFieldContainer[_access_log_pb2.AccessLogEntry]
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseOfSubject, _Mapping]]] = ..., disclosures: _Optional[_Iterable[_Union[_disclosure_pb2.Disclosure, _Mapping]]] = ..., consents: _Optional[_Iterable[_Union[ConsentChangeRecord, _Mapping]]] = ..., overrides: _Optional[_Iterable[_Union[OverrideRecord, _Mapping]]] = ..., refusals: _Optional[_Iterable[_Union[_access_log_pb2.AccessLogEntry, _Mapping]]] = ..., views: _Optional[_Iterable[_Union[_access_log_pb2.AccessLogEntry, _Mapping]]] = ...) -> None: ...

class SubjectAccessReport(_message.Message):
    __slots__ = ("generated_at", "agency_id", "case_reference", "handle", "ledger_entries", "ledger_head", "history")
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    LEDGER_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    LEDGER_HEAD_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    generated_at: _timestamp_pb2.Timestamp
    agency_id: str
    case_reference: str
    handle: str
    ledger_entries: int
    ledger_head: str
    history: SubjectHistory
    def __init__(self, generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., handle: _Optional[str] = ..., ledger_entries: _Optional[int] = ..., ledger_head: _Optional[str] = ..., history: _Optional[_Union[SubjectHistory, _Mapping]] = ...) -> None: ...

class GetSubjectHistoryResponse(_message.Message):
    __slots__ = ("history",)
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    history: SubjectHistory
    def __init__(self, history: _Optional[_Union[SubjectHistory, _Mapping]] = ...) -> None: ...

class GetSubjectAccessReportResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: SubjectAccessReport
    def __init__(self, report: _Optional[_Union[SubjectAccessReport, _Mapping]] = ...) -> None: ...

class ListDisclosuresRequest(_message.Message):
    __slots__ = ("until", "page_size", "page_token")
    FROM_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    until: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., **kwargs) -> None: ...

class ListDisclosuresResponse(_message.Message):
    __slots__ = ("disclosures", "next_page_token")
    DISCLOSURES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    disclosures: _containers.RepeatedCompositeFieldContainer[_disclosure_pb2.Disclosure]
    next_page_token: str
    def __init__(self, disclosures: _Optional[_Iterable[_Union[_disclosure_pb2.Disclosure, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
