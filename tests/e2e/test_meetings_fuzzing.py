"""Fuzzing the meeting service's every RPC over gRPC, on the real process, as every
kind of caller: the chair, a representative, IG staff, and tokens that prove no one.
Requests are made from each method's descriptor (tests/integration/test_fuzzing.py),
malformed bytes among them. Whatever they are, no answer is UNKNOWN or INTERNAL, none
repeats a canary, and the service still serves the chair's meetings afterwards."""

import time

import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from marac.v1 import meeting_pb2
from services.common.principals import TEST_CLIENT
from tests.integration.test_fuzzing import Outcomes, fuzz
from tests.people import Issuer, bearer
from tests.support import running_stack

EXAMPLES = 400  # each a batch of test_fuzzing.BATCH requests
SECONDS = 40
METHODS = list(meeting_pb2.DESCRIPTOR.services_by_name["MeetingService"].methods)


@pytest.fixture(scope="module")
def stack(run_id):
    # The meeting service and what it calls: RiskView (on an empty view).
    with running_stack(f"t{run_id}mfuzz", only=("riskview", "marac")) as deployment:
        yield deployment


def test_fuzzed_requests_of_every_caller_are_refused_cleanly_and_leave_meetings_working(stack):
    people = (
        bearer(stack.people.token("chair")),
        bearer(stack.people.token("social_landlord-rep")),
        bearer(stack.people.token("ig")),
        bearer(Issuer().token({"sub": "usr_x", "role": "chair"})),
        (("authorization", "Bearer zqxj.not.a-token"),),
        (),
    )
    outcomes = Outcomes()
    started = time.monotonic()
    with stack.channel("marac", TEST_CLIENT) as channel:
        fuzz(channel, METHODS, outcomes, people, EXAMPLES, SECONDS)
        sent = sum(outcomes.codes.values())
        print(
            f"\nmeetings: {sent} requests over {len(METHODS)} RPCs in "
            f"{time.monotonic() - started:.1f} s: {dict(outcomes.codes.most_common())}"
        )
        assert not outcomes.wrong, outcomes.wrong[:20]
        assert not outcomes.echoed, outcomes.echoed[:20]
        health = health_pb2_grpc.HealthStub(channel)
        status = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=5).status
        assert status == health_pb2.HealthCheckResponse.SERVING
        list_meetings = channel.unary_unary(
            "/marac.v1.MeetingService/ListMeetings",
            request_serializer=meeting_pb2.ListMeetingsRequest.SerializeToString,
            response_deserializer=meeting_pb2.ListMeetingsResponse.FromString,
        )
        listed = list_meetings(
            meeting_pb2.ListMeetingsRequest(page_size=5), timeout=10, metadata=people[0]
        )
        assert listed is not None
    assert sent >= 1_500
