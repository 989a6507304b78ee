"""Fuzzing every agency service's every RPC over gRPC, on the real processes.

Hypothesis makes requests of each method's request type from its descriptor
(every field maybe set; strings carrying a recognisable canary, some in the
identifiers' formats so that requests reach the case rules; instants in and out of
Timestamp's range; enum numbers in and out of the vocabulary), and malformed bytes
(random, truncated or corrupted encodings, invalid UTF-8), all sent through a
generic unary-unary callable. Whatever they are, no answer is UNKNOWN or INTERNAL,
no refusal's message or details repeat a canary, no answer carries the match key
of a subject any request named (the test holds the service's linking key;
tests.match_keys), and each service is healthy afterwards and still records a
normal request.
"""

import random
import secrets
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future

import grpc
import pytest
from google.protobuf import message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from marac.v1 import agency_case_pb2, ddpo_pb2, landlord_pb2, police_pb2, victim_support_pb2
from marac.v1 import agency_case_pb2_grpc as kernel_grpc
from tests.match_keys import MatchKeys
from tests.support import agency_service

CANARY = "zqxj"  # in no message of ours, in any case
EXAMPLES = 640  # per agency, each a batch of BATCH requests
BATCH = 4
SECONDS = 100  # a bound on the whole run, whatever the machine
OWN_API = {
    "police": police_pb2,
    "social_landlord": landlord_pb2,
    "victim_support": victim_support_pb2,
    "ddpo": ddpo_pb2,
}
REFUSED = {grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL}
F = FieldDescriptor


def methods_of(agency: str) -> list[MethodDescriptor]:
    services = [
        agency_case_pb2.DESCRIPTOR.services_by_name["AgencyCaseService"],
        *OWN_API[agency].DESCRIPTOR.services_by_name.values(),
    ]
    return [method for service in services for method in service.methods]


# Values a field may take. References and request ids come from small pools, so
# requests meet cases opened by others and request ids used before.
def canary_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from([f"ZQXJ-{n}" for n in range(6)]),  # a case reference's format
        st.sampled_from([f"ZQXJ/{n}/26" for n in range(3)]),
        st.integers(0, 9).map(lambda n: f"Zqxj Canary-{n}, 1 High St, 07700 900{n:03d}"),
        st.text(max_size=12).map(lambda t: f"{t}zqxj{t}"),
        st.integers(1, 3000).map(lambda n: "ZQXJ" * n),
        st.just(""),
    )


POOLED_UUIDS = [str(uuid.UUID(int=n + 1, version=4)) for n in range(6)]
REFERENCES = st.sampled_from([f"ZQXJ-{n}" for n in range(6)])
TEXT = st.one_of(
    canary_text(),
    st.sampled_from(POOLED_UUIDS),
    st.sampled_from(["M1 1AE", "L4 0TH", "1990-05-06", "2026-11-30", "en", "BSL"]),
)
# Most identifiers in their formats, so that most requests reach the case rules.
BY_NAME = {
    "request_id": st.one_of(st.sampled_from(POOLED_UUIDS), REFERENCES, st.uuids().map(str), TEXT),
    "case_reference": st.one_of(REFERENCES, REFERENCES, TEXT),
    "crime_reference": st.one_of(REFERENCES, TEXT),
    "postcode": st.one_of(st.sampled_from(["M1 1AE", "L4 0TH"]), TEXT),
    "date_of_birth": st.one_of(st.just("1990-05-06"), TEXT),
}
INT_RANGES = {
    F.TYPE_INT32: (-(2**31), 2**31 - 1),
    F.TYPE_SINT32: (-(2**31), 2**31 - 1),
    F.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    F.TYPE_UINT32: (0, 2**32 - 1),
    F.TYPE_FIXED32: (0, 2**32 - 1),
    F.TYPE_INT64: (-(2**63), 2**63 - 1),
    F.TYPE_SINT64: (-(2**63), 2**63 - 1),
    F.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    F.TYPE_UINT64: (0, 2**64 - 1),
    F.TYPE_FIXED64: (0, 2**64 - 1),
}
NOW = int(time.time())
SECONDS_AT = st.one_of(
    st.integers(NOW - 400 * 86400, NOW + 400 * 86400),
    st.integers(NOW - 400 * 86400, NOW + 400 * 86400),
    st.sampled_from([-62_135_596_800, -62_135_596_801, 253_402_300_799, 253_402_300_800]),
    st.integers(-(2**63), 2**63 - 1),
)
NANOS = st.one_of(st.just(0), st.integers(-1, 1_000_000_000), st.integers(-(2**31), 2**31 - 1))


def integer(field: FieldDescriptor) -> st.SearchStrategy[int]:
    low, high = INT_RANGES[field.type]
    return st.one_of(st.integers(max(low, -3), min(high, 400)), st.sampled_from([low, high]))


def scalar(field: FieldDescriptor, depth: int) -> st.SearchStrategy:
    if field.type == F.TYPE_STRING:
        if field.name in BY_NAME:
            return BY_NAME[field.name]
        if field.name.endswith("_id"):
            return st.one_of(st.sampled_from(POOLED_UUIDS), TEXT)
        return TEXT
    if field.type == F.TYPE_BYTES:
        return st.binary(max_size=40)
    if field.type == F.TYPE_BOOL:
        return st.booleans()
    if field.type == F.TYPE_ENUM:
        known = st.sampled_from([v.number for v in field.enum_type.values])
        return st.one_of(known, known, st.integers(-3, 300))
    if field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return st.floats(allow_nan=True, width=32)
    if field.type == F.TYPE_MESSAGE:
        return message(field.message_type, depth + 1)
    return integer(field)


@st.composite
def message(draw, descriptor: Descriptor, depth: int = 0):
    built = message_factory.GetMessageClass(descriptor)()
    if descriptor.full_name == "google.protobuf.Timestamp":
        built.seconds, built.nanos = draw(SECONDS_AT), draw(NANOS)
        return built
    for field in descriptor.fields:
        if depth > 3 or draw(st.integers(0, 3)) == 0:
            continue
        values = scalar(field, depth)
        if field.is_repeated:
            getattr(built, field.name).extend(draw(st.lists(values, max_size=3)))
        elif field.type == F.TYPE_MESSAGE:
            getattr(built, field.name).CopyFrom(draw(values))
        else:
            setattr(built, field.name, draw(values))
    return built


def malformed(encoded: bytes) -> st.SearchStrategy[bytes]:
    """Bytes that are not a valid encoding of the request (or may not be)."""
    return st.one_of(
        st.binary(min_size=1, max_size=64).map(lambda b: b + CANARY.encode()),
        st.integers(1, max(1, len(encoded))).map(lambda n: encoded[: n - 1] + b"\xff"),
        # Field 1 (a string in every request that has one) of invalid UTF-8.
        st.just(b"\x0a\x06\xff\xfe" + CANARY.encode()),
        # A length that runs past the end.
        st.just(b"\x12\x7f" + CANARY.encode()),
        st.just(b"\x0a\x05" + CANARY.upper().encode() + b"\x80"),
    )


@st.composite
def request(draw, methods: list[MethodDescriptor]) -> tuple[MethodDescriptor, bytes]:
    method = draw(st.sampled_from(methods))
    encoded = draw(message(method.input_type)).SerializeToString()
    if draw(st.integers(0, 9)) == 0:
        return method, draw(malformed(encoded))
    return method, encoded


def path_of(method: MethodDescriptor) -> str:
    return f"/{method.containing_service.full_name}/{method.name}"


class Outcomes:
    def __init__(self) -> None:
        self.codes: Counter[str] = Counter()
        self.answered: set[str] = set()  # methods that answered OK
        self.wrong: list[str] = []
        self.echoed: list[str] = []

    def check(self, method: MethodDescriptor, call: Future) -> None:
        error = call.exception()
        if error is None:
            self.codes["OK"] += 1
            self.answered.add(method.name)
            return
        code = error.code()
        self.codes[code.name] += 1
        if code in REFUSED:
            self.wrong.append(f"{method.name}: {code.name}")
        said = (error.details() or "").encode() + b"".join(
            value if isinstance(value, bytes) else value.encode()
            for _, value in error.trailing_metadata() or ()
        )
        if CANARY.encode() in said.lower():
            self.echoed.append(f"{method.name}: {code.name} {said[:200]!r}")


def fuzz(
    channel: grpc.Channel,
    methods: list[MethodDescriptor],
    outcomes: Outcomes,
    callers: tuple = ((),),
    examples: int = EXAMPLES,
    # Time enough for every batch on a busy machine (all 2,560 take about 15 s on a
    # quiet one, 30 s at load 10): the test counts what was sent, not how fast.
    seconds: float = SECONDS * 0.6,
) -> None:
    """Sends `examples` batches of fuzzed requests (for at most `seconds`), each with
    the call metadata of one of `callers` (by default none)."""
    callables: dict[str, Callable] = {}
    started = time.monotonic()
    # One caller draws nothing, so the agencies' requests stay the ones they were.
    caller = st.sampled_from(callers) if len(callers) > 1 else st.just(callers[0])

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(st.tuples(request(methods), caller), min_size=BATCH, max_size=BATCH))
    def send(batch: list[tuple[tuple[MethodDescriptor, bytes], tuple]]) -> None:
        if time.monotonic() - started > seconds:
            return
        calls = []
        for (method, encoded), metadata in batch:
            path = path_of(method)
            if path not in callables:
                callables[path] = channel.unary_unary(path)
            call = callables[path].future(encoded, timeout=20, metadata=metadata)
            calls.append((method, call))
        for method, call in calls:
            outcomes.check(method, call)

    send()


def a_normal_request_is_recorded(channel: grpc.Channel, reference: str = "") -> None:
    kernel = kernel_grpc.AgencyCaseServiceStub(channel)
    reference = reference or f"FUZZ-{uuid.uuid4().hex[:8].upper()}"
    opened = kernel.OpenCase(
        agency_case_pb2.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=agency_case_pb2.SubjectIdentity(
                given_name="Kim", family_name="Lee", date_of_birth="1990-05-06", postcode="M1 1AE"
            ),
        ),
        timeout=10,
    )
    assert opened.case_reference == reference


@pytest.mark.parametrize("agency", list(OWN_API))
def test_fuzzed_requests_are_refused_cleanly_and_leave_the_service_working(
    agency, create_database, tmp_path_factory
):
    random.seed(0)
    methods = methods_of(agency)
    outcomes = Outcomes()
    keys = MatchKeys(secrets.token_hex(32))  # the service's linking key
    started = time.monotonic()
    with agency_service(
        agency,
        create_database(f"fuzz_{agency}"),
        tmp_path_factory.mktemp(f"fuzz_{agency}"),
        match_keys=keys,
    ) as channel:
        # Cases the fuzzed requests meet (their references are in the pool), one closed.
        for n in range(5):
            a_normal_request_is_recorded(channel, f"ZQXJ-{n}")
        kernel_grpc.AgencyCaseServiceStub(channel).CloseCase(
            agency_case_pb2.CloseCaseRequest(
                request_id=str(uuid.uuid4()), case_reference="ZQXJ-4", outcome=1
            ),
            timeout=10,
        )
        fuzz(channel, methods, outcomes)
        health = health_pb2_grpc.HealthStub(channel)
        status = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=5).status
        a_normal_request_is_recorded(channel)
    sent = sum(outcomes.codes.values())
    print(
        f"\n{agency}: {sent} requests over {len(methods)} RPCs in "
        f"{time.monotonic() - started:.1f} s: {dict(outcomes.codes.most_common())}; "
        f"{len(keys.hex)} subjects' match keys looked for in every answer, "
        f"OK answers from {len(outcomes.answered)} RPCs"
    )
    assert not outcomes.wrong, outcomes.wrong[:20]
    assert not outcomes.echoed, outcomes.echoed[:20]
    assert not keys.leaks, keys.leaks[:20]
    assert sum(keys.answers[m.name] for m in methods) >= sent  # each answer looked at
    assert status == health_pb2.HealthCheckResponse.SERVING
    assert sent >= 2_500
