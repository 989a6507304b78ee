import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import case_events_pb2 as _case_events_pb2
from marac.v1 import meeting_actions_pb2 as _meeting_actions_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Consent(_message.Message):
    __slots__ = ("scopes", "refused_recipients")
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    REFUSED_RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    scopes: _containers.RepeatedCompositeFieldContainer[_case_events_pb2.ConsentScope]
    refused_recipients: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Recipient]
    def __init__(self, scopes: _Optional[_Iterable[_Union[_case_events_pb2.ConsentScope, _Mapping]]] = ..., refused_recipients: _Optional[_Iterable[_Union[_vocabulary_pb2.Recipient, str]]] = ...) -> None: ...

class SubjectIdentity(_message.Message):
    __slots__ = ("given_name", "family_name", "date_of_birth", "postcode")
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    FAMILY_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_FIELD_NUMBER: _ClassVar[int]
    given_name: str
    family_name: str
    date_of_birth: str
    postcode: str
    def __init__(self, given_name: _Optional[str] = ..., family_name: _Optional[str] = ..., date_of_birth: _Optional[str] = ..., postcode: _Optional[str] = ...) -> None: ...

class OpenCaseRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "subject", "consent")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    subject: SubjectIdentity
    consent: Consent
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., subject: _Optional[_Union[SubjectIdentity, _Mapping]] = ..., consent: _Optional[_Union[Consent, _Mapping]] = ...) -> None: ...

class OpenCaseResponse(_message.Message):
    __slots__ = ("case_reference", "subject_key")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    subject_key: str
    def __init__(self, case_reference: _Optional[str] = ..., subject_key: _Optional[str] = ...) -> None: ...

class RecordIncidentRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "occurred_at", "strands", "classification", "perceived_by", "location_postcode", "narrative")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    CLASSIFICATION_FIELD_NUMBER: _ClassVar[int]
    PERCEIVED_BY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_POSTCODE_FIELD_NUMBER: _ClassVar[int]
    NARRATIVE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    occurred_at: _timestamp_pb2.Timestamp
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    classification: _vocabulary_pb2.HateClassification
    perceived_by: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Perceiver]
    location_postcode: str
    narrative: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., classification: _Optional[_Union[_vocabulary_pb2.HateClassification, str]] = ..., perceived_by: _Optional[_Iterable[_Union[_vocabulary_pb2.Perceiver, str]]] = ..., location_postcode: _Optional[str] = ..., narrative: _Optional[str] = ...) -> None: ...

class RecordIncidentResponse(_message.Message):
    __slots__ = ("incident_id",)
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    def __init__(self, incident_id: _Optional[str] = ...) -> None: ...

class AssessRiskRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "level", "tool", "assessment_tool")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    TOOL_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_TOOL_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    level: _vocabulary_pb2.RiskLevel
    tool: str
    assessment_tool: _vocabulary_pb2.RiskTool
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., tool: _Optional[str] = ..., assessment_tool: _Optional[_Union[_vocabulary_pb2.RiskTool, str]] = ...) -> None: ...

class AssessRiskResponse(_message.Message):
    __slots__ = ("level", "assessment_tool", "assessed_at")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_TOOL_FIELD_NUMBER: _ClassVar[int]
    ASSESSED_AT_FIELD_NUMBER: _ClassVar[int]
    level: _vocabulary_pb2.RiskLevel
    assessment_tool: _vocabulary_pb2.RiskTool
    assessed_at: _timestamp_pb2.Timestamp
    def __init__(self, level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., assessment_tool: _Optional[_Union[_vocabulary_pb2.RiskTool, str]] = ..., assessed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_reference",)
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    def __init__(self, case_reference: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case_reference", "subject_key", "subject", "incidents", "risk_level", "risk_tool", "consent", "overrides", "closed", "outcome", "assessment_tool", "incidents_next_page_token", "incident_count", "overrides_next_page_token", "override_count", "meeting_actions", "meeting_actions_next_page_token", "meeting_action_count")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    RISK_TOOL_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_TOOL_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    OVERRIDES_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_COUNT_FIELD_NUMBER: _ClassVar[int]
    MEETING_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    MEETING_ACTIONS_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MEETING_ACTION_COUNT_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    subject_key: str
    subject: SubjectIdentity
    incidents: _containers.RepeatedCompositeFieldContainer[Incident]
    risk_level: _vocabulary_pb2.RiskLevel
    risk_tool: str
    consent: Consent
    overrides: _containers.RepeatedCompositeFieldContainer[Override]
    closed: bool
    outcome: _vocabulary_pb2.CaseOutcome
    assessment_tool: _vocabulary_pb2.RiskTool
    incidents_next_page_token: str
    incident_count: int
    overrides_next_page_token: str
    override_count: int
    meeting_actions: _containers.RepeatedCompositeFieldContainer[CaseMeetingAction]
    meeting_actions_next_page_token: str
    meeting_action_count: int
    def __init__(self, case_reference: _Optional[str] = ..., subject_key: _Optional[str] = ..., subject: _Optional[_Union[SubjectIdentity, _Mapping]] = ..., incidents: _Optional[_Iterable[_Union[Incident, _Mapping]]] = ..., risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., risk_tool: _Optional[str] = ..., consent: _Optional[_Union[Consent, _Mapping]] = ..., overrides: _Optional[_Iterable[_Union[Override, _Mapping]]] = ..., closed: _Optional[bool] = ..., outcome: _Optional[_Union[_vocabulary_pb2.CaseOutcome, str]] = ..., assessment_tool: _Optional[_Union[_vocabulary_pb2.RiskTool, str]] = ..., incidents_next_page_token: _Optional[str] = ..., incident_count: _Optional[int] = ..., overrides_next_page_token: _Optional[str] = ..., override_count: _Optional[int] = ..., meeting_actions: _Optional[_Iterable[_Union[CaseMeetingAction, _Mapping]]] = ..., meeting_actions_next_page_token: _Optional[str] = ..., meeting_action_count: _Optional[int] = ...) -> None: ...

class CaseMeetingAction(_message.Message):
    __slots__ = ("action_id", "meeting_id", "type", "due_date", "status", "reason", "received_at", "closed_at", "reported_by", "withdrawal_reason")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_REASON_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    meeting_id: str
    type: _meeting_actions_pb2.MeetingActionType
    due_date: str
    status: _meeting_actions_pb2.MeetingActionStatus
    reason: _meeting_actions_pb2.ActionClosureReason
    received_at: _timestamp_pb2.Timestamp
    closed_at: _timestamp_pb2.Timestamp
    reported_by: str
    withdrawal_reason: _meeting_actions_pb2.ActionWithdrawalReason
    def __init__(self, action_id: _Optional[str] = ..., meeting_id: _Optional[str] = ..., type: _Optional[_Union[_meeting_actions_pb2.MeetingActionType, str]] = ..., due_date: _Optional[str] = ..., status: _Optional[_Union[_meeting_actions_pb2.MeetingActionStatus, str]] = ..., reason: _Optional[_Union[_meeting_actions_pb2.ActionClosureReason, str]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reported_by: _Optional[str] = ..., withdrawal_reason: _Optional[_Union[_meeting_actions_pb2.ActionWithdrawalReason, str]] = ...) -> None: ...

class ListMeetingActionsRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMeetingActionsResponse(_message.Message):
    __slots__ = ("meeting_actions", "next_page_token")
    MEETING_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    meeting_actions: _containers.RepeatedCompositeFieldContainer[CaseMeetingAction]
    next_page_token: str
    def __init__(self, meeting_actions: _Optional[_Iterable[_Union[CaseMeetingAction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CompleteMeetingActionRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "action_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    action_id: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., action_id: _Optional[str] = ...) -> None: ...

class CompleteMeetingActionResponse(_message.Message):
    __slots__ = ("meeting_action",)
    MEETING_ACTION_FIELD_NUMBER: _ClassVar[int]
    meeting_action: CaseMeetingAction
    def __init__(self, meeting_action: _Optional[_Union[CaseMeetingAction, _Mapping]] = ...) -> None: ...

class CloseMeetingActionRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "action_id", "status", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    action_id: str
    status: _meeting_actions_pb2.MeetingActionStatus
    reason: _meeting_actions_pb2.ActionClosureReason
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., action_id: _Optional[str] = ..., status: _Optional[_Union[_meeting_actions_pb2.MeetingActionStatus, str]] = ..., reason: _Optional[_Union[_meeting_actions_pb2.ActionClosureReason, str]] = ...) -> None: ...

class CloseMeetingActionResponse(_message.Message):
    __slots__ = ("meeting_action",)
    MEETING_ACTION_FIELD_NUMBER: _ClassVar[int]
    meeting_action: CaseMeetingAction
    def __init__(self, meeting_action: _Optional[_Union[CaseMeetingAction, _Mapping]] = ...) -> None: ...

class ListIncidentsRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListIncidentsResponse(_message.Message):
    __slots__ = ("incidents", "next_page_token")
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    incidents: _containers.RepeatedCompositeFieldContainer[Incident]
    next_page_token: str
    def __init__(self, incidents: _Optional[_Iterable[_Union[Incident, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListOverridesRequest(_message.Message):
    __slots__ = ("case_reference", "page_size", "page_token")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    page_size: int
    page_token: str
    def __init__(self, case_reference: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOverridesResponse(_message.Message):
    __slots__ = ("overrides", "next_page_token")
    OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    overrides: _containers.RepeatedCompositeFieldContainer[Override]
    next_page_token: str
    def __init__(self, overrides: _Optional[_Iterable[_Union[Override, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Override(_message.Message):
    __slots__ = ("override_id", "basis", "scopes", "authoriser", "authoriser_role", "reason", "expires_at", "revoked", "authorising_role")
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    AUTHORISER_FIELD_NUMBER: _ClassVar[int]
    AUTHORISER_ROLE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    AUTHORISING_ROLE_FIELD_NUMBER: _ClassVar[int]
    override_id: str
    basis: _vocabulary_pb2.LawfulBasis
    scopes: _containers.RepeatedCompositeFieldContainer[_case_events_pb2.ConsentScope]
    authoriser: str
    authoriser_role: str
    reason: str
    expires_at: _timestamp_pb2.Timestamp
    revoked: bool
    authorising_role: _vocabulary_pb2.AuthoriserRole
    def __init__(self, override_id: _Optional[str] = ..., basis: _Optional[_Union[_vocabulary_pb2.LawfulBasis, str]] = ..., scopes: _Optional[_Iterable[_Union[_case_events_pb2.ConsentScope, _Mapping]]] = ..., authoriser: _Optional[str] = ..., authoriser_role: _Optional[str] = ..., reason: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked: _Optional[bool] = ..., authorising_role: _Optional[_Union[_vocabulary_pb2.AuthoriserRole, str]] = ...) -> None: ...

class RecordConsentRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "consent")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    consent: Consent
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., consent: _Optional[_Union[Consent, _Mapping]] = ...) -> None: ...

class RecordConsentResponse(_message.Message):
    __slots__ = ("change", "consent")
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    change: _case_events_pb2.ConsentChange
    consent: Consent
    def __init__(self, change: _Optional[_Union[_case_events_pb2.ConsentChange, str]] = ..., consent: _Optional[_Union[Consent, _Mapping]] = ...) -> None: ...

class WithdrawConsentRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "refused_recipients")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REFUSED_RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    refused_recipients: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Recipient]
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., refused_recipients: _Optional[_Iterable[_Union[_vocabulary_pb2.Recipient, str]]] = ...) -> None: ...

class WithdrawConsentResponse(_message.Message):
    __slots__ = ("change", "consent")
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    change: _case_events_pb2.ConsentChange
    consent: Consent
    def __init__(self, change: _Optional[_Union[_case_events_pb2.ConsentChange, str]] = ..., consent: _Optional[_Union[Consent, _Mapping]] = ...) -> None: ...

class RecordOverrideRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "basis", "scopes", "authoriser", "authoriser_role", "reason", "expires_at", "authorising_role")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    AUTHORISER_FIELD_NUMBER: _ClassVar[int]
    AUTHORISER_ROLE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    AUTHORISING_ROLE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    basis: _vocabulary_pb2.LawfulBasis
    scopes: _containers.RepeatedCompositeFieldContainer[_case_events_pb2.ConsentScope]
    authoriser: str
    authoriser_role: str
    reason: str
    expires_at: _timestamp_pb2.Timestamp
    authorising_role: _vocabulary_pb2.AuthoriserRole
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., basis: _Optional[_Union[_vocabulary_pb2.LawfulBasis, str]] = ..., scopes: _Optional[_Iterable[_Union[_case_events_pb2.ConsentScope, _Mapping]]] = ..., authoriser: _Optional[str] = ..., authoriser_role: _Optional[str] = ..., reason: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., authorising_role: _Optional[_Union[_vocabulary_pb2.AuthoriserRole, str]] = ...) -> None: ...

class RecordOverrideResponse(_message.Message):
    __slots__ = ("override_id", "expires_at")
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    override_id: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, override_id: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RevokeOverrideRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "override_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    override_id: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., override_id: _Optional[str] = ...) -> None: ...

class RevokeOverrideResponse(_message.Message):
    __slots__ = ("override_id", "revoked_at")
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    override_id: str
    revoked_at: _timestamp_pb2.Timestamp
    def __init__(self, override_id: _Optional[str] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CloseCaseRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "outcome", "satisfaction")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    outcome: _vocabulary_pb2.CaseOutcome
    satisfaction: int
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., outcome: _Optional[_Union[_vocabulary_pb2.CaseOutcome, str]] = ..., satisfaction: _Optional[int] = ...) -> None: ...

class CloseCaseResponse(_message.Message):
    __slots__ = ("outcome", "satisfaction", "closed_at")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    outcome: _vocabulary_pb2.CaseOutcome
    satisfaction: int
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, outcome: _Optional[_Union[_vocabulary_pb2.CaseOutcome, str]] = ..., satisfaction: _Optional[int] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EraseCaseRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    reason: _vocabulary_pb2.ErasureReason
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., reason: _Optional[_Union[_vocabulary_pb2.ErasureReason, str]] = ...) -> None: ...

class EraseCaseResponse(_message.Message):
    __slots__ = ("case_reference", "reason", "erased_at")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ERASED_AT_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    reason: _vocabulary_pb2.ErasureReason
    erased_at: _timestamp_pb2.Timestamp
    def __init__(self, case_reference: _Optional[str] = ..., reason: _Optional[_Union[_vocabulary_pb2.ErasureReason, str]] = ..., erased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Incident(_message.Message):
    __slots__ = ("incident_id", "occurred_at", "strands", "classification", "perceived_by", "location_postcode", "narrative")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    CLASSIFICATION_FIELD_NUMBER: _ClassVar[int]
    PERCEIVED_BY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_POSTCODE_FIELD_NUMBER: _ClassVar[int]
    NARRATIVE_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    occurred_at: _timestamp_pb2.Timestamp
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    classification: _vocabulary_pb2.HateClassification
    perceived_by: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Perceiver]
    location_postcode: str
    narrative: str
    def __init__(self, incident_id: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., classification: _Optional[_Union[_vocabulary_pb2.HateClassification, str]] = ..., perceived_by: _Optional[_Iterable[_Union[_vocabulary_pb2.Perceiver, str]]] = ..., location_postcode: _Optional[str] = ..., narrative: _Optional[str] = ...) -> None: ...

class ReferToMaracRequest(_message.Message):
    __slots__ = ("request_id", "case_reference", "ground", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    GROUND_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_reference: str
    ground: _case_events_pb2.MaracReferralGround
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., ground: _Optional[_Union[_case_events_pb2.MaracReferralGround, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class ReferToMaracResponse(_message.Message):
    __slots__ = ("ground", "referred_at")
    GROUND_FIELD_NUMBER: _ClassVar[int]
    REFERRED_AT_FIELD_NUMBER: _ClassVar[int]
    ground: _case_events_pb2.MaracReferralGround
    referred_at: _timestamp_pb2.Timestamp
    def __init__(self, ground: _Optional[_Union[_case_events_pb2.MaracReferralGround, str]] = ..., referred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("state", "updated_after", "page_size", "page_token")
    STATE_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    state: _vocabulary_pb2.CaseState
    updated_after: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, state: _Optional[_Union[_vocabulary_pb2.CaseState, str]] = ..., updated_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CaseSummary(_message.Message):
    __slots__ = ("case_reference", "subject_key", "state", "opened_at", "updated_at")
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    case_reference: str
    subject_key: str
    state: _vocabulary_pb2.CaseState
    opened_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, case_reference: _Optional[str] = ..., subject_key: _Optional[str] = ..., state: _Optional[_Union[_vocabulary_pb2.CaseState, str]] = ..., opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
