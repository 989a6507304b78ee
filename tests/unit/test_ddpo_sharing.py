"""The DDPO's sharing documentation cannot drift from its allow-list: the table
in services/ddpo/sharing.py names exactly the mapped domain events and the
shared event each gives, and every DDPO event is either mapped or named as
never shared."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from eventsourcing.domain import DomainEvent

from services.common.case import Case
from services.common.commands import (
    AssessRisk,
    CloseCase,
    RecordIncident,
    RecordOverride,
    ReferToMarac,
    RevokeOverride,
)
from services.common.sharing import CaseIdentity, mapping_for, to_shared_event
from services.common.vocabulary import (
    AgencyKind,
    CaseOutcome,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    Purpose,
    Recipient,
    RiskLevel,
    Strand,
    SupportArea,
)
from services.ddpo import sharing
from services.ddpo.agency import AGENCY as DDPO
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.commands import ChangeSupport, StartAdvocacy
from services.ddpo.domain import DdpoCase, WaitingList
from tests.unit.test_ddpo import LINKING_KEY, report

TABLE_ROW = re.compile(r"^\| ([A-Za-z]+\.[A-Za-z]+) \| ([A-Za-z]+) \|", re.MULTILINE)
NEVER_SHARED = sharing.__doc__.split("Never shared:")[1]


@pytest.fixture
def records():
    app = DdpoCaseRecords(env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-ddpo"})
    yield app
    app.close()


def documented() -> dict[str, str]:
    rows = TABLE_ROW.findall(sharing.__doc__)
    assert len(rows) == len({event for event, _ in rows}), "an event is documented twice"
    return dict(rows)


def event_classes(aggregate: type) -> list[type]:
    return [
        value
        for name, value in vars(aggregate).items()
        # Every aggregate class gets the library's base classes Event and Created,
        # which nothing records.
        if isinstance(value, type)
        and issubclass(value, DomainEvent)
        and name not in {"Event", "Created"}
    ]


def camel(payload_field: str) -> str:
    return "".join(word.capitalize() for word in payload_field.split("_"))


def test_the_table_names_exactly_the_domain_events_of_the_allow_list():
    assert set(documented()) == {event.__qualname__ for event in DDPO.allow_list}


def test_the_table_names_the_shared_event_each_mapping_gives(records):
    """Records one of every mapped event and compares what it gives with the table."""
    records.record_report(report())
    records.record_incident(
        RecordIncident(
            "r-incident", "DD-1", datetime.now(UTC) - timedelta(days=1), (Strand.DISABILITY,),
            HateClassification.HATE_INCIDENT, (Perceiver.VICTIM,),
        )
    )  # fmt: skip
    records.assess_risk(AssessRisk("r-risk", "DD-1", RiskLevel.MEDIUM, "ddpo_advocacy_risk"))
    override_id = records.record_override(
        RecordOverride(
            "r-override", "DD-1", LawfulBasis.SAFEGUARDING_INDIVIDUALS_AT_RISK,
            ((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),), "Pat Lead",
            "designated_safeguarding_lead", "Escalating threats.",
            datetime.now(UTC) + timedelta(days=7),
        )
    )  # fmt: skip
    records.revoke_override(RevokeOverride("r-revoke", "DD-1", override_id))
    records.change_support(ChangeSupport("r-support", "DD-1", SupportArea.ONLINE, open=True))
    records.start_advocacy(StartAdvocacy("r-start", "DD-1"))
    records.refer_to_marac(
        ReferToMarac("r-marac", "DD-1", MaracReferralGround.PROFESSIONAL_JUDGEMENT, "Repeat.")
    )
    records.close_case(CloseCase("r-close", "DD-1", CaseOutcome.RESOLVED, satisfaction=4))

    case = records.get_case("DD-1")
    identity = CaseIdentity(case.subject_key, case.case_reference)
    table = documented()
    exercised = set()
    for notification in records.recorder.select_notifications(start=1, limit=100):
        event = records.mapper.to_domain_event(notification)
        mapping = mapping_for(DDPO.allow_list, event)
        if mapping is None:
            continue
        mapped = next(cls for cls in type(event).__mro__ if cls in DDPO.allow_list)
        shared = to_shared_event(
            DDPO.allow_list, event, identity, AgencyKind.DDPO, "test-ddpo", notification.id
        )
        assert camel(shared.WhichOneof("payload")) == table[mapped.__qualname__]
        exercised.add(mapped)
    assert exercised == set(DDPO.allow_list)


def test_every_ddpo_event_is_either_shared_or_named_as_never_shared():
    for event in event_classes(DdpoCase):
        shared = any(cls in DDPO.allow_list for cls in event.__mro__)
        assert shared or f"DdpoCase.{event.__name__}" in NEVER_SHARED, event.__qualname__
    # The waiting list is no case: the relay publishes none of its events.
    for event in event_classes(WaitingList):
        assert not issubclass(event, Case.Event)
        assert not any(cls in DDPO.allow_list for cls in event.__mro__)
