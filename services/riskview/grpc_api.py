"""gRPC adapter for marac.v1.RiskViewService."""

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

import grpc
import psycopg

from marac.v1 import riskview_pb2, riskview_pb2_grpc
from projections.risk_summary import RiskSummary
from services.common.grpc_server import answer
from services.common.logs import log
from services.riskview.application import RiskView

T = TypeVar("T")


class RiskViewServicer(riskview_pb2_grpc.RiskViewServiceServicer):
    def __init__(self, view: RiskView, logger: logging.Logger):
        self._view = view
        self._logger = logger

    async def GetSubjectSummary(
        self, request: riskview_pb2.GetSubjectSummaryRequest, context: grpc.aio.ServicerContext
    ) -> riskview_pb2.GetSubjectSummaryResponse:
        summary = await self._answer(
            context, lambda: self._view.subject_summary(request.subject_key), "GetSubjectSummary"
        )
        return riskview_pb2.GetSubjectSummaryResponse(summary=to_message(summary))

    async def ListSubjectsByRisk(
        self, request: riskview_pb2.ListSubjectsByRiskRequest, context: grpc.aio.ServicerContext
    ) -> riskview_pb2.ListSubjectsByRiskResponse:
        page = await self._answer(
            context,
            lambda: self._view.subjects_by_risk(
                request.min_risk_level, request.page_size, request.page_token
            ),
            "ListSubjectsByRisk",
        )
        return riskview_pb2.ListSubjectsByRiskResponse(
            summaries=[to_message(s) for s in page.summaries],
            next_page_token=page.next_page_token,
        )

    async def _answer(
        self, context: grpc.aio.ServicerContext, work: Callable[[], T], rpc: str
    ) -> T:
        try:
            return await answer(context, work, self._logger, rpc)
        except psycopg.OperationalError as error:  # includes the pool's timeout
            log(self._logger, "read model unavailable", rpc=rpc, error=type(error).__name__)
            await context.abort(grpc.StatusCode.UNAVAILABLE, "the shared view is unavailable")
            raise AssertionError("unreachable: abort raises") from error


def to_message(summary: RiskSummary) -> riskview_pb2.SubjectSummary:
    return riskview_pb2.SubjectSummary(
        subject_key=summary.subject_key,
        agencies=summary.agencies,
        highest_risk_level=summary.highest_risk_level,
        incident_count=summary.incident_count,
        last_incident_date=(
            summary.last_incident_date.isoformat() if summary.last_incident_date else ""
        ),
    )


def register(view: RiskView, logger: logging.Logger) -> Callable[[grpc.aio.Server], Iterable[str]]:
    def add(server: grpc.aio.Server) -> Iterable[str]:
        riskview_pb2_grpc.add_RiskViewServiceServicer_to_server(
            RiskViewServicer(view, logger), server
        )
        return [riskview_pb2.DESCRIPTOR.services_by_name["RiskViewService"].full_name]

    return add
