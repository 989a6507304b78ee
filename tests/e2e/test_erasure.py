"""Erasing a case on the running stack: its contribution leaves the shared view, and
no canary it held is anywhere to be read: not in the agency's database, the read
model, on Kafka or in the audit ledger (none reach the last three by design: this
proves it stays so after the erasure too), while the ledger still holds the fact of
what the case shared and of its erasure, still verifies, and IG still reads the
case's history (the case, and the views of it answered)."""

import time
import uuid

import grpc
import psycopg

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import audit_pb2, audit_pb2_grpc, case_events_pb2
from marac.v1 import riskview_pb2 as view_pb
from marac.v1 import vocabulary_pb2 as vocab
from services.audit.store import LedgerStore
from services.common.principals import STACK_OPERATOR, TEST_CLIENT
from tests.e2e.test_privacy_and_recovery import keys_and_values, read_model_bytes
from tests.e2e.test_walking_skeleton import (
    WAIT_SECONDS,
    open_case,
    record_incident,
    wait_for_own_view,
)
from tests.people import signed_in

GIVEN, FAMILY, DOB, POSTCODE = "Erasmocanary", "Shreddingtonia", "1958-03-14", "ZZ98 8ZZ"
ADDRESS = "Flat 9 Erasure Mews"
NARRATIVE = f"canary-erasure-7c2e: at {ADDRESS} they mocked her guide dog"
CANARIES = [GIVEN, FAMILY, DOB, POSTCODE, "ZZ988ZZ", ADDRESS, "canary-erasure"]


def agency_bytes(conninfo: str) -> bytes:
    """Every row of every table of an agency's database, as text."""
    return read_model_bytes(conninfo)


def ledger_kinds(stack, reference: str) -> list[str]:
    """The kinds of the case events the audit ledger holds of a case, in its order."""
    store = LedgerStore(stack.databases["audit_appender"].conninfo())
    with store.snapshot() as snapshot:
        events = [
            case_events_pb2.CaseEvent.FromString(e.value)
            for e in snapshot.entries()
            if e.source.topic in stack.case_topics
        ]
    return [e.WhichOneof("payload") for e in events if e.case_reference == reference]


def wait_for_ledger(stack, reference: str, kind: str) -> list[str]:
    deadline = time.monotonic() + WAIT_SECONDS
    while kind not in (kinds := ledger_kinds(stack, reference)):
        assert time.monotonic() < deadline, f"no {kind} in the ledger after {WAIT_SECONDS}s"
        time.sleep(0.2)
    return kinds


def wait_until_gone(riskview, reference: str, person) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            view = riskview.GetCaseView(
                view_pb.GetCaseViewRequest(case_reference=reference), metadata=person
            )
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                return
            raise
        if not [c for c in view.contributions if c.case_reference == reference]:
            return
        time.sleep(0.1)
    raise AssertionError(f"the erased case was still in the shared view after {WAIT_SECONDS}s")


def test_an_erased_case_leaves_the_shared_view_and_no_canary_can_be_read(stack, police, riskview):
    person = signed_in(stack, "police-rep")
    open_case(police, "ERASE-1", GIVEN, FAMILY, DOB, POSTCODE)
    record_incident(police, "ERASE-1", narrative=NARRATIVE, postcode=POSTCODE)
    open_case(police, "ERASE-2", "Mary", "Keptcase")
    record_incident(police, "ERASE-2")
    wait_for_own_view(riskview, "ERASE-1", incidents=1, person=person)
    wait_for_own_view(riskview, "ERASE-2", incidents=1, person=person)

    erased = police.EraseCase(
        case_pb.EraseCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference="ERASE-1",
            reason=vocab.ERASURE_REASON_ERASURE_REQUEST_UPHELD,
        )
    )
    assert erased.case_reference == "ERASE-1"
    wait_until_gone(riskview, "ERASE-1", person)
    assert wait_for_own_view(riskview, "ERASE-2", incidents=1, person=person)

    readmodel = stack.databases["readmodel"].conninfo()
    with psycopg.connect(readmodel) as conn:
        (left,) = conn.execute(
            "SELECT count(*) FROM contribution WHERE case_reference = 'ERASE-1'"
        ).fetchone()
    assert left == 0
    kept = wait_for_ledger(stack, "ERASE-1", "case_erased")
    assert kept[:2] == ["case_opened", "incident_reported"]  # the facts stay, and verify
    with stack.channel("audit", STACK_OPERATOR) as channel:
        verified = audit_pb2_grpc.AuditServiceStub(channel).Verify(
            audit_pb2.VerifyRequest(), timeout=30
        )
    assert verified.ok, verified.problem
    # IG still reads the erased case's history: the case, and the views of it answered.
    with stack.channel("audit", TEST_CLIENT) as channel:
        history = (
            audit_pb2_grpc.AuditServiceStub(channel)
            .GetSubjectHistory(
                audit_pb2.GetSubjectHistoryRequest(
                    agency_id="local-police", case_reference="ERASE-1"
                ),
                metadata=signed_in(stack, "ig"),
                timeout=30,
            )
            .history
        )
    assert ("local-police", "ERASE-1") in {(c.agency_id, c.case_reference) for c in history.cases}
    assert {v.case_reference for v in history.views} == {"ERASE-1"}
    places = {
        "police database": agency_bytes(stack.databases["police"].conninfo()),
        "read model": read_model_bytes(readmodel),
        "audit ledger": read_model_bytes(stack.databases["audit"].conninfo()),
        **{
            f"topic {topic}": b"".join(k + v for k, v in keys_and_values(topic))
            for topic in stack.topics
        },
    }
    assert b"ERASE-2" in places["read model"]  # the scan reads what is there
    for place, data in places.items():
        lowered = data.lower()
        for canary in CANARIES:
            assert canary.lower().encode() not in lowered, f"{canary!r} found in {place}"
    with psycopg.connect(stack.databases["police"].conninfo()) as conn:
        (keys,) = conn.execute("SELECT count(*) FROM police_case_keys").fetchone()
        (erased_cases,) = conn.execute("SELECT count(*) FROM police_erased_cases").fetchone()
    assert keys >= 1 and erased_cases >= 1
