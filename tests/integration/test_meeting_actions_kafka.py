"""Actions flow back, over the real broker and Postgres: the landlord's service (its
writer, with request processes) and relay of a stack of their own; the meeting
service's side is played by the test, as the meetings' relay (producing to the
landlord's actions topic) and as the meeting service (reading the landlord's
updates), each with its own certificate and grants."""

import time
import uuid
from collections.abc import Iterator

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from kafka import KafkaConsumer, KafkaProducer, OffsetAndMetadata, TopicPartition
from kafka.admin import ResourceType

from deploy.local import kafka_access
from deploy.local.kafka_access import client_options
from deploy.local.processes import health_channel
from deploy.local.stack import KAFKA_BOOTSTRAP, TOPIC_PARTITIONS
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import meeting_actions_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common import principals
from services.common.principals import STACK_OPERATOR, Principal
from tests.support import field_violations, running_stack, topic_records

LANDLORD = "social_landlord"
AGENCY_ID = f"local-{LANDLORD}"
MEETING = "MARAC-20261215-ABC123"
# Planted where the agency keeps personal data: none of it may reach either topic.
CANARIES = ("Quillonadina", "Zephyrokafor", "canary-landlord: shouted on the stairs")
WAIT_SECONDS = 30
DONE = pb.MEETING_ACTION_STATUS_DONE
OPEN = pb.MEETING_ACTION_STATUS_OPEN
WITHDRAWN = pb.MEETING_ACTION_STATUS_WITHDRAWN


@pytest.fixture(scope="module")
def stack(run_id):
    only = (LANDLORD, f"{LANDLORD}-relay")
    with running_stack(f"t{run_id}mact", only=only, request_processes=2) as deployment:
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


def open_case(kernel) -> str:
    reference = f"HC-{uuid.uuid4().hex[:8].upper()}"
    kernel.OpenCase(
        case_pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=case_pb.SubjectIdentity(
                given_name=CANARIES[0], family_name=CANARIES[1],
                date_of_birth="1961-07-19", postcode="L4 0TH",
            ),
        ),
        timeout=10,
    )  # fmt: skip
    kernel.RecordIncident(
        case_pb.RecordIncidentRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            occurred_at=case_pb.RecordIncidentRequest().occurred_at.__class__(
                seconds=1_790_000_000
            ),
            strands=[vocab.STRAND_DISABILITY],
            classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
            perceived_by=[vocab.PERCEIVER_VICTIM],
            location_postcode="L4 0TH",
            narrative=CANARIES[2],
        ),
        timeout=10,
    )
    return reference


def assigned(
    reference: str, action_id: str, agency_id: str = AGENCY_ID, **about
) -> pb.MeetingActionMessage:
    return pb.MeetingActionMessage(
        message_id=about.pop("message_id", str(uuid.uuid4())),
        action_id=action_id,
        meeting_id=MEETING,
        agency_id=agency_id,
        case_reference=reference,
        assigned=pb.ActionAssigned(
            type=pb.MEETING_ACTION_TYPE_TARGET_HARDENING, due_date="2026-12-29"
        ),
    )


def reported(
    reference: str, action_id: str, status: int, reason: int = 0
) -> pb.MeetingActionMessage:
    return pb.MeetingActionMessage(
        message_id=str(uuid.uuid4()),
        action_id=action_id,
        meeting_id=MEETING,
        agency_id=AGENCY_ID,
        case_reference=reference,
        reported=pb.ActionReported(status=status, reason=reason, reported_by="usr_Rep-7"),
    )


def send(producer: KafkaProducer, topic: str, reference: str, *messages) -> None:
    for message in messages:
        value = message if isinstance(message, bytes) else message.SerializeToString()
        producer.send(topic, key=reference.encode(), value=value)
    producer.flush(timeout=10)


def actions_of(kernel, reference: str) -> dict[str, case_pb.CaseMeetingAction]:
    case = kernel.GetCase(case_pb.GetCaseRequest(case_reference=reference), timeout=10)
    assert case.meeting_action_count == len(case.meeting_actions)
    return {a.action_id: a for a in case.meeting_actions}


def wait_for(what, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while not (found := what()):
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.2)
    return found


def records_of(topic: str, principal: Principal) -> list:
    """Every record on the topic now, read as `principal` (no consumer group)."""
    with topic_records(
        KAFKA_BOOTSTRAP, topic, wait_seconds=10, **client_options(principal)
    ) as records:
        return list(records)


def updates(stack, reference: str) -> list[pb.MeetingActionUpdate]:
    """The landlord's updates about the case, as the meeting service reads them."""
    topic = stack.action_updates_topic(LANDLORD)
    found = [
        pb.MeetingActionUpdate.FromString(r.value)
        for r in records_of(topic, principals.MEETINGS_PRINCIPAL)
    ]
    return [u for u in found if u.case_reference == reference]


def test_an_action_is_recorded_once_and_its_outcome_goes_back_once(stack, kernel, meetings_relay):
    reference = open_case(kernel)
    topic = stack.actions_topic(LANDLORD)
    action, last = str(uuid.uuid4()), str(uuid.uuid4())
    first = assigned(reference, action)
    police_action = str(uuid.uuid4())
    send(
        meetings_relay, topic, reference,
        first, first,  # delivered twice
        assigned(reference, action),  # about the same action, in a message of its own
        assigned(reference, police_action, agency_id="local-police"),  # not the landlord's
        b"\xff not a message",
        assigned(reference, last),
    )  # fmt: skip
    recorded = wait_for(lambda: last in (found := actions_of(kernel, reference)) and found)
    assert set(recorded) == {action, last}
    shown = recorded[action]
    assert (shown.meeting_id, shown.type, shown.due_date, shown.status) == (
        MEETING, pb.MEETING_ACTION_TYPE_TARGET_HARDENING, "2026-12-29", OPEN,
    )  # fmt: skip
    log = stack.processes[LANDLORD].log_path.read_text()
    assert '"for another agency"' in log and '"unreadable"' in log

    # Completed by the landlord's case system: DONE goes back to the meeting, once.
    complete = case_pb.CompleteMeetingActionRequest(
        request_id=str(uuid.uuid4()), case_reference=reference, action_id=action
    )
    done = kernel.CompleteMeetingAction(complete, timeout=10).meeting_action
    assert (done.action_id, done.status, done.reported_by) == (action, DONE, "")
    assert kernel.CompleteMeetingAction(complete, timeout=10).meeting_action == done  # a retry
    sent = wait_for(lambda: [u for u in updates(stack, reference) if u.status == DONE])
    time.sleep(1)  # time enough for a second one, were there one
    back = updates(stack, reference)
    assert [(u.action_id, u.status) for u in back] == [(action, OPEN), (last, OPEN), (action, DONE)]
    assert sent[0].meeting_id == MEETING and sent[0].agency_id == AGENCY_ID
    assert len({u.source_sequence for u in back}) == 3

    # A representative reports the other one in the web app: recorded as theirs.
    not_needed = pb.MEETING_ACTION_STATUS_NO_LONGER_NEEDED
    send(
        meetings_relay,
        topic,
        reference,
        reported(reference, last, not_needed, pb.ACTION_CLOSURE_REASON_VICTIM_MOVED),
    )
    closed = wait_for(lambda: (a := actions_of(kernel, reference)[last]).status == not_needed and a)
    assert (closed.reason, closed.reported_by) == (
        pb.ACTION_CLOSURE_REASON_VICTIM_MOVED,
        "usr_Rep-7",
    )
    wait_for(lambda: any(u.status == not_needed for u in updates(stack, reference)))

    # Privacy: neither topic carries the case's personal data; the case events topic
    # carries no action.
    for principal, on in (
        (STACK_OPERATOR, topic),
        (principals.MEETINGS_PRINCIPAL, stack.action_updates_topic(LANDLORD)),
    ):
        carried = b"".join((r.key or b"") + (r.value or b"") for r in records_of(on, principal))
        assert carried and not any(c.encode() in carried for c in CANARIES)
    events = b"".join(r.value for r in records_of(stack.topic(LANDLORD), STACK_OPERATOR))
    assert reference.encode() in events and action.encode() not in events


def test_a_withdrawal_delivered_twice_is_recorded_once_and_the_action_can_then_not_be_closed(
    stack, kernel, meetings_relay
):
    reference = open_case(kernel)
    action = str(uuid.uuid4())
    withdrawal = pb.MeetingActionMessage(
        message_id=str(uuid.uuid4()), action_id=action, meeting_id=MEETING, agency_id=AGENCY_ID,
        case_reference=reference,
        withdrawn=pb.ActionWithdrawn(reason=pb.ACTION_WITHDRAWAL_REASON_AGREED_IN_ERROR),
    )  # fmt: skip
    topic = stack.actions_topic(LANDLORD)
    send(meetings_relay, topic, reference, assigned(reference, action), withdrawal, withdrawal)
    shown = wait_for(
        lambda: (a := actions_of(kernel, reference).get(action)) and a.status == WITHDRAWN and a
    )
    assert shown.withdrawal_reason == pb.ACTION_WITHDRAWAL_REASON_AGREED_IN_ERROR
    assert shown.closed_at.seconds

    # The landlord's case system is refused, clearly, and the action stays withdrawn.
    for refused in (
        lambda: kernel.CompleteMeetingAction(
            case_pb.CompleteMeetingActionRequest(
                request_id=str(uuid.uuid4()), case_reference=reference, action_id=action
            ),
            timeout=10,
        ),
        lambda: kernel.CloseMeetingAction(
            case_pb.CloseMeetingActionRequest(
                request_id=str(uuid.uuid4()), case_reference=reference, action_id=action,
                status=pb.MEETING_ACTION_STATUS_NOT_POSSIBLE,
                reason=pb.ACTION_CLOSURE_REASON_VICTIM_DECLINED,
            ),
            timeout=10,
        ),
    ):  # fmt: skip
        with pytest.raises(grpc.RpcError) as refusal:
            refused()
        assert refusal.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "withdrew this action" in refusal.value.details()
    assert [a.status for a in actions_of(kernel, reference).values()] == [WITHDRAWN]

    # The tracker is told once: recorded open, then withdrawn (the second delivery
    # changed nothing).
    wait_for(lambda: any(u.status == WITHDRAWN for u in updates(stack, reference)))
    time.sleep(1)  # time enough for a second one, were there one
    assert [u.status for u in updates(stack, reference)] == [OPEN, WITHDRAWN]


def test_an_action_redelivered_after_a_restart_is_recorded_once(stack, kernel, meetings_relay):
    reference = open_case(kernel)
    topic = stack.actions_topic(LANDLORD)
    action = str(uuid.uuid4())
    first = assigned(reference, action)
    send(meetings_relay, topic, reference, first)
    wait_for(lambda: action in actions_of(kernel, reference))
    # The service stops; its group's offsets go back to the start, so every message
    # of the topic comes again when it starts.
    stack.processes[LANDLORD].stop()
    rewind(stack.actions_group(LANDLORD), topic)
    stack.restart(LANDLORD)
    again = str(uuid.uuid4())
    send(meetings_relay, topic, reference, assigned(reference, action), assigned(reference, again))
    recorded = wait_for(lambda: again in (found := actions_of(kernel, reference)) and found)
    assert set(recorded) == {action, again}
    log = stack.processes[LANDLORD].log_path.read_text()
    assert log.count(first.message_id) == 2  # taken before the restart and after it
    opened = [u for u in updates(stack, reference) if u.status == OPEN]
    assert sorted(u.action_id for u in opened) == sorted([action, again])


def test_a_bad_request_about_an_action_names_its_field(stack, kernel, meetings_relay):
    reference = open_case(kernel)
    action = str(uuid.uuid4())
    send(meetings_relay, stack.actions_topic(LANDLORD), reference, assigned(reference, action))
    wait_for(lambda: action in actions_of(kernel, reference))

    def close(**fields) -> set[str]:
        request = case_pb.CloseMeetingActionRequest(
            request_id=str(uuid.uuid4()), case_reference=reference, **fields
        )
        with pytest.raises(grpc.RpcError) as refused:
            kernel.CloseMeetingAction(request, timeout=10)
        return field_violations(refused.value)

    not_possible = pb.MEETING_ACTION_STATUS_NOT_POSSIBLE
    declined = pb.ACTION_CLOSURE_REASON_VICTIM_DECLINED
    assert close(status=not_possible, reason=declined) == {"action_id"}
    assert close(action_id=str(uuid.uuid4()), status=not_possible, reason=declined) == {"action_id"}
    assert close(
        action_id=action, status=not_possible, reason=pb.ACTION_CLOSURE_REASON_VICTIM_MOVED
    ) == {"reason"}
    assert close(action_id=action, status=not_possible) == {"reason"}
    assert close(action_id=action, status=pb.MEETING_ACTION_STATUS_OPEN) == {"status"}
    assert close(action_id=action, status=99, reason=declined) == {"status"}
    assert actions_of(kernel, reference)[action].status == OPEN
    closed = kernel.CloseMeetingAction(
        case_pb.CloseMeetingActionRequest(
            request_id=str(uuid.uuid4()), case_reference=reference, action_id=action,
            status=not_possible, reason=declined,
        ),
        timeout=10,
    ).meeting_action  # fmt: skip
    assert (closed.status, closed.reason) == (not_possible, declined)
    with pytest.raises(grpc.RpcError) as refused:
        kernel.CompleteMeetingAction(
            case_pb.CompleteMeetingActionRequest(
                request_id=str(uuid.uuid4()), case_reference=reference, action_id=action
            ),
            timeout=10,
        )
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    page = kernel.ListMeetingActions(
        case_pb.ListMeetingActionsRequest(case_reference=reference), timeout=10
    )
    assert [a.status for a in page.meeting_actions] == [not_possible]


def rewind(group: str, topic: str) -> None:
    """Puts the group's offsets back to the start of the topic (as the operator)."""
    consumer = KafkaConsumer(
        bootstrap_servers=KAFKA_BOOTSTRAP, group_id=group, enable_auto_commit=False,
        **client_options(STACK_OPERATOR),
    )  # fmt: skip
    try:
        partitions = [TopicPartition(topic, p) for p in range(TOPIC_PARTITIONS)]
        consumer.assign(partitions)
        consumer.commit({p: OffsetAndMetadata(0, "", -1) for p in partitions})
    finally:
        consumer.close()


def serving(stack) -> bool:
    with health_channel(stack.grpc_address(LANDLORD)) as channel:
        reply = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(), timeout=3
        )
    return reply.status == health_pb2.HealthCheckResponse.SERVING


def test_the_service_says_when_it_cannot_read_its_actions_and_reads_them_once_it_can(
    stack, kernel, meetings_relay
):
    """Its grant on the actions topic withdrawn, the service cannot read them: it says
    NOT_SERVING and keeps trying; granted again, it reads what was sent meanwhile."""
    topic = stack.actions_topic(LANDLORD)
    reference = open_case(kernel)
    log = stack.processes[LANDLORD].log_path
    interrupted = log.read_text().count('"meeting actions interrupted"')
    kafka_access.revoke(KAFKA_BOOTSTRAP, [(ResourceType.TOPIC, topic)])
    try:
        wait_for(lambda: not serving(stack))
    finally:
        kafka_access.grant(KAFKA_BOOTSTRAP, [g for g in stack.kafka_grants if g.name == topic])
    action = str(uuid.uuid4())
    send(meetings_relay, topic, reference, assigned(reference, action))
    # It connects again at most UNASSIGNED_SECONDS and LONGEST_WAIT_SECONDS later.
    wait_for(lambda: action in actions_of(kernel, reference), seconds=45)
    wait_for(lambda: serving(stack))
    assert log.read_text().count('"meeting actions interrupted"') > interrupted
