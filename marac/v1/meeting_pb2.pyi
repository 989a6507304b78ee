import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import meeting_actions_pb2 as _meeting_actions_pb2
from marac.v1 import riskview_pb2 as _riskview_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MeetingStage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEETING_STAGE_UNSPECIFIED: _ClassVar[MeetingStage]
    MEETING_STAGE_SCHEDULED: _ClassVar[MeetingStage]
    MEETING_STAGE_AGENDA_CLOSED: _ClassVar[MeetingStage]
    MEETING_STAGE_IN_PROGRESS: _ClassVar[MeetingStage]
    MEETING_STAGE_CLOSED: _ClassVar[MeetingStage]

class ItemSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ITEM_SOURCE_UNSPECIFIED: _ClassVar[ItemSource]
    ITEM_SOURCE_ELIGIBLE: _ClassVar[ItemSource]
    ITEM_SOURCE_CHAIR_ADDITION: _ClassVar[ItemSource]
    ITEM_SOURCE_DEFERRED: _ClassVar[ItemSource]

class AdditionReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ADDITION_REASON_UNSPECIFIED: _ClassVar[AdditionReason]
    ADDITION_REASON_LATE_REFERRAL: _ClassVar[AdditionReason]
    ADDITION_REASON_ESCALATION_SINCE_CUTOFF: _ClassVar[AdditionReason]
    ADDITION_REASON_ACTION_REVIEW: _ClassVar[AdditionReason]
    ADDITION_REASON_LOCAL_THRESHOLD: _ClassVar[AdditionReason]

class DeferralReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DEFERRAL_REASON_UNSPECIFIED: _ClassVar[DeferralReason]
    DEFERRAL_REASON_REFERRER_ABSENT: _ClassVar[DeferralReason]
    DEFERRAL_REASON_OUT_OF_TIME: _ClassVar[DeferralReason]
    DEFERRAL_REASON_RESEARCH_OUTSTANDING: _ClassVar[DeferralReason]
    DEFERRAL_REASON_NOT_DISCUSSED: _ClassVar[DeferralReason]

class AttendanceStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ATTENDANCE_STATUS_UNSPECIFIED: _ClassVar[AttendanceStatus]
    ATTENDANCE_STATUS_PRESENT: _ClassVar[AttendanceStatus]
    ATTENDANCE_STATUS_APOLOGIES_BRIEFED: _ClassVar[AttendanceStatus]
    ATTENDANCE_STATUS_APOLOGIES: _ClassVar[AttendanceStatus]
    ATTENDANCE_STATUS_ABSENT: _ClassVar[AttendanceStatus]

class ItemDecision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ITEM_DECISION_UNSPECIFIED: _ClassVar[ItemDecision]
    ITEM_DECISION_ACTIONS_AGREED: _ClassVar[ItemDecision]
    ITEM_DECISION_NO_FURTHER_ACTION: _ClassVar[ItemDecision]
    ITEM_DECISION_REVIEW_AT_NEXT_MEETING: _ClassVar[ItemDecision]
MEETING_STAGE_UNSPECIFIED: MeetingStage
MEETING_STAGE_SCHEDULED: MeetingStage
MEETING_STAGE_AGENDA_CLOSED: MeetingStage
MEETING_STAGE_IN_PROGRESS: MeetingStage
MEETING_STAGE_CLOSED: MeetingStage
ITEM_SOURCE_UNSPECIFIED: ItemSource
ITEM_SOURCE_ELIGIBLE: ItemSource
ITEM_SOURCE_CHAIR_ADDITION: ItemSource
ITEM_SOURCE_DEFERRED: ItemSource
ADDITION_REASON_UNSPECIFIED: AdditionReason
ADDITION_REASON_LATE_REFERRAL: AdditionReason
ADDITION_REASON_ESCALATION_SINCE_CUTOFF: AdditionReason
ADDITION_REASON_ACTION_REVIEW: AdditionReason
ADDITION_REASON_LOCAL_THRESHOLD: AdditionReason
DEFERRAL_REASON_UNSPECIFIED: DeferralReason
DEFERRAL_REASON_REFERRER_ABSENT: DeferralReason
DEFERRAL_REASON_OUT_OF_TIME: DeferralReason
DEFERRAL_REASON_RESEARCH_OUTSTANDING: DeferralReason
DEFERRAL_REASON_NOT_DISCUSSED: DeferralReason
ATTENDANCE_STATUS_UNSPECIFIED: AttendanceStatus
ATTENDANCE_STATUS_PRESENT: AttendanceStatus
ATTENDANCE_STATUS_APOLOGIES_BRIEFED: AttendanceStatus
ATTENDANCE_STATUS_APOLOGIES: AttendanceStatus
ATTENDANCE_STATUS_ABSENT: AttendanceStatus
ITEM_DECISION_UNSPECIFIED: ItemDecision
ITEM_DECISION_ACTIONS_AGREED: ItemDecision
ITEM_DECISION_NO_FURTHER_ACTION: ItemDecision
ITEM_DECISION_REVIEW_AT_NEXT_MEETING: ItemDecision

class Meeting(_message.Message):
    __slots__ = ("meeting_id", "date", "area", "chair", "agenda_cutoff", "stage", "agenda_closed_at", "items", "attendance", "overdue_actions", "closed_at", "minutes_per_item", "agencies")
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    CHAIR_FIELD_NUMBER: _ClassVar[int]
    AGENDA_CUTOFF_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    AGENDA_CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ATTENDANCE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    MINUTES_PER_ITEM_FIELD_NUMBER: _ClassVar[int]
    AGENCIES_FIELD_NUMBER: _ClassVar[int]
    meeting_id: str
    date: str
    area: str
    chair: str
    agenda_cutoff: _timestamp_pb2.Timestamp
    stage: MeetingStage
    agenda_closed_at: _timestamp_pb2.Timestamp
    items: _containers.RepeatedCompositeFieldContainer[MeetingItem]
    attendance: _containers.RepeatedCompositeFieldContainer[Attendance]
    overdue_actions: _containers.RepeatedCompositeFieldContainer[Action]
    closed_at: _timestamp_pb2.Timestamp
    minutes_per_item: int
    agencies: _containers.RepeatedCompositeFieldContainer[_riskview_pb2.AgencyRef]
    def __init__(self, meeting_id: _Optional[str] = ..., date: _Optional[str] = ..., area: _Optional[str] = ..., chair: _Optional[str] = ..., agenda_cutoff: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stage: _Optional[_Union[MeetingStage, str]] = ..., agenda_closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., items: _Optional[_Iterable[_Union[MeetingItem, _Mapping]]] = ..., attendance: _Optional[_Iterable[_Union[Attendance, _Mapping]]] = ..., overdue_actions: _Optional[_Iterable[_Union[Action, _Mapping]]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., minutes_per_item: _Optional[int] = ..., agencies: _Optional[_Iterable[_Union[_riskview_pb2.AgencyRef, _Mapping]]] = ...) -> None: ...

class MeetingItem(_message.Message):
    __slots__ = ("handle", "source", "addition_reason", "deferred_from", "rules", "risk_level_at_cutoff", "incident_count_at_cutoff", "repeat", "researched_by", "discussed", "minutes_discussed", "risk_after_discussion", "decision", "deferred", "deferral_reason", "actions", "referring_agencies")
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    ADDITION_REASON_FIELD_NUMBER: _ClassVar[int]
    DEFERRED_FROM_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_AT_CUTOFF_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_COUNT_AT_CUTOFF_FIELD_NUMBER: _ClassVar[int]
    REPEAT_FIELD_NUMBER: _ClassVar[int]
    RESEARCHED_BY_FIELD_NUMBER: _ClassVar[int]
    DISCUSSED_FIELD_NUMBER: _ClassVar[int]
    MINUTES_DISCUSSED_FIELD_NUMBER: _ClassVar[int]
    RISK_AFTER_DISCUSSION_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    DEFERRED_FIELD_NUMBER: _ClassVar[int]
    DEFERRAL_REASON_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    REFERRING_AGENCIES_FIELD_NUMBER: _ClassVar[int]
    handle: str
    source: ItemSource
    addition_reason: AdditionReason
    deferred_from: str
    rules: _containers.RepeatedScalarFieldContainer[_riskview_pb2.EligibilityRule]
    risk_level_at_cutoff: _vocabulary_pb2.RiskLevel
    incident_count_at_cutoff: int
    repeat: bool
    researched_by: _containers.RepeatedScalarFieldContainer[str]
    discussed: bool
    minutes_discussed: int
    risk_after_discussion: _vocabulary_pb2.RiskLevel
    decision: ItemDecision
    deferred: bool
    deferral_reason: DeferralReason
    actions: _containers.RepeatedCompositeFieldContainer[Action]
    referring_agencies: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, handle: _Optional[str] = ..., source: _Optional[_Union[ItemSource, str]] = ..., addition_reason: _Optional[_Union[AdditionReason, str]] = ..., deferred_from: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[_riskview_pb2.EligibilityRule, str]]] = ..., risk_level_at_cutoff: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., incident_count_at_cutoff: _Optional[int] = ..., repeat: _Optional[bool] = ..., researched_by: _Optional[_Iterable[str]] = ..., discussed: _Optional[bool] = ..., minutes_discussed: _Optional[int] = ..., risk_after_discussion: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., decision: _Optional[_Union[ItemDecision, str]] = ..., deferred: _Optional[bool] = ..., deferral_reason: _Optional[_Union[DeferralReason, str]] = ..., actions: _Optional[_Iterable[_Union[Action, _Mapping]]] = ..., referring_agencies: _Optional[_Iterable[str]] = ...) -> None: ...

class Attendance(_message.Message):
    __slots__ = ("agency_id", "agency", "status", "attendee", "acknowledged_confidentiality")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTENDEE_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_CONFIDENTIALITY_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    agency: _vocabulary_pb2.AgencyKind
    status: AttendanceStatus
    attendee: str
    acknowledged_confidentiality: bool
    def __init__(self, agency_id: _Optional[str] = ..., agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., status: _Optional[_Union[AttendanceStatus, str]] = ..., attendee: _Optional[str] = ..., acknowledged_confidentiality: _Optional[bool] = ...) -> None: ...

class Action(_message.Message):
    __slots__ = ("action_id", "meeting_id", "handle", "owner_agency_id", "owner_agency", "case_reference", "type", "due_date", "note", "status", "closure_reason", "recorded_by_agency", "overdue", "report_pending", "changed_at", "withdrawal_reason", "withdrawn_at", "reassigned_to", "reassigned_from")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    OWNER_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_AGENCY_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CLOSURE_REASON_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_AGENCY_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    REPORT_PENDING_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_REASON_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_AT_FIELD_NUMBER: _ClassVar[int]
    REASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    REASSIGNED_FROM_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    meeting_id: str
    handle: str
    owner_agency_id: str
    owner_agency: _vocabulary_pb2.AgencyKind
    case_reference: str
    type: _meeting_actions_pb2.MeetingActionType
    due_date: str
    note: str
    status: _meeting_actions_pb2.MeetingActionStatus
    closure_reason: _meeting_actions_pb2.ActionClosureReason
    recorded_by_agency: bool
    overdue: bool
    report_pending: bool
    changed_at: _timestamp_pb2.Timestamp
    withdrawal_reason: _meeting_actions_pb2.ActionWithdrawalReason
    withdrawn_at: _timestamp_pb2.Timestamp
    reassigned_to: str
    reassigned_from: str
    def __init__(self, action_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., handle: _Optional[str] = ..., owner_agency_id: _Optional[str] = ..., owner_agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., case_reference: _Optional[str] = ..., type: _Optional[_Union[_meeting_actions_pb2.MeetingActionType, str]] = ..., due_date: _Optional[str] = ..., note: _Optional[str] = ..., status: _Optional[_Union[_meeting_actions_pb2.MeetingActionStatus, str]] = ..., closure_reason: _Optional[_Union[_meeting_actions_pb2.ActionClosureReason, str]] = ..., recorded_by_agency: _Optional[bool] = ..., overdue: _Optional[bool] = ..., report_pending: _Optional[bool] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., withdrawal_reason: _Optional[_Union[_meeting_actions_pb2.ActionWithdrawalReason, str]] = ..., withdrawn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reassigned_to: _Optional[str] = ..., reassigned_from: _Optional[str] = ...) -> None: ...

class ScheduleMeetingRequest(_message.Message):
    __slots__ = ("request_id", "date", "area", "agenda_cutoff")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    AGENDA_CUTOFF_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    date: str
    area: str
    agenda_cutoff: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., date: _Optional[str] = ..., area: _Optional[str] = ..., agenda_cutoff: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMeetingsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMeetingsResponse(_message.Message):
    __slots__ = ("meetings", "next_page_token")
    MEETINGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    meetings: _containers.RepeatedCompositeFieldContainer[Meeting]
    next_page_token: str
    def __init__(self, meetings: _Optional[_Iterable[_Union[Meeting, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetMeetingRequest(_message.Message):
    __slots__ = ("meeting_id",)
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    meeting_id: str
    def __init__(self, meeting_id: _Optional[str] = ...) -> None: ...

class CloseAgendaRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ...) -> None: ...

class AddAgendaItemRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id", "reason", "handle", "case")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    reason: AdditionReason
    handle: str
    case: AgencyCase
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., reason: _Optional[_Union[AdditionReason, str]] = ..., handle: _Optional[str] = ..., case: _Optional[_Union[AgencyCase, _Mapping]] = ...) -> None: ...

class AgencyCase(_message.Message):
    __slots__ = ("agency_id", "case_reference")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    case_reference: str
    def __init__(self, agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ...) -> None: ...

class DeferItemRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id", "handle", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    handle: str
    reason: DeferralReason
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., handle: _Optional[str] = ..., reason: _Optional[_Union[DeferralReason, str]] = ...) -> None: ...

class RecordResearchRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id", "handle")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    handle: str
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., handle: _Optional[str] = ...) -> None: ...

class RecordAttendanceRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id", "agency_id", "status", "attendee", "acknowledged_confidentiality")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTENDEE_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_CONFIDENTIALITY_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    agency_id: str
    status: AttendanceStatus
    attendee: str
    acknowledged_confidentiality: bool
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., status: _Optional[_Union[AttendanceStatus, str]] = ..., attendee: _Optional[str] = ..., acknowledged_confidentiality: _Optional[bool] = ...) -> None: ...

class OpenMeetingRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ...) -> None: ...

class RecordDiscussionRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id", "handle", "minutes_discussed", "risk_after_discussion", "decision")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    MINUTES_DISCUSSED_FIELD_NUMBER: _ClassVar[int]
    RISK_AFTER_DISCUSSION_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    handle: str
    minutes_discussed: int
    risk_after_discussion: _vocabulary_pb2.RiskLevel
    decision: ItemDecision
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., handle: _Optional[str] = ..., minutes_discussed: _Optional[int] = ..., risk_after_discussion: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., decision: _Optional[_Union[ItemDecision, str]] = ...) -> None: ...

class AgreeActionRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id", "handle", "owner_agency_id", "type", "due_date", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    OWNER_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    handle: str
    owner_agency_id: str
    type: _meeting_actions_pb2.MeetingActionType
    due_date: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., handle: _Optional[str] = ..., owner_agency_id: _Optional[str] = ..., type: _Optional[_Union[_meeting_actions_pb2.MeetingActionType, str]] = ..., due_date: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class CloseMeetingRequest(_message.Message):
    __slots__ = ("request_id", "meeting_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    meeting_id: str
    def __init__(self, request_id: _Optional[str] = ..., meeting_id: _Optional[str] = ...) -> None: ...

class ListActionsRequest(_message.Message):
    __slots__ = ("meeting_id", "open_only", "page_size", "page_token")
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    meeting_id: str
    open_only: bool
    page_size: int
    page_token: str
    def __init__(self, meeting_id: _Optional[str] = ..., open_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListActionsResponse(_message.Message):
    __slots__ = ("actions", "next_page_token")
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    actions: _containers.RepeatedCompositeFieldContainer[Action]
    next_page_token: str
    def __init__(self, actions: _Optional[_Iterable[_Union[Action, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReportActionRequest(_message.Message):
    __slots__ = ("request_id", "action_id", "status", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    action_id: str
    status: _meeting_actions_pb2.MeetingActionStatus
    reason: _meeting_actions_pb2.ActionClosureReason
    def __init__(self, request_id: _Optional[str] = ..., action_id: _Optional[str] = ..., status: _Optional[_Union[_meeting_actions_pb2.MeetingActionStatus, str]] = ..., reason: _Optional[_Union[_meeting_actions_pb2.ActionClosureReason, str]] = ...) -> None: ...

class WithdrawActionRequest(_message.Message):
    __slots__ = ("request_id", "action_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    action_id: str
    reason: _meeting_actions_pb2.ActionWithdrawalReason
    def __init__(self, request_id: _Optional[str] = ..., action_id: _Optional[str] = ..., reason: _Optional[_Union[_meeting_actions_pb2.ActionWithdrawalReason, str]] = ...) -> None: ...

class ReassignActionRequest(_message.Message):
    __slots__ = ("request_id", "action_id", "owner_agency_id", "due_date")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    action_id: str
    owner_agency_id: str
    due_date: str
    def __init__(self, request_id: _Optional[str] = ..., action_id: _Optional[str] = ..., owner_agency_id: _Optional[str] = ..., due_date: _Optional[str] = ...) -> None: ...

class ListDueForReviewRequest(_message.Message):
    __slots__ = ("area", "page_size", "page_token")
    AREA_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    area: str
    page_size: int
    page_token: str
    def __init__(self, area: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDueForReviewResponse(_message.Message):
    __slots__ = ("subjects", "next_page_token")
    SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    subjects: _containers.RepeatedCompositeFieldContainer[DueForReview]
    next_page_token: str
    def __init__(self, subjects: _Optional[_Iterable[_Union[DueForReview, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DueForReview(_message.Message):
    __slots__ = ("handle", "last_meeting_id", "last_discussed")
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    LAST_MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_DISCUSSED_FIELD_NUMBER: _ClassVar[int]
    handle: str
    last_meeting_id: str
    last_discussed: str
    def __init__(self, handle: _Optional[str] = ..., last_meeting_id: _Optional[str] = ..., last_discussed: _Optional[str] = ...) -> None: ...

class ScheduleMeetingResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class GetMeetingResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class CloseAgendaResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class AddAgendaItemResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class DeferItemResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class RecordResearchResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class RecordAttendanceResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class OpenMeetingResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class RecordDiscussionResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class AgreeActionResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class CloseMeetingResponse(_message.Message):
    __slots__ = ("meeting",)
    MEETING_FIELD_NUMBER: _ClassVar[int]
    meeting: Meeting
    def __init__(self, meeting: _Optional[_Union[Meeting, _Mapping]] = ...) -> None: ...

class ReportActionResponse(_message.Message):
    __slots__ = ("action",)
    ACTION_FIELD_NUMBER: _ClassVar[int]
    action: Action
    def __init__(self, action: _Optional[_Union[Action, _Mapping]] = ...) -> None: ...

class WithdrawActionResponse(_message.Message):
    __slots__ = ("action",)
    ACTION_FIELD_NUMBER: _ClassVar[int]
    action: Action
    def __init__(self, action: _Optional[_Union[Action, _Mapping]] = ...) -> None: ...

class ReassignActionResponse(_message.Message):
    __slots__ = ("withdrawn", "action")
    WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    withdrawn: Action
    action: Action
    def __init__(self, withdrawn: _Optional[_Union[Action, _Mapping]] = ..., action: _Optional[_Union[Action, _Mapping]] = ...) -> None: ...
