"""The contracts' words in plain English, in one place: every page shows an enum
value through `words`, never its name. A value's words are made from its name
(AGENCY_KIND_SOCIAL_LANDLORD: "Social landlord") unless the table below says better;
a value the contracts gained after this was written still reads as words."""

from google.protobuf.descriptor import EnumDescriptor

from marac.v1 import riskview_pb2, vocabulary_pb2

AGENCY_KIND = vocabulary_pb2.AgencyKind.DESCRIPTOR
RISK_LEVEL = vocabulary_pb2.RiskLevel.DESCRIPTOR
STRAND = vocabulary_pb2.Strand.DESCRIPTOR
ACTION_TYPE = vocabulary_pb2.ActionType.DESCRIPTOR
SUPPORT_AREA = vocabulary_pb2.SupportArea.DESCRIPTOR
ENFORCEMENT_TYPE = vocabulary_pb2.EnforcementType.DESCRIPTOR
LAWFUL_BASIS = vocabulary_pb2.LawfulBasis.DESCRIPTOR
RISK_TOOL = vocabulary_pb2.RiskTool.DESCRIPTOR
ELIGIBILITY_RULE = riskview_pb2.EligibilityRule.DESCRIPTOR
SHARING_BASIS = riskview_pb2.SharingBasis.DESCRIPTOR

# Where the words made from the name would not do.
BETTER = {
    "AGENCY_KIND_DDPO": "Deaf and Disabled People's Organisation",
    "AGENCY_KIND_VICTIM_SUPPORT": "Victim Support",
    "SUPPORT_AREA_MULTI_AGENCY": "Multi-agency",
    "RISK_LEVEL_UNSPECIFIED": "Not assessed",
    "STRAND_RELIGION_OR_BELIEF": "Religion or belief",
    "STRAND_TRANSGENDER_IDENTITY": "Transgender identity",
    "ELIGIBILITY_RULE_VISIBLE_HIGH_RISK": "High risk",
    "ELIGIBILITY_RULE_ESCALATION": "Escalation: 3 or more incidents in 12 months",
    "ELIGIBILITY_RULE_CUMULATIVE_HARM": "Cumulative harm",
    "ELIGIBILITY_RULE_PROFESSIONAL_JUDGEMENT": "Professional judgement",
    "ELIGIBILITY_RULE_REPEAT_REFERRAL": "Repeat referral",
    "SHARING_BASIS_OWN_AGENCY": "Your agency's own",
    "SHARING_BASIS_CONSENT": "Shared with consent",
    "SHARING_BASIS_OVERRIDE": "Shared without consent on a lawful basis",
    "LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK": "Safeguarding individuals at risk",
    "LAWFUL_BASIS_PREVENTING_OR_DETECTING_UNLAWFUL_ACTS": "Preventing or detecting unlawful acts",
    "RISK_TOOL_COLLEGE_OF_POLICING_HATE_CRIME_RISK": "College of Policing hate crime risk",
    "RISK_TOOL_LANDLORD_HATE_INCIDENT_RISK_MATRIX": "Landlord hate incident risk matrix",
    "RISK_TOOL_VICTIM_SUPPORT_NEEDS_AND_RISK": "Victim Support needs and risk",
    "RISK_TOOL_DDPO_ADVOCACY_RISK": "DDPO advocacy risk",
    "ACTION_TYPE_ACTION_PLAN": "Action plan",
    "ENFORCEMENT_TYPE_ACCEPTABLE_BEHAVIOUR_AGREEMENT": "Acceptable behaviour agreement",
}


def words(enum: EnumDescriptor, number: int) -> str:
    """The value's words; "Not known" for a number the contracts do not have."""
    value = enum.values_by_number.get(number)
    if value is None:
        return "Not known"
    if value.name in BETTER:
        return BETTER[value.name]
    prefix = "".join(f"_{c}" if c.isupper() else c for c in enum.name).lstrip("_").upper() + "_"
    plain = value.name.removeprefix(prefix).replace("_", " ").lower()
    return "Not given" if plain == "unspecified" else plain[:1].upper() + plain[1:]


def agency(number: int) -> str:
    return words(AGENCY_KIND, number)


def risk_level(number: int) -> str:
    return words(RISK_LEVEL, number)


# For templates: each filter names the list its values come from.
FILTERS = {
    "agency": agency,
    "risk_level": risk_level,
    "strand": lambda n: words(STRAND, n),
    "action_type": lambda n: words(ACTION_TYPE, n),
    "support_area": lambda n: words(SUPPORT_AREA, n),
    "enforcement": lambda n: words(ENFORCEMENT_TYPE, n),
    "lawful_basis": lambda n: words(LAWFUL_BASIS, n),
    "risk_tool": lambda n: words(RISK_TOOL, n),
    "rule": lambda n: words(ELIGIBILITY_RULE, n),
    "sharing_basis": lambda n: words(SHARING_BASIS, n),
}
