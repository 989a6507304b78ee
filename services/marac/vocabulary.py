"""The meeting's own vocabulary (protos/marac/v1/meeting.proto); the actions' is the
kernel's (services.common.vocabulary), shared with the agencies that own them."""

from enum import StrEnum


class MeetingStage(StrEnum):
    SCHEDULED = "scheduled"
    AGENDA_CLOSED = "agenda_closed"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class ItemSource(StrEnum):
    ELIGIBLE = "eligible"
    CHAIR_ADDITION = "chair_addition"
    DEFERRED = "deferred"


class AdditionReason(StrEnum):
    LATE_REFERRAL = "late_referral"
    ESCALATION_SINCE_CUTOFF = "escalation_since_cutoff"
    ACTION_REVIEW = "action_review"
    LOCAL_THRESHOLD = "local_threshold"


class DeferralReason(StrEnum):
    REFERRER_ABSENT = "referrer_absent"
    OUT_OF_TIME = "out_of_time"
    RESEARCH_OUTSTANDING = "research_outstanding"
    NOT_DISCUSSED = "not_discussed"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES_BRIEFED = "apologies_briefed"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class ItemDecision(StrEnum):
    ACTIONS_AGREED = "actions_agreed"
    NO_FURTHER_ACTION = "no_further_action"
    REVIEW_AT_NEXT_MEETING = "review_at_next_meeting"
