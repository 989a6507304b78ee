"""From gRPC requests to commands, and from answers to responses: the pieces every
agency's servicer uses alike."""

import itertools
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import agency_case_pb2, case_events_pb2
from services.common.case import Consent, Subject
from services.common.contract import from_proto, moment, timestamp, to_proto
from services.common.grpc_errors import KERNEL_FIELDS, Fields, answer
from services.common.validation import FieldViolation, InvalidRequest
from services.common.vocabulary import Purpose, Recipient

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
# Every repeated field has a maximum smaller than this (services.common.commands and
# each agency's commands): past it a request is refused whatever the rest holds, so
# the rest is not mapped, and a field of a million items costs no more than one of 33.
MAPPED_AT_MOST = 32


def bounded(items: Iterable[T]) -> list[T]:
    """The items a repeated field's refusal needs: enough to tell it is too long."""
    return list(itertools.islice(items, MAPPED_AT_MOST + 1))


class Unmappable:
    """Collects the values a request gives that the contract does not define, as
    (field, description), so one response names every problem."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def one(self, domain: type[E], number: int, path: str) -> E | None:
        try:
            return from_proto(domain, number)
        except ValueError:
            self.found.append((path, f"is not a known {domain.__name__}"))
            return None

    def named(self, domain: type[E], value: str, path: str) -> E | None:
        """A member given by its value (a closed list carried as a string)."""
        if not value:
            return None
        try:
            return domain(value)
        except ValueError:
            self.found.append(
                (path, f"must be one of {', '.join(sorted(m.value for m in domain))}")
            )
            return None

    def either(
        self, domain: type[E], number: int, path: str, name: str, name_path: str
    ) -> E | None:
        """A member given as an enum value, or by name in a deprecated string field."""
        if number:
            return self.one(domain, number, path)
        return self.named(domain, name, name_path)

    def many(self, domain: type[E], numbers: Iterable[int], path: str) -> tuple[E, ...]:
        members = []
        for index, number in enumerate(bounded(numbers)):
            member = self.one(domain, number, f"{path}[{index}]")
            if member is None and number == 0:
                self.found.append((f"{path}[{index}]", "must not be unspecified"))
            elif member is not None:
                members.append(member)
        return tuple(members)

    def scopes(self, scopes, path: str) -> tuple[tuple[Recipient, Purpose], ...]:
        found = []
        for index, scope in enumerate(bounded(scopes)):
            recipient = self.one(Recipient, scope.recipient, f"{path}[{index}].recipient")
            purpose = self.one(Purpose, scope.purpose, f"{path}[{index}].purpose")
            if scope.recipient == 0:
                self.found.append((f"{path}[{index}].recipient", "is required"))
            if scope.purpose == 0:
                self.found.append((f"{path}[{index}].purpose", "is required"))
            if recipient is not None and purpose is not None:
                found.append((recipient, purpose))
        return tuple(found)

    def consent(self, request: Message, path: str = "consent") -> Consent | None:
        """The request's consent, or None when it has none."""
        if not request.HasField(path):
            return None
        consent = getattr(request, path)
        return Consent(
            scopes=self.scopes(consent.scopes, f"{path}.scopes"),
            refused=self.many(Recipient, consent.refused_recipients, f"{path}.refused_recipients"),
        )

    @property
    def values(self) -> tuple[tuple[str, str], ...]:
        return tuple(self.found)


def subject_from(request: Message) -> Subject | None:
    if not request.HasField("subject"):
        return None
    s = request.subject
    return Subject(s.given_name, s.family_name, s.date_of_birth, s.postcode)


def subject_message(subject: Subject | None) -> agency_case_pb2.SubjectIdentity | None:
    if subject is None:
        return None
    return agency_case_pb2.SubjectIdentity(
        given_name=subject.given_name,
        family_name=subject.family_name,
        date_of_birth=subject.date_of_birth,
        postcode=subject.postcode,
    )


def scopes_message(
    scopes: Iterable[tuple[Recipient, Purpose]],
) -> list[case_events_pb2.ConsentScope]:
    return [
        case_events_pb2.ConsentScope(recipient=to_proto(r), purpose=to_proto(p)) for r, p in scopes
    ]


# The range google.protobuf.Timestamp defines (0001-01-01 to 9999-12-31, UTC).
EARLIEST_SECONDS = -62_135_596_800
LATEST_SECONDS = 253_402_300_799
TIMESTAMP_RANGE = "must be an instant from 0001-01-01 to 9999-12-31, nanos 0 to 999999999"


def optional_moment(
    message: Message, name: str, deprecated: str = "", at: str = ""
) -> datetime | None:
    """The instant in field `name`, or else in the `deprecated` field it replaces;
    `at` is where `message` is in the request ("agreement." for a part of it). An
    instant out of Timestamp's range is refused naming its field."""
    for field in (name, deprecated):
        if field and message.HasField(field):
            stamp = getattr(message, field)
            if not (
                EARLIEST_SECONDS <= stamp.seconds <= LATEST_SECONDS
                and 0 <= stamp.nanos <= 999_999_999
            ):
                raise InvalidRequest([FieldViolation(f"{at}{field}", TIMESTAMP_RANGE)])
            return moment(stamp)
    return None


def consent_message(consent: Consent) -> agency_case_pb2.Consent:
    return agency_case_pb2.Consent(
        scopes=scopes_message(consent.scopes),
        refused_recipients=[to_proto(r) for r in consent.refused],
    )


def optional_timestamp(value: datetime | None) -> Timestamp | None:
    return timestamp(value) if value else None


def enum_or_zero(member: Enum | None) -> int:
    return to_proto(member) if member is not None else 0


class Servicer:
    """What every servicer of an agency service has: its records, its logger, and
    the agency's table of rules to request fields."""

    def __init__(self, records: Any, logger: logging.Logger, fields: Fields = KERNEL_FIELDS):
        self.records = records
        self.logger = logger
        self.fields = fields

    async def answer(
        self,
        context: grpc.aio.ServicerContext,
        rpc: str,
        work: Callable[[], T],
        consent_at: str = "consent.",
    ) -> T:
        """`consent_at`: where the request carries its consent, for the field a
        consent rule names."""
        # Records in a request process run work their own way (on the event loop).
        run = getattr(self.records, "answer_on_loop", None)
        return await answer(context, work, self.logger, rpc, self.fields, consent_at, run)
