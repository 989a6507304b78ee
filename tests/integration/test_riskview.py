"""RiskView over gRPC, as a process, on a read model in real Postgres."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from marac.v1 import riskview_pb2, riskview_pb2_grpc, vocabulary_pb2
from projections.read_model import ReadModel
from projections.risk_summary import INCIDENT, RISK_ASSESSED, Fact, summarise_all

REPO = Path(__file__).resolve().parents[2]
SUBJECTS = 520  # more than the largest page
T0 = datetime(2025, 2, 1, 10, 0, tzinfo=UTC)
POLICE = vocabulary_pb2.AGENCY_KIND_POLICE
DDPO = vocabulary_pb2.AGENCY_KIND_DDPO
HIGH = vocabulary_pb2.RISK_LEVEL_HIGH


def subject(n: int) -> str:
    return f"{n * 7919:064x}"


def facts() -> list[Fact]:
    """Subject n: a police case with n % 4 incidents and an assessment at level n % 4
    (none at 0), and a DDPO incident for every third subject."""
    made = []
    for n in range(SUBJECTS):
        key, seq = subject(n), n * 10
        made.append(Fact("police-1", seq, POLICE, key, f"P{n}", "case_opened", T0))
        for i in range(n % 4):
            at = T0 + timedelta(days=n % 30, hours=i)
            made.append(Fact("police-1", seq + i + 1, POLICE, key, f"P{n}", INCIDENT, at))
        if n % 4:
            made.append(Fact("police-1", seq + 9, POLICE, key, f"P{n}", RISK_ASSESSED, T0, n % 4))
        if n % 3 == 0:
            made.append(Fact("ddpo-1", n + 1, DDPO, key, f"D{n}", INCIDENT, T0))
    return made


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def expected(create_database):
    db = create_database("riskview")
    dsn = " ".join(f"{k}={v}" for k, v in db.items())
    read_model = ReadModel(dsn)
    read_model.open()
    read_model.create_schema()
    written = facts()
    read_model.record(written)
    read_model.record(written[:100])  # a redelivery changes nothing
    read_model.close()
    return dsn, summarise_all(written)


@pytest.fixture(scope="module")
def channel(expected, tmp_path_factory):
    dsn, _ = expected
    address = f"127.0.0.1:{free_port()}"
    log_path = tmp_path_factory.mktemp("riskview") / "riskview.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.riskview"],
            cwd=REPO,
            stdout=log,
            stderr=log,
            env={**os.environ, "MARAC_READMODEL_DSN": dsn, "MARAC_GRPC_ADDRESS": address},
        )
    try:
        with grpc.insecure_channel(address) as channel:
            wait_until_serving(channel, process, log_path)
            yield channel
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 0, log_path.read_text()[-2000:]


def wait_until_serving(channel, process, log_path, timeout=30.0):
    health = health_pb2_grpc.HealthStub(channel)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()[-2000:]
        try:
            status = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=1).status
            if status == health_pb2.HealthCheckResponse.SERVING:
                return
        except grpc.RpcError:
            pass
        time.sleep(0.1)
    pytest.fail(f"riskview not serving after {timeout}s: {log_path.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def riskview(channel):
    return riskview_pb2_grpc.RiskViewServiceStub(channel)


def field_violations(error: grpc.RpcError) -> set[str]:
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(error)
    found = set()
    for detail in status.details:
        bad_request = error_details_pb2.BadRequest()
        assert detail.Unpack(bad_request)
        found |= {v.field for v in bad_request.field_violations}
    return found


def in_risk_order(summaries):
    return sorted(
        summaries, key=lambda s: (-s.highest_risk_level, -s.incident_count, s.subject_key)
    )


def test_a_subjects_summary(riskview, expected):
    _, summaries = expected
    key = subject(7)  # 3 police incidents, assessed HIGH, no DDPO report
    answer = riskview.GetSubjectSummary(riskview_pb2.GetSubjectSummaryRequest(subject_key=key))
    assert answer.summary == riskview_pb2.SubjectSummary(
        subject_key=key,
        agencies=[POLICE],
        highest_risk_level=HIGH,
        incident_count=3,
        last_incident_date="2025-02-08",
    )
    key = subject(12)  # a police case without incident or assessment; one DDPO incident
    summary = riskview.GetSubjectSummary(
        riskview_pb2.GetSubjectSummaryRequest(subject_key=key)
    ).summary
    assert list(summary.agencies) == [POLICE, DDPO]
    assert (summary.incident_count, summary.last_incident_date) == (1, "2025-02-01")
    assert summary.highest_risk_level == vocabulary_pb2.RISK_LEVEL_UNSPECIFIED
    assert summaries[key].last_incident_date == date(2025, 2, 1)


def test_an_unknown_subject_is_not_found(riskview):
    with pytest.raises(grpc.RpcError) as error:
        riskview.GetSubjectSummary(riskview_pb2.GetSubjectSummaryRequest(subject_key="f" * 64))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize("key", ["", "F" * 64, "a" * 63, "a" * 65, "z" * 64])
def test_a_malformed_subject_key_is_invalid(riskview, key):
    with pytest.raises(grpc.RpcError) as error:
        riskview.GetSubjectSummary(riskview_pb2.GetSubjectSummaryRequest(subject_key=key))
    assert field_violations(error.value) == {"subject_key"}


def test_pages_list_every_subject_once_by_risk_then_incidents(riskview, expected):
    _, summaries = expected
    listed, token, pages = [], "", 0
    while True:
        page = riskview.ListSubjectsByRisk(
            riskview_pb2.ListSubjectsByRiskRequest(page_size=37, page_token=token)
        )
        listed.extend(page.summaries)
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert pages == -(-SUBJECTS // 37)
    assert [s.subject_key for s in listed] == [
        s.subject_key for s in in_risk_order(summaries.values())
    ]
    assert listed == in_risk_order(listed)


def test_min_risk_level_and_page_size_bounds(riskview, expected):
    _, summaries = expected
    high = riskview.ListSubjectsByRisk(
        riskview_pb2.ListSubjectsByRiskRequest(min_risk_level=HIGH, page_size=500)
    )
    assert {s.subject_key for s in high.summaries} == {
        k for k, s in summaries.items() if s.highest_risk_level == HIGH
    }
    assert not high.next_page_token
    default = riskview.ListSubjectsByRisk(riskview_pb2.ListSubjectsByRiskRequest())
    assert len(default.summaries) == 50 and default.next_page_token
    largest = riskview.ListSubjectsByRisk(riskview_pb2.ListSubjectsByRiskRequest(page_size=10**6))
    assert len(largest.summaries) == 500 and largest.next_page_token


@pytest.mark.parametrize(
    ("request_fields", "violations"),
    [
        ({"page_size": -1}, {"page_size"}),
        ({"page_token": "not-a-token"}, {"page_token"}),
        ({"page_token": "W10"}, {"page_token"}),  # a well-formed but foreign token: []
        ({"min_risk_level": 42}, {"min_risk_level"}),
        ({"page_size": -5, "page_token": "x"}, {"page_size", "page_token"}),
    ],
)
def test_bad_list_requests_name_the_fields(riskview, request_fields, violations):
    with pytest.raises(grpc.RpcError) as error:
        riskview.ListSubjectsByRisk(riskview_pb2.ListSubjectsByRiskRequest(**request_fields))
    assert field_violations(error.value) == violations
