"""LandlordService's queries of one case: GetLandlordCase, with the first page of
each of the case's lists, and a List query for each list."""

import grpc

from marac.v1 import landlord_pb2 as pb
from services.social_landlord.case_lists import (
    LandlordList,
    ListEnforcementSteps,
    ListLandlordActions,
    ListLandlordReferrals,
    ListLandlordReports,
)
from services.social_landlord.case_message import (
    action_message,
    enforcement_message,
    landlord_case_message,
    referral_message,
    report_message,
)
from services.social_landlord.domain import LandlordCase

Context = grpc.aio.ServicerContext


class LandlordQueries:
    """A part of LandlordServicer (which gives `answer` and `records`)."""

    async def GetLandlordCase(self, request: pb.GetLandlordCaseRequest, context: Context):
        case: LandlordCase = await self.answer(
            context, "GetLandlordCase", lambda: self.records.get_case(request.case_reference)
        )
        return landlord_case_message(case, self.records.now())

    async def ListLandlordReports(self, request: pb.ListLandlordReportsRequest, context: Context):
        case, page = await self._page(context, "ListLandlordReports", ListLandlordReports, request)
        now = self.records.now()
        return pb.ListLandlordReportsResponse(
            reports=[report_message(case, report_id, now) for report_id, _ in page.items],
            next_page_token=page.next_page_token,
        )

    async def ListLandlordActions(self, request: pb.ListLandlordActionsRequest, context: Context):
        _, page = await self._page(context, "ListLandlordActions", ListLandlordActions, request)
        return pb.ListLandlordActionsResponse(
            actions=[action_message(*item) for item in page.items],
            next_page_token=page.next_page_token,
        )

    async def ListLandlordReferrals(
        self, request: pb.ListLandlordReferralsRequest, context: Context
    ):
        _, page = await self._page(context, "ListLandlordReferrals", ListLandlordReferrals, request)
        return pb.ListLandlordReferralsResponse(
            referrals=[referral_message(*item) for item in page.items],
            next_page_token=page.next_page_token,
        )

    async def ListEnforcementSteps(self, request: pb.ListEnforcementStepsRequest, context: Context):
        _, page = await self._page(context, "ListEnforcementSteps", ListEnforcementSteps, request)
        return pb.ListEnforcementStepsResponse(
            enforcement_steps=[enforcement_message(*item) for item in page.items],
            next_page_token=page.next_page_token,
        )

    async def _page(self, context: Context, method: str, query: type[LandlordList], request):
        asked = query(request.case_reference, request.page_size, request.page_token)
        return await self.answer(context, method, lambda: self.records.list_of_case(asked))
