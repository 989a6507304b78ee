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
