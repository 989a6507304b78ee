"""The DDPO's allow-list gives what its table says: recording one of every mapped
event (kernel and DDPO) gives the shared event each row names, and the waiting
list, which is no case, shares nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from services.common import sharing as kernel
from services.common.case import Case
from services.common.commands import (
    AssessRisk,
    CloseCase,
    RecordIncident,
    RecordOverride,
    ReferToMarac,
    RevokeOverride,
)
from services.common.erasure import EraseCase
from services.common.sharing import CaseIdentity, mapping_for, to_shared_event
from services.common.vocabulary import (
    AuthoriserRole,
    CaseOutcome,
    ErasureReason,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    Purpose,
    Recipient,
    RiskLevel,
    RiskTool,
    Strand,
    SupportArea,
)
from services.ddpo import sharing
from services.ddpo.agency import AGENCY as DDPO
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.commands import ChangeSupport, StartAdvocacy
from services.ddpo.waiting_list import WaitingList
from tests.unit.ddpo_records import LINKING_KEY, report
from tests.unit.test_sharing_tables import documented, event_classes


@pytest.fixture
def records():
    app = DdpoCaseRecords(env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-ddpo"})
    yield app
    app.close()


def camel(payload_field: str) -> str:
    return "".join(word.capitalize() for word in payload_field.split("_"))


def test_the_tables_name_the_shared_event_each_mapping_gives(records):
    """Records one of every mapped event and compares what it gives with the tables."""
    records.record_report(report())
    records.record_incident(
        RecordIncident(
            "R-INCIDENT", "DD-1", datetime.now(UTC) - timedelta(days=1), (Strand.DISABILITY,),
            HateClassification.HATE_INCIDENT, (Perceiver.VICTIM,),
        )
    )  # fmt: skip
    records.assess_risk(AssessRisk("R-RISK", "DD-1", RiskLevel.MEDIUM, RiskTool.DDPO_ADVOCACY_RISK))
    override_id = records.record_override(
        RecordOverride(
            "R-OVERRIDE", "DD-1", LawfulBasis.SAFEGUARDING_INDIVIDUALS_AT_RISK,
            ((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),), "Pat Lead",
            AuthoriserRole.DESIGNATED_SAFEGUARDING_LEAD, "Escalating threats.",
            datetime.now(UTC) + timedelta(days=7),
        )
    ).override_id  # fmt: skip
    records.revoke_override(RevokeOverride("R-REVOKE", "DD-1", override_id))
    records.change_support(ChangeSupport("R-SUPPORT", "DD-1", SupportArea.ONLINE, open=True))
    records.start_advocacy(StartAdvocacy("R-START", "DD-1"))
    records.refer_to_marac(
        ReferToMarac("R-MARAC", "DD-1", MaracReferralGround.PROFESSIONAL_JUDGEMENT, "Repeat.")
    )
    records.close_case(CloseCase("R-CLOSE", "DD-1", CaseOutcome.RESOLVED, satisfaction=4))

    case = records.get_case("DD-1")
    identity = CaseIdentity(case.subject_key, case.case_reference)
    table = {**documented(kernel.__doc__), **documented(sharing.__doc__)}
    exercised = set()

    def share_from(start: int) -> None:
        for notification in records.recorder.select_notifications(start=start, limit=100):
            event = records.mapper.to_domain_event(notification)
            if mapping_for(DDPO.allow_list, event) is None:
                continue
            mapped = next(cls for cls in type(event).__mro__ if cls in DDPO.allow_list)
            shared = to_shared_event(
                DDPO.allow_list, event, identity, DDPO.agency.kind, "test-ddpo", notification.id
            )
            assert camel(shared.WhichOneof("payload")) == table[mapped.__qualname__]
            exercised.add(mapped)

    share_from(1)
    # Last, as nothing of the case reads back after it.
    erased_after = records.recorder.max_notification_id()
    records.erase_case(EraseCase("R-ERASE", "DD-1", ErasureReason.RETENTION_PERIOD_ENDED))
    share_from(erased_after + 1)
    assert exercised == set(DDPO.allow_list)


def test_the_waiting_list_shares_nothing():
    # The waiting list is no case: the relay publishes none of its events.
    for event in event_classes(WaitingList):
        assert not issubclass(event, Case.Event)
        assert not any(cls in DDPO.allow_list for cls in event.__mro__)
