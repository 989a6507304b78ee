"""marac.v1.FiguresService/ListCaseReviews on real Postgres: a partnership analyst
is shown the person who complained to the landlord, the DDPO and the police, with
the agencies, their case references and the dates, and no key of the person; a
chair, IG staff and an agency representative are refused."""

from datetime import UTC, datetime, timedelta

import grpc
import psycopg
import pytest

from figures import case_review_store, store
from figures.case_review import REPEATED_COMPLAINTS
from figures.case_review_events import read_batch
from figures.case_review_rules import CaseReviewRules
from marac.v1 import case_events_pb2 as pb
from marac.v1 import figures_pb2
from marac.v1 import vocabulary_pb2 as v
from services.common.contract import timestamp
from tests.conftest import conninfo
from tests.integration.test_figures_grpc import ANALYST, as_, figures  # noqa: F401 (fixture)
from tests.people import CHAIR, IG, POLICE_REP

NOW = datetime.now(UTC)
DAY = timedelta(days=1)
ALICE = "a" * 64
REPORTS = [  # (agency, agency_id, case, days ago)
    (v.AGENCY_KIND_SOCIAL_LANDLORD, "livv-housing", "L-7", 80),
    (v.AGENCY_KIND_DDPO, "sefton-ddpo", "D-3", 50),
    (v.AGENCY_KIND_POLICE, "merseyside-police", "P-9", 20),
]


def complaint(seq, agency, agency_id, case_reference, days_ago):
    occurred = NOW - days_ago * DAY
    return pb.CaseEvent(
        agency=agency,
        agency_id=agency_id,
        subject_key=ALICE,
        case_reference=case_reference,
        source_sequence=seq,
        occurred_at=timestamp(occurred),
        recorded_at=timestamp(occurred + 2 * DAY),
        incident_reported=pb.IncidentReported(
            postcode_district="L4", incident_category=v.INCIDENT_CATEGORY_VERBAL_ABUSE
        ),
    )


@pytest.fixture(scope="module")
def figures_db(create_database):
    dsn = conninfo(create_database("case_review_api"))
    events = [complaint(seq, *report) for seq, report in enumerate(REPORTS, start=1)]
    with psycopg.connect(dsn, autocommit=True) as conn:
        store.create_schema(conn)
        case_review_store.record(conn, *read_batch(events))
        while case_review_store.refresh(conn, NOW, CaseReviewRules(), 100):
            pass
    return dsn


def test_an_analyst_is_shown_the_person_with_the_agencies_cases_and_dates(figures):  # noqa: F811
    stub, issuer = figures
    answer = stub.ListCaseReviews(
        figures_pb2.ListCaseReviewsRequest(), metadata=as_(issuer, ANALYST)
    )
    [review] = answer.reviews
    assert (review.postcode_district, review.people) == ("", 1)
    [reason] = review.reasons
    assert reason.rule == REPEATED_COMPLAINTS
    shown = [
        (r.agency, r.agency_id, r.case_reference, r.occurred_at.ToDatetime(UTC))
        for incident in reason.incidents
        for r in incident.reports
    ]
    assert shown == [
        (agency, agency_id, case, NOW - days * DAY) for agency, agency_id, case, days in REPORTS
    ]
    first = reason.incidents[0].reports[0]
    assert first.complained_at.seconds - first.occurred_at.seconds == 2 * 86400
    assert ALICE.encode() not in answer.SerializeToString()


@pytest.mark.parametrize("person", [CHAIR, IG, POLICE_REP], ids=["chair", "ig", "representative"])
def test_case_reviews_are_refused_to_other_roles(figures, person):  # noqa: F811
    stub, issuer = figures
    with pytest.raises(grpc.RpcError) as refused:
        stub.ListCaseReviews(figures_pb2.ListCaseReviewsRequest(), metadata=as_(issuer, person))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
