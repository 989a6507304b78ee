"""The contracts' words in plain English, in one place: every page shows an enum
value through `words`, never its name. A value's words are made from its name
(AGENCY_KIND_SOCIAL_LANDLORD: "Social landlord") unless the table below says better;
a value the contracts gained after this was written still reads as words."""

import functools

from google.protobuf.descriptor import EnumDescriptor

from marac.v1 import (
    access_log_pb2,
    agreements_pb2,
    audit_pb2,
    case_events_pb2,
    disclosure_pb2,
    meeting_actions_pb2,
    meeting_pb2,
    riskview_pb2,
    vocabulary_pb2,
)

AGENCY_KIND = vocabulary_pb2.AgencyKind.DESCRIPTOR
RISK_LEVEL = vocabulary_pb2.RiskLevel.DESCRIPTOR
STRAND = vocabulary_pb2.Strand.DESCRIPTOR
INCIDENT_CATEGORY = vocabulary_pb2.IncidentCategory.DESCRIPTOR
ACTION_TYPE = vocabulary_pb2.ActionType.DESCRIPTOR
SUPPORT_AREA = vocabulary_pb2.SupportArea.DESCRIPTOR
ENFORCEMENT_TYPE = vocabulary_pb2.EnforcementType.DESCRIPTOR
LAWFUL_BASIS = vocabulary_pb2.LawfulBasis.DESCRIPTOR
RISK_TOOL = vocabulary_pb2.RiskTool.DESCRIPTOR
ELIGIBILITY_RULE = riskview_pb2.EligibilityRule.DESCRIPTOR
SHARING_BASIS = riskview_pb2.SharingBasis.DESCRIPTOR
MEETING_STAGE = meeting_pb2.MeetingStage.DESCRIPTOR
ITEM_SOURCE = meeting_pb2.ItemSource.DESCRIPTOR
ADDITION_REASON = meeting_pb2.AdditionReason.DESCRIPTOR
DEFERRAL_REASON = meeting_pb2.DeferralReason.DESCRIPTOR
ATTENDANCE_STATUS = meeting_pb2.AttendanceStatus.DESCRIPTOR
ITEM_DECISION = meeting_pb2.ItemDecision.DESCRIPTOR
MEETING_ACTION_TYPE = meeting_actions_pb2.MeetingActionType.DESCRIPTOR
MEETING_ACTION_STATUS = meeting_actions_pb2.MeetingActionStatus.DESCRIPTOR
CLOSURE_REASON = meeting_actions_pb2.ActionClosureReason.DESCRIPTOR
WITHDRAWAL_REASON = meeting_actions_pb2.ActionWithdrawalReason.DESCRIPTOR
# What the IG console shows of disclosures, consent, overrides and refusals.
RECIPIENT = vocabulary_pb2.Recipient.DESCRIPTOR
PURPOSE = vocabulary_pb2.Purpose.DESCRIPTOR
AUTHORISER_ROLE = vocabulary_pb2.AuthoriserRole.DESCRIPTOR
CONSENT_CHANGE = case_events_pb2.ConsentChange.DESCRIPTOR
CALLER_ROLE = disclosure_pb2.CallerRole.DESCRIPTOR
DISCLOSURE_BASIS = disclosure_pb2.DisclosureBasis.DESCRIPTOR
DISCLOSURE_VIEW = disclosure_pb2.DisclosureView.DESCRIPTOR
ACCESS_DECISION = access_log_pb2.AccessDecision.DESCRIPTOR
REFUSAL_REASON = access_log_pb2.RefusalReason.DESCRIPTOR
OVERRIDE_STATE = audit_pb2.OverrideState.DESCRIPTOR
# What the register of data-sharing agreements shows.
SHARED_CATEGORY = vocabulary_pb2.SharedCategory.DESCRIPTOR
END_REASON = agreements_pb2.AgreementEndReason.DESCRIPTOR

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
    "LAWFUL_BASIS_CRIME_AND_DISORDER_ACT_S115": "Crime and Disorder Act 1998, section 115",
    "PURPOSE_MARAC_DISCUSSION": "MARAC discussion",
    "LAWFUL_BASIS_PREVENTING_OR_DETECTING_UNLAWFUL_ACTS": "Preventing or detecting unlawful acts",
    "RISK_TOOL_COLLEGE_OF_POLICING_HATE_CRIME_RISK": "College of Policing hate crime risk",
    "RISK_TOOL_LANDLORD_HATE_INCIDENT_RISK_MATRIX": "Landlord hate incident risk matrix",
    "RISK_TOOL_VICTIM_SUPPORT_NEEDS_AND_RISK": "Victim Support needs and risk",
    "RISK_TOOL_DDPO_ADVOCACY_RISK": "DDPO advocacy risk",
    "ACTION_TYPE_ACTION_PLAN": "Action plan",
    "ENFORCEMENT_TYPE_ACCEPTABLE_BEHAVIOUR_AGREEMENT": "Acceptable behaviour agreement",
    "MEETING_STAGE_SCHEDULED": "Scheduled: the agenda is open",
    "MEETING_STAGE_AGENDA_CLOSED": "Agenda closed: agencies check their records",
    "MEETING_STAGE_IN_PROGRESS": "In progress",
    "ITEM_SOURCE_ELIGIBLE": "Eligible at the cut-off",
    "ITEM_SOURCE_CHAIR_ADDITION": "Added by the chair",
    "ITEM_SOURCE_DEFERRED": "Deferred from an earlier meeting",
    "ADDITION_REASON_ESCALATION_SINCE_CUTOFF": "Escalation since the cut-off",
    "ADDITION_REASON_ACTION_REVIEW": "Review of outstanding actions",
    "ADDITION_REASON_LOCAL_THRESHOLD": "Eligible by the partnership's local threshold",
    "DEFERRAL_REASON_REFERRER_ABSENT": "The referrer neither attends nor briefed someone",
    "DEFERRAL_REASON_RESEARCH_OUTSTANDING": "An agency's research is not done",
    "ATTENDANCE_STATUS_APOLOGIES_BRIEFED": "Apologies, someone briefed to speak for it",
    "ITEM_DECISION_REVIEW_AT_NEXT_MEETING": "Review at the next meeting",
    "MEETING_ACTION_TYPE_RECORDS_CHECK": "Check records and report back",
    "MEETING_ACTION_TYPE_PATROLS": "Patrols or visible presence",
    "MEETING_ACTION_TYPE_TARGET_HARDENING": "Target hardening (locks, lighting, alarms)",
    "MEETING_ACTION_TYPE_ADDRESS_MARKER": "Address or person marker",
    "MEETING_ACTION_STATUS_NOT_POSSIBLE": "Could not be done",
    "ACTION_CLOSURE_REASON_VICTIM_NOT_REACHED": "Victim could not be reached",
    "ACTION_CLOSURE_REASON_OUTSIDE_AGENCY_REMIT": "Outside the agency's remit",
    "ACTION_WITHDRAWAL_REASON_DUPLICATE": "Agreed twice (a duplicate)",
    "ACTION_WITHDRAWAL_REASON_SUPERSEDED": "Superseded by another action",
    "ACTION_WITHDRAWAL_REASON_NO_LONGER_NEEDED": "No longer needed, as the meeting decided",
    "ACTION_WITHDRAWAL_REASON_REASSIGNED": "Reassigned to another agency",
    "CALLER_ROLE_MARAC_CHAIR": "MARAC chair",
    "CALLER_ROLE_IG_STAFF": "Information governance",
    "DISCLOSURE_BASIS_MARAC_REFERRAL": "The agency's MARAC referral",
    "DISCLOSURE_VIEW_CASE": "A representative's view of their agency's case",
    "DISCLOSURE_VIEW_AGENDA": "A line of the MARAC agenda",
    "DISCLOSURE_VIEW_AGENDA_ITEM": "An agenda item's risk card",
}


@functools.lru_cache(maxsize=1024)  # many a page; reading a descriptor is slow
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
    "incident_category": lambda n: words(INCIDENT_CATEGORY, n),
    "action_type": lambda n: words(ACTION_TYPE, n),
    "support_area": lambda n: words(SUPPORT_AREA, n),
    "enforcement": lambda n: words(ENFORCEMENT_TYPE, n),
    "lawful_basis": lambda n: words(LAWFUL_BASIS, n),
    "risk_tool": lambda n: words(RISK_TOOL, n),
    "rule": lambda n: words(ELIGIBILITY_RULE, n),
    "sharing_basis": lambda n: words(SHARING_BASIS, n),
    "stage": lambda n: words(MEETING_STAGE, n),
    "item_source": lambda n: words(ITEM_SOURCE, n),
    "addition_reason": lambda n: words(ADDITION_REASON, n),
    "deferral_reason": lambda n: words(DEFERRAL_REASON, n),
    "attendance": lambda n: words(ATTENDANCE_STATUS, n),
    "decision": lambda n: words(ITEM_DECISION, n),
    "meeting_action": lambda n: words(MEETING_ACTION_TYPE, n),
    "action_status": lambda n: words(MEETING_ACTION_STATUS, n),
    "closure_reason": lambda n: words(CLOSURE_REASON, n),
    "withdrawal_reason": lambda n: words(WITHDRAWAL_REASON, n),
    "recipient": lambda n: words(RECIPIENT, n),
    "purpose": lambda n: words(PURPOSE, n),
    "authoriser_role": lambda n: words(AUTHORISER_ROLE, n),
    "consent_change": lambda n: words(CONSENT_CHANGE, n),
    "caller_role": lambda n: words(CALLER_ROLE, n),
    "disclosure_basis": lambda n: words(DISCLOSURE_BASIS, n),
    "disclosure_view": lambda n: words(DISCLOSURE_VIEW, n),
    "access_decision": lambda n: words(ACCESS_DECISION, n),
    "refusal_reason": lambda n: words(REFUSAL_REASON, n),
    "override_state": lambda n: words(OVERRIDE_STATE, n),
    "shared_category": lambda n: words(SHARED_CATEGORY, n),
    "end_reason": lambda n: words(END_REASON, n),
}


def choices(enum: EnumDescriptor) -> list[tuple[int, str]]:
    """Every value but UNSPECIFIED, as (number, words), for a form's options."""
    return [(v.number, words(enum, v.number)) for v in enum.values if v.number]
