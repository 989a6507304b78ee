"""The landlord's case records for the tests: on in-memory persistence with a clock the
tests move (fixtures `records`, `case`, `clock`), the builders of their commands, and
what they share."""

from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import case_events_pb2 as pb
from services.common.case import Consent, Subject
from services.common.commands import OpenCase, RecordIncident
from services.common.vocabulary import (
    HateClassification,
    Perceiver,
    Purpose,
    Recipient,
    ReportSource,
    ResponseStep,
    Strand,
)
from services.social_landlord.agency import AGENCY as LANDLORD
from services.social_landlord.application import LandlordCaseRecords
from services.social_landlord.commands import (
    LogReport,
)
from services.social_landlord.overdue import ListOverdueReports
from services.social_landlord.vocabulary import (
    LandlordReportCategory,
    LandlordReportChannel,
)
from tests.refusals import fields_named
from tests.unit.sharing import shared_events as shared

LINKING_KEY = "33" * 32
# 15:00 BST on the Thursday before Easter 2026.
RECEIVED = datetime(2026, 4, 2, 14, 0, tzinfo=UTC)
# 15:00 BST on the Tuesday after Easter Monday.
DUE = datetime(2026, 4, 7, 14, 0, tzinfo=UTC)
ANN = Subject("Ann", "Smith", "1980-02-03", "L4 0TH")
MARAC_ONLY = Consent(scopes=((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),))
ACK = ResponseStep.ACKNOWLEDGEMENT
RISK = ResponseStep.RISK_ASSESSMENT


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(RECEIVED + timedelta(minutes=30))


@pytest.fixture
def records(clock):
    app = LandlordCaseRecords(
        env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-landlord"}, clock=clock
    )
    yield app
    app.close()


@pytest.fixture
def case(records):
    consent = Consent(
        scopes=(
            (Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),
            (Recipient.VICTIM_SUPPORT, Purpose.REFERRAL),
        )
    )
    records.open_case(OpenCase("R-OPEN", "HC-1", ANN, consent))
    return "HC-1"


def report(request_id="R-REPORT", case_reference="HC-1", incident=None, **changes) -> LogReport:
    incident_fields = dict(
        request_id=request_id,
        case_reference=case_reference,
        occurred_at=(changes.get("received_at") or RECEIVED) - timedelta(hours=2),
        strands=(Strand.DISABILITY,),
        classification=HateClassification.HATE_INCIDENT,
        perceived_by=(Perceiver.VICTIM,),
        location_postcode="L4 0TH",
        narrative="Neighbour shouted abuse about her wheelchair.",
    )
    incident_fields.update(incident or {})
    fields = dict(
        incident=RecordIncident(**incident_fields),
        received_at=RECEIVED,
        channel=LandlordReportChannel.PHONE,
        source=ReportSource.VICTIM,
        category=LandlordReportCategory.VERBAL_ABUSE,
        location_address="12 Example Walk, Liverpool",
        consent=MARAC_ONLY,
    )
    fields.update(changes)
    return LogReport(**fields)


def shared_events(records, case_reference="HC-1") -> list[pb.CaseEvent]:
    return shared(records, LANDLORD, case_reference=case_reference)


def payloads(records, kind: str, case_reference="HC-1") -> list:
    return [
        getattr(e, kind)
        for e in shared_events(records, case_reference)
        if e.WhichOneof("payload") == kind
    ]


def violated_fields(error: pytest.ExceptionInfo) -> set[str]:
    return fields_named(error.value, LANDLORD.refusals)


def overdue(records, due_by=None) -> list[tuple[str, ResponseStep, bool]]:
    items, _ = records.list_overdue_reports(ListOverdueReports(due_by))
    return [(item.case_reference, item.step, item.breach_recorded) for item in items]


def later(days: int) -> datetime:
    return RECEIVED + timedelta(days=days)
