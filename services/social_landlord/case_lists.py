"""The lists a landlord case keeps (reports, actions, support referrals, enforcement
steps), each read a page at a time: GetLandlordCase carries the first page of each
and a token for its List query, which gives the rest. Each list only grows at its
end (an action finished, a referral ended or a step concluded or escalated changes
in place; an escalation adds its new step at the end), so a page's position is an
item's place in the order recorded."""

from dataclasses import dataclass
from typing import Any, ClassVar

from services.common.commands import PageOfCase
from services.social_landlord.domain import LandlordCase


@dataclass(frozen=True)
class LandlordList(PageOfCase):
    def items(self, case: LandlordCase) -> list[tuple[str, dict[str, Any]]]:
        """The list's items on `case`, as (id, record), in the order recorded."""
        raise NotImplementedError


@dataclass(frozen=True)
class ListLandlordReports(LandlordList):
    of: ClassVar[str] = "reports"

    def items(self, case: LandlordCase) -> list[tuple[str, dict[str, Any]]]:
        return list(case.reports.items())


@dataclass(frozen=True)
class ListLandlordActions(LandlordList):
    of: ClassVar[str] = "actions"

    def items(self, case: LandlordCase) -> list[tuple[str, dict[str, Any]]]:
        return list(case.actions.items())


@dataclass(frozen=True)
class ListLandlordReferrals(LandlordList):
    of: ClassVar[str] = "referrals"

    def items(self, case: LandlordCase) -> list[tuple[str, dict[str, Any]]]:
        return list(case.referrals.items())


@dataclass(frozen=True)
class ListEnforcementSteps(LandlordList):
    of: ClassVar[str] = "enforcement-steps"

    def items(self, case: LandlordCase) -> list[tuple[str, dict[str, Any]]]:
        return list(case.enforcement.items())
