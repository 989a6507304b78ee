import grpc
import pytest

from marac.v1 import agency_case_pb2_grpc, riskview_pb2_grpc
from tests.support import running_stack


@pytest.fixture(scope="session")
def stack(run_id):
    with running_stack(f"t{run_id}e2e") as deployment:
        yield deployment


@pytest.fixture(scope="session")
def police(stack):
    with grpc.insecure_channel(stack.grpc_address("police")) as channel:
        yield agency_case_pb2_grpc.AgencyCaseServiceStub(channel)


@pytest.fixture(scope="session")
def riskview(stack):
    with grpc.insecure_channel(stack.grpc_address("riskview")) as channel:
        yield riskview_pb2_grpc.RiskViewServiceStub(channel)
