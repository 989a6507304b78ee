"""A batch of Kafka records to facts in the shared view."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from shared_view.facts import Fact, MalformedEvent
from shared_view.kinds import decode
from shared_view.writer import Written


class Records(Protocol):
    def record(self, facts: Sequence[Fact]) -> Written: ...


@dataclass(frozen=True)
class Stored:
    written: Written
    anonymous: int
    malformed: int


def facts_of(records: Sequence[bytes]) -> tuple[list[Fact], int, int]:
    """The facts in a batch of records, with the counts of anonymous and malformed ones."""
    facts: list[Fact] = []
    anonymous = malformed = 0
    for record in records:
        try:
            fact = decode(record)
        except MalformedEvent:
            malformed += 1
            continue
        if fact is None:
            anonymous += 1
        else:
            facts.append(fact)
    return facts, anonymous, malformed


def store_records(writer: Records, records: Sequence[bytes]) -> Stored:
    """Decodes a batch of records and stores their facts."""
    facts, anonymous, malformed = facts_of(records)
    return Stored(writer.record(facts), anonymous, malformed)
