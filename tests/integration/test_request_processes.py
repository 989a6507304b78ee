"""An agency service whose requests are answered by request processes sharing its
port, and whose changes are all made by its one writer process: calls over many
connections are each recorded once, refusals come back as they would from one
process, a request process that dies is started again, and none outlives its writer.
"""

import contextlib
import os
import signal
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import grpc
import pytest

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from services.common.principals import agency_system
from tests.support import agency_process, channel_as, field_violations

CONNECTIONS = 8
INCIDENTS = 48


@pytest.fixture()
def service(create_database, tmp_path):
    db = create_database(f"requests_{uuid.uuid4().hex[:6]}")
    with (
        agency_process("police", db, tmp_path, request_processes=2) as process,
        channel_as(agency_system("police"), process.grpc_address) as channel,
    ):
        yield channel, process


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def listening(address: str) -> int:
    """How many sockets listen on the port of `address` (each request process binds
    its own, perhaps as an IPv6 socket for the IPv4 address; one that is still
    starting is not yet among them)."""
    port = f":{int(address.rsplit(':', 1)[1]):04X}"
    rows = [
        row.split()
        for table in ("/proc/net/tcp", "/proc/net/tcp6")
        for row in Path(table).read_text().splitlines()[1:]
    ]
    return sum(1 for row in rows if row[1].endswith(port) and row[3] == "0A")


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def request_processes(writer: int) -> set[int]:
    # Each thread's children: a request process started again is the watcher's.
    children = []
    for task in Path(f"/proc/{writer}/task").glob("*"):
        with contextlib.suppress(OSError):  # the thread ended meanwhile
            children += (task / "children").read_text().split()
    found = set()
    for child in map(int, children):
        try:
            if b"spawn_main" in _cmdline(child):
                found.add(child)
        except OSError:
            pass  # gone meanwhile
    return found


def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def connections(address: str) -> list[pb_grpc.AgencyCaseServiceStub]:
    """Stubs over separate connections, which the kernel shares out among the
    request processes."""
    own = [("grpc.use_local_subchannel_pool", 1)]
    return [
        pb_grpc.AgencyCaseServiceStub(channel_as(agency_system("police"), address, **dict(own)))
        for _ in range(CONNECTIONS)
    ]


def open_case(kernel) -> str:
    reference = f"RP-{uuid.uuid4().hex[:8].upper()}"
    kernel.OpenCase(
        pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=pb.SubjectIdentity(
                given_name="Ola", family_name="Nowak", date_of_birth="1975-03-04", postcode="L8 1AB"
            ),
        )
    )
    return reference


def incident(reference: str, request_id: str | None = None) -> pb.RecordIncidentRequest:
    return pb.RecordIncidentRequest(
        request_id=request_id or str(uuid.uuid4()),
        case_reference=reference,
        occurred_at=timestamp(datetime(2026, 11, 30, 18, 0, tzinfo=UTC)),
        strands=[vocab.STRAND_DISABILITY],
        classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
        perceived_by=[vocab.PERCEIVER_VICTIM],
        location_postcode="L8 1AB",
        narrative="Followed home from the bus stop.",
    )


def test_commands_over_many_connections_are_each_recorded_once(service):
    _, process = service
    stubs = connections(process.grpc_address)
    reference = open_case(stubs[0])
    requests = [incident(reference) for _ in range(INCIDENTS)]

    def record(index: int) -> tuple[str, str]:
        first = stubs[index % CONNECTIONS].RecordIncident(requests[index])
        # The retry arrives over another connection, perhaps at another process.
        retry = stubs[(index + 1) % CONNECTIONS].RecordIncident(requests[index])
        return first.incident_id, retry.incident_id

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(record, range(INCIDENTS)))

    assert all(first == retry for first, retry in answers)
    for stub in stubs:
        case = stub.GetCase(pb.GetCaseRequest(case_reference=reference))
        assert sorted(i.incident_id for i in case.incidents) == sorted(a for a, _ in answers)


def test_refusals_from_the_writer_keep_their_code_and_field(service):
    channel, _ = service
    stub = pb_grpc.AgencyCaseServiceStub(channel)
    with pytest.raises(grpc.RpcError) as missing:
        stub.RecordIncident(incident("RP-NO-SUCH-CASE"))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND

    reference = open_case(stub)
    reused = str(uuid.uuid4())
    stub.RecordIncident(incident(reference, reused))
    changed = incident(reference, reused)
    changed.narrative = "A different account altogether."
    with pytest.raises(grpc.RpcError) as refused:
        stub.RecordIncident(changed)
    assert field_violations(refused.value) == {"request_id"}
    assert "different account" not in refused.value.details()

    # A broken contract is refused in the request process, naming the field.
    with pytest.raises(grpc.RpcError) as invalid:
        stub.RecordIncident(pb.RecordIncidentRequest(request_id="", case_reference=reference))
    assert "request_id" in field_violations(invalid.value)


def test_a_request_process_that_dies_is_started_again(service):
    channel, process = service
    writer = process.popen.pid
    wait_for(lambda: listening(process.grpc_address) == 2)
    killed = min(request_processes(writer))
    os.kill(killed, signal.SIGKILL)

    wait_for(lambda: len(request_processes(writer) - {killed}) == 2)
    assert '"event": "request process exited"' in process.log_path.read_text()
    stub = pb_grpc.AgencyCaseServiceStub(channel)
    reference = open_case(stub)
    assert stub.RecordIncident(incident(reference)).incident_id


def test_no_request_process_outlives_its_writer(service):
    _, process = service
    writer = process.popen.pid
    wait_for(lambda: len(request_processes(writer)) == 2)
    children = request_processes(writer)
    process.kill()
    wait_for(lambda: not any(running(pid) for pid in children), timeout=10)
