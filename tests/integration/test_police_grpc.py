"""PoliceService over gRPC, as the police process (`python -m services.police
serve`) on its own Postgres store: what a police records system sees."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import grpc
import pytest
from eventsourcing.cryptography import AESCipher
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import police_pb2 as pb
from marac.v1 import police_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from tests.conftest import event_store_env

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def channel(create_database, tmp_path_factory):
    env = event_store_env(create_database("police_grpc"), AESCipher.create_key(num_bytes=32))
    address = f"127.0.0.1:{free_port()}"
    env.update(LINKING_KEY="22" * 32, AGENCY_ID="test-police", MARAC_GRPC_ADDRESS=address)
    log_path = tmp_path_factory.mktemp("police") / "police.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.police", "serve"],
            cwd=REPO,
            stdout=log,
            stderr=log,
            env={**os.environ, **env},
        )
    try:
        with grpc.insecure_channel(address) as channel:
            wait_until_serving(channel, process, log_path)
            yield channel
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 0, log_path.read_text()[-2000:]


def wait_until_serving(channel, process, log_path, timeout=30.0):
    health = health_pb2_grpc.HealthStub(channel)
    request = health_pb2.HealthCheckRequest(service="marac.v1.PoliceService")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()[-2000:]
        try:
            if health.Check(request, timeout=1).status == health_pb2.HealthCheckResponse.SERVING:
                return
        except grpc.RpcError:
            pass
        time.sleep(0.1)
    pytest.fail(f"police not serving after {timeout}s: {log_path.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def police(channel):
    return pb_grpc.PoliceServiceStub(channel)


@pytest.fixture(scope="module")
def kernel(channel):
    return case_grpc.AgencyCaseServiceStub(channel)


def field_violations(error: grpc.RpcError) -> set[str]:
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = set()
    for detail in rpc_status.from_call(error).details:
        bad_request = error_details_pb2.BadRequest()
        assert detail.Unpack(bad_request)
        found |= {v.field for v in bad_request.field_violations}
    return found


def stamp(moment: datetime) -> Timestamp:
    made = Timestamp()
    made.FromDatetime(moment)
    return made


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
        occurred_at=stamp(datetime(2026, 1, 10, 22, 15, tzinfo=UTC)),
        hate_flag=True,
        strands=[vocab.STRAND_DISABILITY],
        perceived_by=[vocab.PERCEIVER_VICTIM],
        location_postcode="L4 0TH",
        narrative="Ramp smashed.",
    )
    fields.update(changes)
    return pb.RecordCrimeRequest(**fields)


def reference() -> str:
    return f"PC-{uuid.uuid4().hex[:8]}"


def test_a_police_records_system_records_crimes_and_pages_through_them(police, kernel):
    case = reference()
    first = police.RecordCrime(crime_request(case, "CRN 1/0/26"))
    assert len(first.subject_key) == 64
    for n in range(1, 5):
        police.RecordCrime(
            crime_request(
                case, f"CRN 1/{n}/26", subject=None, hate_flag=False, strands=[], perceived_by=[]
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
    assert [c.crime_reference for c in crimes] == [f"CRN 1/{n}/26" for n in range(5)]
    assert crimes[0].incident_id == first.incident_id
    assert crimes[0].offence == pb.OFFENCE_CATEGORY_CRIMINAL_DAMAGE
    assert list(crimes[0].strands) == [vocab.STRAND_DISABILITY]
    assert crimes[0].occurred_at.ToDatetime(tzinfo=UTC) == datetime(2026, 1, 10, 22, 15, tzinfo=UTC)

    police.RecordInvestigationOutcome(
        pb.RecordInvestigationOutcomeRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            crime_reference="CRN 1/0/26",
            outcome=pb.INVESTIGATION_OUTCOME_OUT_OF_COURT_INFORMAL,
        )
    )
    listed = police.ListCrimes(pb.ListCrimesRequest(case_reference=case, page_size=1))
    assert listed.crimes[0].outcome == pb.INVESTIGATION_OUTCOME_OUT_OF_COURT_INFORMAL

    fetched = kernel.GetCase(case_pb.GetCaseRequest(case_reference=case))
    assert fetched.subject_key == first.subject_key
    assert fetched.incidents[0].classification == vocab.HATE_CLASSIFICATION_HATE_CRIME
    assert fetched.consent.scopes[0].recipient == vocab.RECIPIENT_VICTIM_SUPPORT


def test_a_retried_report_returns_the_first_answer(police):
    request = crime_request(reference(), "CRN 2/1/26")
    assert police.RecordCrime(request) == police.RecordCrime(request)
    listed = police.ListCrimes(pb.ListCrimesRequest(case_reference=request.case_reference))
    assert len(listed.crimes) == 1


def test_a_bad_report_names_each_field_and_records_nothing(police, kernel):
    request = crime_request(reference(), "CRN 3/1/26", offence=99, source=0, strands=[0])
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
    police.RecordCrime(crime_request(case, "CRN 4/1/26"))
    with pytest.raises(grpc.RpcError) as error:
        police.ListCrimes(pb.ListCrimesRequest(case_reference=case, page_token="bogus"))
    assert field_violations(error.value) == {"page_token"}


def test_an_outcome_for_an_unknown_crime_is_not_found_and_a_closed_case_takes_no_report(
    police, kernel
):
    case = reference()
    police.RecordCrime(crime_request(case, "CRN 5/1/26"))
    with pytest.raises(grpc.RpcError) as error:
        police.RecordInvestigationOutcome(
            pb.RecordInvestigationOutcomeRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case,
                crime_reference="CRN 5/9/26",
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
        police.RecordCrime(crime_request(case, "CRN 5/2/26", subject=None))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
