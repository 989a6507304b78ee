import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from marac.v1 import vocabulary_pb2 as _vocabulary_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListFiguresRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListFiguresResponse(_message.Message):
    __slots__ = ("names",)
    NAMES_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, names: _Optional[_Iterable[str]] = ...) -> None: ...

class GetFigureRequest(_message.Message):
    __slots__ = ("name", "period_start", "period_end", "strands", "agencies")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    AGENCIES_FIELD_NUMBER: _ClassVar[int]
    name: str
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    strands: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.Strand]
    agencies: _containers.RepeatedScalarFieldContainer[_vocabulary_pb2.AgencyKind]
    def __init__(self, name: _Optional[str] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., strands: _Optional[_Iterable[_Union[_vocabulary_pb2.Strand, str]]] = ..., agencies: _Optional[_Iterable[_Union[_vocabulary_pb2.AgencyKind, str]]] = ...) -> None: ...

class PublishedCount(_message.Message):
    __slots__ = ("value", "suppressed")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SUPPRESSED_FIELD_NUMBER: _ClassVar[int]
    value: int
    suppressed: bool
    def __init__(self, value: _Optional[int] = ..., suppressed: _Optional[bool] = ...) -> None: ...

class FigureRow(_message.Message):
    __slots__ = ("label", "cells", "total")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    CELLS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    label: str
    cells: _containers.RepeatedCompositeFieldContainer[PublishedCount]
    total: PublishedCount
    def __init__(self, label: _Optional[str] = ..., cells: _Optional[_Iterable[_Union[PublishedCount, _Mapping]]] = ..., total: _Optional[_Union[PublishedCount, _Mapping]] = ...) -> None: ...

class GetFigureResponse(_message.Message):
    __slots__ = ("title", "row_dimension", "column_dimension", "columns", "rows", "column_totals", "total", "threshold")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ROW_DIMENSION_FIELD_NUMBER: _ClassVar[int]
    COLUMN_DIMENSION_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    COLUMN_TOTALS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    title: str
    row_dimension: str
    column_dimension: str
    columns: _containers.RepeatedScalarFieldContainer[str]
    rows: _containers.RepeatedCompositeFieldContainer[FigureRow]
    column_totals: _containers.RepeatedCompositeFieldContainer[PublishedCount]
    total: PublishedCount
    threshold: int
    def __init__(self, title: _Optional[str] = ..., row_dimension: _Optional[str] = ..., column_dimension: _Optional[str] = ..., columns: _Optional[_Iterable[str]] = ..., rows: _Optional[_Iterable[_Union[FigureRow, _Mapping]]] = ..., column_totals: _Optional[_Iterable[_Union[PublishedCount, _Mapping]]] = ..., total: _Optional[_Union[PublishedCount, _Mapping]] = ..., threshold: _Optional[int] = ...) -> None: ...

class ListCaseReviewsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CaseReviewReport(_message.Message):
    __slots__ = ("agency", "agency_id", "case_reference", "occurred_at", "complained_at", "category")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLAINED_AT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    agency: _vocabulary_pb2.AgencyKind
    agency_id: str
    case_reference: str
    occurred_at: _timestamp_pb2.Timestamp
    complained_at: _timestamp_pb2.Timestamp
    category: _vocabulary_pb2.IncidentCategory
    def __init__(self, agency: _Optional[_Union[_vocabulary_pb2.AgencyKind, str]] = ..., agency_id: _Optional[str] = ..., case_reference: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complained_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., category: _Optional[_Union[_vocabulary_pb2.IncidentCategory, str]] = ...) -> None: ...

class CaseReviewIncident(_message.Message):
    __slots__ = ("occurred_at", "reports")
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    occurred_at: _timestamp_pb2.Timestamp
    reports: _containers.RepeatedCompositeFieldContainer[CaseReviewReport]
    def __init__(self, occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reports: _Optional[_Iterable[_Union[CaseReviewReport, _Mapping]]] = ...) -> None: ...

class CaseReviewReason(_message.Message):
    __slots__ = ("rule", "incidents")
    RULE_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    rule: str
    incidents: _containers.RepeatedCompositeFieldContainer[CaseReviewIncident]
    def __init__(self, rule: _Optional[str] = ..., incidents: _Optional[_Iterable[_Union[CaseReviewIncident, _Mapping]]] = ...) -> None: ...

class CaseReview(_message.Message):
    __slots__ = ("postcode_district", "people", "reasons")
    POSTCODE_DISTRICT_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    postcode_district: str
    people: int
    reasons: _containers.RepeatedCompositeFieldContainer[CaseReviewReason]
    def __init__(self, postcode_district: _Optional[str] = ..., people: _Optional[int] = ..., reasons: _Optional[_Iterable[_Union[CaseReviewReason, _Mapping]]] = ...) -> None: ...

class ListCaseReviewsResponse(_message.Message):
    __slots__ = ("reviews",)
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[CaseReview]
    def __init__(self, reviews: _Optional[_Iterable[_Union[CaseReview, _Mapping]]] = ...) -> None: ...
