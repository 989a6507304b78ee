import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VerifyRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyResponse(_message.Message):
    __slots__ = ("ok", "entries_verified", "checkpoints", "first_broken_position", "problem")
    OK_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINTS_FIELD_NUMBER: _ClassVar[int]
    FIRST_BROKEN_POSITION_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    ok: bool
    entries_verified: int
    checkpoints: int
    first_broken_position: int
    problem: str
    def __init__(self, ok: _Optional[bool] = ..., entries_verified: _Optional[int] = ..., checkpoints: _Optional[int] = ..., first_broken_position: _Optional[int] = ..., problem: _Optional[str] = ...) -> None: ...

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
