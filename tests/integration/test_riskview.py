"""RiskView over gRPC, as a process, on a read model in real Postgres, recording every
disclosure on a real Kafka topic."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from kafka import KafkaConsumer, TopicPartition

from marac.v1 import disclosure_pb2, riskview_pb2, riskview_pb2_grpc
from marac.v1 import vocabulary_pb2 as vocab
from shared_view.facts import Override
from shared_view.rules import Rules
from shared_view.writer import SharedViewWriter
from tests.support import field_violations
from tests.unit.test_facts import (
    ALICE,
    BOB,
    DAY,
    NOW,
    TO_PANEL,
    TO_POLICE,
    consent,
    incident,
    override,
)
from tests.unit.test_risk_view_access import SCENARIO

REPO = Path(__file__).resolve().parents[2]
POLICE = vocab.AGENCY_KIND_POLICE
REPRESENTATIVE = disclosure_pb2.CALLER_ROLE_AGENCY_REPRESENTATIVE
POLICE_REP = disclosure_pb2.Caller(
    role=REPRESENTATIVE, agency=POLICE, agency_id="police-1", user_id="u-17"
)
CHAIR = disclosure_pb2.Caller(role=disclosure_pb2.CALLER_ROLE_MARAC_CHAIR, user_id="chair-1")
IG = disclosure_pb2.Caller(role=disclosure_pb2.CALLER_ROLE_IG_STAFF, user_id="ig-1")
AGENDA_SUBJECTS = 30  # more than one page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def facts():
    """The scenario of issue 5 for ALICE (with a live DDPO override to the police), a
    subject on nobody's agenda, and more eligible subjects to page through. The facts are
    dated around the real clock, as the RiskView process reads the view at its now."""
    shift = datetime.now(UTC) - NOW
    made = [*SCENARIO, override(3, "o-9", NOW + 30 * DAY, TO_POLICE, agency_id="ddpo-1")]
    made.append(replace(incident(9, subject=BOB), case_reference="P-BOB"))
    for n in range(AGENDA_SUBJECTS):
        key = f"{n + 1:064x}"
        case = [incident(100 + 10 * n + i, subject=key) for i in range(3)]
        case.append(consent(100 + 10 * n + 9, TO_PANEL, subject=key))
        made += [replace(f, case_reference=f"P-AGENDA-{n}") for f in case]
    return [_shifted(f, shift) for f in made]


def _shifted(fact, shift):
    payload = fact.payload
    if isinstance(payload, Override):
        payload = replace(payload, expires_at=payload.expires_at + shift)
    return replace(fact, occurred_at=fact.occurred_at + shift, payload=payload)


@pytest.fixture(scope="module")
def read_model(create_shared_view):
    dsn = create_shared_view("riskview")
    writer = SharedViewWriter(dsn)
    writer.open()
    writer.record(facts())
    while writer.refresh(datetime.now(UTC), Rules(), 1000).subjects:
        pass
    writer.close()
    return dsn


@contextmanager
def riskview_process(dsn, env, log_path):
    address = f"127.0.0.1:{free_port()}"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.riskview"],
            cwd=REPO,
            stdout=log,
            stderr=log,
            env={**os.environ, "MARAC_READMODEL_DSN": dsn, "MARAC_GRPC_ADDRESS": address, **env},
        )
    try:
        with grpc.insecure_channel(address) as channel:
            wait_until_serving(channel, process, log_path)
            yield riskview_pb2_grpc.RiskViewServiceStub(channel)
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
def disclosure_topic(create_topics):
    (topic,) = create_topics("disclosures")
    return topic


@pytest.fixture(scope="module")
def riskview(read_model, disclosure_topic, kafka_bootstrap, tmp_path_factory):
    env = {"MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap, "MARAC_DISCLOSURE_TOPIC": disclosure_topic}
    log_path = tmp_path_factory.mktemp("riskview") / "riskview.log"
    with riskview_process(read_model, env, log_path) as stub:
        yield stub


def disclosures(bootstrap: str, topic: str) -> dict[str, disclosure_pb2.Disclosure]:
    """Every disclosure on the topic, by id, with the record's key checked."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        found = {}
        deadline = time.monotonic() + 30
        while any(consumer.position(p) < end[p] for p in partitions):
            assert time.monotonic() < deadline, "could not read the disclosure topic"
            for batch in consumer.poll(timeout_ms=500).values():
                for record in batch:
                    disclosure = disclosure_pb2.Disclosure.FromString(record.value)
                    assert record.key == disclosure.subject_key.encode()
                    found[disclosure.disclosure_id] = disclosure
        return found
    finally:
        consumer.close()


def test_a_representative_sees_own_and_shared_and_the_disclosure_is_on_the_topic(
    riskview, disclosure_topic, kafka_bootstrap
):
    answer = riskview.GetCaseView(
        riskview_pb2.GetCaseViewRequest(caller=POLICE_REP, case_reference="P-1")
    )
    shown = [(c.agency_id, c.sharing_basis) for c in answer.contributions]
    assert shown == [
        ("police-1", riskview_pb2.SHARING_BASIS_OWN_AGENCY),
        ("ddpo-1", riskview_pb2.SHARING_BASIS_OVERRIDE),
        ("landlord-1", riskview_pb2.SHARING_BASIS_CONSENT),
    ]
    ddpo = answer.contributions[1]
    assert (ddpo.override_id, ddpo.incident_count, list(ddpo.strands)) == (
        "o-9",
        1,
        [vocab.STRAND_DISABILITY],
    )
    recorded = disclosures(kafka_bootstrap, disclosure_topic)[answer.disclosure_id]
    assert recorded.caller == POLICE_REP
    assert recorded.subject_key == ALICE
    assert recorded.view == disclosure_pb2.DISCLOSURE_VIEW_CASE
    assert recorded.purpose == vocab.PURPOSE_RISK_ASSESSMENT
    assert [
        (c.agency_id, c.case_reference, c.basis, c.override_id) for c in recorded.contributions
    ] == [
        ("ddpo-1", "D-1", disclosure_pb2.DISCLOSURE_BASIS_OVERRIDE, "o-9"),
        ("landlord-1", "L-1", disclosure_pb2.DISCLOSURE_BASIS_CONSENT, ""),
    ]
    assert abs(recorded.disclosed_at.ToDatetime(UTC) - datetime.now(UTC)) < timedelta(minutes=1)


def test_the_chair_pages_the_agenda_and_opens_an_item(riskview, disclosure_topic, kafka_bootstrap):
    listed, ids, token = [], [], ""
    while True:
        page = riskview.ListAgenda(
            riskview_pb2.ListAgendaRequest(
                caller=CHAIR, meeting_id="m-1", page_size=7, page_token=token
            )
        )
        listed.extend(page.items)
        ids.extend(page.disclosure_ids)
        token = page.next_page_token
        if not token:
            break
    keys = [item.subject_key for item in listed]
    assert len(keys) == len(set(keys)) == AGENDA_SUBJECTS + 1 and BOB not in keys
    alice = next(item for item in listed if item.subject_key == ALICE)
    harm = next(r for r in alice.reasons if r.rule == riskview_pb2.ELIGIBILITY_RULE_CUMULATIVE_HARM)
    assert [a.agency_id for a in harm.agencies] == ["ddpo-1", "landlord-1", "vs-1"]

    opened = riskview.GetAgendaItem(
        riskview_pb2.GetAgendaItemRequest(caller=CHAIR, subject_key=ALICE, meeting_id="m-1")
    )
    assert [c.agency_id for c in opened.contributions] == ["ddpo-1", "landlord-1", "vs-1"]
    on_topic = disclosures(kafka_bootstrap, disclosure_topic)
    assert set(ids) | {opened.disclosure_id} <= set(on_topic)
    item = on_topic[opened.disclosure_id]
    assert (item.view, item.meeting_id, item.purpose) == (
        disclosure_pb2.DISCLOSURE_VIEW_AGENDA_ITEM,
        "m-1",
        vocab.PURPOSE_MARAC_DISCUSSION,
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda rv: rv.GetCaseView(riskview_pb2.GetCaseViewRequest(caller=IG, case_reference="P-1")),
        lambda rv: rv.ListAgenda(riskview_pb2.ListAgendaRequest(caller=IG)),
        lambda rv: rv.GetAgendaItem(
            riskview_pb2.GetAgendaItemRequest(caller=IG, subject_key=ALICE)
        ),
        lambda rv: rv.ListAgenda(riskview_pb2.ListAgendaRequest(caller=POLICE_REP)),
        lambda rv: rv.GetCaseView(
            riskview_pb2.GetCaseViewRequest(caller=CHAIR, case_reference="P-1")
        ),
    ],
)
def test_case_content_is_refused_to_ig_staff_and_the_wrong_role(riskview, call):
    with pytest.raises(grpc.RpcError) as error:
        call(riskview)
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_unknown_cases_and_subjects_off_the_agenda_are_not_found(riskview):
    with pytest.raises(grpc.RpcError) as error:
        riskview.GetCaseView(
            riskview_pb2.GetCaseViewRequest(caller=POLICE_REP, case_reference="D-1")
        )
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as error:
        riskview.GetAgendaItem(riskview_pb2.GetAgendaItemRequest(caller=CHAIR, subject_key=BOB))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    ("call", "fields"),
    [
        (
            lambda rv: rv.GetCaseView(riskview_pb2.GetCaseViewRequest(case_reference="P-1")),
            {"caller"},
        ),
        (
            lambda rv: rv.GetCaseView(
                riskview_pb2.GetCaseViewRequest(
                    caller=disclosure_pb2.Caller(role=REPRESENTATIVE), case_reference="x" * 201
                )
            ),
            {"caller.agency", "caller.agency_id", "caller.user_id", "case_reference"},
        ),
        (
            lambda rv: rv.ListAgenda(
                riskview_pb2.ListAgendaRequest(caller=CHAIR, page_size=-1, page_token="zz")
            ),
            {"page_size", "page_token"},
        ),
        (
            lambda rv: rv.GetAgendaItem(
                riskview_pb2.GetAgendaItemRequest(caller=CHAIR, subject_key="A1")
            ),
            {"subject_key"},
        ),
    ],
)
def test_bad_requests_are_invalid_naming_the_fields(riskview, call, fields):
    with pytest.raises(grpc.RpcError) as error:
        call(riskview)
    assert field_violations(error.value) == fields


def test_a_disclosure_that_cannot_be_recorded_refuses_the_response(
    read_model, kafka_bootstrap, tmp_path
):
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_DISCLOSURE_TOPIC": "no-such-topic-for-disclosures",
        "MARAC_DISCLOSURE_TIMEOUT": "1",
    }
    with riskview_process(read_model, env, tmp_path / "riskview.log") as riskview:
        with pytest.raises(grpc.RpcError) as error:
            riskview.GetCaseView(
                riskview_pb2.GetCaseViewRequest(caller=POLICE_REP, case_reference="P-1")
            )
        assert error.value.code() == grpc.StatusCode.UNAVAILABLE
        ddpo_rep = disclosure_pb2.Caller(
            role=REPRESENTATIVE, agency=vocab.AGENCY_KIND_DDPO, agency_id="ddpo-1", user_id="u"
        )
        own_only = riskview.GetCaseView(
            riskview_pb2.GetCaseViewRequest(caller=ddpo_rep, case_reference="D-1")
        )
        assert [c.agency_id for c in own_only.contributions] == ["ddpo-1"]
