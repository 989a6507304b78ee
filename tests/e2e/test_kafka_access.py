"""Kafka's side of the access matrix, on a stack's own topics and the real broker:
every principal of the deployment (and clients with no certificate or another
authority's) tries to produce to, consume from and delete the records of every
topic, and the readers of the meetings' actions try to commit in each consumer
group. The tables below are the specification. Then the second line: an event
whose agency is not its topic's, produced by the operator itself, never reaches
the shared view."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import psycopg
import pytest
from kafka import KafkaConsumer, KafkaProducer, OffsetAndMetadata, TopicPartition
from kafka.admin import KafkaAdminClient
from kafka.errors import (
    AuthorizationError,
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    KafkaError,
    KafkaTimeoutError,
    UnknownTopicOrPartitionError,
)

from deploy.local.kafka_access import client_options
from deploy.local.pki import PKI_DIR, Pki
from deploy.local.stack import KAFKA_BOOTSTRAP, LOCAL
from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common import principals
from services.common.principals import STACK_OPERATOR, Principal
from tests.e2e.test_walking_skeleton import WAIT_SECONDS
from tests.support import running_stack

AUTHORIZER_LOG = LOCAL / "log" / "kafka-authorizer.log"
ACTIONS = ("produce", "consume", "delete records")
TIMEOUT_MS = 5000
# An outsider is never let in: a short wait says so as well as a long one.
BOOTSTRAP_MS = 2000
TRYING_AT_ONCE = 8
FETCHING_SECONDS = 2.0


def may(stack, principal: Principal, action: str, topic: str) -> bool:
    """What each principal may do to each topic: the specification."""
    if principal == STACK_OPERATOR:
        return True
    agencies = [a.name for a in stack.agencies]
    if action == "produce":
        own = {
            principals.relay(a): {stack.topic(a), stack.action_updates_topic(a)} for a in agencies
        }
        own[principals.RISKVIEW_PRINCIPAL] = {stack.disclosure_topic}
        own[principals.MEETINGS_RELAY] = {
            stack.marac_topic,
            *(stack.actions_topic(a) for a in agencies),
        }
        own[principals.AGREEMENTS_RELAY] = {stack.agreements_topic}
        # Every principal that serves calls writes the access log, and no other.
        serving = [principals.agency_service(a) for a in agencies] + [
            principals.RISKVIEW_PRINCIPAL,
            principals.FIGURES_PRINCIPAL,
            principals.MEETINGS_PRINCIPAL,
            principals.IDENTITY_PRINCIPAL,
            principals.WEB_PRINCIPAL,
            principals.AUDIT_PRINCIPAL,
        ]
        for writer in serving:
            own.setdefault(writer, set()).add(stack.access_log_topic)
        return topic in own.get(principal, ())
    if action == "consume":
        own = {principals.agency_service(a): {stack.actions_topic(a)} for a in agencies}
        own[principals.PROJECTION_PRINCIPAL] = {*stack.case_topics, stack.agreements_topic}
        # The figures count from the case topics alone (no agreement gates a count).
        own[principals.FIGURES_PROJECTION] = set(stack.case_topics)
        own[principals.MEETINGS_PRINCIPAL] = {stack.action_updates_topic(a) for a in agencies}
        # The audit ledger keeps every case topic, the disclosures, the access log and
        # each agency's actions and their updates, and the agreements' changes.
        own[principals.AUDIT_PRINCIPAL] = {
            *stack.case_topics,
            stack.disclosure_topic,
            stack.access_log_topic,
            *stack.action_topics,
            stack.agreements_topic,
        }
        return topic in own.get(principal, ())
    return False  # only the operator deletes or truncates anything


def may_join(stack, principal: Principal, group: str) -> bool:
    """Which consumer group each reader of the meetings' actions may commit in."""
    own = {principals.agency_service(a.name): stack.actions_group(a.name) for a in stack.agencies}
    own[principals.MEETINGS_PRINCIPAL] = stack.meeting_tracker_group
    own[principals.PROJECTION_PRINCIPAL] = stack.projection_id
    own[principals.FIGURES_PROJECTION] = stack.figures_projection_id
    own[principals.AUDIT_PRINCIPAL] = stack.audit_group
    return own.get(principal) == group


def produce(options: dict, topic: str) -> None:
    producer = KafkaProducer(
        bootstrap_servers=KAFKA_BOOTSTRAP,
        acks="all",
        retries=0,
        max_block_ms=TIMEOUT_MS,
        request_timeout_ms=TIMEOUT_MS,
        bootstrap_timeout_ms=BOOTSTRAP_MS,
        **options,
    )
    try:
        producer.send(topic, value=pb.CaseEvent().SerializeToString()).get(timeout=10)
    finally:
        producer.close(timeout=5)


def consume(options: dict, topic: str) -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=KAFKA_BOOTSTRAP,
        enable_auto_commit=False,
        request_timeout_ms=TIMEOUT_MS + 1000,
        bootstrap_timeout_ms=BOOTSTRAP_MS,
        **options,
    )
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        consumer.seek_to_beginning(partition)
        consumer.position(partition)
        # A fetch refused is told at some poll, however busy the broker; none, a while.
        until = time.monotonic() + FETCHING_SECONDS
        while time.monotonic() < until:
            consumer.poll(timeout_ms=300)
    finally:
        consumer.close()


def delete_records(options: dict, topic: str) -> None:
    admin = KafkaAdminClient(
        bootstrap_servers=KAFKA_BOOTSTRAP,
        request_timeout_ms=TIMEOUT_MS,
        bootstrap_timeout_ms=BOOTSTRAP_MS,
        **options,
    )
    try:
        # Offset 0: deletes nothing, but needs the same permission as deleting all.
        admin.delete_records({TopicPartition(topic, 0): 0})
    finally:
        admin.close()


def commit_in(options: dict, group: str, topic: str) -> None:
    """Commits an offset of `topic` (one the principal may read) in `group`."""
    consumer = KafkaConsumer(
        bootstrap_servers=KAFKA_BOOTSTRAP,
        group_id=group,
        enable_auto_commit=False,
        request_timeout_ms=TIMEOUT_MS + 1000,
        **options,
    )
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        consumer.commit({partition: OffsetAndMetadata(0, "", -1)})
    finally:
        consumer.close()


DO = {"produce": produce, "consume": consume, "delete records": delete_records}


def outcome(action: str, options: dict, topic: str, tries: int = 3) -> str:
    """What the broker answered; a try that found no broker to answer (many clients
    at once on a busy machine) is made again, up to `tries` times in all."""
    found = "no connection"
    for _ in range(tries):
        found = _outcome(action, options, topic)
        if found != "no connection":
            break
    return found


def _outcome(action: str, options: dict, topic: str) -> str:
    try:
        DO[action](options, topic)
    except (AuthorizationError, UnknownTopicOrPartitionError):
        # A principal that may not even describe a topic is told it does not exist.
        return "refused"
    except (KafkaConnectionError, KafkaTimeoutError):
        return "no connection"
    except KafkaError as error:
        return type(error).__name__
    return "done"


@pytest.fixture(scope="module")
def acl_stack(run_id):
    """A stack's topics and grants, with no process running."""
    with running_stack(f"t{run_id}kacl", only=("nothing",)) as stack:
        yield stack


def test_every_principal_may_do_to_every_topic_exactly_what_the_table_says(acl_stack, tmp_path):
    stack = acl_stack
    tried = refused = 0
    wrong = []
    refused_principals = set()
    options = {principal: client_options(principal) for principal in stack.principals}
    tries = [(p, t, a) for p in stack.principals for t in stack.topics for a in ACTIONS]
    # Each try is a client of its own; side by side, the matrix takes a sixth of the time.
    with ThreadPoolExecutor(max_workers=TRYING_AT_ONCE) as pool:
        found_all = pool.map(lambda trial: outcome(trial[2], options[trial[0]], trial[1]), tries)
        for (principal, topic, action), found in zip(tries, found_all, strict=True):
            tried += 1
            refused += found != "done"
            expected = "done" if may(stack, principal, action, topic) else "refused"
            if found == "refused":
                refused_principals.add(principal)
            if found != expected:
                wrong.append((str(principal), action, topic, found))
    foreign = Pki(tmp_path / "foreign").issued(principals.relay("police")).identity()
    outsiders = {
        "no certificate": {"security_protocol": "SSL", "ssl_cafile": str(PKI_DIR / "ca.pem")},
        "another authority's certificate": foreign.kafka_options(),
        "plaintext": {},
    }
    for outsider, options in outsiders.items():
        for action in ACTIONS:
            found = outcome(action, options, stack.topic("police"))
            tried += 1
            refused += found != "done"
            if found == "done":
                wrong.append((outsider, action, stack.topic("police"), found))
    print(f"\nKafka access matrix: {tried} combinations tried, {refused} refused")
    assert not wrong, wrong
    # The broker logs each refusal with the principal, the operation and the topic.
    denied = AUTHORIZER_LOG.read_text()
    for principal in refused_principals:
        assert f"Principal = User:{principal.path} is Denied" in denied, principal


def test_each_reader_of_actions_commits_only_in_its_own_consumer_group(acl_stack):
    """The landlord's service may not take the police's place in their group, nor the
    meeting service an agency's (each reads a topic it may read, so only the group
    decides)."""
    stack = acl_stack
    readers = {
        principals.agency_service("social_landlord"): stack.actions_topic("social_landlord"),
        principals.agency_service("police"): stack.actions_topic("police"),
        principals.MEETINGS_PRINCIPAL: stack.action_updates_topic("police"),
        principals.AUDIT_PRINCIPAL: stack.disclosure_topic,
    }
    groups = [
        stack.actions_group("social_landlord"),
        stack.actions_group("police"),
        stack.meeting_tracker_group,
        stack.projection_id,
        stack.figures_projection_id,
        stack.audit_group,
    ]
    wrong = []
    for principal, topic in readers.items():
        options = client_options(principal)
        for group in groups:
            try:
                commit_in(options, group, topic)
                found = "done"
            except GroupAuthorizationFailedError:
                found = "refused"
            expected = "done" if may_join(stack, principal, group) else "refused"
            if found != expected:
                wrong.append((str(principal), group, found))
    assert not wrong, wrong


def test_an_event_naming_another_agency_never_reaches_the_shared_view(stack):
    """Even from the operator, who may write anywhere: the projection drops a
    DDPO event found on the police topic, and a "discussed at MARAC" found there,
    and still takes the police's own."""
    now = datetime.now(UTC)

    def event(subject: str, kind: int, agency_id: str, **payload) -> bytes:
        message = pb.CaseEvent(
            event_id=str(uuid.uuid4()),
            agency=kind,
            agency_id=agency_id,
            subject_key=subject,
            case_reference="FORGED-1",
            source_sequence=1,
            schema_version=1,
            **payload,
        )
        message.occurred_at.FromDatetime(now)
        message.recorded_at.FromDatetime(now)
        return message.SerializeToString()

    forged, discussed, genuine = (uuid.uuid4().hex * 2 for _ in range(3))
    producer = KafkaProducer(bootstrap_servers=KAFKA_BOOTSTRAP, acks="all", **client_options())
    police = stack.topic("police")
    ddpo = vocab.AGENCY_KIND_DDPO
    marac = vocab.AGENCY_KIND_UNSPECIFIED
    for key, value in (
        (forged, event(forged, ddpo, "forged-ddpo", case_opened=pb.CaseOpened())),
        (discussed, event(discussed, marac, "marac", marac_discussed=pb.MaracDiscussed())),
        (
            genuine,
            event(genuine, vocab.AGENCY_KIND_POLICE, "forged-check", case_opened=pb.CaseOpened()),
        ),
    ):
        producer.send(police, key=key.encode(), value=value)
    producer.flush()
    producer.close()

    readmodel = stack.databases["readmodel"].conninfo()

    def stored(subject: str) -> bool:
        with psycopg.connect(readmodel) as conn:
            query = "SELECT 1 FROM shared_fact WHERE subject_key = %s"
            return conn.execute(query, [subject]).fetchone() is not None

    deadline = time.monotonic() + WAIT_SECONDS
    while not stored(genuine):
        assert time.monotonic() < deadline, "the police's own event was not projected"
        time.sleep(0.2)
    assert not stored(forged) and not stored(discussed)
    log = stack.processes["projection"].log_path.read_text()
    assert "events not of their topic's agency dropped" in log
