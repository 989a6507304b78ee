"""Translation between the domain vocabulary and the marac.v1 protobuf enums.

A domain enum maps to the proto enum of the same name, whose values are the
domain value upper-cased behind the enum's prefix (Strand.DISABILITY <->
STRAND_DISABILITY), so one rule serves every enum. The proto modules searched are
the shared vocabularies (with the meetings' and their actions') and each registered
agency's own contract.
"""

import re
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from types import ModuleType
from typing import TypeVar

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import case_events_pb2, meeting_actions_pb2, meeting_pb2, vocabulary_pb2
from services.agencies import AGENCIES

E = TypeVar("E", bound=Enum)


def _enum_modules() -> list[ModuleType]:
    agencies = [a.vocabularies() for a in AGENCIES]
    shared = [vocabulary_pb2, case_events_pb2, meeting_actions_pb2, meeting_pb2]
    return [*shared, *(m for m in agencies if m is not None)]


@cache
def _proto_enum(domain: type[Enum]) -> tuple[EnumTypeWrapper, str]:
    for module in _enum_modules():
        wrapper = getattr(module, domain.__name__, None)
        if isinstance(wrapper, EnumTypeWrapper):
            return wrapper, re.sub(r"(?<!^)(?=[A-Z])", "_", domain.__name__).upper()
    raise LookupError(f"no proto enum named {domain.__name__}")


def _proto_name(member: Enum) -> str:
    name = member.name if isinstance(member.value, int) else str(member.value)
    return name.upper()


def to_proto(member: Enum) -> int:
    wrapper, prefix = _proto_enum(type(member))
    return wrapper.Value(f"{prefix}_{_proto_name(member)}")


def from_proto(domain: type[E], number: int) -> E | None:
    """The domain member for a proto enum number; None for UNSPECIFIED.

    Raises ValueError for a number the contract does not define."""
    wrapper, prefix = _proto_enum(domain)
    if number == 0:
        return None
    try:
        name = wrapper.Name(number)
    except ValueError:
        raise ValueError(f"unknown {domain.__name__} value {number}") from None
    for member in domain:
        if f"{prefix}_{_proto_name(member)}" == name:
            return member
    raise ValueError(f"unknown {domain.__name__} value {number}")


def timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment.astimezone(UTC))
    return stamp


def moment(stamp: Timestamp) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)
