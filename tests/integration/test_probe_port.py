"""The plaintext probe port (MARAC_PROBE_ADDRESS): what the kubelet's gRPC probe
asks in a Kubernetes deployment, since it presents no certificate. It answers the
process's own health status and nothing else; unset, there is no such port."""

import asyncio
import logging
import time

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from deploy.local.pki import Pki
from deploy.local.ports import free_port
from services.common import grpc_server
from services.common.health import Checks, serve_health
from services.common.principals import relay

LOGGER = logging.getLogger("test.probe")
RELAY_POLICE = relay("police")


def probe_status(address: str) -> int:
    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        return stub.Check(health_pb2.HealthCheckRequest(), timeout=5).status


def test_a_worker_answers_its_health_in_plaintext_on_the_probe_port_and_nothing_else(
    tmp_path, monkeypatch
):
    tls = Pki(tmp_path).issue([RELAY_POLICE])[RELAY_POLICE].identity()
    probe = f"127.0.0.1:{free_port()}"
    monkeypatch.setenv("MARAC_PROBE_ADDRESS", probe)
    serving = {"ok": True}
    stop = serve_health(
        f"127.0.0.1:{free_port()}", Checks({"db": lambda: serving["ok"]}, LOGGER), LOGGER, tls
    )
    try:
        wait_for(lambda: probe_status(probe) == health_pb2.HealthCheckResponse.SERVING)
        serving["ok"] = False
        wait_for(lambda: probe_status(probe) == health_pb2.HealthCheckResponse.NOT_SERVING)
        # No reflection (nor anything else) in plaintext: only the status.
        with grpc.insecure_channel(probe) as channel:
            reflect = reflection_pb2_grpc.ServerReflectionStub(channel)
            with pytest.raises(grpc.RpcError) as refused:
                list(
                    reflect.ServerReflectionInfo(
                        iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5
                    )
                )
        assert refused.value.code() == grpc.StatusCode.UNIMPLEMENTED
    finally:
        stop()


def test_no_probe_port_when_unset(monkeypatch):
    monkeypatch.delenv("MARAC_PROBE_ADDRESS", raising=False)
    assert asyncio.run(grpc_server._serve_probe(health.aio.HealthServicer(), LOGGER, False)) is None


def test_a_server_shares_its_status_with_its_probe_port(monkeypatch):
    probe = f"127.0.0.1:{free_port()}"
    monkeypatch.setenv("MARAC_PROBE_ADDRESS", probe)

    async def run() -> int:
        servicer = health.aio.HealthServicer()
        await servicer.set("", health_pb2.HealthCheckResponse.SERVING)
        server = await grpc_server._serve_probe(servicer, LOGGER, False)
        try:
            async with grpc.aio.insecure_channel(probe) as channel:
                stub = health_pb2_grpc.HealthStub(channel)
                answer = await stub.Check(health_pb2.HealthCheckRequest(), timeout=5)
                return answer.status
        finally:
            await server.stop(grace=0)

    assert asyncio.run(run()) == health_pb2.HealthCheckResponse.SERVING


def test_a_bad_probe_address_stops_the_process_naming_the_variable(monkeypatch, capsys):
    monkeypatch.setenv("MARAC_PROBE_ADDRESS", "not an address")
    with pytest.raises(SystemExit):
        asyncio.run(grpc_server._serve_probe(health.aio.HealthServicer(), LOGGER, False))
    captured = capsys.readouterr()
    assert "MARAC_PROBE_ADDRESS" in captured.err + captured.out


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except grpc.RpcError:
            pass
        time.sleep(0.2)
    raise AssertionError("not within the time")
