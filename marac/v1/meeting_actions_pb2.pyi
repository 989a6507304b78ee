import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MeetingActionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEETING_ACTION_TYPE_UNSPECIFIED: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_SAFETY_PLAN: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_TARGET_HARDENING: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_SUPPORT_REFERRAL: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_JOINT_VISIT: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_WELFARE_CHECK: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_ADDRESS_MARKER: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_ENFORCEMENT_REVIEW: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_HOUSING_REVIEW: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_ADVOCACY: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_RECORDS_CHECK: _ClassVar[MeetingActionType]
    MEETING_ACTION_TYPE_PATROLS: _ClassVar[MeetingActionType]

class MeetingActionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEETING_ACTION_STATUS_UNSPECIFIED: _ClassVar[MeetingActionStatus]
    MEETING_ACTION_STATUS_OPEN: _ClassVar[MeetingActionStatus]
    MEETING_ACTION_STATUS_DONE: _ClassVar[MeetingActionStatus]
    MEETING_ACTION_STATUS_NOT_POSSIBLE: _ClassVar[MeetingActionStatus]
    MEETING_ACTION_STATUS_NO_LONGER_NEEDED: _ClassVar[MeetingActionStatus]
    MEETING_ACTION_STATUS_WITHDRAWN: _ClassVar[MeetingActionStatus]

class ActionClosureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTION_CLOSURE_REASON_UNSPECIFIED: _ClassVar[ActionClosureReason]
    ACTION_CLOSURE_REASON_VICTIM_DECLINED: _ClassVar[ActionClosureReason]
    ACTION_CLOSURE_REASON_VICTIM_NOT_REACHED: _ClassVar[ActionClosureReason]
    ACTION_CLOSURE_REASON_OUTSIDE_AGENCY_REMIT: _ClassVar[ActionClosureReason]
    ACTION_CLOSURE_REASON_VICTIM_MOVED: _ClassVar[ActionClosureReason]
    ACTION_CLOSURE_REASON_RISK_REDUCED: _ClassVar[ActionClosureReason]
    ACTION_CLOSURE_REASON_DONE_BY_ANOTHER_AGENCY: _ClassVar[ActionClosureReason]
    ACTION_CLOSURE_REASON_CASE_CLOSED: _ClassVar[ActionClosureReason]

class ActionWithdrawalReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTION_WITHDRAWAL_REASON_UNSPECIFIED: _ClassVar[ActionWithdrawalReason]
    ACTION_WITHDRAWAL_REASON_AGREED_IN_ERROR: _ClassVar[ActionWithdrawalReason]
    ACTION_WITHDRAWAL_REASON_DUPLICATE: _ClassVar[ActionWithdrawalReason]
    ACTION_WITHDRAWAL_REASON_SUPERSEDED: _ClassVar[ActionWithdrawalReason]
    ACTION_WITHDRAWAL_REASON_NO_LONGER_NEEDED: _ClassVar[ActionWithdrawalReason]
    ACTION_WITHDRAWAL_REASON_REASSIGNED: _ClassVar[ActionWithdrawalReason]
MEETING_ACTION_TYPE_UNSPECIFIED: MeetingActionType
MEETING_ACTION_TYPE_SAFETY_PLAN: MeetingActionType
MEETING_ACTION_TYPE_TARGET_HARDENING: MeetingActionType
MEETING_ACTION_TYPE_SUPPORT_REFERRAL: MeetingActionType
MEETING_ACTION_TYPE_JOINT_VISIT: MeetingActionType
MEETING_ACTION_TYPE_WELFARE_CHECK: MeetingActionType
MEETING_ACTION_TYPE_ADDRESS_MARKER: MeetingActionType
MEETING_ACTION_TYPE_ENFORCEMENT_REVIEW: MeetingActionType
MEETING_ACTION_TYPE_HOUSING_REVIEW: MeetingActionType
MEETING_ACTION_TYPE_ADVOCACY: MeetingActionType
MEETING_ACTION_TYPE_RECORDS_CHECK: MeetingActionType
MEETING_ACTION_TYPE_PATROLS: MeetingActionType
MEETING_ACTION_STATUS_UNSPECIFIED: MeetingActionStatus
MEETING_ACTION_STATUS_OPEN: MeetingActionStatus
MEETING_ACTION_STATUS_DONE: MeetingActionStatus
MEETING_ACTION_STATUS_NOT_POSSIBLE: MeetingActionStatus
MEETING_ACTION_STATUS_NO_LONGER_NEEDED: MeetingActionStatus
MEETING_ACTION_STATUS_WITHDRAWN: MeetingActionStatus
ACTION_CLOSURE_REASON_UNSPECIFIED: ActionClosureReason
ACTION_CLOSURE_REASON_VICTIM_DECLINED: ActionClosureReason
ACTION_CLOSURE_REASON_VICTIM_NOT_REACHED: ActionClosureReason
ACTION_CLOSURE_REASON_OUTSIDE_AGENCY_REMIT: ActionClosureReason
ACTION_CLOSURE_REASON_VICTIM_MOVED: ActionClosureReason
ACTION_CLOSURE_REASON_RISK_REDUCED: ActionClosureReason
ACTION_CLOSURE_REASON_DONE_BY_ANOTHER_AGENCY: ActionClosureReason
ACTION_CLOSURE_REASON_CASE_CLOSED: ActionClosureReason
ACTION_WITHDRAWAL_REASON_UNSPECIFIED: ActionWithdrawalReason
ACTION_WITHDRAWAL_REASON_AGREED_IN_ERROR: ActionWithdrawalReason
ACTION_WITHDRAWAL_REASON_DUPLICATE: ActionWithdrawalReason
ACTION_WITHDRAWAL_REASON_SUPERSEDED: ActionWithdrawalReason
ACTION_WITHDRAWAL_REASON_NO_LONGER_NEEDED: ActionWithdrawalReason
ACTION_WITHDRAWAL_REASON_REASSIGNED: ActionWithdrawalReason

class MeetingActionMessage(_message.Message):
    __slots__ = ("message_id", "action_id", "meeting_id", "agency_id", "case_reference", "sent_at", "assigned", "reported", "withdrawn")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    REPORTED_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    action_id: str
    meeting_id: str
    agency_id: str
    case_reference: str
    sent_at: _timestamp_pb2.Timestamp
    assigned: ActionAssigned
    reported: ActionReported
    withdrawn: ActionWithdrawn
    def __init__(self, message_id: _Optional[str] = ..., action_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assigned: _Optional[_Union[ActionAssigned, _Mapping]] = ..., reported: _Optional[_Union[ActionReported, _Mapping]] = ..., withdrawn: _Optional[_Union[ActionWithdrawn, _Mapping]] = ...) -> None: ...

class ActionAssigned(_message.Message):
    __slots__ = ("type", "due_date")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    type: MeetingActionType
    due_date: str
    def __init__(self, type: _Optional[_Union[MeetingActionType, str]] = ..., due_date: _Optional[str] = ...) -> None: ...

class ActionReported(_message.Message):
    __slots__ = ("status", "reason", "reported_by")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    status: MeetingActionStatus
    reason: ActionClosureReason
    reported_by: str
    def __init__(self, status: _Optional[_Union[MeetingActionStatus, str]] = ..., reason: _Optional[_Union[ActionClosureReason, str]] = ..., reported_by: _Optional[str] = ...) -> None: ...

class ActionWithdrawn(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: ActionWithdrawalReason
    def __init__(self, reason: _Optional[_Union[ActionWithdrawalReason, str]] = ...) -> None: ...

class MeetingActionUpdate(_message.Message):
    __slots__ = ("action_id", "meeting_id", "agency_id", "case_reference", "status", "reason", "changed_at", "source_sequence")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    meeting_id: str
    agency_id: str
    case_reference: str
    status: MeetingActionStatus
    reason: ActionClosureReason
    changed_at: _timestamp_pb2.Timestamp
    source_sequence: int
    def __init__(self, action_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., status: _Optional[_Union[MeetingActionStatus, str]] = ..., reason: _Optional[_Union[ActionClosureReason, str]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source_sequence: _Optional[int] = ...) -> None: ...
