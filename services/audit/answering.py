"""Who the audit service answers, in one place for its gRPC adapters: the
deployment's operator calling as itself (its certificate), and IG staff, whose
token a program that acts for people carries; no other person's role."""

import logging
from collections.abc import Callable
from typing import TypeVar

import grpc

from services.common.callers import IG_STAFF
from services.common.grpc_access import principal_of
from services.common.grpc_errors import answer
from services.common.person_tokens import People, answer_as_person
from services.common.principals import STACK_OPERATOR

T = TypeVar("T")
IG_ONLY = frozenset({IG_STAFF})


class Answering:
    def __init__(self, people: People, logger: logging.Logger) -> None:
        self._people = people
        self._logger = logger

    async def for_ig(
        self, context: grpc.aio.ServicerContext, rpc: str, work: Callable[[str], T]
    ) -> T:
        """The work for a person of the IG role, given their user id."""
        return await answer_as_person(
            context, self._people, self._logger, rpc, lambda caller: work(caller.user_id), IG_ONLY
        )

    async def for_operator_or_ig(
        self, context: grpc.aio.ServicerContext, rpc: str, work: Callable[[str], T]
    ) -> T:
        """The work for the operator (given its principal) or a person of the IG role."""
        if principal_of(context) == STACK_OPERATOR:
            return await answer(context, lambda: work(str(STACK_OPERATOR)), self._logger, rpc)
        return await self.for_ig(context, rpc, work)
