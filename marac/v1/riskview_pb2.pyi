from marac.v1 import disclosure_pb2 as _disclosure_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SharingBasis(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHARING_BASIS_UNSPECIFIED: _ClassVar[SharingBasis]
    SHARING_BASIS_OWN_AGENCY: _ClassVar[SharingBasis]
    SHARING_BASIS_CONSENT: _ClassVar[SharingBasis]
    SHARING_BASIS_OVERRIDE: _ClassVar[SharingBasis]

class EligibilityRule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ELIGIBILITY_RULE_UNSPECIFIED: _ClassVar[EligibilityRule]
    ELIGIBILITY_RULE_VISIBLE_HIGH_RISK: _ClassVar[EligibilityRule]
    ELIGIBILITY_RULE_ESCALATION: _ClassVar[EligibilityRule]
    ELIGIBILITY_RULE_CUMULATIVE_HARM: _ClassVar[EligibilityRule]
    ELIGIBILITY_RULE_PROFESSIONAL_JUDGEMENT: _ClassVar[EligibilityRule]
    ELIGIBILITY_RULE_REPEAT_REFERRAL: _ClassVar[EligibilityRule]
SHARING_BASIS_UNSPECIFIED: SharingBasis
SHARING_BASIS_OWN_AGENCY: SharingBasis
SHARING_BASIS_CONSENT: SharingBasis
SHARING_BASIS_OVERRIDE: SharingBasis
ELIGIBILITY_RULE_UNSPECIFIED: EligibilityRule
ELIGIBILITY_RULE_VISIBLE_HIGH_RISK: EligibilityRule
ELIGIBILITY_RULE_ESCALATION: EligibilityRule
ELIGIBILITY_RULE_CUMULATIVE_HARM: EligibilityRule
ELIGIBILITY_RULE_PROFESSIONAL_JUDGEMENT: EligibilityRule
ELIGIBILITY_RULE_REPEAT_REFERRAL: EligibilityRule

class Contribution(_message.Message):
    __slots__ = ("agency", "agency_id", "case_reference", "risk_level", "risk_tool", "incident_count", "incident_dates", "strands", "hate_crimes", "hate_incidents", "open_support", "open_enforcement", "open_actions", "case_closed", "sharing_basis", "override_id", "lawful_basis", "assessment_tool")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    RISK_TOOL_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_DATES_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    HATE_CRIMES_FIELD_NUMBER: _ClassVar[int]
    HATE_INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    OPEN_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    OPEN_ENFORCEMENT_FIELD_NUMBER: _ClassVar[int]
    OPEN_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    CASE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    SHARING_BASIS_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_ID_FIELD_NUMBER: _ClassVar[int]
    LAWFUL_BASIS_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_TOOL_FIELD_NUMBER: _ClassVar[int]
    agency: _vocabulary_pb2.AgencyKind
    agency_id: str
    case_reference: str
    risk_level: _vocabulary_pb2.RiskLevel
    risk_tool: str
    incident_count: int
    incident_dates: _containers.RepeatedScalarFieldContainer[str]
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    hate_crimes: int
    hate_incidents: int
    open_support: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.SupportArea]
    open_enforcement: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.EnforcementType]
    open_actions: _containers.RepeatedCompositeFieldContainer[OpenAction]
    case_closed: bool
    sharing_basis: SharingBasis
    override_id: str
    lawful_basis: _vocabulary_pb2.LawfulBasis
    assessment_tool: _vocabulary_pb2.RiskTool
    def __init__(self, agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., risk_tool: _Optional[str] = ..., incident_count: _Optional[int] = ..., incident_dates: _Optional[_Iterable[str]] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., hate_crimes: _Optional[int] = ..., hate_incidents: _Optional[int] = ..., open_support: _Optional[_Iterable[_Union[_vocabulary_pb2.SupportArea, str]]] = ..., open_enforcement: _Optional[_Iterable[_Union[_vocabulary_pb2.EnforcementType, str]]] = ..., open_actions: _Optional[_Iterable[_Union[OpenAction, _Mapping]]] = ..., case_closed: _Optional[bool] = ..., sharing_basis: _Optional[_Union[SharingBasis, str]] = ..., override_id: _Optional[str] = ..., lawful_basis: _Optional[_Union[_vocabulary_pb2.LawfulBasis, str]] = ..., assessment_tool: _Optional[_Union[_vocabulary_pb2.RiskTool, str]] = ...) -> None: ...

class OpenAction(_message.Message):
    __slots__ = ("type", "due_date")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    type: _vocabulary_pb2.ActionType
    due_date: str
    def __init__(self, type: _Optional[_Union[_vocabulary_pb2.ActionType, str]] = ..., due_date: _Optional[str] = ...) -> None: ...

class GetCaseViewRequest(_message.Message):
    __slots__ = ("caller", "case_reference")
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    caller: _disclosure_pb2.Caller
    case_reference: str
    def __init__(self, caller: _Optional[_Union[_disclosure_pb2.Caller, _Mapping]] = ..., case_reference: _Optional[str] = ...) -> None: ...

class GetCaseViewResponse(_message.Message):
    __slots__ = ("contributions", "disclosure_id")
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    DISCLOSURE_ID_FIELD_NUMBER: _ClassVar[int]
    contributions: _containers.RepeatedCompositeFieldContainer[Contribution]
    disclosure_id: str
    def __init__(self, contributions: _Optional[_Iterable[_Union[Contribution, _Mapping]]] = ..., disclosure_id: _Optional[str] = ...) -> None: ...

class AgencyRef(_message.Message):
    __slots__ = ("agency", "agency_id")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    agency: _vocabulary_pb2.AgencyKind
    agency_id: str
    def __init__(self, agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., agency_id: _Optional[str] = ...) -> None: ...

class EligibilityReason(_message.Message):
    __slots__ = ("rule", "agencies")
    RULE_FIELD_NUMBER: _ClassVar[int]
    AGENCIES_FIELD_NUMBER: _ClassVar[int]
    rule: EligibilityRule
    agencies: _containers.RepeatedCompositeFieldContainer[AgencyRef]
    def __init__(self, rule: _Optional[_Union[EligibilityRule, str]] = ..., agencies: _Optional[_Iterable[_Union[AgencyRef, _Mapping]]] = ...) -> None: ...

class AgendaItem(_message.Message):
    __slots__ = ("subject_key", "reasons", "highest_risk_level", "incident_count", "handle")
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    HIGHEST_RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    subject_key: str
    reasons: _containers.RepeatedCompositeFieldContainer[EligibilityReason]
    highest_risk_level: _vocabulary_pb2.RiskLevel
    incident_count: int
    handle: str
    def __init__(self, subject_key: _Optional[str] = ..., reasons: _Optional[_Iterable[_Union[EligibilityReason, _Mapping]]] = ..., highest_risk_level: _Optional[_Union[_vocabulary_pb2.RiskLevel, str]] = ..., incident_count: _Optional[int] = ..., handle: _Optional[str] = ...) -> None: ...

class ListAgendaRequest(_message.Message):
    __slots__ = ("caller", "meeting_id", "page_size", "page_token", "area")
    CALLER_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    caller: _disclosure_pb2.Caller
    meeting_id: str
    page_size: int
    page_token: str
    area: str
    def __init__(self, caller: _Optional[_Union[_disclosure_pb2.Caller, _Mapping]] = ..., meeting_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., area: _Optional[str] = ...) -> None: ...

class ListAgendaResponse(_message.Message):
    __slots__ = ("items", "next_page_token", "disclosure_ids")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    DISCLOSURE_IDS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[AgendaItem]
    next_page_token: str
    disclosure_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, items: _Optional[_Iterable[_Union[AgendaItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., disclosure_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetAgendaItemRequest(_message.Message):
    __slots__ = ("caller", "subject_key", "meeting_id", "handle", "area")
    CALLER_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    caller: _disclosure_pb2.Caller
    subject_key: str
    meeting_id: str
    handle: str
    area: str
    def __init__(self, caller: _Optional[_Union[_disclosure_pb2.Caller, _Mapping]] = ..., subject_key: _Optional[str] = ..., meeting_id: _Optional[str] = ..., handle: _Optional[str] = ..., area: _Optional[str] = ...) -> None: ...

class GetAgendaItemResponse(_message.Message):
    __slots__ = ("item", "contributions", "disclosure_id")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    DISCLOSURE_ID_FIELD_NUMBER: _ClassVar[int]
    item: AgendaItem
    contributions: _containers.RepeatedCompositeFieldContainer[Contribution]
    disclosure_id: str
    def __init__(self, item: _Optional[_Union[AgendaItem, _Mapping]] = ..., contributions: _Optional[_Iterable[_Union[Contribution, _Mapping]]] = ..., disclosure_id: _Optional[str] = ...) -> None: ...

class ListOwnCasesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOwnCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Contribution]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Contribution, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
