"""The fault tests' load: each of the four agencies records incidents on a case of
its own at a steady rate while a fault is made about a third of the way through,
as a real agency system would, retrying a request with the SAME request id while
the service answers UNAVAILABLE or DEADLINE_EXCEEDED (ABORTED too: the writer's
"try again"). Meanwhile a watcher reads each case's view as the agency's
representative, to time the recovery: from the fault until every agency's view
shows an incident accepted after it.
"""

import os
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import grpc
import psycopg

from deploy.local import status
from deploy.local.stack import Stack
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc, case_events_pb2, riskview_pb2_grpc
from marac.v1 import riskview_pb2 as view_pb
from marac.v1 import vocabulary_pb2 as vocab
from services.agencies import AGENCIES
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.people import RiskViewPeople

# Issue 14's figure: 2,000 commands at 100/s across the four agencies. The variables
# are for local experiments only; CI runs the constants.
COMMANDS = int(os.environ.get("MARAC_FAULT_COMMANDS", "2000"))
RATE = float(os.environ.get("MARAC_FAULT_RATE", "100"))
# What a caller retries, sending the same request again.
RETRIED = {
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.ABORTED,
}
CATCH_UP_SECONDS = 90
WATCH_EVERY_SECONDS = 0.2
PANEL = case_events_pb2.ConsentScope(
    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
)


@dataclass
class Load:
    """Incidents recorded on one case per agency, all of one subject (a subject of
    this load alone, so that each run's view is its own)."""

    stack: Stack
    commands: int = COMMANDS
    rate: float = RATE
    references: dict[str, str] = field(default_factory=dict)
    accepted: dict[str, list[str]] = field(default_factory=dict)
    sent: int = 0
    retries: int = 0
    # When the fault was made (monotonic), and how many each agency had accepted then.
    fault_at: float | None = None
    accepted_at_fault: dict[str, int] = field(default_factory=dict)
    recovered_after: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def per_agency(self) -> int:
        return self.commands // len(AGENCIES)

    @property
    def seconds(self) -> float:
        return self.commands / self.rate

    def open_cases(self) -> None:
        born = date(1950, 1, 1) + timedelta(days=random.randrange(20_000))
        subject = case_pb.SubjectIdentity(
            given_name="Fault", family_name="Tolerance",
            date_of_birth=born.isoformat(), postcode="L4 0TH",
        )  # fmt: skip
        for agency in AGENCIES:
            reference = f"F-{agency.name[:3].upper()}-{uuid.uuid4().hex[:8].upper()}"
            request = case_pb.OpenCaseRequest(
                request_id=str(uuid.uuid4()), case_reference=reference, subject=subject,
                consent=case_pb.Consent(scopes=[PANEL]),
            )  # fmt: skip
            self.send(agency.name, "OpenCase", request)
            self.references[agency.name] = reference
            self.accepted[agency.name] = []
        # A high risk puts the subject on the agenda, so the view has a row of each kind.
        assessment = case_pb.AssessRiskRequest(
            request_id=str(uuid.uuid4()), case_reference=self.references["police"],
            level=vocab.RISK_LEVEL_HIGH, tool="college_of_policing_hate_crime_risk",
        )  # fmt: skip
        self.send("police", "AssessRisk", assessment)

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
                    with self._lock:
                        self.retries += 1
                    time.sleep(0.2)

    def run(self, agency: str, count: int) -> None:
        reference = self.references[agency]
        rate = self.rate / len(AGENCIES)
        started = time.monotonic()
        for n in range(count):
            time.sleep(max(0.0, started + n / rate - time.monotonic()))
            request = case_pb.RecordIncidentRequest(
                request_id=str(uuid.uuid4()),
                case_reference=reference,
                occurred_at=timestamp(datetime.now(UTC) - timedelta(hours=1)),
                strands=[vocab.STRAND_DISABILITY],
                classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
                perceived_by=[vocab.PERCEIVER_VICTIM],
            )
            with self._lock:
                self.sent += 1
            reply = self.send(agency, "RecordIncident", request)
            with self._lock:
                self.accepted[agency].append(reply.incident_id)

    def through(self, fault: Callable[[], None], at: float = 1 / 3) -> None:
        """Runs the load, making `fault` `at` of the way through, and watches the
        view until it shows an incident accepted after the fault."""
        self.open_cases()
        senders = [
            threading.Thread(target=self.run, args=(a.name, self.per_agency), daemon=True)
            for a in AGENCIES
        ]
        for sender in senders:
            sender.start()
        time.sleep(self.seconds * at)
        with self._lock:
            self.fault_at = time.monotonic()
            self.accepted_at_fault = {a: len(ids) for a, ids in self.accepted.items()}
        watcher = threading.Thread(target=self._watch_recovery, daemon=True)
        watcher.start()
        fault()
        for sender in senders:
            sender.join(timeout=self.seconds + 180)
            assert not sender.is_alive(), "a sender still waits for its service"
        watcher.join(timeout=CATCH_UP_SECONDS)

    def _watch_recovery(self) -> None:
        with self.stack.channel("riskview", TEST_CLIENT) as channel:
            riskview = RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(channel), self.stack)
            while time.monotonic() - self.fault_at < CATCH_UP_SECONDS:
                try:
                    counts = self.shown(riskview)
                except psycopg.OperationalError:
                    # The test's people's tokens are signed from the identity
                    # directory, in Postgres: none while it is down.
                    time.sleep(WATCH_EVERY_SECONDS)
                    continue
                # Each agency has at most one request in flight: past that, an incident
                # sent after the fault is shown.
                if all(counts[a] > n + 1 for a, n in self.accepted_at_fault.items()):
                    self.recovered_after = time.monotonic() - self.fault_at
                    return
                time.sleep(WATCH_EVERY_SECONDS)

    def shown(self, riskview: RiskViewPeople) -> dict[str, int]:
        """How many incidents each agency's view of its case shows now (-1: none)."""
        return {a.name: shown(riskview, a.name, self.references[a.name]) for a in AGENCIES}

    def wait_until_shown(self) -> dict[str, int]:
        """The view's counts once each shows every accepted incident (or at the deadline)."""
        with self.stack.channel("riskview", TEST_CLIENT) as channel:
            riskview = RiskViewPeople(riskview_pb2_grpc.RiskViewServiceStub(channel), self.stack)
            deadline = time.monotonic() + CATCH_UP_SECONDS
            while True:
                counts = self.shown(riskview)
                done = all(counts[a] >= len(ids) for a, ids in self.accepted.items())
                if done or time.monotonic() > deadline:
                    return counts
                time.sleep(0.5)


def shown(riskview: RiskViewPeople, agency: str, reference: str) -> int:
    """How many incidents the agency's own view of its case shows now (-1: none), as
    the agency's representative sees it."""
    try:
        view = riskview.as_(f"{agency}-rep").GetCaseView(
            view_pb.GetCaseViewRequest(case_reference=reference), timeout=5
        )
    except grpc.RpcError as error:
        if error.code() in {*RETRIED, grpc.StatusCode.NOT_FOUND}:
            return -1
        raise
    own = [c for c in view.contributions if c.case_reference == reference]
    return own[0].incident_count if own else -1


def load_average() -> str:
    """The machine's load (1, 5, 15 minutes), printed beside each figure."""
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def wait_until_relays_follow(stack: Stack, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    for agency in AGENCIES:
        log = stack.processes[f"{agency.name}-relay"].log_path
        while not (log.exists() and b'"relay following"' in log.read_bytes()):
            assert time.monotonic() < deadline, f"{agency.name} relay not following"
            time.sleep(0.2)


def wait_until_all_serving(stack: Stack, timeout: float = 90) -> None:
    """As the stack's status command says it."""
    deadline = time.monotonic() + timeout
    code, text = 3, ""
    while time.monotonic() < deadline:
        code, text = status.report(stack.log_dir)
        if code == 0:
            return
        time.sleep(0.5)
    raise AssertionError(f"not every process is serving:\n{text}")
