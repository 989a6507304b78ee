"""The whole stack rides out a restart of Postgres or of Kafka under load: incidents
recorded before, during and after reach the shared view with no process restarted
by hand, and none is missing or doubled.

These tests stop the servers every other test uses, so they run last (tests/faults
is the last of the suite's paths) and leave the servers running as they found them.
"""

import json
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from deploy.local import status
from deploy.local.processes import REPO
from deploy.local.stack import Stack
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc, riskview_pb2_grpc
from marac.v1 import riskview_pb2 as view_pb
from marac.v1 import vocabulary_pb2 as vocab
from services.agencies import AGENCIES, BY_NAME
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.people import RiskViewPeople
from tests.support import running_stack

PER_AGENCY = 150  # 600 commands at 100/s across the four agencies: six seconds
RATE_PER_AGENCY = 25.0
FAULT_AFTER_SECONDS = 1.5
DOWN_SECONDS = 3.0
CATCH_UP_SECONDS = 90
# What a caller retries, sending the same request again.
RETRIED = {
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.ABORTED,
}


@pytest.fixture(scope="module")
def stack(run_id):
    with running_stack(f"t{run_id}faults") as deployment:
        try:
            wait_until_relays_follow(deployment)
            wait_until_all_serving(deployment)
            yield deployment
        finally:
            infra("start")  # whatever a failed test left stopped, before the teardown


def wait_until_relays_follow(stack: Stack, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    for agency in AGENCIES:
        log = stack.processes[f"{agency.name}-relay"].log_path
        while not (log.exists() and b'"relay following"' in log.read_bytes()):
            assert time.monotonic() < deadline, f"{agency.name} relay not following"
            time.sleep(0.2)


def wait_until_all_serving(stack: Stack, timeout: float = 60) -> None:
    """As the stack's status command says it."""
    deadline = time.monotonic() + timeout
    code, text = 3, ""
    while time.monotonic() < deadline:
        code, text = status.report(stack.log_dir)
        if code == 0:
            return
        time.sleep(0.5)
    raise AssertionError(f"not every process is serving:\n{text}")


def supervision_events(stack: Stack, after: float) -> list[dict]:
    log = stack.log_dir / "supervision.log"
    if not log.exists():
        return []
    events = [json.loads(line) for line in log.read_text().splitlines()]
    return [e for e in events if e["ts"] >= time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(after))]


def server(name: str, command: str) -> None:
    subprocess.run(["bash", f"deploy/local/{name}.sh", command], cwd=REPO, check=True,
                   capture_output=True, timeout=180)  # fmt: skip


def infra(command: str) -> None:
    subprocess.run(["bash", "deploy/local/infra.sh", command], cwd=REPO, check=True,
                   capture_output=True, timeout=300)  # fmt: skip


@dataclass
class Load:
    """Each agency records incidents on a case of its own at a steady rate, each
    request retried as it was while the service answers that it cannot now."""

    stack: Stack
    references: dict[str, str] = field(default_factory=dict)
    recorded: dict[str, list[str]] = field(default_factory=dict)
    retries: int = 0
    # Where each relay's log stood when the load began.
    relay_logs_at: dict[str, int] = field(default_factory=dict)

    def open_cases(self) -> None:
        for agency in AGENCIES:
            reference = f"F-{agency.name[:3].upper()}-{uuid.uuid4().hex[:6].upper()}"
            self.send(agency.name, "OpenCase", case_pb.OpenCaseRequest(
                request_id=str(uuid.uuid4()), case_reference=reference,
                subject=case_pb.SubjectIdentity(given_name="Fault", family_name="Tolerance",
                                                date_of_birth="1970-01-01", postcode="L4 0TH"),
            ))  # fmt: skip
            self.references[agency.name] = reference
            self.recorded[agency.name] = []
            relay_log = self.stack.processes[f"{agency.name}-relay"].log_path
            self.relay_logs_at[agency.name] = relay_log.stat().st_size

    def send(self, agency: str, rpc: str, request, deadline: float = 120):
        give_up = time.monotonic() + deadline
        with self.stack.agency_channel(agency) as channel:
            call = getattr(agency_case_pb2_grpc.AgencyCaseServiceStub(channel), rpc)
            while True:
                try:
                    return call(request, timeout=5)
                except grpc.RpcError as error:
                    if error.code() not in RETRIED or time.monotonic() > give_up:
                        raise
                    self.retries += 1
                    time.sleep(0.2)

    def run(self, agency: str, count: int = PER_AGENCY) -> None:
        reference = self.references[agency]
        started = time.monotonic()
        for n in range(count):
            time.sleep(max(0.0, started + n / RATE_PER_AGENCY - time.monotonic()))
            request = case_pb.RecordIncidentRequest(
                request_id=str(uuid.uuid4()),
                case_reference=reference,
                occurred_at=timestamp(datetime.now(UTC) - timedelta(hours=1)),
                strands=[vocab.STRAND_DISABILITY],
                classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
                perceived_by=[vocab.PERCEIVER_VICTIM],
            )
            self.recorded[agency].append(self.send(agency, "RecordIncident", request).incident_id)


def shown(riskview: RiskViewPeople, agency, reference: str) -> int:
    """How many incidents the agency's own view of its case shows now (-1: none), as
    the agency's representative sees it."""
    try:
        view = riskview.as_(f"{agency.name}-rep").GetCaseView(
            view_pb.GetCaseViewRequest(case_reference=reference), timeout=5
        )
    except grpc.RpcError as error:
        if error.code() in {*RETRIED, grpc.StatusCode.NOT_FOUND}:
            return -1
        raise
    own = [c for c in view.contributions if c.case_reference == reference]
    return own[0].incident_count if own else -1


def under_load_through(stack: Stack, name: str, stopping: str) -> Load:
    load = Load(stack)
    load.open_cases()
    senders = [threading.Thread(target=load.run, args=(a.name,)) for a in AGENCIES]
    for sender in senders:
        sender.start()
    time.sleep(FAULT_AFTER_SECONDS)
    server(name, stopping)
    time.sleep(DOWN_SECONDS)
    server(name, "start")
    for sender in senders:
        sender.join(timeout=180)
    return load


def assert_every_incident_shown_once(stack: Stack, load: Load) -> None:
    for agency in AGENCIES:
        assert len(load.recorded[agency.name]) == PER_AGENCY, agency.name
        assert len(set(load.recorded[agency.name])) == PER_AGENCY, agency.name  # none doubled
    with stack.channel("riskview", TEST_CLIENT) as channel:
        riskview = RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(channel), stack)
        deadline = time.monotonic() + CATCH_UP_SECONDS
        counts = {}
        while time.monotonic() < deadline:
            counts = {a.name: shown(riskview, a, load.references[a.name]) for a in AGENCIES}
            if all(count >= PER_AGENCY for count in counts.values()):
                break
            time.sleep(0.5)
        assert counts == {a.name: PER_AGENCY for a in AGENCIES}
    for agency in AGENCIES:
        reference = load.references[agency.name]
        case = load.send(agency.name, "GetCase", case_pb.GetCaseRequest(case_reference=reference))
        # More than a page: GetCase carries the first 50 and the count of them all.
        assert case.incident_count == PER_AGENCY, agency.name
    # Each process rode the fault out itself: the supervisor restarted none.
    supervision = stack.log_dir / "supervision.log"
    assert not supervision.exists() or b'"exited"' not in supervision.read_bytes()
    assert all(p.alive() for p in stack.processes.values())


def assert_every_relay_was_interrupted(stack: Stack, load: Load) -> None:
    """The fault reached each relay, which rode it out and said so."""
    for agency in AGENCIES:
        log = stack.processes[f"{agency.name}-relay"].log_path
        with log.open("rb") as lines:
            lines.seek(load.relay_logs_at[agency.name])
            assert b'"relay interrupted"' in lines.read(), agency.name


def test_a_postgres_crash_under_load_loses_and_doubles_nothing(stack):
    began = time.time()
    load = under_load_through(stack, "postgres", "crash")
    assert_every_incident_shown_once(stack, load)
    assert_every_relay_was_interrupted(stack, load)
    # Each process said it could not work while Postgres was down, and then that it
    # could again; the status command shows them all serving.
    wait_until_all_serving(stack)
    events = supervision_events(stack, after=began)
    not_serving = {e["process"] for e in events if e.get("state") == "not serving"}
    assert not_serving == set(stack.processes)


def test_a_kafka_restart_under_load_loses_and_doubles_nothing(stack):
    # The producers hold what they send until the broker is back.
    load = under_load_through(stack, "kafka", "stop")
    assert_every_incident_shown_once(stack, load)


def test_a_projection_killed_and_restarted_brings_the_view_up_to_date_within_10_s(stack):
    load = Load(stack)
    load.open_cases()
    police = BY_NAME["police"]
    reference = load.references["police"]
    projection = stack.processes["projection"]
    with stack.channel("riskview", TEST_CLIENT) as channel:
        riskview = RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(channel), stack)
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while shown(riskview, police, reference) < 0:  # the projection is consuming
            assert time.monotonic() < deadline, "the case never reached the view"
            time.sleep(0.1)
        first = projection.popen.pid
        projection.kill()  # the supervisor starts it again at once
        while not (projection.alive() and projection.popen.pid != first):
            assert time.monotonic() < deadline, "the projection was not restarted"
            time.sleep(0.05)
        restarted = time.monotonic()
        load.run("police", count=1)
        while shown(riskview, police, reference) < 1:
            assert time.monotonic() - restarted < CATCH_UP_SECONDS
            time.sleep(0.1)
    current_after = time.monotonic() - restarted
    print(f"\nprojection restarted: view current again after {current_after:.1f}s")
    assert current_after <= 10
