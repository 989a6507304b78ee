"""gRPC adapter for marac.v1.AgreementService: IG staff, with a person's token
carried by a program that acts for people, and the deployment's operator as itself
(it records the partnership's standard agreement when it provisions a stack)."""

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

import grpc

from marac.v1 import agreements_pb2, agreements_pb2_grpc
from services.audit.agreement_messages import agreement_message
from services.audit.agreement_register import AgreementRegister, EndAgreement, RecordAgreement
from services.audit.agreements import Party
from services.audit.answering import Answering
from services.common.contract import moment
from services.common.paging import page_of, read_page
from services.common.person_tokens import People
from services.common.validation import Violations

T = TypeVar("T")
SERVICE = agreements_pb2.DESCRIPTOR.services_by_name["AgreementService"].full_name
AGREEMENTS_SCOPE = "agreements"


def record_command(request: agreements_pb2.RecordAgreementRequest) -> RecordAgreement:
    return RecordAgreement(
        request_id=request.request_id,
        title=request.title,
        parties=tuple(Party(p.agency_id, p.agency) for p in request.parties),
        marac_panel=request.marac_panel,
        purposes=tuple(request.purposes),
        categories=tuple(request.categories),
        lawful_bases=tuple(request.lawful_bases),
        starts_at=moment(request.starts_at) if request.HasField("starts_at") else None,
        review_date=request.review_date,
        ends_at=moment(request.ends_at) if request.HasField("ends_at") else None,
    )


def review_due_by(v: Violations, raw: str) -> date | None:
    """The day a list asks for the agreements due for review by; None: every agreement."""
    return v.day("review_due_by", raw) if raw else None


def agreements_page(
    register: AgreementRegister, request: agreements_pb2.ListAgreementsRequest
) -> agreements_pb2.ListAgreementsResponse:
    """A page of the register's agreements (by start, then id), as the other lists
    page: a token names the list (and its review date) it was issued for."""
    v = Violations()
    due = review_due_by(v, request.review_due_by)
    scope = f"{AGREEMENTS_SCOPE}:{request.review_due_by}"
    after, size = read_page(v, scope, request.page_size, request.page_token, (datetime, str))
    v.raise_if_any()
    listed = [
        ((a.terms.starts_at, a.agreement_id), agreement_message(a))
        for a in register.agreements(due)
    ]
    shown, token = page_of(
        listed, lambda pair: pair[0], after, size, scope, weight=lambda pair: pair[1].ByteSize()
    )
    return agreements_pb2.ListAgreementsResponse(
        agreements=[message for _, message in shown], next_page_token=token
    )


class AgreementServicer(agreements_pb2_grpc.AgreementServiceServicer):
    def __init__(self, register: AgreementRegister, people: People, logger: logging.Logger):
        self._register = register
        self._answering = Answering(people, logger)

    async def _answer(self, context, rpc: str, work: Callable[[str], T]) -> T:
        """The work for who calls: the operator, or a person of the IG role (by user id)."""
        return await self._answering.for_operator_or_ig(context, rpc, work)

    async def RecordAgreement(self, request, context):
        def recorded(by: str) -> agreements_pb2.RecordAgreementResponse:
            agreement = self._register.record(by, record_command(request))
            return agreements_pb2.RecordAgreementResponse(agreement=agreement_message(agreement))

        return await self._answer(context, "RecordAgreement", recorded)

    async def EndAgreement(self, request, context):
        def ended(by: str) -> agreements_pb2.EndAgreementResponse:
            command = EndAgreement(request.request_id, request.agreement_id, request.reason)
            agreement = self._register.end(by, command)
            return agreements_pb2.EndAgreementResponse(agreement=agreement_message(agreement))

        return await self._answer(context, "EndAgreement", ended)

    async def ListAgreements(self, request, context):
        def listed(_: str) -> agreements_pb2.ListAgreementsResponse:
            return agreements_page(self._register, request)

        return await self._answer(context, "ListAgreements", listed)

    async def GetAgreement(self, request, context):
        def got(_: str) -> agreements_pb2.GetAgreementResponse:
            v = Violations()
            v.issued_id("agreement_id", request.agreement_id)
            v.raise_if_any()
            agreement = self._register.agreement(request.agreement_id)
            return agreements_pb2.GetAgreementResponse(agreement=agreement_message(agreement))

        return await self._answer(context, "GetAgreement", got)


def add_agreements(
    register: AgreementRegister, people: People, logger: logging.Logger
) -> Callable[[grpc.aio.Server], list[str]]:
    def add(server: grpc.aio.Server) -> list[str]:
        servicer = AgreementServicer(register, people, logger)
        agreements_pb2_grpc.add_AgreementServiceServicer_to_server(servicer, server)
        return [SERVICE]

    return add
