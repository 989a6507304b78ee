"""The whole stack rides out a restart of Postgres or of Kafka under load (the
fault tests' load, tests/faults/load.py: 2,000 commands at 100/s across the four
agencies, the server stopped a third of the way through and started again 3 s
later): incidents recorded before, during and after are in their stores, the shared
view and the audit ledger once, with no process restarted by hand or by the
supervisor. And a projection SIGKILLed and restarted brings the view up to date
within 10 s.

The Postgres and Kafka tests stop the servers every other test uses, so they run
last (tests/faults is the last of the suite's paths), alone on the machine, and
leave the servers running as they found them.
"""

import json
import subprocess
import time

import pytest

from deploy.local.processes import REPO
from deploy.local.stack import Stack
from marac.v1 import riskview_pb2_grpc
from services.agencies import AGENCIES
from services.common.principals import TEST_CLIENT
from tests.faults.checks import assert_nothing_lost_or_doubled, counted, projection_logs
from tests.faults.load import (
    CATCH_UP_SECONDS,
    Load,
    shown,
    wait_until_all_serving,
    wait_until_relays_follow,
)
from tests.faults.replay import compare_with_a_rebuild
from tests.people import RiskViewPeople
from tests.support import running_stack

DOWN_SECONDS = 3.0


@pytest.fixture(scope="module")
def stack(run_id):
    with running_stack(f"t{run_id}faults") as deployment:
        try:
            wait_until_relays_follow(deployment)
            wait_until_all_serving(deployment)
            yield deployment
        finally:
            infra("start")  # whatever a failed test left stopped, before the teardown


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


def restarted_under_load(stack: Stack, name: str, stopping: str) -> None:
    """The server stopped `stopping` a third of the way through the load, started
    3 s later; every incident is stored, shown and in the ledger once, and each
    process rode the fault out itself."""
    logs_at = projection_logs(stack)
    relay_logs_at = {
        a.name: stack.processes[f"{a.name}-relay"].log_path.stat().st_size for a in AGENCIES
    }

    def restart() -> None:
        server(name, stopping)
        time.sleep(DOWN_SECONDS)
        server(name, "start")

    load = Load(stack)
    load.through(restart)
    counts = counted(stack, load, name, logs_at)
    print(counts.line())
    assert_nothing_lost_or_doubled(counts)
    # The supervisor restarted none.
    supervision = stack.log_dir / "supervision.log"
    assert not supervision.exists() or b'"exited"' not in supervision.read_bytes()
    assert all(p.alive() for p in stack.processes.values())
    if name == "postgres":  # the fault reached each relay, which rode it out and said so
        for agency in AGENCIES:
            with stack.processes[f"{agency.name}-relay"].log_path.open("rb") as lines:
                lines.seek(relay_logs_at[agency.name])
                assert b'"relay interrupted"' in lines.read(), agency.name


def test_a_postgres_crash_under_load_loses_and_doubles_nothing(stack):
    began = time.time()
    restarted_under_load(stack, "postgres", "crash")
    # Each process said it could not work while Postgres was down, and then that it
    # could again; the status command shows them all serving.
    wait_until_all_serving(stack)
    events = supervision_events(stack, after=began)
    not_serving = {e["process"] for e in events if e.get("state") == "not serving"}
    assert not_serving == set(stack.processes)


def test_a_kafka_restart_under_load_loses_and_doubles_nothing(stack):
    # The producers hold what they send until the broker is back.
    restarted_under_load(stack, "kafka", "stop")


def test_a_projection_killed_and_restarted_brings_the_view_up_to_date_within_10_s(stack):
    load = Load(stack)
    load.open_cases()
    reference = load.references["police"]
    projection = stack.processes["projection"]
    with stack.channel("riskview", TEST_CLIENT) as channel:
        riskview = RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(channel), stack)
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while shown(riskview, "police", reference) < 0:  # the projection is consuming
            assert time.monotonic() < deadline, "the case never reached the view"
            time.sleep(0.1)
        first = projection.popen.pid
        projection.kill()  # the supervisor starts it again at once
        while not (projection.alive() and projection.popen.pid != first):
            assert time.monotonic() < deadline, "the projection was not restarted"
            time.sleep(0.05)
        restarted = time.monotonic()
        load.run("police", count=1)
        while shown(riskview, "police", reference) < 1:
            assert time.monotonic() - restarted < CATCH_UP_SECONDS
            time.sleep(0.1)
    current_after = time.monotonic() - restarted
    print(f"\nprojection restarted: view current again after {current_after:.1f}s")
    assert current_after <= 10


def test_after_the_restarts_the_view_equals_a_rebuild_from_offset_0(stack):
    compare_with_a_rebuild(stack)
