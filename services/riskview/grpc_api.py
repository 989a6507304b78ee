"""gRPC adapter for marac.v1.RiskViewService. The caller of each call is the person
its authorization token names (services.common.person_tokens), verified before the
request is looked at; the requests' Caller fields are ignored."""

import functools
import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

import grpc

from marac.v1 import riskview_pb2, riskview_pb2_grpc, vocabulary_pb2
from services.common.callers import Caller
from services.common.person_tokens import People, answer_as_person
from services.riskview.application import RiskView
from services.riskview.panel_agenda import AgendaLine
from shared_view import eligibility
from shared_view.view import BY_CONSENT, BY_OVERRIDE, AgendaEntry, Seen

T = TypeVar("T")

RULES = {
    eligibility.VISIBLE_HIGH_RISK: riskview_pb2.ELIGIBILITY_RULE_VISIBLE_HIGH_RISK,
    eligibility.ESCALATION: riskview_pb2.ELIGIBILITY_RULE_ESCALATION,
    eligibility.CUMULATIVE_HARM: riskview_pb2.ELIGIBILITY_RULE_CUMULATIVE_HARM,
    eligibility.PROFESSIONAL_JUDGEMENT: riskview_pb2.ELIGIBILITY_RULE_PROFESSIONAL_JUDGEMENT,
    eligibility.REPEAT_REFERRAL: riskview_pb2.ELIGIBILITY_RULE_REPEAT_REFERRAL,
}
TOOLS = frozenset(vocabulary_pb2.RiskTool.keys())
SHARING = {
    BY_CONSENT: riskview_pb2.SHARING_BASIS_CONSENT,
    BY_OVERRIDE: riskview_pb2.SHARING_BASIS_OVERRIDE,
}


class RiskViewServicer(riskview_pb2_grpc.RiskViewServiceServicer):
    def __init__(self, view: RiskView, people: People, logger: logging.Logger):
        self._view = view
        self._people = people
        self._logger = logger

    async def _as_caller(
        self, context: grpc.aio.ServicerContext, rpc: str, work: Callable[[Caller], T]
    ) -> T:
        return await answer_as_person(context, self._people, self._logger, rpc, work)

    async def GetCaseView(
        self, request: riskview_pb2.GetCaseViewRequest, context: grpc.aio.ServicerContext
    ) -> riskview_pb2.GetCaseViewResponse:
        shown = await self._as_caller(
            context,
            "GetCaseView",
            lambda caller: self._view.case_view(caller, request.case_reference),
        )
        return riskview_pb2.GetCaseViewResponse(
            contributions=[contribution_message(seen) for seen in shown.seen],
            disclosure_id=shown.disclosure_id,
        )

    async def ListAgenda(
        self, request: riskview_pb2.ListAgendaRequest, context: grpc.aio.ServicerContext
    ) -> riskview_pb2.ListAgendaResponse:
        page = await self._as_caller(
            context,
            "ListAgenda",
            lambda caller: self._view.agenda(
                caller, request.meeting_id, request.page_size, request.page_token, request.area
            ),
        )
        return riskview_pb2.ListAgendaResponse(
            items=[agenda_item_message(item) for item in page.items],
            next_page_token=page.next_page_token,
            disclosure_ids=page.disclosure_ids,
        )

    async def GetAgendaItem(
        self, request: riskview_pb2.GetAgendaItemRequest, context: grpc.aio.ServicerContext
    ) -> riskview_pb2.GetAgendaItemResponse:
        opened = await self._as_caller(
            context,
            "GetAgendaItem",
            lambda caller: self._view.agenda_item(
                caller, request.handle, request.meeting_id, request.area
            ),
        )
        return riskview_pb2.GetAgendaItemResponse(
            item=agenda_item_message(opened.item),
            contributions=[contribution_message(seen) for seen in opened.seen],
            disclosure_id=opened.disclosure_id,
        )

    async def ListOwnCases(
        self, request: riskview_pb2.ListOwnCasesRequest, context: grpc.aio.ServicerContext
    ) -> riskview_pb2.ListOwnCasesResponse:
        page = await self._as_caller(
            context,
            "ListOwnCases",
            lambda caller: self._view.own_cases(caller, request.page_size, request.page_token),
        )
        return riskview_pb2.ListOwnCasesResponse(
            cases=[contribution_message((c, None)) for c in page.cases],
            next_page_token=page.next_page_token,
        )


def contribution_message(seen: Seen) -> riskview_pb2.Contribution:
    c, grant = seen
    return riskview_pb2.Contribution(
        agency=c.agency,
        agency_id=c.agency_id,
        case_reference=c.case_reference,
        risk_level=c.risk_level,
        risk_tool=c.risk_tool,
        assessment_tool=assessment_tool(c.risk_tool),
        incident_count=c.incident_count,
        incident_dates=[d.isoformat() for d in c.incident_dates],
        strands=c.strands,
        hate_crimes=c.hate_crimes,
        hate_incidents=c.hate_incidents,
        open_support=c.open_support,
        open_enforcement=c.open_enforcement,
        open_actions=[
            riskview_pb2.OpenAction(
                type=a.type, due_date=a.due_date.isoformat() if a.due_date else ""
            )
            for a in c.open_actions
        ],
        case_closed=c.closed,
        sharing_basis=SHARING[grant.basis] if grant else riskview_pb2.SHARING_BASIS_OWN_AGENCY,
        override_id=grant.override_id if grant else "",
        lawful_basis=grant.lawful_basis if grant else 0,
    )


def assessment_tool(name: str) -> int:
    """The RiskTool a stored tool name stands for (unspecified for none or unknown)."""
    full = f"RISK_TOOL_{name.upper()}"
    return vocabulary_pb2.RiskTool.Value(full) if name and full in TOOLS else 0


def agenda_item_message(line: AgendaLine) -> riskview_pb2.AgendaItem:
    item: AgendaEntry = line.entry
    return riskview_pb2.AgendaItem(
        handle=line.handle,
        reasons=[reason_message(reason.rule, reason.agencies) for reason in item.reasons],
        highest_risk_level=item.highest_risk_level,
        incident_count=item.incident_count,
    )


@functools.lru_cache(maxsize=4096)
def reason_message(
    rule: str, agencies: tuple[tuple[int, str], ...]
) -> riskview_pb2.EligibilityReason:
    """Made once for each rule and its agencies, which many items share: an agenda page
    copies it into each item (a quarter of what the message cost to build)."""
    return riskview_pb2.EligibilityReason(
        rule=RULES[rule],
        agencies=[
            riskview_pb2.AgencyRef(agency=kind, agency_id=agency_id) for kind, agency_id in agencies
        ],
    )


def register(
    view: RiskView, people: People, logger: logging.Logger
) -> Callable[[grpc.aio.Server], Iterable[str]]:
    def add(server: grpc.aio.Server) -> Iterable[str]:
        riskview_pb2_grpc.add_RiskViewServiceServicer_to_server(
            RiskViewServicer(view, people, logger), server
        )
        return [riskview_pb2.DESCRIPTOR.services_by_name["RiskViewService"].full_name]

    return add
