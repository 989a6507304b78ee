"""Fuzzing RiskView's every RPC over gRPC, on the real process, as every kind of
caller: the chair, a representative, IG staff, and tokens that prove no one (none,
malformed, expired, another issuer's, a role RiskView does not serve). Requests are
made from each method's descriptor as for the agency services
(tests/integration/test_fuzzing.py), malformed bytes among them. Whatever they are,
no answer is UNKNOWN or INTERNAL, none repeats a canary, and RiskView still serves
the chair's agenda afterwards."""

import time

import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from deploy.local.kafka_access import writes
from marac.v1 import riskview_pb2
from services.common.principals import RISKVIEW_PRINCIPAL
from services.identity.keys import KeyDirectory
from tests.integration.test_fuzzing import Outcomes, fuzz
from tests.people import CHAIR, IG, POLICE_REP, Issuer, bearer, issuer_of, key_directory
from tests.riskview import people_env, riskview_channel, scenario_view

EXAMPLES = 700  # each a batch of test_fuzzing.BATCH requests
SECONDS = 60
METHODS = list(riskview_pb2.DESCRIPTOR.services_by_name["RiskViewService"].methods)


def callers(signer: Issuer) -> tuple[tuple, ...]:
    """The metadata of each kind of caller (tokens made once: they last 15 minutes)."""
    return (
        bearer(signer.token(CHAIR)),
        bearer(signer.token(POLICE_REP)),
        bearer(signer.token(IG)),
        bearer(signer.token({"sub": "usr_x", "role": "zqxj-auditor"})),
        bearer(signer.token(CHAIR, issued=0, lifetime=60)),
        bearer(Issuer().token(CHAIR)),
        (("authorization", "Bearer zqxj.not.a-token"),),
        (("authorization", "zqxj"),),
        (),
    )


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> KeyDirectory:
    return key_directory(tmp_path_factory.mktemp("identity-fuzz"))


@pytest.fixture(scope="module")
def riskview(
    keys, create_shared_view, create_topics, grant_kafka, kafka_bootstrap, tmp_path_factory
):
    """RiskView on test_riskview's scenario (an agenda of more than a page)."""
    dsn = scenario_view(create_shared_view("riskview_fuzz"))
    (disclosure_topic,) = create_topics("fuzz-disclosures")
    grant_kafka(writes(RISKVIEW_PRINCIPAL, disclosure_topic))
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_DISCLOSURE_TOPIC": disclosure_topic,
        **people_env(issuer_of(keys), str(keys.jwks_path)),
    }
    log_path = tmp_path_factory.mktemp("riskview-fuzz") / "riskview.log"
    with riskview_channel(dsn, env, log_path) as channel:
        yield channel


def test_fuzzed_requests_of_every_caller_are_refused_cleanly_and_leave_riskview_working(
    riskview, keys
):
    channel = riskview
    outcomes = Outcomes()
    people = callers(issuer_of(keys))
    started = time.monotonic()
    fuzz(channel, METHODS, outcomes, people, EXAMPLES, SECONDS)
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
    list_agenda = channel.unary_unary("/marac.v1.RiskViewService/ListAgenda")
    agenda = riskview_pb2.ListAgendaRequest(page_size=5).SerializeToString()
    reply = list_agenda(agenda, timeout=10, metadata=people[0])  # the chair's
    assert riskview_pb2.ListAgendaResponse.FromString(reply).items
    assert sent >= 2_500
