"""The DDPO's case records for the tests, on in-memory persistence (fixture `records`),
the builders of their reports, and what the DDPO's relay publishes."""

import logging
from datetime import UTC, datetime

import pytest
from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from marac.v1 import case_events_pb2, vocabulary_pb2
from services.common.case import Consent, Subject
from services.common.relay import CaseMessages, Relay
from services.common.vocabulary import (
    HateClassification,
    Perceiver,
    Purpose,
    Recipient,
    ReportSource,
    Strand,
)
from services.ddpo.agency import AGENCY as DDPO
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.commands import (
    Interpreter,
    RecordReport,
)
from services.ddpo.vocabulary import (
    DdpoIncidentCategory,
    InterpreterRelationship,
    PoliceInvolvement,
)
from tests.refusals import fields_named

LINKING_KEY = "22" * 32
ANN = Subject("Ann", "Smith", "1980-02-03", "E1 6AN")
PANEL = Consent(scopes=((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),))
PROFESSIONAL = Interpreter(InterpreterRelationship.PROFESSIONAL, confirmed_adult=True)
POLICE = vocabulary_pb2.RECIPIENT_POLICE


@pytest.fixture
def records():
    app = DdpoCaseRecords(env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-ddpo"})
    yield app
    app.close()


def report(request_id="R-REPORT", case_reference="DD-1", **changes) -> RecordReport:
    """The victim's own report of verbal abuse, by default."""
    fields = dict(
        request_id=request_id,
        case_reference=case_reference,
        subject=ANN,
        consent=PANEL,
        source=ReportSource.VICTIM,
        reporter=None,
        police_involvement=PoliceInvolvement.UNDECIDED,
        police_reluctance=(),
        category=DdpoIncidentCategory.VERBAL_ABUSE,
        occurred_at=datetime(2026, 3, 14, 18, 0, tzinfo=UTC),
        strands=(Strand.DISABILITY,),
        classification=HateClassification.HATE_INCIDENT,
        perceived_by=(Perceiver.VICTIM,),
        location_postcode="E1 6AN",
        narrative="The neighbour upstairs threw rubbish into her garden and mocked her.",
    )
    fields.update(changes)
    return RecordReport(**fields)


def anonymous(request_id="R-REPORT", case_reference="DD-1", **changes) -> RecordReport:
    fields = dict(
        subject=None,
        source=ReportSource.ANONYMOUS,
        perceived_by=(Perceiver.THIRD_PARTY,),
        consent=Consent(),
    )
    fields.update(changes)
    return report(request_id, case_reference, **fields)


def violated_fields(error: pytest.ExceptionInfo) -> set[str]:
    return fields_named(error.value, DDPO.refusals)


class SentRecords:
    """Stands in for the Kafka producer: keeps what the relay sends, acknowledged."""

    def __init__(self) -> None:
        self.sent: list[tuple[bytes, bytes]] = []

    def send(self, topic: str, key: bytes, value: bytes):
        self.sent.append((key, value))
        return self

    def get(self, timeout: float | None = None) -> None:
        return None


def published(records: DdpoCaseRecords) -> list[tuple[bytes, case_events_pb2.CaseEvent]]:
    """What the DDPO's relay publishes of everything recorded so far: (key, event)."""
    producer = SentRecords()
    relay = Relay(
        records,
        POPOTrackingRecorder(),
        producer,  # type: ignore[arg-type]
        CaseMessages(records, "ddpo-topic", DDPO.allow_list, DDPO.agency.kind),
        logging.getLogger("test"),
    )
    batch = [
        (records.mapper.to_domain_event(n), Tracking(records.name, n.id))
        for n in records.recorder.select_notifications(start=1, limit=10_000)
    ]
    relay.publish(batch)
    return [(key, case_events_pb2.CaseEvent.FromString(value)) for key, value in producer.sent]


def payloads(records: DdpoCaseRecords, kind: str) -> list:
    return [getattr(e, kind) for _, e in published(records) if e.WhichOneof("payload") == kind]


def open_cases(records, *references: str) -> None:
    for n, reference in enumerate(references):
        person = Subject("Person", f"Number{n}", "1970-01-01", "E1 6AN")
        records.record_report(report(f"R-{reference}", reference, subject=person))
