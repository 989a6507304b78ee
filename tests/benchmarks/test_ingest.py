"""Ingest benchmark: N gRPC commands against the police service, beside plain
psycopg INSERT+COMMIT of the same payload size on the same Postgres, same
concurrency, same run. Target: the service reaches 40% of the plain rate.

    deploy/local/test.sh tests/benchmarks/test_ingest.py -s
"""

import os
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import grpc
import psycopg
import pytest

from deploy.local.stack import LOCAL, Stack
from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp

COMMANDS = int(os.environ.get("MARAC_BENCH_COMMANDS", "3000"))
CONCURRENCY = int(os.environ.get("MARAC_BENCH_CONCURRENCY", "8"))
CASES = 64
NARRATIVE = "Shouted abuse at the victim in the stairwell; neighbour witnessed. " * 3


@pytest.fixture(scope="module")
def police_only(run_id):
    stack = Stack(prefix=f"t{run_id}bench", log_dir=LOCAL / "log" / f"t{run_id}bench")
    stack.provision()
    try:
        stack.start(progress=lambda _: None, only=("police",))
        yield stack
    finally:
        stack.teardown()


def incident(case: int, n: int) -> pb.RecordIncidentRequest:
    return pb.RecordIncidentRequest(
        request_id=f"bench-{n}",
        case_reference=f"BENCH-{case}",
        occurred_at=timestamp(datetime.now(UTC) - timedelta(hours=1)),
        strands=[vocab.STRAND_DISABILITY, vocab.STRAND_RACE],
        classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
        perceived_by=[vocab.PERCEIVER_VICTIM],
        location_postcode="L4 0TH",
        narrative=NARRATIVE,
    )


def run_concurrently(work, count: int) -> float:
    """Runs work(i) for i in range(count) on CONCURRENCY threads; returns ops/s."""
    counter = iter(range(count))
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            work(i)

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for future in [pool.submit(worker) for _ in range(CONCURRENCY)]:
            future.result()
    return count / (time.perf_counter() - started)


def test_ingest_rate_against_plain_inserts(police_only):
    store = police_only.databases["police"]
    with grpc.insecure_channel(police_only.grpc_address("police")) as channel:
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
        # Each case on its own thread's turn, so commands rarely race on one case.
        service_rate = run_concurrently(
            lambda i: police.RecordIncident(incident(i % CASES, i)), COMMANDS
        )

    with psycopg.connect(store.conninfo()) as conn:
        sizes = [r[0] for r in conn.execute("SELECT length(state) FROM police_events")]
        stored = conn.execute("SELECT count(*) FROM police_events").fetchone()[0]
        conn.execute("CREATE TABLE plain_inserts (id bigserial PRIMARY KEY, payload bytea)")
        conn.commit()
    assert stored == COMMANDS + CASES
    payload = os.urandom(int(statistics.mean(sizes)))

    local = threading.local()

    def plain_insert(_: int) -> None:
        if not hasattr(local, "conn"):
            local.conn = psycopg.connect(store.conninfo())
        local.conn.execute("INSERT INTO plain_inserts (payload) VALUES (%s)", [payload])
        local.conn.commit()

    plain_rate = run_concurrently(plain_insert, COMMANDS)
    ratio = service_rate / plain_rate
    print(
        f"\ningest: {COMMANDS} RecordIncident commands, concurrency {CONCURRENCY}, "
        f"stored event {len(payload)} bytes (encrypted)\n"
        f"  police service: {service_rate:8.0f} events/s\n"
        f"  plain psycopg INSERT+COMMIT: {plain_rate:8.0f} rows/s\n"
        f"  ratio: {ratio:.2f} (target >= 0.40)"
    )
