"""The per-subject risk summary: a function of the set of facts, whatever the delivery."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marac.v1 import case_events_pb2, vocabulary_pb2
from projections.app import facts_of
from projections.risk_summary import (
    INCIDENT,
    RISK_ASSESSED,
    Fact,
    MalformedEvent,
    decode,
    summarise,
    summarise_all,
)

ALICE = "a" * 64
BOB = "b" * 64
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
POLICE = vocabulary_pb2.AGENCY_KIND_POLICE
LANDLORD = vocabulary_pb2.AGENCY_KIND_SOCIAL_LANDLORD
STANDARD = vocabulary_pb2.RISK_LEVEL_STANDARD
MEDIUM = vocabulary_pb2.RISK_LEVEL_MEDIUM
HIGH = vocabulary_pb2.RISK_LEVEL_HIGH


def fact(
    seq, kind=INCIDENT, *, agency_id="police-1", agency=POLICE, subject=ALICE, at=T0, level=None
):
    return Fact(agency_id, seq, agency, subject, "CASE-1", kind, at, level)


def event(seq, *, subject=ALICE, agency_id="police-1", at=T0, **payload):
    message = case_events_pb2.CaseEvent(
        event_id=f"e{seq}",
        agency=POLICE,
        agency_id=agency_id,
        subject_key=subject,
        case_reference="CASE-1",
        source_sequence=seq,
        schema_version=1,
        **payload,
    )
    message.occurred_at.FromDatetime(at)
    message.recorded_at.FromDatetime(at + timedelta(minutes=5))
    return message


def test_summary_of_incidents_and_assessments_across_agencies():
    facts = [
        fact(1, "case_opened"),
        fact(2, INCIDENT, at=T0),
        fact(3, INCIDENT, at=T0 + timedelta(days=3)),
        fact(4, RISK_ASSESSED, level=MEDIUM),
        fact(7, INCIDENT, agency_id="landlord-1", agency=LANDLORD, at=T0 + timedelta(days=1)),
        fact(8, RISK_ASSESSED, agency_id="landlord-1", agency=LANDLORD, level=STANDARD),
    ]
    assert summarise(ALICE, facts) == summarise_all(facts)[ALICE]
    summary = summarise(ALICE, facts)
    assert summary.agencies == (POLICE, LANDLORD)
    assert summary.highest_risk_level == MEDIUM
    assert summary.incident_count == 3
    assert summary.last_incident_date == date(2025, 3, 4)


def test_latest_assessment_per_agency_counts_not_the_highest_ever():
    facts = [
        fact(1, RISK_ASSESSED, at=T0, level=HIGH),
        fact(2, RISK_ASSESSED, at=T0 + timedelta(days=1), level=STANDARD),
    ]
    assert summarise(ALICE, facts).highest_risk_level == STANDARD


def test_latest_is_by_occurred_at_then_source_sequence():
    backdated = [
        fact(5, RISK_ASSESSED, at=T0 + timedelta(days=2), level=HIGH),
        fact(9, RISK_ASSESSED, at=T0, level=STANDARD),  # recorded later, happened earlier
    ]
    assert summarise(ALICE, backdated).highest_risk_level == HIGH
    same_time = [fact(5, RISK_ASSESSED, level=HIGH), fact(9, RISK_ASSESSED, level=MEDIUM)]
    assert summarise(ALICE, same_time).highest_risk_level == MEDIUM


def test_highest_level_is_the_maximum_over_agencies_latest():
    facts = [
        fact(1, RISK_ASSESSED, level=STANDARD),
        fact(1, RISK_ASSESSED, agency_id="landlord-1", agency=LANDLORD, level=HIGH),
    ]
    assert summarise(ALICE, facts).highest_risk_level == HIGH


def test_no_incident_and_no_assessment():
    summary = summarise(ALICE, [fact(1, "case_opened")])
    assert summary.incident_count == 0
    assert summary.last_incident_date is None
    assert summary.highest_risk_level == vocabulary_pb2.RISK_LEVEL_UNSPECIFIED


def test_incident_date_is_the_local_calendar_date():
    late_evening_bst = datetime(2025, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
    assert summarise(ALICE, [fact(1, at=late_evening_bst)]).last_incident_date == date(2025, 7, 2)


def test_subjects_are_kept_apart():
    summaries = summarise_all([fact(1), fact(2, subject=BOB), fact(3, subject=BOB)])
    assert summaries[ALICE].incident_count == 1
    assert summaries[BOB].incident_count == 2
    assert summarise("c" * 64, [fact(1)]) is None


def test_decode_minimises_an_event_to_a_fact():
    record = event(
        3,
        incident_reported=case_events_pb2.IncidentReported(
            incident_id="i-1",
            strands=[vocabulary_pb2.STRAND_DISABILITY],
            postcode_district="L8",
        ),
    ).SerializeToString()
    assert decode(record) == Fact("police-1", 3, POLICE, ALICE, "CASE-1", INCIDENT, T0, None)
    assessed = event(4, risk_assessed=case_events_pb2.RiskAssessed(level=HIGH))
    assessed = decode(assessed.SerializeToString())
    assert (assessed.kind, assessed.risk_level) == (RISK_ASSESSED, HIGH)


def test_anonymous_reports_count_nowhere_and_garbage_is_malformed():
    anonymous = event(1, subject="", incident_reported=case_events_pb2.IncidentReported())
    assert decode(anonymous.SerializeToString()) is None
    with pytest.raises(MalformedEvent):
        decode(b"\xff\xff not protobuf")
    with pytest.raises(MalformedEvent):
        decode(event(0, case_opened=case_events_pb2.CaseOpened()).SerializeToString())
    for bad in [{"agency_id": ""}, {"agency_id": "p\x00"}, {"subject": "a" * 201}]:
        with pytest.raises(MalformedEvent):
            decode(event(1, **bad, case_opened=case_events_pb2.CaseOpened()).SerializeToString())
    records = [
        anonymous.SerializeToString(),
        b"\xff\xff",
        event(2, case_opened=case_events_pb2.CaseOpened()).SerializeToString(),
    ]
    facts, anonymous_count, malformed = facts_of(records)
    assert (len(facts), anonymous_count, malformed) == (1, 1, 1)


def test_an_unknown_payload_still_shows_the_agency_is_involved():
    unknown = decode(event(1).SerializeToString())
    summary = summarise(ALICE, [unknown])
    assert summary.agencies == (POLICE,)
    assert summary.incident_count == 0


# Property: a subject's summary depends on the set of facts only.
facts_strategy = st.lists(
    st.builds(
        fact,
        st.integers(1, 40),
        st.sampled_from([INCIDENT, RISK_ASSESSED, "case_opened"]),
        agency_id=st.sampled_from(["police-1", "landlord-1", "ddpo-1"]),
        subject=st.sampled_from([ALICE, BOB]),
        at=st.builds(lambda d: T0 + timedelta(hours=d), st.integers(0, 200)),
        level=st.sampled_from([STANDARD, MEDIUM, HIGH]),
    ),
    max_size=30,
).map(lambda facts: list({f.identity: f for f in facts}.values()))  # identity is unique


@given(facts_strategy, st.data())
def test_duplicates_and_any_order_give_the_in_order_summary(facts, data):
    in_order = summarise_all(sorted(facts, key=lambda f: f.identity))
    redelivered = data.draw(st.lists(st.sampled_from(facts))) if facts else []
    shuffled = data.draw(st.permutations(facts + redelivered))
    assert summarise_all(shuffled) == in_order
