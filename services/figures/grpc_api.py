"""gRPC adapter for marac.v1.FiguresService: the caller is the person the call's
token names (services.common.person_tokens), a partnership analyst or a MARAC chair; the
case reviews are the community safety partnership's, for analysts only."""

import logging
from collections.abc import Iterable

import grpc

from figures.case_review_listing import CaseReviewList, ListedReview
from marac.v1 import disclosure_pb2, figures_pb2, figures_pb2_grpc
from services.common.contract import timestamp
from services.common.grpc_requests import optional_moment
from services.common.people import ANALYST, CHAIR
from services.common.person_tokens import People, answer_as_person
from services.figures.application import FigureQuery, PartnershipFigures

ANALYST_ROLE = disclosure_pb2.CALLER_ROLE_PARTNERSHIP_ANALYST
CHAIR_ROLE = disclosure_pb2.CALLER_ROLE_MARAC_CHAIR
# The token roles the figures serve: anyone else is PERMISSION_DENIED.
ROLES = {ANALYST: ANALYST_ROLE, CHAIR: CHAIR_ROLE}
CASE_REVIEW_ROLES = frozenset({ANALYST_ROLE})
SERVICE = figures_pb2.DESCRIPTOR.services_by_name["FiguresService"].full_name


class FiguresServicer(figures_pb2_grpc.FiguresServiceServicer):
    def __init__(
        self,
        figures: PartnershipFigures,
        case_reviews: CaseReviewList,
        people: People,
        logger: logging.Logger,
    ):
        self._figures = figures
        self._case_reviews = case_reviews
        self._people = people
        self._logger = logger

    async def ListFigures(self, request, context) -> figures_pb2.ListFiguresResponse:
        names = await answer_as_person(
            context, self._people, self._logger, "ListFigures", lambda _: self._figures.names()
        )
        return figures_pb2.ListFiguresResponse(names=names)

    async def GetFigure(
        self, request: figures_pb2.GetFigureRequest, context: grpc.aio.ServicerContext
    ) -> figures_pb2.GetFigureResponse:
        def figure(_caller):
            query = FigureQuery(
                name=request.name,
                start=optional_moment(request, "period_start"),
                end=optional_moment(request, "period_end"),
                strands=list(request.strands),
                agencies=list(request.agencies),
            )
            return self._figures.figure(query)

        table = await answer_as_person(context, self._people, self._logger, "GetFigure", figure)
        return figures_pb2.GetFigureResponse(
            title=table.title,
            row_dimension=table.row_dimension,
            column_dimension=table.column_dimension,
            columns=table.columns,
            rows=[
                figures_pb2.FigureRow(label=label, cells=map(count, cells), total=count(total))
                for label, cells, total in zip(
                    table.rows, table.cells, table.row_totals, strict=True
                )
            ],
            column_totals=map(count, table.column_totals),
            total=count(table.total),
            threshold=table.threshold,
        )

    async def ListCaseReviews(self, request, context) -> figures_pb2.ListCaseReviewsResponse:
        reviews = await answer_as_person(
            context,
            self._people,
            self._logger,
            "ListCaseReviews",
            lambda _: self._case_reviews.reviews(),
            roles=CASE_REVIEW_ROLES,
        )
        return figures_pb2.ListCaseReviewsResponse(reviews=map(case_review, reviews))


def case_review(review: ListedReview) -> figures_pb2.CaseReview:
    return figures_pb2.CaseReview(
        postcode_district=review.district,
        people=review.people,
        reasons=[
            figures_pb2.CaseReviewReason(
                rule=reason.rule,
                incidents=[
                    figures_pb2.CaseReviewIncident(
                        occurred_at=timestamp(incident.occurred_at),
                        reports=[
                            figures_pb2.CaseReviewReport(
                                agency=r.agency,
                                agency_id=r.agency_id,
                                case_reference=r.case_reference,
                                occurred_at=timestamp(r.occurred_at),
                                complained_at=timestamp(r.made_at),
                                category=r.category,
                            )
                            for r in incident.reports
                        ],
                    )
                    for incident in reason.incidents
                ],
            )
            for reason in review.reasons
        ],
    )


def count(value: int | None) -> figures_pb2.PublishedCount:
    if value is None:
        return figures_pb2.PublishedCount(suppressed=True)
    return figures_pb2.PublishedCount(value=value)


def register(
    figures: PartnershipFigures,
    case_reviews: CaseReviewList,
    people: People,
    logger: logging.Logger,
):
    def add(server: grpc.aio.Server) -> Iterable[str]:
        figures_pb2_grpc.add_FiguresServiceServicer_to_server(
            FiguresServicer(figures, case_reviews, people, logger), server
        )
        return [SERVICE]

    return add
