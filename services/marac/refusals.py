"""What a MARAC meeting refuses, and why: its limits, and one error for each rule,
so the gRPC adapter can name the field a rule is about."""

from services.common.errors import FailedPrecondition, NotFound, PermissionDenied, RuleBroken
from services.common.validation import FieldViolation, InvalidRequest

MINUTES_PER_ITEM = 15
MAX_MINUTES = 180
MAX_NOTE = 500


class NotAnArea(InvalidRequest):
    """A meeting for an area the partnership does not configure (MARAC_AREAS)."""

    def __init__(self) -> None:
        super().__init__([FieldViolation("area", "is not an area of this partnership")])


class AttendeeRequired(RuleBroken):
    def __init__(self) -> None:
        super().__init__("an agency present is represented by someone")


class AcknowledgementRequired(RuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "an attendee acknowledges the confidentiality statement before taking part"
        )


class MinutesOutOfRange(RuleBroken):
    def __init__(self) -> None:
        super().__init__(f"minutes discussed are 1 to {MAX_MINUTES}")


class DueBeforeMeeting(RuleBroken):
    def __init__(self) -> None:
        super().__init__("an action is due on or after the meeting's date")


class NoteTooLong(RuleBroken):
    def __init__(self) -> None:
        super().__init__(f"an action's note is at most {MAX_NOTE} characters")


class ItemNotOnAgenda(NotFound):
    def __init__(self) -> None:
        super().__init__("this subject is not on the meeting's agenda")


class NoSuchAction(NotFound):
    def __init__(self) -> None:
        super().__init__("no such action")


class WrongStage(FailedPrecondition):
    def __init__(self, needs: str) -> None:
        super().__init__(f"the meeting must be {needs}")


class ItemDeferred(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("this item was deferred")


class ReferrerNotHere(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__(
            "no referring agency attends or briefed someone: defer the item to the next meeting"
        )


class ActionAlreadyClosed(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("this action is closed already")


class ReportOnItsWay(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("this action's report is waiting for its agency's record")


class ActionAlreadyWithdrawn(FailedPrecondition):
    def __init__(self) -> None:
        super().__init__("this action was withdrawn already")


class ReasonGivenByReassigning(RuleBroken):
    def __init__(self) -> None:
        super().__init__("reassigned is the reason a reassignment gives: reassign the action")


class SameOwner(RuleBroken):
    def __init__(self) -> None:
        super().__init__("is the action's owner already: choose another agency")


class NoSuchSubject(NotFound):
    def __init__(self) -> None:
        super().__init__("no such subject, or none the MARAC panel may be told of")


class NotTheOwner(PermissionDenied):
    def __init__(self) -> None:
        super().__init__("only the owner agency's representatives report on an action")


class NoCaseForOwner(NotFound):
    def __init__(self) -> None:
        super().__init__("the owner agency has no case for this subject the panel may be told of")
