"""A chair's withdrawal reaches the owner agency over the real broker and Postgres:
the landlord's service (its writer, with request processes) and relay of a stack
of their own; the meetings' relay is played by the test, producing what the meeting
service publishes for a withdrawal (services.marac.publishing) to the landlord's
actions topic, delivered twice. The case records it once, its update goes back
once, and the landlord's case system can then neither complete nor close it."""

import time
import uuid
from collections.abc import Iterator

import grpc
import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from deploy.local.kafka_access import client_options
from deploy.local.stack import KAFKA_BOOTSTRAP
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import meeting_actions_pb2 as pb
from services.common import principals
from tests.support import running_stack

LANDLORD = "social_landlord"
AGENCY_ID = f"local-{LANDLORD}"
MEETING = "MARAC-20261215-WDR123"
WAIT_SECONDS = 30
WITHDRAWN = pb.MEETING_ACTION_STATUS_WITHDRAWN


@pytest.fixture(scope="module")
def stack(run_id):
    only = (LANDLORD, f"{LANDLORD}-relay")
    with running_stack(f"t{run_id}wdr", only=only, request_processes=2) as deployment:
        yield deployment


@pytest.fixture(scope="module")
def kernel(stack) -> Iterator[case_grpc.AgencyCaseServiceStub]:
    with stack.agency_channel(LANDLORD) as channel:
        yield case_grpc.AgencyCaseServiceStub(channel)


@pytest.fixture(scope="module")
def meetings_relay() -> Iterator[KafkaProducer]:
    producer = KafkaProducer(
        bootstrap_servers=KAFKA_BOOTSTRAP, acks="all", **client_options(principals.MEETINGS_RELAY)
    )
    yield producer
    producer.close(timeout=5)


def message(reference: str, action_id: str, **payload) -> pb.MeetingActionMessage:
    return pb.MeetingActionMessage(
        message_id=str(uuid.uuid4()),
        action_id=action_id,
        meeting_id=MEETING,
        agency_id=AGENCY_ID,
        case_reference=reference,
        **payload,
    )


def wait_for(what, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while not (found := what()):
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.2)
    return found


def updates_about(topic: str, action_id: str) -> list[pb.MeetingActionUpdate]:
    """The updates about the action on the topic now, read as the meeting service."""
    consumer = KafkaConsumer(
        bootstrap_servers=KAFKA_BOOTSTRAP,
        enable_auto_commit=False,
        **client_options(principals.MEETINGS_PRINCIPAL),
    )
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends, found = consumer.end_offsets(partitions), []
        deadline = time.monotonic() + 10
        while any(consumer.position(p) < ends[p] for p in partitions):
            assert time.monotonic() < deadline
            for batch in consumer.poll(timeout_ms=500).values():
                found += [pb.MeetingActionUpdate.FromString(r.value) for r in batch]
        return [u for u in found if u.action_id == action_id]
    finally:
        consumer.close()


def test_a_withdrawal_delivered_twice_is_recorded_once_and_the_agency_can_then_not_complete_it(
    stack, kernel, meetings_relay
):
    reference = f"HC-{uuid.uuid4().hex[:8].upper()}"
    kernel.OpenCase(
        case_pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=case_pb.SubjectIdentity(
                given_name="Wendeline",
                family_name="Arrowby",
                date_of_birth="1958-03-02",
                postcode="L4 0TH",
            ),
        ),
        timeout=10,
    )
    action = str(uuid.uuid4())
    assigned = message(
        reference,
        action,
        assigned=pb.ActionAssigned(type=pb.MEETING_ACTION_TYPE_PATROLS, due_date="2026-12-29"),
    )
    withdrawal = message(
        reference,
        action,
        withdrawn=pb.ActionWithdrawn(reason=pb.ACTION_WITHDRAWAL_REASON_AGREED_IN_ERROR),
    )
    topic = stack.actions_topic(LANDLORD)
    for sent in (assigned, withdrawal, withdrawal):  # the withdrawal delivered twice
        meetings_relay.send(topic, key=reference.encode(), value=sent.SerializeToString())
    meetings_relay.flush(timeout=10)

    def recorded() -> case_pb.CaseMeetingAction | None:
        case = kernel.GetCase(case_pb.GetCaseRequest(case_reference=reference), timeout=10)
        found = [a for a in case.meeting_actions if a.action_id == action]
        return found[0] if found and found[0].status == WITHDRAWN else None

    shown = wait_for(recorded)
    assert shown.withdrawal_reason == pb.ACTION_WITHDRAWAL_REASON_AGREED_IN_ERROR
    assert shown.closed_at.seconds

    # The landlord's case system is refused, clearly, and the action stays withdrawn.
    with pytest.raises(grpc.RpcError) as completing:
        kernel.CompleteMeetingAction(
            case_pb.CompleteMeetingActionRequest(
                request_id=str(uuid.uuid4()), case_reference=reference, action_id=action
            ),
            timeout=10,
        )
    assert completing.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "withdrew this action" in completing.value.details()
    with pytest.raises(grpc.RpcError) as closing:
        kernel.CloseMeetingAction(
            case_pb.CloseMeetingActionRequest(
                request_id=str(uuid.uuid4()), case_reference=reference, action_id=action,
                status=pb.MEETING_ACTION_STATUS_NOT_POSSIBLE,
                reason=pb.ACTION_CLOSURE_REASON_VICTIM_DECLINED,
            ),
            timeout=10,
        )  # fmt: skip
    assert closing.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    page = kernel.ListMeetingActions(
        case_pb.ListMeetingActionsRequest(case_reference=reference), timeout=10
    )
    assert [a.status for a in page.meeting_actions] == [WITHDRAWN]

    # The meeting's tracker is told once: recorded open, then withdrawn.
    updates_topic = stack.action_updates_topic(LANDLORD)
    wait_for(lambda: any(u.status == WITHDRAWN for u in updates_about(updates_topic, action)))
    time.sleep(1)  # time enough for a second one, were there one
    back = updates_about(updates_topic, action)
    assert [u.status for u in back] == [pb.MEETING_ACTION_STATUS_OPEN, WITHDRAWN]
    log = stack.processes[LANDLORD].log_path.read_text()
    assert log.count(withdrawal.message_id) == 2  # taken twice, recorded once
