"""The partnership's figures from shared events: examples of each count."""

from datetime import UTC, datetime, timedelta

from google.protobuf.timestamp_pb2 import Timestamp

from figures import counts
from figures.counts import Filters
from figures.published import as_csv_rows, publish
from figures.records import decode
from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as v

POLICE, LANDLORD, DDPO = v.AGENCY_KIND_POLICE, v.AGENCY_KIND_SOCIAL_LANDLORD, v.AGENCY_KIND_DDPO
sequence = iter(range(1, 10**9))


def stamp(at: datetime) -> Timestamp:
    t = Timestamp()
    t.FromDatetime(at)
    return t


def event(agency: int, at: datetime, subject: str = "", case: str = "c1", **payload):
    e = pb.CaseEvent(
        event_id=f"e{next(sequence)}",
        agency=agency,
        agency_id=f"{agency}-agency",
        subject_key=subject,
        case_reference=case,
        source_sequence=next(sequence),
        occurred_at=stamp(at),
        **payload,
    )
    return decode(e.SerializeToString())


def incident(agency, at, subject="", district="L4", source=v.REPORT_SOURCE_VICTIM, **kw):
    reported = pb.IncidentReported(
        strands=kw.get("strands", [v.STRAND_DISABILITY]),
        postcode_district=district,
        source=source,
        incident_category=kw.get("category", v.INCIDENT_CATEGORY_VERBAL_ABUSE),
    )
    return event(agency, at, subject, incident_reported=reported)


JAN = datetime(2026, 1, 12, 10, tzinfo=UTC)
FEB = datetime(2026, 2, 10, 10, tzinfo=UTC)


def test_anonymous_and_third_party_reports_count_by_district_month_and_source():
    records = [
        incident(DDPO, JAN, source=v.REPORT_SOURCE_ANONYMOUS, district="l4 "),
        incident(DDPO, JAN, source=v.REPORT_SOURCE_THIRD_PARTY),
        incident(POLICE, FEB, subject="s1", district="L6", category=v.INCIDENT_CATEGORY_ASSAULT),
    ]
    by_place = counts.incidents(records, "district", "month", Filters())
    assert by_place.cells == {("L4", "2026-01"): 2, ("L6", "2026-02"): 1}
    by_source = counts.incidents(records, "nature", "source", Filters())
    assert by_source.cells == {
        ("incident", "anonymous"): 1,
        ("incident", "third_party"): 1,
        ("crime", "victim"): 1,
    }


def test_filters_by_period_strand_and_agency():
    records = [
        incident(DDPO, JAN, strands=[v.STRAND_RACE]),
        incident(POLICE, JAN, strands=[v.STRAND_RACE, v.STRAND_DISABILITY]),
        incident(POLICE, FEB, strands=[v.STRAND_DISABILITY]),
    ]
    race = Filters(strands=frozenset({v.STRAND_RACE}))
    assert sum(counts.incidents(records, "agency", "month", race).cells.values()) == 2
    police_jan = Filters(start=JAN, end=FEB, agencies=frozenset({POLICE}))
    assert counts.incidents(records, "strand", "month", police_jan).cells == {
        ("disability", "2026-01"): 1,
        ("race", "2026-01"): 1,
    }


def test_enforcement_steps_count_once_by_type():
    step = pb.EnforcementChanged(enforcement_id="x", type=v.ENFORCEMENT_TYPE_INJUNCTION, open=True)
    records = [
        event(LANDLORD, JAN, "s1", enforcement_changed=step),
        event(LANDLORD, FEB, "s1", enforcement_changed=step),  # the same step again
        event(
            LANDLORD,
            FEB,
            "s1",
            enforcement_changed=pb.EnforcementChanged(
                enforcement_id="y", type=v.ENFORCEMENT_TYPE_WARNING, open=True
            ),
        ),
    ]
    table = counts.enforcement_actions(records, Filters())
    assert table.cells == {("injunction", "social_landlord"): 1, ("warning", "social_landlord"): 1}


def test_responses_against_one_working_day_with_bank_holidays():
    # Due Thursday 24 December 2026; Christmas and Boxing Day (observed Monday 28th)
    # are not working days: done on Tuesday 29th is one working day late.
    due = datetime(2026, 12, 24, 12, tzinfo=UTC)
    ack = pb.RESPONSE_STEP_ACKNOWLEDGEMENT

    def timed(done):
        kw = {"step": ack, "due_at": stamp(due)}
        if done is not None:
            kw["done_at"] = stamp(done)
        return event(LANDLORD, due, "s1", response_timed=pb.ResponseTimed(**kw))

    records = [
        timed(due - timedelta(hours=3)),
        timed(datetime(2026, 12, 29, 9, tzinfo=UTC)),
        timed(datetime(2026, 12, 31, 9, tzinfo=UTC)),
        timed(None),
    ]
    table = counts.response_times(records, Filters())
    assert table.cells == {
        ("acknowledgement", counts.WITHIN): 1,
        ("acknowledgement", counts.ONE_LATE): 1,
        ("acknowledgement", counts.MORE_LATE): 1,
        ("acknowledgement", counts.NOT_DONE): 1,
    }


def test_repeat_victims_across_agencies_within_twelve_months():
    records = [
        incident(POLICE, JAN, "s1"),
        incident(LANDLORD, FEB, "s1"),  # the same person at another agency: a repeat
        incident(POLICE, FEB, "s2"),
        incident(POLICE, FEB + timedelta(days=400), "s2"),  # more than a year on
        incident(DDPO, FEB, source=v.REPORT_SOURCE_ANONYMOUS),  # no subject
    ]
    table = counts.repeat_victims(records, Filters())
    assert table.cells[("2026-02", "repeat victims")] == 1
    assert table.cells[("2026-02", "one incident")] == 1
    assert table.cells[("2026-01", "one incident")] == 1
    assert table.cells[("2027-03", "one incident")] == 1


def test_satisfaction_at_closure_leaves_out_not_asked():
    records = [
        event(LANDLORD, JAN, "s1", case_closed=pb.CaseClosed(satisfaction=4)),
        event(LANDLORD, JAN, "s2", case_closed=pb.CaseClosed(satisfaction=0)),
    ]
    assert counts.satisfaction(records, Filters()).cells == {("social_landlord", "4"): 1}


def test_marac_dataset_discussions_repeats_and_referrals():
    def discussed(at, subject, meeting):
        e = pb.CaseEvent(
            event_id=f"m{next(sequence)}",
            agency=v.AGENCY_KIND_UNSPECIFIED,
            agency_id="marac",
            subject_key=subject,
            case_reference=meeting,
            source_sequence=next(sequence),
            occurred_at=stamp(at),
            marac_discussed=pb.MaracDiscussed(meeting_id=meeting),
        )
        return decode(e.SerializeToString())

    records = [
        discussed(JAN, "s1", "m1"),
        discussed(datetime(2026, 5, 1, tzinfo=UTC), "s1", "m2"),
        discussed(datetime(2026, 5, 1, tzinfo=UTC), "s2", "m2"),
        event(POLICE, JAN, "s1", marac_referral_made=pb.MaracReferralMade(ground=1)),
    ]
    assert counts.marac_discussions(records, Filters()).cells == {
        ("2026-Q1", "first discussion"): 1,
        ("2026-Q2", "repeat"): 1,
        ("2026-Q2", "first discussion"): 1,
    }
    assert counts.marac_referrals(records, Filters()).cells == {("2026-Q1", "police"): 1}


def test_three_incidents_in_a_district_are_suppressed_when_published():
    records = [incident(POLICE, JAN, f"s{i}", district="L4") for i in range(3)]
    records += [incident(POLICE, JAN, f"t{i}", district="L6") for i in range(12)]
    records += [incident(POLICE, FEB, f"u{i}", district=d) for i in range(9) for d in ("L4", "L6")]
    table = publish("incidents_by_district_and_month", records, Filters())
    l4 = table.rows.index("L4")
    assert table.cells[l4][table.columns.index("2026-01")] is None
    csv = as_csv_rows(table)
    assert "3" not in [c for row in csv for c in row]
    assert table.total == 33
