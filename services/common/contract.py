"""Translation between the domain vocabulary and the marac.v1 protobuf enums.

Proto enum values are the domain value upper-cased behind the enum's prefix
(Strand.DISABILITY <-> STRAND_DISABILITY), so one rule serves every enum.
"""

from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import vocabulary_pb2

E = TypeVar("E", bound=Enum)

PROTO_ENUMS: dict[str, tuple[EnumTypeWrapper, str]] = {
    "AgencyKind": (vocabulary_pb2.AgencyKind, "AGENCY_KIND"),
    "Strand": (vocabulary_pb2.Strand, "STRAND"),
    "HateClassification": (vocabulary_pb2.HateClassification, "HATE_CLASSIFICATION"),
    "Perceiver": (vocabulary_pb2.Perceiver, "PERCEIVER"),
    "RiskLevel": (vocabulary_pb2.RiskLevel, "RISK_LEVEL"),
}


def _proto_name(member: Enum) -> str:
    name = member.name if isinstance(member.value, int) else str(member.value)
    return name.upper()


def to_proto(member: Enum) -> int:
    wrapper, prefix = PROTO_ENUMS[type(member).__name__]
    return wrapper.Value(f"{prefix}_{_proto_name(member)}")


def from_proto(domain: type[E], number: int) -> E | None:
    """The domain member for a proto enum number; None for UNSPECIFIED.

    Raises ValueError for a number the contract does not define."""
    wrapper, prefix = PROTO_ENUMS[domain.__name__]
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
