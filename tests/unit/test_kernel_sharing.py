"""The kernel's allow-list: what a case shares, and what it never shares."""

from datetime import UTC, datetime, timedelta

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.case import Consent, Subject
from services.common.commands import CloseCase, OpenCase, RecordIncident
from services.common.vocabulary import (
    CaseOutcome,
    HateClassification,
    Perceiver,
    Purpose,
    Recipient,
    Strand,
)
from services.police.agency import AGENCY as POLICE
from tests.unit.sharing import shared_events as shared
from tests.unit.test_case_records import override

CANARIES = ["Quillon", "Zephyrsmith", "1961-07-19", "ZZ99 9ZZ", "ZZ999ZZ", "hearing aid",
            "Pat Lead", "Escalating threats"]  # fmt: skip


def shared_events(records) -> list[pb.CaseEvent]:
    return shared(records, POLICE)


def test_a_case_shares_minimised_events_without_personal_data(records):
    subject = Subject("Quillon", "Zephyrsmith", "1961-07-19", "ZZ99 9ZZ")
    consent = Consent(scopes=((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),))
    key = records.open_case(OpenCase("R-OPEN", "CR-1", subject, consent)).subject_key
    records.record_incident(
        RecordIncident(
            "R-INCIDENT", "CR-1", datetime.now(UTC) - timedelta(hours=2), (Strand.DISABILITY,),
            HateClassification.HATE_INCIDENT, (Perceiver.VICTIM,), "ZZ99 9ZZ",
            "He shouted about her hearing aid.",
        )
    )  # fmt: skip
    records.record_override(override(reason="Escalating threats at the door."))
    records.close_case(CloseCase("R-CLOSE", "CR-1", CaseOutcome.RESOLVED, 5))

    shared = shared_events(records)
    kinds = [e.WhichOneof("payload") for e in shared]
    assert kinds == [
        "case_opened", "consent_recorded", "incident_reported", "override_recorded", "case_closed"
    ]  # fmt: skip
    assert {e.subject_key for e in shared} == {key}
    assert [e.source_sequence for e in shared] == sorted({e.source_sequence for e in shared})
    incident = shared[2].incident_reported
    assert incident.postcode_district == "ZZ99"
    assert shared[3].override_recorded.authorising_role == (
        vocab.AUTHORISER_ROLE_DESIGNATED_SAFEGUARDING_LEAD
    )
    assert shared[3].override_recorded.authoriser_role == "designated_safeguarding_lead"
    wire = b"".join(e.SerializeToString() for e in shared).lower()
    for canary in CANARIES:
        assert canary.lower().encode() not in wire, canary


def test_a_resent_event_keeps_its_event_id(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", Subject("A", "B", "1970-01-01", "L4 0TH")))
    assert [e.event_id for e in shared_events(records)] == [
        e.event_id for e in shared_events(records)
    ]
