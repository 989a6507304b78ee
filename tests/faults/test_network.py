"""Network faults between a stack and its Postgres and Kafka, made by Toxiproxy:
every process of the stack reaches Postgres through one proxy and the broker
through another (the broker's PROXIED listener is advertised at that proxy's port,
deploy/local/kafka.sh), and their links are slowed (latency), throttled (a slow
link) and cut for 10 s. The services degrade with clear errors (UNAVAILABLE,
health NOT_SERVING while a dependency is gone) and recover by themselves: a
command retried with its request id after a cut is applied once, and the shared
view catches up, with no process restarted by hand.

The shared servers themselves stay up, so these tests disturb no other stack."""

import os
import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from deploy.local import databases
from deploy.local.processes import health_channel
from deploy.local.stack import LOCAL, Stack
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc, riskview_pb2_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.faults.load import wait_until_all_serving
from tests.faults.toxiproxy import Toxiproxy, running_toxiproxy
from tests.people import own_case_view

CUT_SECONDS = 10
RECOVERY_SECONDS = 60
POSTGRES = "postgres"
KAFKA = "kafka"
KAFKA_PROXIED = f"127.0.0.1:{os.environ.get('MARAC_KAFKA_PROXIED_PORT', '29094')}"
KAFKA_PROXY = f"127.0.0.1:{os.environ.get('MARAC_KAFKA_PROXY_PORT', '29095')}"
PLANTED = "Quillonadina"  # a value that must not come back in any error


def routed_through(stack: Stack, postgres: str, kafka: str) -> None:
    """Every process's settings name the proxies' addresses in place of Postgres's
    and the broker's."""
    direct = databases.PG_PORT
    port = postgres.rsplit(":", 1)[1]
    for process in stack.processes.values():
        for key, value in process.env.items():
            if key == "MARAC_KAFKA_BOOTSTRAP":
                process.env[key] = kafka
            elif key.endswith("POSTGRES_PORT") and value == direct:
                process.env[key] = port
            elif f"port={direct}" in value:
                process.env[key] = value.replace(f"port={direct}", f"port={port}")
            elif f":{direct}/" in value:
                process.env[key] = value.replace(f":{direct}/", f":{port}/")


@pytest.fixture(scope="module")
def toxiproxy(run_id):
    with running_toxiproxy(LOCAL / "log" / f"t{run_id}network" / "toxiproxy.log") as proxy:
        yield proxy


@pytest.fixture(scope="module")
def stack(run_id, toxiproxy: Toxiproxy):
    postgres = toxiproxy.proxy(POSTGRES, f"{databases.PG_HOST}:{databases.PG_PORT}")
    kafka = toxiproxy.proxy(KAFKA, KAFKA_PROXIED, listen=KAFKA_PROXY)
    deployment = Stack(prefix=f"t{run_id}network", log_dir=LOCAL / "log" / f"t{run_id}network")
    deployment.provision()
    try:
        routed_through(deployment, postgres, kafka)
        deployment.start(progress=lambda _: None)
        wait_until_all_serving(deployment)
        yield deployment
    finally:
        deployment.teardown()


@pytest.fixture(scope="module")
def police(stack):
    with stack.agency_channel("police") as channel:
        yield agency_case_pb2_grpc.AgencyCaseServiceStub(channel)


@pytest.fixture(scope="module")
def riskview(stack):
    with stack.channel("riskview", TEST_CLIENT) as channel:
        yield riskview_pb2_grpc.RiskViewServiceStub(channel)


@pytest.fixture(scope="module")
def case(police):
    reference = f"NET-{uuid.uuid4().hex[:6].upper()}"
    police.OpenCase(
        case_pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()), case_reference=reference,
            subject=case_pb.SubjectIdentity(
                given_name=PLANTED, family_name="Linkfault",
                date_of_birth="1975-03-02", postcode="L4 0TH",
            ),
        ),
        timeout=10,
    )  # fmt: skip
    return reference


def incident(reference: str) -> case_pb.RecordIncidentRequest:
    return case_pb.RecordIncidentRequest(
        request_id=str(uuid.uuid4()),
        case_reference=reference,
        occurred_at=timestamp(datetime.now(UTC) - timedelta(hours=1)),
        classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
        strands=[vocab.STRAND_DISABILITY],
        perceived_by=[vocab.PERCEIVER_VICTIM],
    )


def incidents_stored(police, reference: str) -> int:
    return police.GetCase(
        case_pb.GetCaseRequest(case_reference=reference), timeout=10
    ).incident_count


def shown_once_caught_up(riskview, stack, reference: str, expected: int) -> float:
    """Seconds until the police representative's view of the case shows `expected`
    incidents (asserted never more)."""
    started = time.monotonic()
    while True:
        view = own_case_view(riskview, stack, "police-rep", reference, RECOVERY_SECONDS)
        shown = sum(c.incident_count for c in view.contributions if c.case_reference == reference)
        assert shown <= expected, "an incident was counted twice"
        if shown == expected:
            return time.monotonic() - started
        assert time.monotonic() - started < RECOVERY_SECONDS, f"view shows {shown} of {expected}"
        time.sleep(0.3)


def health(stack: Stack, name: str) -> int:
    process = stack.processes[name]
    with health_channel(process.health_address or process.grpc_address) as channel:
        try:
            return (
                health_pb2_grpc.HealthStub(channel)
                .Check(health_pb2.HealthCheckRequest(), timeout=2)
                .status
            )
        except grpc.RpcError:
            return health_pb2.HealthCheckResponse.UNKNOWN


def test_commands_are_accepted_and_reach_the_view_through_slow_and_throttled_links(
    stack, toxiproxy, police, riskview, case
):
    before = incidents_stored(police, case)
    timings = {}
    for name, kind, attributes in (
        ("latency 100 ms each way", "latency", {"latency": 100}),
        ("a 64 KB/s link", "bandwidth", {"rate": 64}),
    ):
        with toxiproxy.toxic(POSTGRES, kind, **attributes):
            started = time.monotonic()
            for _ in range(5):
                police.RecordIncident(incident(case), timeout=30)
            timings[name] = (time.monotonic() - started) / 5
    print(
        "\nthrough the proxy to Postgres: "
        + ", ".join(
            f"{name}: {seconds * 1000:.0f} ms a command" for name, seconds in timings.items()
        )
    )
    assert incidents_stored(police, case) == before + 10
    shown_once_caught_up(riskview, stack, case, before + 10)
    # Kafka's links slowed: what is accepted still reaches the view, later.
    for name, kind, attributes in (
        ("latency 100 ms each way", "latency", {"latency": 100}),
        ("a 64 KB/s link", "bandwidth", {"rate": 64}),
    ):
        with toxiproxy.toxic(KAFKA, kind, **attributes):
            police.RecordIncident(incident(case), timeout=30)
            before += 1
            seconds = shown_once_caught_up(riskview, stack, case, before + 10)
        print(f"through the proxy to Kafka, {name}: in the view after {seconds:.1f} s")


def test_a_10_s_cut_is_unavailable_and_not_serving_then_recovers_by_itself(
    stack, toxiproxy, police, riskview, case
):
    before = incidents_stored(police, case)
    own_case_view(riskview, stack, "police-rep", case, RECOVERY_SECONDS)  # a token in hand
    retried = incident(case)  # sent again, the same, until accepted
    toxiproxy.cut(POSTGRES)
    cut_at = time.monotonic()
    try:
        with pytest.raises(grpc.RpcError) as refused:
            police.RecordIncident(retried, timeout=5)
        assert refused.value.code() in {
            grpc.StatusCode.UNAVAILABLE,
            grpc.StatusCode.DEADLINE_EXCEEDED,
        }
        assert PLANTED not in (refused.value.details() or "") and case not in (
            refused.value.details() or ""
        )
        while health(stack, "police") != health_pb2.HealthCheckResponse.NOT_SERVING:
            assert time.monotonic() - cut_at < CUT_SECONDS, "police still serving without Postgres"
            time.sleep(0.2)
        not_serving_after = time.monotonic() - cut_at
        time.sleep(max(0.0, CUT_SECONDS - (time.monotonic() - cut_at)))
    finally:
        toxiproxy.mend(POSTGRES)
    mended_at = time.monotonic()
    retries = 0
    while True:  # as an agency system would: the same request again
        try:
            police.RecordIncident(retried, timeout=5)
            break
        except grpc.RpcError as error:
            assert error.code() in {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}
            assert time.monotonic() - mended_at < RECOVERY_SECONDS, "commands never accepted again"
            retries += 1
            time.sleep(0.5)
    accepted_after = time.monotonic() - mended_at
    # Applied once, however often it was sent.
    police.RecordIncident(retried, timeout=5)
    assert incidents_stored(police, case) == before + 1
    shown_after = shown_once_caught_up(riskview, stack, case, before + 1) + accepted_after
    wait_until_all_serving(stack, timeout=RECOVERY_SECONDS)
    serving_after = time.monotonic() - mended_at
    print(
        f"\nPostgres link cut for {CUT_SECONDS} s: police NOT_SERVING after "
        f"{not_serving_after:.1f} s; after the mend, the retried command accepted after "
        f"{accepted_after:.1f} s ({retries} retries), in the view after {shown_after:.1f} s, "
        f"every process serving after {serving_after:.1f} s"
    )
    supervision = stack.log_dir / "supervision.log"
    exits = supervision.read_bytes().count(b'"exited"') if supervision.exists() else 0
    print(f"processes the supervisor restarted meanwhile: {exits}")


def test_a_10_s_cut_from_kafka_is_unavailable_to_readers_then_everything_catches_up(
    stack, toxiproxy, police, riskview, case
):
    before = incidents_stored(police, case)
    own_case_view(riskview, stack, "police-rep", case, RECOVERY_SECONDS)  # a token in hand
    toxiproxy.cut(KAFKA)
    cut_at = time.monotonic()
    try:
        # Commands are the agency's own record: still accepted.
        for _ in range(3):
            police.RecordIncident(incident(case), timeout=10)
        # A view is answered only once its access-log entry is written: not now.
        with pytest.raises(grpc.RpcError) as refused:
            own_case_view(riskview, stack, "police-rep", case, 0)
        assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        assert case not in (refused.value.details() or "")
        while health(stack, "police-relay") != health_pb2.HealthCheckResponse.NOT_SERVING:
            assert time.monotonic() - cut_at < CUT_SECONDS, "the relay still serving, cut off"
            time.sleep(0.2)
        not_serving_after = time.monotonic() - cut_at
        time.sleep(max(0.0, CUT_SECONDS - (time.monotonic() - cut_at)))
    finally:
        toxiproxy.mend(KAFKA)
    mended_at = time.monotonic()
    shown_after = shown_once_caught_up(riskview, stack, case, before + 3)
    wait_until_all_serving(stack, timeout=RECOVERY_SECONDS)
    serving_after = time.monotonic() - mended_at
    assert incidents_stored(police, case) == before + 3
    print(
        f"\nKafka link cut for {CUT_SECONDS} s: the police relay NOT_SERVING after "
        f"{not_serving_after:.1f} s; after the mend, the 3 incidents recorded meanwhile in "
        f"the view after {shown_after:.1f} s, every process serving after {serving_after:.1f} s"
    )
