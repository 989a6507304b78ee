"""Ingest benchmark: N RecordIncident commands against the police service, sent by
ghz (an independent Go gRPC load generator, so the client's own CPU matters
little), beside plain psycopg INSERT+COMMIT of the stored event's size on the same
Postgres at the same concurrency, in the same run. Target: ratio >= 0.40. It runs
twice: with the writer answering requests itself, and with request processes (as
many as the local stack starts, at least two); each run prints the CPU each command took
in the service and in its writer process, and how busy the machine was.

    deploy/local/test.sh tests/benchmarks/test_ingest.py -s
"""

import json
import os
import statistics
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

import psycopg
import pytest

from deploy.local.stack import LOCAL, REPO
from deploy.local.stack import REQUEST_PROCESSES as SPREAD
from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from services.common.principals import agency_system
from tests.benchmarks.machine import cpu_seconds, machine_busy, own_cpu_seconds
from tests.support import running_stack

COMMANDS = int(os.environ.get("MARAC_BENCH_COMMANDS", "5000"))
CONCURRENCY = int(os.environ.get("MARAC_BENCH_CONCURRENCY", "32"))
# Agency systems hold several connections; the service's request processes share
# them out (one process takes each connection).
CONNECTIONS = int(os.environ.get("MARAC_BENCH_CONNECTIONS", "8"))
CASES = 64
# The writer answering requests itself, and request processes answering them
# (services.common.request_processes), as the local stack runs it.
REQUEST_PROCESSES = [1, int(os.environ.get("MARAC_BENCH_REQUEST_PROCESSES", max(2, SPREAD)))]
GHZ = LOCAL / "tools" / "bin" / "ghz"
INCIDENT = {
    "request_id": "{{newUUID}}",
    "case_reference": f"BENCH-{{{{randomInt 0 {CASES}}}}}",
    "occurred_at": "2026-11-20T21:30:00Z",
    "strands": ["STRAND_DISABILITY", "STRAND_RACE"],
    "classification": "HATE_CLASSIFICATION_HATE_INCIDENT",
    "perceived_by": ["PERCEIVER_VICTIM"],
    "location_postcode": "L4 0TH",
    "narrative": "Shouted abuse at the victim in the stairwell; neighbour witnessed. " * 3,
}


@pytest.fixture(params=REQUEST_PROCESSES, ids=lambda n: f"{n} request processes")
def police_only(request, run_id):
    name = f"t{run_id}bench{request.param}"
    with running_stack(name, only=("police",), request_processes=request.param) as stack:
        yield stack


def open_cases(stack) -> None:
    with stack.agency_channel("police") as channel:
        police = pb_grpc.AgencyCaseServiceStub(channel)
        for case in range(CASES):
            police.OpenCase(
                pb.OpenCaseRequest(
                    request_id=str(uuid.uuid4()),
                    case_reference=f"BENCH-{case}",
                    subject=pb.SubjectIdentity(
                        given_name=f"Bench{case}",
                        family_name="Subject",
                        date_of_birth="1970-01-01",
                        postcode="L4 0TH",
                    ),
                )
            )


def ghz_rate(stack) -> float:
    police = stack.certificates[agency_system("police")]
    # The proto files, not reflection: Python's descriptor pool cannot resolve
    # method symbols, which ghz asks reflection for.
    well_known = resources.files("grpc_tools") / "_proto"
    result = subprocess.run(
        [
            str(GHZ), "--format", "json", "--cacert", str(police.authority),
            "--cert", str(police.certificate), "--key", str(police.key),
            "--proto", str(REPO / "protos/marac/v1/agency_case.proto"),
            "--import-paths", f"{REPO / 'protos'},{well_known}",
            "--call", "marac.v1.AgencyCaseService/RecordIncident",
            "--data", json.dumps(INCIDENT),
            "-n", str(COMMANDS), "-c", str(CONCURRENCY), "--connections", str(CONNECTIONS),
            stack.grpc_address("police"),
        ],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["statusCodeDistribution"] == {"OK": COMMANDS}, report.get("errorDistribution")
    return report["rps"]


def plain_insert_rate(conninfo: str, payload: bytes) -> float:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("CREATE TABLE plain_inserts (id bigserial PRIMARY KEY, payload bytea)")
    remaining = iter(range(COMMANDS))
    lock = threading.Lock()

    def worker() -> None:
        with psycopg.connect(conninfo) as conn:
            while True:
                with lock:
                    if next(remaining, None) is None:
                        return
                conn.execute("INSERT INTO plain_inserts (payload) VALUES (%s)", [payload])
                conn.commit()

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for future in [pool.submit(worker) for _ in range(CONCURRENCY)]:
            future.result()
    return COMMANDS / (time.perf_counter() - started)


def answered_by(request_processes: int) -> str:
    if request_processes == 1:
        return "requests answered by the writer itself"
    return f"requests answered by {request_processes} request processes"


def test_ingest_rate_against_plain_inserts(police_only):
    assert GHZ.exists(), f"ghz not installed at {GHZ}; run deploy/local/bootstrap.sh"
    open_cases(police_only)
    service = police_only.processes["police"].popen.pid
    writer_before, all_before = own_cpu_seconds(service), cpu_seconds(service)
    busy_before, total_before = machine_busy()
    service_rate = ghz_rate(police_only)
    writer_cpu = own_cpu_seconds(service) - writer_before
    service_cpu = cpu_seconds(service) - all_before
    busy, total = (
        now - before
        for now, before in zip(machine_busy(), (busy_before, total_before), strict=True)
    )

    conninfo = police_only.databases["police"].conninfo()
    with psycopg.connect(conninfo) as conn:
        sizes = [r[0] for r in conn.execute("SELECT length(state) FROM police_events")]
    assert len(sizes) == COMMANDS + CASES  # every command recorded, each once
    payload = os.urandom(int(statistics.mean(sizes)))
    plain_rate = plain_insert_rate(conninfo, payload)

    print(
        f"\ningest: {COMMANDS} RecordIncident commands from ghz, concurrency {CONCURRENCY}, "
        f"stored event {len(payload)} bytes (encrypted)\n"
        f"  police service:              {service_rate:8.0f} events/s\n"
        f"  plain psycopg INSERT+COMMIT: {plain_rate:8.0f} rows/s\n"
        f"  ratio: {service_rate / plain_rate:.2f} (target >= 0.40)\n"
        f"  {answered_by(police_only.request_processes)}; CPU per command: "
        f"{service_cpu / COMMANDS * 1000:.2f} ms in the service, of which "
        f"{writer_cpu / COMMANDS * 1000:.2f} ms in its writer process; "
        f"machine busy {busy / total:.0%} of {os.cpu_count()} cores while ghz ran"
    )
