"""Value objects of the case records, and how the event store keeps them.

A value object is a frozen dataclass deriving from `Value`. Every one of them is
stored by one transcoding: its fields as they are, read back through the field
types (a vocabulary member from its value, a tuple from a list). Events are read
back the same way (`TypedMapper`), so a case rebuilt from its events holds the
same values as the case that recorded them.
"""

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, ClassVar

from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoding

Restore = Callable[[Any], Any]


class Value:
    """Base of the value objects that events carry; subclasses are frozen dataclasses."""

    kinds: ClassVar[dict[str, type["Value"]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__name__
        if name in Value.kinds and Value.kinds[name] is not cls:
            raise TypeError(f"two value types are named {name}")
        Value.kinds[name] = cls


class ValueAsFields(Transcoding):
    def __init__(self, kind: type[Value]) -> None:
        self.type = kind
        self.name = kind.__name__
        self._fields = [f.name for f in dataclasses.fields(kind)]

    def encode(self, obj: Value) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: dict[str, Any]) -> Value:
        restore = _restorers(self.type)
        return self.type(**{name: restore[name](value) for name, value in data.items()})


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def register_values(transcoder: JSONTranscoder) -> None:
    """Registers every value type defined so far (kernel and agencies alike)."""
    transcoder.register(DateAsISO())
    for kind in Value.kinds.values():
        transcoder.register(ValueAsFields(kind))


class TypedMapper(Mapper):
    """Reads an event's fields back as the types its class declares."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        domain_event = super().to_domain_event(stored_event)
        state = domain_event.__dict__
        for name, restore in _typed_fields(type(domain_event)):
            if name in state:
                state[name] = restore(state[name])
        return domain_event


def _same(value: Any) -> Any:
    return value


@cache
def _restorers(kind: type) -> dict[str, Restore]:
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError):  # a library base class's annotations: taken as stored
        hints = {}
    return {f.name: _restorer(hints.get(f.name)) for f in dataclasses.fields(kind)}


@cache
def _typed_fields(kind: type) -> tuple[tuple[str, Restore], ...]:
    """The fields of an event class whose stored form differs from their type."""
    return tuple((n, r) for n, r in _restorers(kind).items() if r is not _same)


def _restorer(hint: Any) -> Restore:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _restorer(args[0])
        return lambda values: tuple(item(v) for v in values)
    if origin is tuple:
        items = [_restorer(a) for a in args]
        return lambda values: tuple(r(v) for r, v in zip(items, values, strict=True))
    if origin is frozenset:
        item = _restorer(args[0])
        return lambda values: frozenset(item(v) for v in values)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        restore = _restorer(inner)
        if restore is _same:
            return _same
        return lambda value: None if value is None else restore(value)
    # Strings, numbers, datetimes and other values come back as they were stored.
    return _same
