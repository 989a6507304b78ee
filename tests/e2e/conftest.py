import grpc
import pytest

from deploy.local.stack import LOCAL, Stack
from marac.v1 import agency_case_pb2_grpc, riskview_pb2_grpc


@pytest.fixture(scope="session")
def stack(run_id):
    name = f"t{run_id}e2e"
    deployment = Stack(prefix=name, log_dir=LOCAL / "log" / name)
    deployment.provision()
    try:
        deployment.start(progress=lambda line: None)
        yield deployment
    finally:
        deployment.teardown()


@pytest.fixture(scope="session")
def police(stack):
    with grpc.insecure_channel(stack.grpc_address("police")) as channel:
        yield agency_case_pb2_grpc.AgencyCaseServiceStub(channel)


@pytest.fixture(scope="session")
def riskview(stack):
    with grpc.insecure_channel(stack.grpc_address("riskview")) as channel:
        yield riskview_pb2_grpc.RiskViewServiceStub(channel)
