from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class CheckAgendaItemRequest(_message.Message):
    __slots__ = ("meeting_id", "handle")
    MEETING_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    meeting_id: str
    handle: str
    def __init__(self, meeting_id: _Optional[str] = ..., handle: _Optional[str] = ...) -> None: ...

class CheckAgendaItemResponse(_message.Message):
    __slots__ = ("on_agenda", "area")
    ON_AGENDA_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    on_agenda: bool
    area: str
    def __init__(self, on_agenda: _Optional[bool] = ..., area: _Optional[str] = ...) -> None: ...
