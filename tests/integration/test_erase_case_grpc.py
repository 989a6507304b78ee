"""EraseCase over gRPC, on a real service process (answering itself, and through
request processes that may hold the case in their caches): afterwards the case
reads as NOT_FOUND "erased" everywhere, a retry answers the same, an unknown case is
NOT_FOUND, bad input INVALID_ARGUMENT naming each field."""

import uuid

import grpc
import pytest

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from tests.integration.test_agency_case_grpc import open_case
from tests.support import agency_service, field_violations

UPHELD = vocab.ERASURE_REASON_ERASURE_REQUEST_UPHELD


@pytest.fixture(scope="module", params=[1, 2], ids=["writer answers", "request processes"])
def kernel(request, create_database, tmp_path_factory):
    with agency_service(
        "victim_support",
        create_database(f"erase_grpc_{request.param}"),
        tmp_path_factory.mktemp("erase"),
        request_processes=request.param,
    ) as channel:
        yield pb_grpc.AgencyCaseServiceStub(channel)


def erase(kernel, reference: str, request_id: str, reason=UPHELD) -> pb.EraseCaseResponse:
    return kernel.EraseCase(
        pb.EraseCaseRequest(request_id=request_id, case_reference=reference, reason=reason)
    )


def test_an_erased_case_is_not_found_anywhere_and_a_retry_answers_the_same(kernel):
    reference, other = open_case(kernel), open_case(kernel)
    for _ in range(3):  # read, so that request processes hold it in their caches
        kernel.GetCase(pb.GetCaseRequest(case_reference=reference))
    request_id = str(uuid.uuid4())
    erased = erase(kernel, reference, request_id)
    assert (erased.case_reference, erased.reason) == (reference, UPHELD)

    for _ in range(3):
        with pytest.raises(grpc.RpcError) as error:
            kernel.GetCase(pb.GetCaseRequest(case_reference=reference))
        assert error.value.code() == grpc.StatusCode.NOT_FOUND
        assert error.value.details() == "the case was erased"
    assert erase(kernel, reference, request_id) == erased
    with pytest.raises(grpc.RpcError) as error:
        erase(kernel, reference, str(uuid.uuid4()), vocab.ERASURE_REASON_COURT_ORDER)
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    listed = kernel.ListCases(pb.ListCasesRequest(page_size=1000)).cases
    assert reference not in {c.case_reference for c in listed}
    assert other in {c.case_reference for c in listed}
    assert kernel.GetCase(pb.GetCaseRequest(case_reference=other)).case_reference == other


def test_an_erased_reference_cannot_open_a_case_again(kernel):
    reference = open_case(kernel)
    erase(kernel, reference, str(uuid.uuid4()))
    with pytest.raises(grpc.RpcError) as error:
        kernel.OpenCase(
            pb.OpenCaseRequest(
                request_id=str(uuid.uuid4()),
                case_reference=reference,
                subject=pb.SubjectIdentity(
                    given_name="Kim", family_name="Lee", date_of_birth="1990-05-06",
                    postcode="M1 1AE",
                ),
            )
        )  # fmt: skip
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_erasing_an_unknown_case_is_not_found_and_bad_input_names_each_field(kernel):
    with pytest.raises(grpc.RpcError) as error:
        erase(kernel, "K-NEVER-OPENED", str(uuid.uuid4()))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as error:
        kernel.EraseCase(pb.EraseCaseRequest(request_id="no such id!", case_reference="k 1"))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(error.value) == {"request_id", "case_reference", "reason"}
    with pytest.raises(grpc.RpcError) as error:
        erase(kernel, "K-1", str(uuid.uuid4()), reason=99)
    assert field_violations(error.value) == {"reason"}
