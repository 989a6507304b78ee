"""PoliceService over gRPC, as the police process (`python -m services.police
serve`) on its own Postgres store: what a police records system sees."""

import uuid
from datetime import UTC, datetime

import grpc
import pytest

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import police_pb2 as pb
from marac.v1 import police_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from tests.support import agency_service, field_violations


@pytest.fixture(scope="module")
def channel(create_database, tmp_path_factory):
    with agency_service(
        "police", create_database("police_grpc"), tmp_path_factory.mktemp("police")
    ) as channel:
        yield channel


@pytest.fixture(scope="module")
def police(channel):
    return pb_grpc.PoliceServiceStub(channel)


@pytest.fixture(scope="module")
def kernel(channel):
    return case_grpc.AgencyCaseServiceStub(channel)


def crime_request(case_reference: str, crime_reference: str, **changes) -> pb.RecordCrimeRequest:
    fields = dict(
        request_id=str(uuid.uuid4()),
        case_reference=case_reference,
        subject=case_pb.SubjectIdentity(
            given_name="Ann", family_name="Smith", date_of_birth="1980-02-03", postcode="L4 0TH"
        ),
        consent=case_pb.Consent(
            scopes=[
                events_pb.ConsentScope(
                    recipient=vocab.RECIPIENT_VICTIM_SUPPORT, purpose=vocab.PURPOSE_REFERRAL
                )
            ]
        ),
        crime_reference=crime_reference,
        record_type=pb.POLICE_RECORD_TYPE_CRIME,
        offence=pb.OFFENCE_CATEGORY_CRIMINAL_DAMAGE,
        source=vocab.REPORT_SOURCE_VICTIM,
        occurred_at=timestamp(datetime(2026, 1, 10, 22, 15, tzinfo=UTC)),
        hate_flag=True,
        strands=[vocab.STRAND_DISABILITY],
        perceived_by=[vocab.PERCEIVER_VICTIM],
        location_postcode="L4 0TH",
        narrative="Ramp smashed.",
    )
    fields.update(changes)
    return pb.RecordCrimeRequest(**fields)


def reference() -> str:
    return f"PC-{uuid.uuid4().hex[:8].upper()}"


def test_a_police_records_system_records_crimes_and_pages_through_them(police, kernel):
    case = reference()
    first = police.RecordCrime(crime_request(case, "CRN-1/0/26"))
    assert not first.subject_key  # never returned; tests.match_keys checks every answer
    for n in range(1, 5):
        police.RecordCrime(
            crime_request(
                case, f"CRN-1/{n}/26", subject=None, hate_flag=False, strands=[], perceived_by=[]
            )
        )

    crimes, token = [], ""
    while True:
        page = police.ListCrimes(
            pb.ListCrimesRequest(case_reference=case, page_size=2, page_token=token)
        )
        crimes += page.crimes
        token = page.next_page_token
        if not token:
            break
    assert [c.crime_reference for c in crimes] == [f"CRN-1/{n}/26" for n in range(5)]
    assert crimes[0].incident_id == first.incident_id
    assert crimes[0].offence == pb.OFFENCE_CATEGORY_CRIMINAL_DAMAGE
    assert list(crimes[0].strands) == [vocab.STRAND_DISABILITY]
    assert crimes[0].occurred_at.ToDatetime(tzinfo=UTC) == datetime(2026, 1, 10, 22, 15, tzinfo=UTC)

    police.RecordInvestigationOutcome(
        pb.RecordInvestigationOutcomeRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            crime_reference="CRN-1/0/26",
            outcome=pb.INVESTIGATION_OUTCOME_OUT_OF_COURT_INFORMAL,
        )
    )
    listed = police.ListCrimes(pb.ListCrimesRequest(case_reference=case, page_size=1))
    assert listed.crimes[0].outcome == pb.INVESTIGATION_OUTCOME_OUT_OF_COURT_INFORMAL

    fetched = kernel.GetCase(case_pb.GetCaseRequest(case_reference=case))
    assert not fetched.subject_key
    assert fetched.incidents[0].classification == vocab.HATE_CLASSIFICATION_HATE_CRIME
    assert fetched.consent.scopes[0].recipient == vocab.RECIPIENT_VICTIM_SUPPORT


def test_a_retried_report_returns_the_first_answer(police):
    request = crime_request(reference(), "CRN-2/1/26")
    assert police.RecordCrime(request) == police.RecordCrime(request)
    listed = police.ListCrimes(pb.ListCrimesRequest(case_reference=request.case_reference))
    assert len(listed.crimes) == 1


def test_a_bad_report_names_each_field_and_records_nothing(police, kernel):
    request = crime_request(reference(), "CRN-3/1/26", offence=99, source=0, strands=[0])
    request.ClearField("consent")
    with pytest.raises(grpc.RpcError) as error:
        police.RecordCrime(request)
    assert field_violations(error.value) == {"offence", "source", "strands[0]", "consent"}
    assert "Ramp" not in error.value.details()
    with pytest.raises(grpc.RpcError) as missing:
        kernel.GetCase(case_pb.GetCaseRequest(case_reference=request.case_reference))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND


def test_a_bad_page_token_is_an_invalid_argument(police):
    case = reference()
    police.RecordCrime(crime_request(case, "CRN-4/1/26"))
    with pytest.raises(grpc.RpcError) as error:
        police.ListCrimes(pb.ListCrimesRequest(case_reference=case, page_token="bogus"))
    assert field_violations(error.value) == {"page_token"}


def test_an_outcome_for_an_unknown_crime_is_not_found_and_a_closed_case_takes_no_report(
    police, kernel
):
    case = reference()
    police.RecordCrime(crime_request(case, "CRN-5/1/26"))
    with pytest.raises(grpc.RpcError) as error:
        police.RecordInvestigationOutcome(
            pb.RecordInvestigationOutcomeRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case,
                crime_reference="CRN-5/9/26",
                outcome=pb.INVESTIGATION_OUTCOME_CHARGED_OR_SUMMONSED,
            )
        )
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    kernel.CloseCase(
        case_pb.CloseCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            outcome=vocab.CASE_OUTCOME_CHARGED_OR_SUMMONSED,
        )
    )
    with pytest.raises(grpc.RpcError) as error:
        police.RecordCrime(crime_request(case, "CRN-5/2/26", subject=None))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
