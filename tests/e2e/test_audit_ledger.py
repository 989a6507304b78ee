"""The audit ledger over the running stack: after the scenario's commands and the
views they cause, the ledger holds every record of every topic it keeps exactly
once (each case event, disclosure and access log entry; a record a relay resent,
once in all), verifies, and a checkpoint signed by RPC checks a copy with the
public key alone; the stack's retention runs on its schedule, as its own role."""

import time

import grpc
import pytest
from cryptography.hazmat.primitives import serialization

from deploy.local import scenario
from deploy.local.kafka_access import KAFKA_BOOTSTRAP, client_options
from marac.v1 import audit_pb2, audit_pb2_grpc, riskview_pb2, riskview_pb2_grpc
from services.audit.checkpoints import check_copy
from services.audit.columns import READING
from services.audit.store import LedgerStore
from services.common.principals import AUDIT_RETENTION, STACK_OPERATOR, TEST_CLIENT
from tests.e2e.test_walking_skeleton import WAIT_SECONDS
from tests.people import own_case_view, signed_in
from tests.support import topic_records


def published(stack) -> dict[tuple[str, int, int], bytes]:
    """Every record now on the ledger's topics, by where it is: (topic, partition, offset)."""
    reading = topic_records(
        KAFKA_BOOTSTRAP, *stack.audit_topics, wait_seconds=WAIT_SECONDS, **client_options()
    )
    with reading as records:
        return {(r.topic, r.partition, r.offset): r.value or b"" for r in records}


def ledger_sources(stack) -> list[tuple[tuple[str, int, int], bytes]]:
    store = LedgerStore(stack.databases["audit_appender"].conninfo())
    with store.snapshot() as snapshot:
        return [
            ((e.source.topic, e.source.partition, e.source.offset), e.value)
            for e in snapshot.entries()
        ]


def record_of(topic: str, value: bytes, stack) -> tuple[str, str] | None:
    """What names a record however often it was published: (kind, record id)."""
    kind = stack.audit_topics[topic]
    named = READING.columns(kind, READING.fact(kind, value)).record_id
    return None if named is None else (kind, named)


@pytest.fixture(scope="module")
def audit(stack):
    with stack.channel("audit", STACK_OPERATOR) as channel:
        yield audit_pb2_grpc.AuditServiceStub(channel)


@pytest.fixture(scope="module")
def caused(stack):
    """The scenario's commands, and a chair's agenda and a representative's view of them."""
    played = scenario.play(stack.agency_channel)
    with stack.channel("riskview", TEST_CLIENT) as channel:
        riskview = riskview_pb2_grpc.RiskViewServiceStub(channel)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            page = riskview.ListAgenda(
                riskview_pb2.ListAgendaRequest(page_size=50), metadata=signed_in(stack, "chair")
            )
            if page.items:
                break
            time.sleep(0.3)
        # The police case in the shared view (an agenda from earlier tests is no sign).
        police_case = played.case_references["police"]
        own_case_view(riskview, stack, "police-rep", police_case, deadline - time.monotonic())
    return played


def test_the_ledger_holds_every_record_it_keeps_once_and_verifies(stack, caused, audit):
    on_topics = published(stack)
    kinds = {stack.disclosure_topic, stack.access_log_topic, *stack.case_topics}
    assert {topic for topic, _, _ in on_topics} >= kinds - {stack.marac_topic}
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        kept = ledger_sources(stack)
        if set(on_topics) <= {source for source, _ in kept} or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    sources = [source for source, _ in kept]
    assert len(sources) == len(set(sources)), "a record appended twice"
    kept_values = dict(kept)
    kept_records = {record_of(s[0], value, stack) for s, value in kept} - {None}
    resent = {s for s in on_topics if s not in kept_values}
    missing = [s for s in resent if record_of(s[0], on_topics[s], stack) not in kept_records]
    assert not missing, missing[:5]
    assert all(kept_values[s] == value for s, value in on_topics.items() if s not in resent)
    named = [record_of(s[0], value, stack) for s, value in kept]
    named = [n for n in named if n is not None]
    assert len(named) == len(set(named)), "a record appended twice"
    result = audit.Verify(audit_pb2.VerifyRequest(), timeout=30)
    assert result.ok, result.problem
    assert result.entries_verified >= len(on_topics)


def test_a_checkpoint_signed_by_rpc_checks_a_copy_with_the_public_key(stack, caused, audit):
    signed = audit.SignCheckpoint(audit_pb2.SignCheckpointRequest()).checkpoint
    assert signed.entry_count > 0
    head = audit.GetHead(audit_pb2.GetHeadRequest())
    assert head.entry_count >= signed.entry_count
    public_key = serialization.load_pem_public_key(stack.audit_keys[1].read_bytes())
    assert head.public_key_pem.encode() == stack.audit_keys[1].read_bytes()
    store = LedgerStore(stack.databases["audit_appender"].conninfo())
    with store.snapshot() as snapshot:
        entries, checkpoints = list(snapshot.entries()), snapshot.checkpoints()
    assert signed.signature in {c.signature for c in checkpoints}
    verdict = check_copy(entries, checkpoints, public_key, READING)
    assert verdict.accepted, verdict.reason
    assert verdict.checkpoint.entry_count >= signed.entry_count
    cut = entries[: signed.entry_count - 1]
    assert not check_copy(cut, checkpoints, public_key, READING).accepted


def test_ig_staff_may_verify_and_a_chair_may_not(stack, caused):
    with stack.channel("audit", TEST_CLIENT) as channel:
        audit = audit_pb2_grpc.AuditServiceStub(channel)
        assert audit.Verify(audit_pb2.VerifyRequest(), metadata=signed_in(stack, "ig")).ok
        with pytest.raises(grpc.RpcError) as refused:
            audit.GetHead(audit_pb2.GetHeadRequest(), metadata=signed_in(stack, "chair"))
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_the_stacks_retention_runs_a_pass_on_its_schedule_as_its_own_role(stack, caused):
    retention = stack.processes["audit-retention"]
    retention.wait_serving()
    # Its own certificate: not the audit service's, which reads every topic the ledger keeps.
    assert retention.env["MARAC_TLS_CERT"] == str(stack.certificates[AUDIT_RETENTION].certificate)
    assert (
        retention.env["MARAC_AUDIT_RETENTION_DSN"] == stack.databases["audit_retention"].conninfo()
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while "retention (365 days after closure): " not in retention.log_path.read_text():
        assert time.monotonic() < deadline, "no retention pass in the process's log"
        time.sleep(0.3)
