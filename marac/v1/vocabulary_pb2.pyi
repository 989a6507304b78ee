from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class AgencyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AGENCY_KIND_UNSPECIFIED: _ClassVar[AgencyKind]
    AGENCY_KIND_POLICE: _ClassVar[AgencyKind]
    AGENCY_KIND_SOCIAL_LANDLORD: _ClassVar[AgencyKind]
    AGENCY_KIND_VICTIM_SUPPORT: _ClassVar[AgencyKind]
    AGENCY_KIND_DDPO: _ClassVar[AgencyKind]

class Strand(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STRAND_UNSPECIFIED: _ClassVar[Strand]
    STRAND_DISABILITY: _ClassVar[Strand]
    STRAND_RACE: _ClassVar[Strand]
    STRAND_RELIGION_OR_BELIEF: _ClassVar[Strand]
    STRAND_SEXUAL_ORIENTATION: _ClassVar[Strand]
    STRAND_TRANSGENDER_IDENTITY: _ClassVar[Strand]
    STRAND_SEX: _ClassVar[Strand]
    STRAND_AGE: _ClassVar[Strand]
    STRAND_ALTERNATIVE_SUBCULTURE: _ClassVar[Strand]
    STRAND_SEX_WORKER: _ClassVar[Strand]

class HateClassification(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HATE_CLASSIFICATION_UNSPECIFIED: _ClassVar[HateClassification]
    HATE_CLASSIFICATION_HATE_INCIDENT: _ClassVar[HateClassification]
    HATE_CLASSIFICATION_HATE_CRIME: _ClassVar[HateClassification]
    HATE_CLASSIFICATION_NOT_HATE_RELATED: _ClassVar[HateClassification]

class Perceiver(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERCEIVER_UNSPECIFIED: _ClassVar[Perceiver]
    PERCEIVER_VICTIM: _ClassVar[Perceiver]
    PERCEIVER_WITNESS: _ClassVar[Perceiver]
    PERCEIVER_THIRD_PARTY: _ClassVar[Perceiver]
    PERCEIVER_PROFESSIONAL: _ClassVar[Perceiver]

class RiskLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RISK_LEVEL_UNSPECIFIED: _ClassVar[RiskLevel]
    RISK_LEVEL_STANDARD: _ClassVar[RiskLevel]
    RISK_LEVEL_MEDIUM: _ClassVar[RiskLevel]
    RISK_LEVEL_HIGH: _ClassVar[RiskLevel]
AGENCY_KIND_UNSPECIFIED: AgencyKind
AGENCY_KIND_POLICE: AgencyKind
AGENCY_KIND_SOCIAL_LANDLORD: AgencyKind
AGENCY_KIND_VICTIM_SUPPORT: AgencyKind
AGENCY_KIND_DDPO: AgencyKind
STRAND_UNSPECIFIED: Strand
STRAND_DISABILITY: Strand
STRAND_RACE: Strand
STRAND_RELIGION_OR_BELIEF: Strand
STRAND_SEXUAL_ORIENTATION: Strand
STRAND_TRANSGENDER_IDENTITY: Strand
STRAND_SEX: Strand
STRAND_AGE: Strand
STRAND_ALTERNATIVE_SUBCULTURE: Strand
STRAND_SEX_WORKER: Strand
HATE_CLASSIFICATION_UNSPECIFIED: HateClassification
HATE_CLASSIFICATION_HATE_INCIDENT: HateClassification
HATE_CLASSIFICATION_HATE_CRIME: HateClassification
HATE_CLASSIFICATION_NOT_HATE_RELATED: HateClassification
PERCEIVER_UNSPECIFIED: Perceiver
PERCEIVER_VICTIM: Perceiver
PERCEIVER_WITNESS: Perceiver
PERCEIVER_THIRD_PARTY: Perceiver
PERCEIVER_PROFESSIONAL: Perceiver
RISK_LEVEL_UNSPECIFIED: RiskLevel
RISK_LEVEL_STANDARD: RiskLevel
RISK_LEVEL_MEDIUM: RiskLevel
RISK_LEVEL_HIGH: RiskLevel
