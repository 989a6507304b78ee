"""gRPC adapter for marac.v1.AuditService. The deployment's operator calls as
itself (its certificate) to verify, sign and read the head; a program that acts
for people calls with a person's token, and only IG staff are served. The IG
console's RPCs are for IG staff alone, the operator included only with an IG
person's token: each is a view (its request has no request id), on the access log."""

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

import grpc
from cryptography.hazmat.primitives import serialization
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import audit_pb2, audit_pb2_grpc
from services.audit import console_grpc
from services.audit.answering import Answering
from services.audit.application import Ledger
from services.audit.checkpoints import Checkpoint
from services.audit.ig_console import Handles, IgConsole
from services.common.person_tokens import People

T = TypeVar("T")
SERVICE = audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name


def checkpoint_message(checkpoint: Checkpoint) -> audit_pb2.Checkpoint:
    signed_at = Timestamp()
    signed_at.FromDatetime(checkpoint.signed_at)
    return audit_pb2.Checkpoint(
        entry_count=checkpoint.entry_count,
        head_hash=checkpoint.head_hash,
        signed_at=signed_at,
        key_id=checkpoint.key_id,
        signature=checkpoint.signature,
    )


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    def __init__(
        self,
        ledger: Ledger,
        console: IgConsole,
        people: People,
        logger: logging.Logger,
    ) -> None:
        self._ledger = ledger
        self._console = console
        self._answering = Answering(people, logger)
        self._public_pem = ledger.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")

    async def _answer(self, context: grpc.aio.ServicerContext, rpc: str, work: Callable[[], T]):
        return await self._answering.for_operator_or_ig(context, rpc, lambda _: work())

    async def _for_ig(self, context: grpc.aio.ServicerContext, rpc: str, work: Callable[[], T]):
        return await self._answering.for_ig(context, rpc, lambda _: work())

    async def FindEntries(self, request, context):
        def found() -> audit_pb2.FindEntriesResponse:
            search, before, size = console_grpc.search_of(request)
            return console_grpc.entries_page(search, self._console.find(search, before, size))

        return await self._for_ig(context, "FindEntries", found)

    async def GetSubjectHistory(self, request, context):
        def history() -> audit_pb2.GetSubjectHistoryResponse:
            subject = console_grpc.subject_of(request)
            history = self._console.subject_history(subject)
            return audit_pb2.GetSubjectHistoryResponse(history=history)

        return await self._for_ig(context, "GetSubjectHistory", history)

    async def GetSubjectAccessReport(self, request, context):
        def report() -> audit_pb2.GetSubjectAccessReportResponse:
            subject = console_grpc.subject_of(request)
            return audit_pb2.GetSubjectAccessReportResponse(
                report=self._console.access_report(subject)
            )

        return await self._for_ig(context, "GetSubjectAccessReport", report)

    async def ListDisclosures(self, request, context):
        def listed() -> audit_pb2.ListDisclosuresResponse:
            since, until, after, size = console_grpc.period_of(request)
            entries, more = self._console.disclosures(since, until, after, size)
            return console_grpc.disclosures_page(since, until, entries, more)

        return await self._for_ig(context, "ListDisclosures", listed)

    async def Verify(self, request, context):
        def verified() -> audit_pb2.VerifyResponse:
            result = self._ledger.verify()
            broken = result.broken
            return audit_pb2.VerifyResponse(
                ok=result.ok,
                entries_verified=result.entries,
                checkpoints=result.checkpoints,
                first_broken_position=broken.position if broken else 0,
                problem=broken.problem if broken else "",
                payloads_removed=result.payloads_removed,
            )

        return await self._answer(context, "Verify", verified)

    async def SignCheckpoint(self, request, context):
        def signed() -> audit_pb2.SignCheckpointResponse:
            checkpoint = self._ledger.sign_now()
            return audit_pb2.SignCheckpointResponse(checkpoint=checkpoint_message(checkpoint))

        return await self._answer(context, "SignCheckpoint", signed)

    async def GetHead(self, request, context):
        def head() -> audit_pb2.GetHeadResponse:
            found, latest = self._ledger.head()
            return audit_pb2.GetHeadResponse(
                entry_count=found.count,
                head_hash=found.hash,
                latest_checkpoint=checkpoint_message(latest) if latest else None,
                public_key_pem=self._public_pem,
            )

        return await self._answer(context, "GetHead", head)


def register(
    ledger: Ledger, people: People, logger: logging.Logger, handles: Handles | None = None
) -> Callable[[grpc.aio.Server], Iterable[str]]:
    def add(server: grpc.aio.Server) -> Iterable[str]:
        # The console reads the ledger as the ledger's service does: a store per call.
        console = IgConsole(ledger.stores, handles=handles)
        servicer = AuditServicer(ledger, console, people, logger)
        audit_pb2_grpc.add_AuditServiceServicer_to_server(servicer, server)
        return [SERVICE]

    return add
