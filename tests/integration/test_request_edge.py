"""What an agency system is told, over gRPC on a real service process, when a
request's identifiers carry personal data, its bytes are no request, an instant is
out of Timestamp's range, or a request id is used again for another request."""

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from tests.support import agency_service, field_violations

PERSONAL = "Ann Smith, 1 High St, 07700 900123"


@pytest.fixture(scope="module")
def channel(create_database, tmp_path_factory):
    with agency_service(
        "police", create_database("request_edge"), tmp_path_factory.mktemp("edge")
    ) as channel:
        yield channel


@pytest.fixture(scope="module")
def kernel(channel):
    return pb_grpc.AgencyCaseServiceStub(channel)


def opened(kernel) -> str:
    reference = f"CR/{uuid.uuid4().hex[:6].upper()}/26"
    kernel.OpenCase(
        pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=pb.SubjectIdentity(
                given_name="Kim", family_name="Lee", date_of_birth="1990-05-06", postcode="M1 1AE"
            ),
        )
    )
    return reference


def incident(reference: str, request_id: str, **changes) -> pb.RecordIncidentRequest:
    fields = dict(
        request_id=request_id,
        case_reference=reference,
        occurred_at=timestamp(datetime.now(UTC) - timedelta(days=1)),
        classification=vocab.HATE_CLASSIFICATION_NOT_HATE_RELATED,
    )
    return pb.RecordIncidentRequest(**(fields | changes))


def refused(call, request) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as error:
        call(request)
    assert PERSONAL not in (error.value.details() or "")
    return error.value


def test_identifiers_with_personal_data_are_refused_naming_the_field(kernel):
    error = refused(
        kernel.OpenCase,
        pb.OpenCaseRequest(
            request_id=PERSONAL,
            case_reference=PERSONAL,
            subject=pb.SubjectIdentity(
                given_name="Kim", family_name="Lee", date_of_birth="1990-05-06", postcode="M1 1AE"
            ),
        ),
    )
    assert field_violations(error) == {"request_id", "case_reference"}
    reference = opened(kernel)
    error = refused(
        kernel.RevokeOverride,
        pb.RevokeOverrideRequest(
            request_id=str(uuid.uuid4()), case_reference=reference, override_id=PERSONAL
        ),
    )
    assert field_violations(error) == {"override_id"}
    assert field_violations(
        refused(kernel.GetCase, pb.GetCaseRequest(case_reference=PERSONAL))
    ) == {"case_reference"}


def test_an_incident_with_values_the_contract_does_not_define_names_each_field(kernel):
    reference = opened(kernel)
    asked = incident(
        reference, str(uuid.uuid4()), strands=[99], classification=99, perceived_by=[1, 99]
    )
    error = refused(kernel.RecordIncident, asked)
    assert field_violations(error) == {"strands[0]", "classification", "perceived_by[1]"}
    assert not kernel.GetCase(pb.GetCaseRequest(case_reference=reference)).incidents


def test_a_real_reference_is_taken_and_what_is_not_found_is_not_quoted(kernel):
    missing = "ASB-2026-00042"
    error = refused(kernel.GetCase, pb.GetCaseRequest(case_reference=missing))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert missing not in error.details()
    reference = opened(kernel)
    assert kernel.GetCase(pb.GetCaseRequest(case_reference=reference)).case_reference == reference


@pytest.mark.parametrize(
    "raw",
    [b"\x0a\x06\xff\xfe\xfd\xfc\xfb\xfa", b"\x12\x7fCR-1", b"\xff\xff\xff\xff", b"\x0b"],
    ids=["bad UTF-8", "length past the end", "bad tag", "unknown group"],
)
def test_bytes_that_are_no_request_are_invalid_argument(channel, raw):
    call = channel.unary_unary("/marac.v1.AgencyCaseService/RecordIncident")
    with pytest.raises(grpc.RpcError) as error:
        call(raw)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize(
    "stamp",
    [
        Timestamp(seconds=253_402_300_800),  # 10000-01-01
        Timestamp(seconds=-62_135_596_801),  # before 0001-01-01
        Timestamp(seconds=2**62),
        Timestamp(seconds=1_700_000_000, nanos=-1),
        Timestamp(seconds=1_700_000_000, nanos=1_000_000_000),
    ],
    ids=["year 10000", "year 0", "huge", "negative nanos", "nanos past a second"],
)
def test_an_instant_out_of_range_is_refused_naming_its_field(kernel, stamp):
    reference = opened(kernel)
    error = refused(
        kernel.RecordIncident, incident(reference, str(uuid.uuid4()), occurred_at=stamp)
    )
    assert field_violations(error) == {"occurred_at"}


def test_a_request_id_used_again_for_another_request_is_refused_naming_it(kernel):
    reference = opened(kernel)
    request_id = str(uuid.uuid4())
    asked = incident(reference, request_id)
    first = kernel.RecordIncident(asked)
    assert kernel.RecordIncident(asked) == first  # a retry
    other = pb.RecordIncidentRequest()
    other.CopyFrom(asked)
    other.narrative = "Another account altogether."
    error = refused(kernel.RecordIncident, other)
    assert field_violations(error) == {"request_id"}
    assert len(kernel.GetCase(pb.GetCaseRequest(case_reference=reference)).incidents) == 1
