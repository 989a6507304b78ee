"""RiskView as several processes sharing its port (MARAC_RISKVIEW_PROCESSES=2), each a
whole RiskView: over many connections, which the kernel shares out among them, the
agenda pages through with each page token read by whichever process gets the next
call, health and reflection answer, a process that dies is started again while the
other answers, and none outlives the process that started them."""

import os
import signal
import sys
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2

from deploy.local.kafka_access import writes
from deploy.local.ports import free_port
from deploy.local.spawning import spawn
from deploy.local.stack import REPO
from marac.v1 import riskview_pb2, riskview_pb2_grpc
from services.common.principals import RISKVIEW_PRINCIPAL, TEST_CLIENT
from tests.integration.test_request_processes import (
    listening,
    request_processes,
    running,
    wait_for,
)
from tests.people import CHAIR, bearer, issuer_of, key_directory
from tests.riskview import AGENDA_SUBJECTS, handle, people_env, scenario_view
from tests.support import access_log_env, channel_as, tls_env, wait_until_serving
from tests.unit.test_facts import ALICE

PROCESSES = 2
CONNECTIONS = 12
REFLECTION = "grpc.reflection.v1alpha.ServerReflection"


@pytest.fixture(scope="module")
def setting(create_shared_view, create_topics, grant_kafka, kafka_bootstrap, tmp_path_factory):
    """What a RiskView of two processes runs on, and the chair's call metadata."""
    (topic,) = create_topics("processes-disclosures")
    grant_kafka(writes(RISKVIEW_PRINCIPAL, topic))
    keys = key_directory(tmp_path_factory.mktemp("identity"))
    issuer = issuer_of(keys)
    env = {
        "MARAC_READMODEL_DSN": scenario_view(create_shared_view("riskview_processes")),
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_DISCLOSURE_TOPIC": topic,
        "MARAC_RISKVIEW_PROCESSES": str(PROCESSES),
        **people_env(issuer, str(keys.jwks_path)),
        **tls_env(RISKVIEW_PRINCIPAL),
        **access_log_env(RISKVIEW_PRINCIPAL),
    }
    return env, bearer(issuer.token(CHAIR))


@pytest.fixture()
def riskview(setting, tmp_path):
    env, _ = setting
    address = f"127.0.0.1:{free_port()}"
    log_path = tmp_path / "riskview.log"
    with open(log_path, "ab") as log:
        process = spawn(
            [sys.executable, "-m", "services.riskview"],
            cwd=REPO,
            stdout=log,
            stderr=log,
            env={**os.environ, **env, "MARAC_GRPC_ADDRESS": address},
        )
    children: set[int] = set()
    try:
        with channel_as(TEST_CLIENT, address) as channel:
            wait_until_serving(channel, process, log_path)
        # Each process listens once it has started: kill one only when the other can answer.
        wait_for(lambda: listening(address) == PROCESSES)
        yield process, address, log_path
    finally:
        if process.poll() is None:
            children = request_processes(process.pid)
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    assert process.returncode in (0, -signal.SIGKILL), log_path.read_text()[-2000:]
    wait_for(lambda: not any(running(pid) for pid in children), timeout=15)


def connections(address: str) -> list[grpc.Channel]:
    """Channels of their own connection each."""
    return [
        channel_as(TEST_CLIENT, address, **{"grpc.use_local_subchannel_pool": 1})
        for _ in range(CONNECTIONS)
    ]


def test_over_many_connections_each_process_answers_as_riskview(riskview, setting):
    _, chair = setting
    _, address, _ = riskview
    channels = connections(address)
    try:
        stubs = [riskview_pb2_grpc.RiskViewServiceStub(c) for c in channels]
        listed, token, turn = [], "", 0
        while True:  # each page from the next connection, with the token of the last
            page = stubs[turn % CONNECTIONS].ListAgenda(
                riskview_pb2.ListAgendaRequest(meeting_id="M-1", page_size=3, page_token=token),
                metadata=chair,
            )
            listed += [item.handle for item in page.items]
            token, turn = page.next_page_token, turn + 1
            if not token:
                break
        assert len(listed) == len(set(listed)) == AGENDA_SUBJECTS + 1
        for stub in stubs:  # a handle one process made, every process opens
            card = stub.GetAgendaItem(
                riskview_pb2.GetAgendaItemRequest(handle=handle(ALICE), meeting_id="M-1"),
                metadata=chair,
            )
            assert card.disclosure_id and len(card.contributions) == 3
        for channel in channels:
            health = health_pb2_grpc.HealthStub(channel)
            reply = health.Check(health_pb2.HealthCheckRequest(), timeout=5)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
        assert "marac.v1.RiskViewService" in services_listed(channels[-1])
    finally:
        for channel in channels:
            channel.close()


def services_listed(channel: grpc.Channel) -> set[str]:
    ask = channel.stream_stream(
        f"/{REFLECTION}/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    reply = next(ask(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10))
    return {service.name for service in reply.list_services_response.service}


def test_a_process_that_dies_is_started_again_and_the_other_answers_meanwhile(riskview, setting):
    _, chair = setting
    parent, address, log_path = riskview
    killed = min(request_processes(parent.pid))
    os.kill(killed, signal.SIGKILL)
    # Gone, not just a zombie: a killed process's leader is a zombie while its other
    # threads still exit, and its socket, open until the last of them has, would be
    # given new connections and reset them as it closes.
    wait_for(lambda: not Path(f"/proc/{killed}").exists(), timeout=10)

    channels = connections(address)  # new connections: the kernel gives them the other
    try:
        for channel in channels:
            card = riskview_pb2_grpc.RiskViewServiceStub(channel).GetAgendaItem(
                riskview_pb2.GetAgendaItemRequest(handle=handle(ALICE), meeting_id="M-1"),
                metadata=chair,
                timeout=10,
            )
            assert card.disclosure_id
    finally:
        for channel in channels:
            channel.close()
    wait_for(lambda: len(request_processes(parent.pid) - {killed}) == PROCESSES)
    assert '"event": "request process exited"' in log_path.read_text()


def test_no_process_outlives_riskview_killed(riskview):
    parent, _, _ = riskview
    children = request_processes(parent.pid)
    parent.kill()
    parent.wait()
    wait_for(lambda: not any(running(pid) for pid in children), timeout=15)
