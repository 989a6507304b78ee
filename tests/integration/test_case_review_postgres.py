"""The case review's read model on Postgres: shared incidents from three agencies
flag a person with the agencies named, one incident reported twice counts once, an
erased case withdraws its complaints, and the flag goes when its complaints leave
the six months."""

from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from figures.case_review import HATE_INCIDENT, LOCALITY, REPEATED_COMPLAINTS
from figures.case_review_events import read_batch
from figures.case_review_listing import CaseReviewList
from figures.case_review_rules import CaseReviewRules
from figures.case_review_store import (
    DISTRICT,
    SUBJECT,
    create_schema,
    flagged,
    record,
    refresh,
    use_rules,
)
from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from tests.conftest import conninfo

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
DAY = timedelta(days=1)
ALICE, BOB = "a" * 64, "b" * 64
RULES = CaseReviewRules(locality_complaints=3, locality_people=2)
AGENCIES = {
    "livv-housing": (vocab.AGENCY_KIND_SOCIAL_LANDLORD, "L-1"),
    "sefton-ddpo": (vocab.AGENCY_KIND_DDPO, "D-1"),
    "merseyside-police": (vocab.AGENCY_KIND_POLICE, "P-1"),
}


def reported(seq, agency_id, occurred_at, *, subject=ALICE, category=None, made_after=DAY):
    agency, case_reference = AGENCIES[agency_id]
    return pb.CaseEvent(
        agency_id=agency_id,
        agency=agency,
        subject_key=subject,
        case_reference=case_reference,
        source_sequence=seq,
        occurred_at=timestamp(occurred_at),
        recorded_at=timestamp(occurred_at + made_after),
        incident_reported=pb.IncidentReported(
            incident_category=category or vocab.INCIDENT_CATEGORY_VERBAL_ABUSE,
            postcode_district="L4",
        ),
    )


def erased(seq, agency_id):
    agency, case_reference = AGENCIES[agency_id]
    return pb.CaseEvent(
        agency_id=agency_id,
        agency=agency,
        subject_key=ALICE,
        case_reference=case_reference,
        source_sequence=seq,
        occurred_at=timestamp(NOW),
        case_erased=pb.CaseErased(),
    )


@pytest.fixture
def read_model(create_database, request):
    with psycopg.connect(
        conninfo(create_database(f"case_review_{request.node.name[5:20]}"))
    ) as conn:
        conn.autocommit = True
        create_schema(conn)
        yield conn


def store(conn, events):
    with conn.transaction():
        record(conn, *read_batch(events))


def refresh_all(conn, now):
    while refresh(conn, now, RULES, 100):
        pass


def flags(conn, scopes=(SUBJECT,)):
    return {
        (key, rule): [sorted(r["agency_id"] for r in i["reports"]) for i in incidents]
        for _, key, rule, _, incidents, _ in flagged(conn, scopes)
    }


def test_three_agencies_complaints_flag_the_person_and_one_incident_counts_once(read_model):
    same_night = NOW - 20 * DAY
    store(
        read_model,
        [
            reported(1, "livv-housing", NOW - 80 * DAY),
            reported(2, "sefton-ddpo", NOW - 50 * DAY),
            reported(
                3, "merseyside-police", same_night, category=vocab.INCIDENT_CATEGORY_HARASSMENT
            ),
        ],
    )
    # The landlord hears of the same night's behaviour, as harassment or intimidation.
    store(
        read_model,
        [
            reported(
                4,
                "livv-housing",
                same_night + timedelta(hours=3),
                category=vocab.INCIDENT_CATEGORY_HARASSMENT_OR_INTIMIDATION,
            ),
            reported(1, "livv-housing", NOW - 80 * DAY),  # redelivered
        ],
    )
    refresh_all(read_model, NOW)

    assert flags(read_model) == {
        (ALICE, REPEATED_COMPLAINTS): [
            ["livv-housing"],
            ["sefton-ddpo"],
            ["livv-housing", "merseyside-police"],
        ]
    }


def test_the_flag_goes_when_a_complaint_leaves_the_six_months(read_model):
    store(
        read_model,
        [
            reported(1, "livv-housing", NOW - 170 * DAY),
            reported(2, "sefton-ddpo", NOW - 50 * DAY),
            reported(3, "merseyside-police", NOW - 20 * DAY),
        ],
    )
    refresh_all(read_model, NOW)
    [(_, _, _, _, _, valid_until)] = flagged(read_model)
    assert valid_until is not None

    refresh_all(read_model, valid_until - timedelta(seconds=1))
    assert (ALICE, REPEATED_COMPLAINTS) in flags(read_model)
    refresh_all(read_model, valid_until)
    assert flags(read_model) == {}


def test_an_erased_case_withdraws_its_complaints(read_model):
    store(
        read_model,
        [
            reported(1, "livv-housing", NOW - 80 * DAY),
            reported(2, "sefton-ddpo", NOW - 50 * DAY),
            reported(3, "merseyside-police", NOW - 20 * DAY),
        ],
    )
    refresh_all(read_model, NOW)
    assert flags(read_model)

    store(read_model, [erased(9, "sefton-ddpo")])
    store(read_model, [reported(2, "sefton-ddpo", NOW - 50 * DAY)])  # a late redelivery
    refresh_all(read_model, NOW)
    assert flags(read_model) == {}


def test_several_peoples_complaints_flag_their_district(read_model):
    store(
        read_model,
        [
            reported(1, "livv-housing", NOW - 40 * DAY, subject=ALICE),
            reported(2, "merseyside-police", NOW - 30 * DAY, subject=BOB),
            reported(3, "livv-housing", NOW - 10 * DAY, subject=BOB),
        ],
    )
    refresh_all(read_model, NOW)
    [(scope, key, rule, people, incidents, _)] = flagged(read_model, (DISTRICT,))
    assert (scope, key, rule, people, len(incidents)) == (DISTRICT, "L4", LOCALITY, 2, 3)


def test_the_partnership_is_shown_each_review_with_its_rules_agencies_and_dates(read_model):
    hate = reported(3, "merseyside-police", NOW - 20 * DAY)
    hate.incident_reported.classification = vocab.HATE_CLASSIFICATION_HATE_INCIDENT
    store(
        read_model,
        [
            reported(1, "livv-housing", NOW - 80 * DAY),
            reported(2, "sefton-ddpo", NOW - 50 * DAY, made_after=3 * DAY),
            hate,
        ],
    )
    with_hate = CaseReviewRules(hate_incident=1)
    while refresh(read_model, NOW, with_hate, 100):
        pass

    [review] = CaseReviewList(lambda: flagged(read_model)).reviews()
    assert (review.district, review.people) == ("", 1)
    assert [r.rule for r in review.reasons] == [REPEATED_COMPLAINTS, HATE_INCIDENT]
    assert review.agencies == (
        (vocab.AGENCY_KIND_SOCIAL_LANDLORD, "livv-housing"),
        (vocab.AGENCY_KIND_POLICE, "merseyside-police"),
        (vocab.AGENCY_KIND_DDPO, "sefton-ddpo"),
    )
    ddpo = review.reasons[0].incidents[1].reports[0]
    assert (ddpo.case_reference, ddpo.occurred_at, ddpo.made_at) == (
        "D-1",
        NOW - 50 * DAY,
        NOW - 47 * DAY,
    )
    assert [i.occurred_at for i in review.reasons[1].incidents] == [NOW - 20 * DAY]


def test_other_rules_recompute_every_flag(read_model):
    store(
        read_model,
        [
            reported(1, "sefton-ddpo", NOW - 50 * DAY),
            reported(2, "merseyside-police", NOW - 20 * DAY),
        ],
    )
    assert use_rules(read_model, RULES)
    refresh_all(read_model, NOW)
    assert flags(read_model) == {}
    assert not use_rules(read_model, RULES)  # the same rules: nothing to recompute

    two = CaseReviewRules(complaints=2, locality_complaints=3, locality_people=2)
    assert use_rules(read_model, two)
    while refresh(read_model, NOW, two, 100):
        pass
    assert flags(read_model) == {
        (ALICE, REPEATED_COMPLAINTS): [["sefton-ddpo"], ["merseyside-police"]]
    }
