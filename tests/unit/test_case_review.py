"""ASB case review (Community Trigger) across agencies: the usual rule, one incident
reported to several agencies counted once, the month within which a complaint
counts, the optional hate-incident and locality rules, and the rules' limits."""

from datetime import UTC, datetime

import pytest

from figures.case_review import (
    HATE_INCIDENT,
    LOCALITY,
    REPEATED_COMPLAINTS,
    case_reviews,
    months_after,
)
from figures.case_review_events import complaints_from_events
from figures.case_review_rules import CaseReviewRules, CaseReviewRulesError
from marac.v1 import case_events_pb2 as pb
from services.common.contract import timestamp
from services.common.settings import SettingsError
from tests.unit.case_review_complaints import (
    ALICE,
    BOB,
    CAROL,
    DAY,
    DDPO,
    HARASSMENT,
    HARASSMENT_OR_INTIMIDATION,
    HOUR,
    LANDLORD,
    NOISE,
    NOW,
    POLICE,
    complaint,
)
from tests.unit.case_review_complaints import (
    HATE_INCIDENT as PERCEIVED_HATE,
)

USUAL = CaseReviewRules()


def three_reports_in_six_months():
    """Reported to the landlord, the DDPO and the police, in June, July and August."""
    return [
        complaint(1, "livv-housing", NOW - 80 * DAY),
        complaint(2, "sefton-ddpo", NOW - 50 * DAY),
        complaint(3, "merseyside-police", NOW - 20 * DAY),
    ]


def test_three_complaints_to_three_agencies_in_six_months_are_flagged_with_the_agencies():
    reviews = case_reviews(three_reports_in_six_months(), NOW, USUAL)

    [review] = reviews.subjects
    assert review.subject_key == ALICE
    [reason] = review.reasons
    assert reason.rule == REPEATED_COMPLAINTS
    assert reason.agencies == (
        (LANDLORD, "livv-housing"),
        (POLICE, "merseyside-police"),
        (DDPO, "sefton-ddpo"),
    )
    assert [i.occurred_at for i in reason.incidents] == [
        NOW - 80 * DAY,
        NOW - 50 * DAY,
        NOW - 20 * DAY,
    ]
    assert [[r.case_reference for r in i.reports] for i in reason.incidents] == [
        ["L-1"],
        ["D-1"],
        ["P-1"],
    ]


def test_two_complaints_are_below_the_usual_threshold():
    assert case_reviews(three_reports_in_six_months()[1:], NOW, USUAL).subjects == ()


def test_one_incident_reported_to_two_agencies_counts_once():
    same_evening = NOW - 20 * DAY
    reports = [
        complaint(1, "livv-housing", NOW - 80 * DAY),
        complaint(2, "merseyside-police", same_evening, category=HARASSMENT),
        # The landlord records the same behaviour the next morning, as its own category.
        complaint(3, "livv-housing", same_evening + 10 * HOUR, category=HARASSMENT_OR_INTIMIDATION),
    ]
    assert case_reviews(reports, NOW, USUAL).subjects == ()

    [review] = case_reviews(
        [*reports, complaint(4, "sefton-ddpo", NOW - 5 * DAY)], NOW, USUAL
    ).subjects
    [reason] = review.reasons
    assert len(reason.incidents) == 3
    assert reason.incidents[1].agencies == (
        (LANDLORD, "livv-housing"),
        (POLICE, "merseyside-police"),
    )


def test_the_same_behaviour_outside_the_window_is_another_incident():
    reports = [
        complaint(1, "merseyside-police", NOW - 30 * DAY, category=HARASSMENT),
        complaint(2, "livv-housing", NOW - 28 * DAY, category=HARASSMENT_OR_INTIMIDATION),
        complaint(3, "sefton-ddpo", NOW - 26 * DAY, category=HARASSMENT),
    ]
    assert len(case_reviews(reports, NOW, USUAL).subjects) == 1
    wider = CaseReviewRules(same_incident_hours=24 * 5)
    assert case_reviews(reports, NOW, wider).subjects == ()


def test_other_behaviour_at_the_same_time_is_another_incident():
    at = NOW - 20 * DAY
    reports = [
        complaint(1, "livv-housing", NOW - 80 * DAY),
        complaint(2, "merseyside-police", at, category=HARASSMENT),
        complaint(3, "livv-housing", at, category=NOISE),
    ]
    assert len(case_reviews(reports, NOW, USUAL).subjects) == 1


def test_a_complaint_made_more_than_a_month_after_the_behaviour_does_not_count():
    late = complaint(3, "merseyside-police", NOW - 60 * DAY, made_after=35 * DAY)
    reports = [*three_reports_in_six_months()[:2], late]
    assert case_reviews(reports, NOW, USUAL).subjects == ()
    # A partnership allowing two months counts it.
    assert len(case_reviews(reports, NOW, CaseReviewRules(made_within_months=2)).subjects) == 1


def test_a_month_after_the_behaviour_is_the_same_date_next_month():
    behaviour = datetime(2026, 7, 31, 21, 0, tzinfo=UTC)
    assert months_after(behaviour, 1) == datetime(2026, 8, 31, 21, 0, tzinfo=UTC)
    assert months_after(datetime(2026, 1, 31, 12, tzinfo=UTC), 1) == datetime(
        2026, 2, 28, 12, tzinfo=UTC
    )
    on_the_day = complaint(3, "merseyside-police", behaviour, made_after=31 * DAY)
    reports = [*three_reports_in_six_months()[:2], on_the_day]
    assert len(case_reviews(reports, NOW, USUAL).subjects) == 1


def test_complaints_older_than_six_months_leave_the_count_and_say_when():
    reports = [
        complaint(1, "livv-housing", datetime(2026, 3, 10, 9, tzinfo=UTC)),
        *three_reports_in_six_months()[1:],
    ]
    reviews = case_reviews(reports, NOW, USUAL)
    assert len(reviews.subjects) == 1
    # The landlord's complaint, made 10 March 10:00 (GMT), counts until 10 September
    # 10:00 in London, 09:00 UTC (BST).
    assert reviews.valid_until == datetime(2026, 9, 10, 9, tzinfo=UTC)
    assert case_reviews(reports, reviews.valid_until, USUAL).subjects == ()


def test_a_lower_local_threshold_flags_sooner():
    two = three_reports_in_six_months()[1:]
    assert len(case_reviews(two, NOW, CaseReviewRules(complaints=2)).subjects) == 1


def test_one_hate_related_incident_is_enough_where_the_area_adds_it():
    hate = [complaint(1, "sefton-ddpo", NOW - 3 * DAY, classification=PERCEIVED_HATE)]
    assert case_reviews(hate, NOW, USUAL).subjects == ()

    [review] = case_reviews(hate, NOW, CaseReviewRules(hate_incident=1)).subjects
    [reason] = review.reasons
    assert (reason.rule, reason.agencies) == (HATE_INCIDENT, ((DDPO, "sefton-ddpo"),))


def test_each_rule_that_holds_is_a_reason_in_order():
    reports = three_reports_in_six_months()
    reports[0] = complaint(1, "livv-housing", NOW - 80 * DAY, classification=PERCEIVED_HATE)
    [review] = case_reviews(reports, NOW, CaseReviewRules(hate_incident=1)).subjects
    assert [r.rule for r in review.reasons] == [REPEATED_COMPLAINTS, HATE_INCIDENT]


def test_several_peoples_complaints_about_one_district_flag_it_where_configured():
    reports = [
        complaint(1, "livv-housing", NOW - 40 * DAY, subject=ALICE, district="L4"),
        complaint(2, "merseyside-police", NOW - 30 * DAY, subject=BOB, district="L4"),
        complaint(3, "livv-housing", NOW - 10 * DAY, subject=CAROL, district="L4"),
        complaint(4, "livv-housing", NOW - 10 * DAY, subject=CAROL, district="L20"),
    ]
    assert case_reviews(reports, NOW, USUAL).localities == ()

    rules = CaseReviewRules(locality_complaints=3, locality_people=3)
    reviews = case_reviews(reports, NOW, rules)
    [locality] = reviews.localities
    assert (locality.district, locality.people, locality.reason.rule) == ("L4", 3, LOCALITY)
    assert locality.reason.agencies == ((LANDLORD, "livv-housing"), (POLICE, "merseyside-police"))
    assert reviews.subjects == ()  # no one person met the threshold


def test_one_persons_complaints_alone_do_not_flag_a_locality():
    rules = CaseReviewRules(locality_complaints=3, locality_people=2)
    assert case_reviews(three_reports_in_six_months(), NOW, rules).localities == ()


@pytest.mark.parametrize(
    ("rules", "named"),
    [
        ({"complaints": 4}, "complaints must be at most 3"),
        ({"locality_complaints": 5}, "locality_complaints must be 0 (off) or at most 3"),
        ({"complaints": 0}, "complaints must be at least 1"),
        ({"hate_incident": 2}, "hate_incident must be 0 (off) or 1 (on)"),
        ({"locality_complaints": 2, "locality_people": 3}, "locality_people must be at most"),
    ],
)
def test_rules_a_partnership_cannot_use_are_refused_by_name(rules, named):
    with pytest.raises(CaseReviewRulesError, match=named.replace("(", r"\(").replace(")", r"\)")):
        CaseReviewRules(**rules)


def test_a_threshold_above_three_in_the_environment_stops_the_process_with_its_name():
    with pytest.raises(SettingsError) as refused:
        CaseReviewRules.from_env({"MARAC_CASE_REVIEW_COMPLAINTS": "4"})
    assert str(refused.value) == (
        "MARAC_CASE_REVIEW_COMPLAINTS: case review rule complaints must be at most 3: "
        "the threshold is set locally, at most three complaints"
    )

    rules = CaseReviewRules.from_env({"MARAC_CASE_REVIEW_HATE_INCIDENT": "1"})
    assert (rules.hate_incident, rules.complaints) == (1, 3)


def event(seq, payload, *, agency_id="livv-housing", case_reference="L-1", subject=ALICE):
    occurred = NOW - (40 - seq) * DAY
    return pb.CaseEvent(
        agency_id=agency_id,
        agency=LANDLORD,
        subject_key=subject,
        case_reference=case_reference,
        source_sequence=seq,
        occurred_at=timestamp(occurred),
        recorded_at=timestamp(occurred + 2 * DAY),
        **payload,
    )


def reported(district=" l4 "):
    return {
        "incident_reported": pb.IncidentReported(
            incident_category=HARASSMENT_OR_INTIMIDATION, postcode_district=district
        )
    }


def test_complaints_are_read_from_shared_incidents_about_a_named_person():
    events = [
        event(1, reported()),
        event(2, {"risk_assessed": pb.RiskAssessed()}),
        event(3, reported(), subject=""),  # anonymous
    ]
    [complaint_read] = complaints_from_events(events)
    assert complaint_read.made_at - complaint_read.occurred_at == 2 * DAY
    assert (complaint_read.category, complaint_read.district) == (HARASSMENT_OR_INTIMIDATION, "L4")


def test_an_erased_case_contributes_no_complaint_whatever_the_order():
    erased = event(9, {"case_erased": pb.CaseErased()})
    kept = event(2, reported(), agency_id="sefton-ddpo", case_reference="D-1")
    assert complaints_from_events([erased, event(1, reported()), kept]) == complaints_from_events(
        [kept]
    )
