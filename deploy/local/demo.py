"""Starts the whole local stack, records a small scenario through the agency
gRPC APIs, waits for the shared risk view and prints where to look.

Run through deploy/local/demo.sh, which installs and starts Postgres and Kafka first.
"""

import signal
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc

from deploy.local.stack import LOCAL, Stack
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import riskview_pb2 as view_pb
from marac.v1 import riskview_pb2_grpc as view_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp

WAIT_SECONDS = 60


def say(line: str) -> None:
    print(f"[demo] {line}", flush=True)


def record_scenario(police: case_grpc.AgencyCaseServiceStub) -> str:
    """A disabled man is repeatedly abused in the street near his home."""
    reference = f"DEMO-{uuid.uuid4().hex[:6].upper()}"
    opened = police.OpenCase(
        case_pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=case_pb.SubjectIdentity(
                given_name="Demo",
                family_name="Person",
                date_of_birth="1968-04-12",
                postcode="L4 0TH",
            ),
        )
    )
    for days_ago, strands in (
        (21, [vocab.STRAND_DISABILITY]),
        (9, [vocab.STRAND_DISABILITY]),
        (2, [vocab.STRAND_DISABILITY, vocab.STRAND_AGE]),
    ):
        police.RecordIncident(
            case_pb.RecordIncidentRequest(
                request_id=str(uuid.uuid4()),
                case_reference=reference,
                occurred_at=timestamp(datetime.now(UTC) - timedelta(days=days_ago)),
                strands=strands,
                classification=vocab.HATE_CLASSIFICATION_HATE_CRIME,
                perceived_by=[vocab.PERCEIVER_VICTIM],
                location_postcode="L4 0TH",
                narrative="(demo narrative: stays in the police store, never shared)",
            )
        )
    police.AssessRisk(
        case_pb.AssessRiskRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            level=vocab.RISK_LEVEL_HIGH,
            tool="college_of_policing_hate_crime_risk",
        )
    )
    say(f"recorded case {reference}: 3 incidents and a high risk assessment")
    return opened.subject_key


def wait_for_view(riskview: view_grpc.RiskViewServiceStub, key: str) -> view_pb.SubjectSummary:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            summary = riskview.GetSubjectSummary(
                view_pb.GetSubjectSummaryRequest(subject_key=key)
            ).summary
            if summary.incident_count >= 3 and summary.highest_risk_level:
                return summary
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:
                raise
        time.sleep(0.2)
    raise SystemExit(f"the shared view did not show the case within {WAIT_SECONDS}s")


def main() -> None:
    stack = Stack(
        prefix="marac",
        log_dir=LOCAL / "log" / "stack",
        secrets_file=LOCAL / "stack" / "secrets.json",
        fixed_ports=True,
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    stack.provision()
    try:
        stack.start(progress=say)
        with grpc.insecure_channel(stack.grpc_address("police")) as channel:
            key = record_scenario(case_grpc.AgencyCaseServiceStub(channel))
        with grpc.insecure_channel(stack.grpc_address("riskview")) as channel:
            started = time.monotonic()
            summary = wait_for_view(view_grpc.RiskViewServiceStub(channel), key)
        say(f"shared view ready after {time.monotonic() - started:.1f}s:")
        print(summary, flush=True)
        riskview, police = stack.grpc_address("riskview"), stack.grpc_address("police")
        grpcurl = LOCAL / "tools" / "bin" / "grpcurl"
        say("query it yourself:")
        print(
            f'  {grpcurl} -plaintext -d \'{{"subject_key": "{key}"}}\' {riskview} '
            "marac.v1.RiskViewService/GetSubjectSummary\n"
            f'  {grpcurl} -plaintext -d \'{{"min_risk_level": "RISK_LEVEL_HIGH"}}\' {riskview} '
            "marac.v1.RiskViewService/ListSubjectsByRisk\n"
            f"  {grpcurl} -plaintext {police} list\n"
            f"  logs: {stack.log_dir}/",
            flush=True,
        )
        say("running; press Ctrl-C to stop")
        stopping.wait()
    except KeyboardInterrupt:
        pass
    finally:
        say("stopping services")
        stack.stop()


if __name__ == "__main__":
    main()
