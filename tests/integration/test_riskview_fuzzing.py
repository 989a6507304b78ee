"""Fuzzing RiskView's every RPC over gRPC, on the real process, as every kind of
caller: the chair, a representative, IG staff, and tokens that prove no one (none,
malformed, expired, another issuer's, a role RiskView does not serve). Requests are
made from each method's descriptor as for the agency services
(tests/integration/test_fuzzing.py), malformed bytes among them. Whatever they are,
no answer is UNKNOWN or INTERNAL, none repeats a canary, and RiskView still serves
the chair's agenda afterwards."""

import time
from datetime import UTC, datetime

import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from deploy.local.kafka_access import writes
from marac.v1 import riskview_pb2
from services.common.principals import RISKVIEW_PRINCIPAL
from services.identity.keys import KeyDirectory
from shared_view.rules import Rules
from shared_view.writer import SharedViewWriter
from tests.integration.test_fuzzing import Outcomes, path_of, request
from tests.integration.test_riskview import facts, people_env, riskview_channel
from tests.people import CHAIR, IG, POLICE_REP, Issuer, bearer

EXAMPLES = 700  # each a batch of BATCH requests
BATCH = 4
SECONDS = 60
METHODS = list(riskview_pb2.DESCRIPTOR.services_by_name["RiskViewService"].methods)


def callers(signer: Issuer) -> list[tuple]:
    """The metadata of each kind of caller (tokens made once: they last 15 minutes)."""
    return [
        bearer(signer.token(CHAIR)),
        bearer(signer.token(POLICE_REP)),
        bearer(signer.token(IG)),
        bearer(signer.token({"sub": "usr_x", "role": "zqxj-auditor"})),
        bearer(signer.token(CHAIR, issued=0, lifetime=60)),
        bearer(Issuer().token(CHAIR)),
        (("authorization", "Bearer zqxj.not.a-token"),),
        (("authorization", "zqxj"),),
        (),
    ]


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> KeyDirectory:
    """The identity component's key files, as `python -m services.identity keys` makes."""
    directory = KeyDirectory(tmp_path_factory.mktemp("identity-fuzz") / "keys")
    directory.ensure()
    return directory


@pytest.fixture(scope="module")
def issuer(keys) -> Issuer:
    key = keys.current()
    return Issuer(keys=[(key.kid, key.private_key)])


@pytest.fixture(scope="module")
def riskview(
    keys, issuer, create_shared_view, create_topics, grant_kafka, kafka_bootstrap, tmp_path_factory
):
    """RiskView on test_riskview's scenario (an agenda of more than a page)."""
    dsn = create_shared_view("riskview_fuzz")
    writer = SharedViewWriter(dsn)
    writer.open()
    writer.record(facts())
    while writer.refresh(datetime.now(UTC), Rules(), 1000).subjects:
        pass
    writer.close()
    (disclosure_topic,) = create_topics("fuzz-disclosures")
    grant_kafka(writes(RISKVIEW_PRINCIPAL, disclosure_topic))
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_DISCLOSURE_TOPIC": disclosure_topic,
        **people_env(issuer, str(keys.jwks_path)),
    }
    log_path = tmp_path_factory.mktemp("riskview-fuzz") / "riskview.log"
    with riskview_channel(dsn, env, log_path) as channel:
        yield channel


def test_fuzzed_requests_of_every_caller_are_refused_cleanly_and_leave_riskview_working(
    riskview, issuer
):
    channel = riskview
    outcomes = Outcomes()
    people = callers(issuer)
    callables = {path_of(m): channel.unary_unary(path_of(m)) for m in METHODS}
    started = time.monotonic()

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(st.tuples(request(METHODS), st.sampled_from(people)), min_size=BATCH,
                    max_size=BATCH))  # fmt: skip
    def send(batch) -> None:
        if time.monotonic() - started > SECONDS:
            return
        calls = [
            (method, callables[path_of(method)].future(encoded, timeout=20, metadata=metadata))
            for (method, encoded), metadata in batch
        ]
        for method, call in calls:
            outcomes.check(method, call)

    send()
    sent = sum(outcomes.codes.values())
    print(
        f"\nriskview: {sent} requests over {len(METHODS)} RPCs in "
        f"{time.monotonic() - started:.1f} s: {dict(outcomes.codes.most_common())}"
    )
    assert not outcomes.wrong, outcomes.wrong[:20]
    assert not outcomes.echoed, outcomes.echoed[:20]
    health = health_pb2_grpc.HealthStub(channel)
    status = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=5).status
    assert status == health_pb2.HealthCheckResponse.SERVING
    list_agenda = callables["/marac.v1.RiskViewService/ListAgenda"]
    agenda = riskview_pb2.ListAgendaRequest(page_size=5).SerializeToString()
    reply = list_agenda(agenda, timeout=10, metadata=people[0])  # the chair's
    assert riskview_pb2.ListAgendaResponse.FromString(reply).items
    assert sent >= 2_500
