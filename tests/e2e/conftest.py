import pytest

from marac.v1 import agency_case_pb2_grpc, riskview_pb2_grpc
from services.common.principals import TEST_CLIENT
from tests.support import running_stack


@pytest.fixture(scope="session")
def stack(run_id):
    with running_stack(f"t{run_id}e2e") as deployment:
        yield deployment


@pytest.fixture(scope="session")
def police(stack):
    with stack.agency_channel("police") as channel:
        yield agency_case_pb2_grpc.AgencyCaseServiceStub(channel)


@pytest.fixture(scope="session")
def riskview(stack):
    with stack.channel("riskview", TEST_CLIENT) as channel:
        yield riskview_pb2_grpc.RiskViewServiceStub(channel)
