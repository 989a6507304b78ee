"""A batch of Kafka records to facts in the shared view. Each record comes with the
agency whose topic it was read from: an event that names another agency is
dropped and counted (only that agency's relay may write its topic, and the
meeting service alone the MARAC topic; this is the second line, behind the
broker's ACLs). Records of the agreements topic (AGREEMENT_RECORD) are changes of
the data-sharing agreements, stored before the batch's facts."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from marac.v1 import vocabulary_pb2
from shared_view.agreements import AgreementChange, decode_change
from shared_view.facts import Fact, MalformedEvent
from shared_view.kinds import decode
from shared_view.writer import Written

TOPIC_OF = ".case-events."
# The MARAC topic's events are the meeting service's, which is no agency.
MARAC_TOPIC_NAME = "marac"

# A record's value, and the AgencyKind its topic belongs to (None: no agency's).
Record = tuple[int | None, bytes]
AGREEMENT_RECORD = -1  # in place of the agency: a record of the agreements topic


class Records(Protocol):
    def record(self, facts: Sequence[Fact]) -> Written: ...

    def record_agreements(self, changes: Sequence[AgreementChange]) -> int: ...


def topic_agency(topic: str) -> int | None:
    """The AgencyKind whose events a topic `<deployment>.case-events.<name>` carries."""
    _, found, name = topic.rpartition(TOPIC_OF)
    if not found:
        return None
    if name == MARAC_TOPIC_NAME:
        return vocabulary_pb2.AGENCY_KIND_UNSPECIFIED
    try:
        return vocabulary_pb2.AgencyKind.Value(f"AGENCY_KIND_{name.upper()}")
    except ValueError:
        return None


@dataclass(frozen=True)
class Decoded:
    facts: list[Fact]
    anonymous: int
    malformed: int
    # Events naming an agency other than their topic's.
    misattributed: int
    agreements: list[AgreementChange] = field(default_factory=list)


@dataclass(frozen=True)
class Stored:
    written: Written
    anonymous: int
    malformed: int
    misattributed: int = 0


def facts_of(records: Sequence[Record]) -> Decoded:
    """The facts in a batch of records, with the counts of those left out."""
    facts: list[Fact] = []
    agreements: list[AgreementChange] = []
    anonymous = malformed = misattributed = 0
    for agency, record in records:
        try:
            if agency == AGREEMENT_RECORD:
                agreements.append(decode_change(record))
                continue
            fact = decode(record)
        except MalformedEvent:
            malformed += 1
            continue
        if fact is None:
            anonymous += 1
        elif agency is None or fact.agency != agency:
            misattributed += 1
        else:
            facts.append(fact)
    return Decoded(facts, anonymous, malformed, misattributed, agreements)


def store_records(writer: Records, records: Sequence[Record]) -> Stored:
    """Decodes a batch of records and stores their agreements' changes, then facts."""
    decoded = facts_of(records)
    marked = writer.record_agreements(decoded.agreements)
    written = writer.record(decoded.facts)
    if marked:
        written = replace(written, subjects=written.subjects + marked)
    return Stored(written, decoded.anonymous, decoded.malformed, decoded.misattributed)
