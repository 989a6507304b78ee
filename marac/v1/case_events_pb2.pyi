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

class ConsentChange(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONSENT_CHANGE_UNSPECIFIED: _ClassVar[ConsentChange]
    CONSENT_CHANGE_GIVEN: _ClassVar[ConsentChange]
    CONSENT_CHANGE_WIDENED: _ClassVar[ConsentChange]
    CONSENT_CHANGE_NARROWED: _ClassVar[ConsentChange]
    CONSENT_CHANGE_WITHDRAWN: _ClassVar[ConsentChange]

class ResponseStep(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESPONSE_STEP_UNSPECIFIED: _ClassVar[ResponseStep]
    RESPONSE_STEP_ACKNOWLEDGEMENT: _ClassVar[ResponseStep]
    RESPONSE_STEP_RISK_ASSESSMENT: _ClassVar[ResponseStep]

class ReferralDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFERRAL_DIRECTION_UNSPECIFIED: _ClassVar[ReferralDirection]
    REFERRAL_DIRECTION_RECEIVED: _ClassVar[ReferralDirection]
    REFERRAL_DIRECTION_SENT: _ClassVar[ReferralDirection]

class ReferralSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFERRAL_SOURCE_UNSPECIFIED: _ClassVar[ReferralSource]
    REFERRAL_SOURCE_SELF: _ClassVar[ReferralSource]
    REFERRAL_SOURCE_HEALTH: _ClassVar[ReferralSource]
    REFERRAL_SOURCE_LOCAL_AUTHORITY: _ClassVar[ReferralSource]
    REFERRAL_SOURCE_VOLUNTARY_SECTOR: _ClassVar[ReferralSource]
    REFERRAL_SOURCE_OTHER: _ClassVar[ReferralSource]

class MaracReferralGround(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MARAC_REFERRAL_GROUND_UNSPECIFIED: _ClassVar[MaracReferralGround]
    MARAC_REFERRAL_GROUND_PROFESSIONAL_JUDGEMENT: _ClassVar[MaracReferralGround]
    MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK: _ClassVar[MaracReferralGround]
    MARAC_REFERRAL_GROUND_ESCALATION: _ClassVar[MaracReferralGround]
CONSENT_CHANGE_UNSPECIFIED: ConsentChange
CONSENT_CHANGE_GIVEN: ConsentChange
CONSENT_CHANGE_WIDENED: ConsentChange
CONSENT_CHANGE_NARROWED: ConsentChange
CONSENT_CHANGE_WITHDRAWN: ConsentChange
RESPONSE_STEP_UNSPECIFIED: ResponseStep
RESPONSE_STEP_ACKNOWLEDGEMENT: ResponseStep
RESPONSE_STEP_RISK_ASSESSMENT: ResponseStep
REFERRAL_DIRECTION_UNSPECIFIED: ReferralDirection
REFERRAL_DIRECTION_RECEIVED: ReferralDirection
REFERRAL_DIRECTION_SENT: ReferralDirection
REFERRAL_SOURCE_UNSPECIFIED: ReferralSource
REFERRAL_SOURCE_SELF: ReferralSource
REFERRAL_SOURCE_HEALTH: ReferralSource
REFERRAL_SOURCE_LOCAL_AUTHORITY: ReferralSource
REFERRAL_SOURCE_VOLUNTARY_SECTOR: ReferralSource
REFERRAL_SOURCE_OTHER: ReferralSource
MARAC_REFERRAL_GROUND_UNSPECIFIED: MaracReferralGround
MARAC_REFERRAL_GROUND_PROFESSIONAL_JUDGEMENT: MaracReferralGround
MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK: MaracReferralGround
MARAC_REFERRAL_GROUND_ESCALATION: MaracReferralGround

class CaseEvent(_message.Message):
    __slots__ = ("event_id", "agency", "agency_id", "subject_key", "case_reference", "occurred_at", "recorded_at", "source_sequence", "schema_version", "case_opened", "incident_reported", "risk_assessed", "consent_recorded", "override_recorded", "override_revoked", "support_changed", "enforcement_changed", "action_changed", "response_timed", "referral_made", "case_closed", "marac_referral_made", "marac_discussed", "case_erased")
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
    CONSENT_RECORDED_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_RECORDED_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_REVOKED_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_CHANGED_FIELD_NUMBER: _ClassVar[int]
    ENFORCEMENT_CHANGED_FIELD_NUMBER: _ClassVar[int]
    ACTION_CHANGED_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_TIMED_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_MADE_FIELD_NUMBER: _ClassVar[int]
    CASE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    MARAC_REFERRAL_MADE_FIELD_NUMBER: _ClassVar[int]
    MARAC_DISCUSSED_FIELD_NUMBER: _ClassVar[int]
    CASE_ERASED_FIELD_NUMBER: _ClassVar[int]
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
    consent_recorded: ConsentRecorded
    override_recorded: OverrideRecorded
    override_revoked: OverrideRevoked
    support_changed: SupportChanged
    enforcement_changed: EnforcementChanged
    action_changed: ActionChanged
    response_timed: ResponseTimed
    referral_made: ReferralMade
    case_closed: CaseClosed
    marac_referral_made: MaracReferralMade
    marac_discussed: MaracDiscussed
    case_erased: CaseErased
    def __init__(self, event_id: _Optional[str] = ..., agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., agency_id: _Optional[str] = ..., subject_key: _Optional[str] = ..., case_reference: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source_sequence: _Optional[int] = ..., schema_version: _Optional[int] = ..., case_opened: _Optional[_Union[CaseOpened, _Mapping]] = ..., incident_reported: _Optional[_Union[IncidentReported, _Mapping]] = ..., risk_assessed: _Optional[_Union[RiskAssessed, _Mapping]] = ..., consent_recorded: _Optional[_Union[ConsentRecorded, _Mapping]] = ..., override_recorded: _Optional[_Union[OverrideRecorded, _Mapping]] = ..., override_revoked: _Optional[_Union[OverrideRevoked, _Mapping]] = ..., support_changed: _Optional[_Union[SupportChanged, _Mapping]] = ..., enforcement_changed: _Optional[_Union[EnforcementChanged, _Mapping]] = ..., action_changed: _Optional[_Union[ActionChanged, _Mapping]] = ..., response_timed: _Optional[_Union[ResponseTimed, _Mapping]] = ..., referral_made: _Optional[_Union[ReferralMade, _Mapping]] = ..., case_closed: _Optional[_Union[CaseClosed, _Mapping]] = ..., marac_referral_made: _Optional[_Union[MaracReferralMade, _Mapping]] = ..., marac_discussed: _Optional[_Union[MaracDiscussed, _Mapping]] = ..., case_erased: _Optional[_Union[CaseErased, _Mapping]] = ...) -> None: ...

class CaseOpened(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class IncidentReported(_message.Message):
    __slots__ = ("incident_id", "strands", "classification", "perceived_by", "postcode_district", "source", "category", "incident_category")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    CLASSIFICATION_FIELD_NUMBER: _ClassVar[int]
    PERCEIVED_BY_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_DISTRICT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    classification: _vocabulary_pb2.HateClassification
    perceived_by: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Perceiver]
    postcode_district: str
    source: _vocabulary_pb2.ReportSource
    category: str
    incident_category: _vocabulary_pb2.IncidentCategory
    def __init__(self, incident_id: _Optional[str] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., classification: _Optional[_Union[_vocabulary_pb2.HateClassification, str]] = ..., perceived_by: _Optional[_Iterable[_Union[_vocabulary_pb2.Perceiver, str]]] = ..., postcode_district: _Optional[str] = ..., source: _Optional[_Union[_vocabulary_pb2.ReportSource, str]] = ..., category: _Optional[str] = ..., incident_category: _Optional[_Union[_vocabulary_pb2.IncidentCategory, str]] = ...) -> None: ...

class RiskAssessed(_message.Message):
    __slots__ = ("level", "tool", "assessment_tool")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    TOOL_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_TOOL_FIELD_NUMBER: _ClassVar[int]
    level: _vocabulary_pb2.RiskLevel
    tool: str
    assessment_tool: _vocabulary_pb2.RiskTool
    def __init__(self, level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., tool: _Optional[str] = ..., assessment_tool: _Optional[_Union[_vocabulary_pb2.RiskTool, str]] = ...) -> None: ...

class ConsentScope(_message.Message):
    __slots__ = ("recipient", "purpose")
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    recipient: _vocabulary_pb2.Recipient
    purpose: _vocabulary_pb2.Purpose
    def __init__(self, recipient: _Optional[_Union[_vocabulary_pb2.Recipient, str]] = ..., purpose: _Optional[_Union[_vocabulary_pb2.Purpose, str]] = ...) -> None: ...

class ConsentRecorded(_message.Message):
    __slots__ = ("scopes", "refused_recipients", "change")
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    REFUSED_RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    scopes: _containers.RepeatedCompositeFieldContainer[ConsentScope]
    refused_recipients: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Recipient]
    change: ConsentChange
    def __init__(self, scopes: _Optional[_Iterable[_Union[ConsentScope, _Mapping]]] = ..., refused_recipients: _Optional[_Iterable[_Union[_vocabulary_pb2.Recipient, str]]] = ..., change: _Optional[_Union[ConsentChange, str]] = ...) -> None: ...

class OverrideRecorded(_message.Message):
    __slots__ = ("override_id", "basis", "scopes", "authoriser_role", "expires_at", "authorising_role")
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    AUTHORISER_ROLE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    AUTHORISING_ROLE_FIELD_NUMBER: _ClassVar[int]
    override_id: str
    basis: _vocabulary_pb2.LawfulBasis
    scopes: _containers.RepeatedCompositeFieldContainer[ConsentScope]
    authoriser_role: str
    expires_at: _timestamp_pb2.Timestamp
    authorising_role: _vocabulary_pb2.AuthoriserRole
    def __init__(self, override_id: _Optional[str] = ..., basis: _Optional[_Union[_vocabulary_pb2.LawfulBasis, str]] = ..., scopes: _Optional[_Iterable[_Union[ConsentScope, _Mapping]]] = ..., authoriser_role: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., authorising_role: _Optional[_Union[_vocabulary_pb2.AuthoriserRole, str]] = ...) -> None: ...

class OverrideRevoked(_message.Message):
    __slots__ = ("override_id",)
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    override_id: str
    def __init__(self, override_id: _Optional[str] = ...) -> None: ...

class SupportChanged(_message.Message):
    __slots__ = ("area", "open")
    AREA_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    area: _vocabulary_pb2.SupportArea
    open: bool
    def __init__(self, area: _Optional[_Union[_vocabulary_pb2.SupportArea, str]] = ..., open: _Optional[bool] = ...) -> None: ...

class EnforcementChanged(_message.Message):
    __slots__ = ("enforcement_id", "type", "open")
    ENFORCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    enforcement_id: str
    type: _vocabulary_pb2.EnforcementType
    open: bool
    def __init__(self, enforcement_id: _Optional[str] = ..., type: _Optional[_Union[_vocabulary_pb2.EnforcementType, str]] = ..., open: _Optional[bool] = ...) -> None: ...

class ActionChanged(_message.Message):
    __slots__ = ("action_id", "type", "open", "due_at")
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    action_id: str
    type: _vocabulary_pb2.ActionType
    open: bool
    due_at: _timestamp_pb2.Timestamp
    def __init__(self, action_id: _Optional[str] = ..., type: _Optional[_Union[_vocabulary_pb2.ActionType, str]] = ..., open: _Optional[bool] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ResponseTimed(_message.Message):
    __slots__ = ("step", "due_at", "done_at", "within_standard")
    STEP_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_FIELD_NUMBER: _ClassVar[int]
    WITHIN_STANDARD_FIELD_NUMBER: _ClassVar[int]
    step: ResponseStep
    due_at: _timestamp_pb2.Timestamp
    done_at: _timestamp_pb2.Timestamp
    within_standard: bool
    def __init__(self, step: _Optional[_Union[ResponseStep, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., done_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., within_standard: _Optional[bool] = ...) -> None: ...

class ReferralMade(_message.Message):
    __slots__ = ("direction", "counterpart", "other_source")
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    COUNTERPART_FIELD_NUMBER: _ClassVar[int]
    OTHER_SOURCE_FIELD_NUMBER: _ClassVar[int]
    direction: ReferralDirection
    counterpart: _vocabulary_pb2.AgencyKind
    other_source: ReferralSource
    def __init__(self, direction: _Optional[_Union[ReferralDirection, str]] = ..., counterpart: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., other_source: _Optional[_Union[ReferralSource, str]] = ...) -> None: ...

class CaseClosed(_message.Message):
    __slots__ = ("outcome", "satisfaction")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    outcome: _vocabulary_pb2.CaseOutcome
    satisfaction: int
    def __init__(self, outcome: _Optional[_Union[_vocabulary_pb2.CaseOutcome, str]] = ..., satisfaction: _Optional[int] = ...) -> None: ...

class MaracReferralMade(_message.Message):
    __slots__ = ("ground",)
    GROUND_FIELD_NUMBER: _ClassVar[int]
    ground: MaracReferralGround
    def __init__(self, ground: _Optional[_Union[MaracReferralGround, str]] = ...) -> None: ...

class MaracDiscussed(_message.Message):
    __slots__ = ("meeting_id",)
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    meeting_id: str
    def __init__(self, meeting_id: _Optional[str] = ...) -> None: ...

class CaseErased(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
