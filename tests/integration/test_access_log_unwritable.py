"""An agency service whose access log cannot be written (its broker is not there),
as its real process: it still records what its system sends (a write has no entry)
and still refuses whom it refuses, but answers no read, not even "not found":
each is UNAVAILABLE until its entry can be written, and each entry lost is an
error line of its log."""

import json
import uuid

import grpc
import pytest

from deploy.local.stack import free_port
from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from services.common.principals import WEB_PRINCIPAL, agency_system
from tests.support import agency_process, channel_as, field_violations


@pytest.fixture(scope="module")
def service(create_database, tmp_path_factory):
    nowhere = {
        "MARAC_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}",
        "MARAC_ACCESS_LOG_TIMEOUT": "2",
    }
    with agency_process(
        "victim_support",
        create_database("access_log_unwritable"),
        tmp_path_factory.mktemp("access-log"),
        env=nowhere,
    ) as process:
        yield process


def test_writes_are_recorded_reads_are_unavailable_and_refusals_still_refused(service):
    with channel_as(agency_system("victim_support"), service.grpc_address) as channel:
        cases = pb_grpc.AgencyCaseServiceStub(channel)
        reference = f"VS-{uuid.uuid4().hex[:8].upper()}"
        cases.OpenCase(
            pb.OpenCaseRequest(
                request_id=str(uuid.uuid4()),
                case_reference=reference,
                subject=pb.SubjectIdentity(
                    given_name="Kim",
                    family_name="Lee",
                    date_of_birth="1990-05-06",
                    postcode="M1 1AE",
                ),
            ),
            timeout=10,
        )
        for reference_asked in (reference, "VS-NO-SUCH-CASE"):
            with pytest.raises(grpc.RpcError) as read:
                cases.GetCase(pb.GetCaseRequest(case_reference=reference_asked), timeout=10)
            assert read.value.code() == grpc.StatusCode.UNAVAILABLE
        with pytest.raises(grpc.RpcError) as bad:
            cases.OpenCase(pb.OpenCaseRequest(case_reference="not a reference"), timeout=10)
        assert field_violations(bad.value)  # a write refused for what it asked: no entry
    with channel_as(WEB_PRINCIPAL, service.grpc_address) as channel:
        with pytest.raises(grpc.RpcError) as refused:
            pb_grpc.AgencyCaseServiceStub(channel).GetCase(pb.GetCaseRequest(), timeout=10)
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    lost = [
        json.loads(line)
        for line in service.log_path.read_text().splitlines()
        if line.startswith("{") and '"access not logged"' in line
    ]
    assert {(line["principal"], line["code"]) for line in lost} == {
        ("agency-system/victim_support", 0),
        ("agency-system/victim_support", 5),
        ("web", 7),
    }
