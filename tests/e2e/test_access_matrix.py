"""The access matrix over the running stack: every principal of the deployment,
and callers with no certificate, a certificate from another authority or an
expired one, against every method every gRPC server serves (as its own reflection
lists them). The table below is the specification: each combination is allowed
or refused exactly as it says, with the right status, and each refusal is logged
with the principal and the method and nothing else."""

import datetime
import importlib
import json
import pkgutil
import time
from collections import Counter
from pathlib import Path

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from google.protobuf import descriptor_pool
from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha import reflection_pb2

import marac.v1
from deploy.local.pki import PKI_DIR, Pki
from marac.v1 import (
    access_log_pb2,
    agreements_pb2,
    audit_pb2,
    figures_pb2,
    meeting_pb2,
    riskview_pb2,
)
from services.common import principals
from services.common.callers import CHAIR as CHAIR_ROLE
from services.common.callers import REPRESENTATIVE as REPRESENTATIVE_ROLE
from services.common.principals import (
    DEMO_CLIENT,
    MEETINGS_PRINCIPAL,
    RISKVIEW_PRINCIPAL,
    STACK_OPERATOR,
    TEST_CLIENT,
    WEB_PRINCIPAL,
    Principal,
)
from services.identity.keys import KeyDirectory
from services.marac.grpc_api import MAY_CALL as MEETINGS_MAY_CALL
from tests.e2e.test_privacy_and_recovery import keys_and_values
from tests.people import Issuer, bearer, signed_in

# Every contract's descriptors, so that each method a server lists can be called.
for module in pkgutil.iter_modules(marac.v1.__path__):
    if module.name.endswith("_pb2"):
        importlib.import_module(f"marac.v1.{module.name}")

HEALTH = health_pb2.DESCRIPTOR.services_by_name["Health"].full_name
REFLECTION = "grpc.reflection.v1alpha.ServerReflection"
OPEN = {HEALTH, REFLECTION}
# Services whose every call must also prove which person is asking (a token).
NEEDS_A_PERSON = {
    "marac.v1.RiskViewService",
    "marac.v1.MeetingService",
    "marac.v1.AuditService",
    "marac.v1.AgreementService",
    "marac.v1.FiguresService",
}
# Principals a server serves as themselves, with no person's token: the operator asks
# the audit service to verify the ledger and sign checkpoints.
AS_ITSELF = {"audit": frozenset([STACK_OPERATOR])}
# The IG console: IG staff's alone, by their token; the operator's certificate is not enough.
IG_CONSOLE_RPCS = ("FindEntries", "GetSubjectHistory", "GetSubjectAccessReport", "ListDisclosures")
FOR_PEOPLE_ONLY = {f"/marac.v1.AuditService/{rpc}" for rpc in IG_CONSOLE_RPCS}
# Methods whose request is itself a credential, refused when it proves no one (as here).
TAKES_A_CREDENTIAL = {"/marac.v1.IdentityService/Renew"}
REFUSED = {grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED}
REFUSAL_FIELDS = frozenset({"ts", "level", "logger", "event", "principal", "method", "code"})


# Services of a server that only these principals may call (not the server's others).
SERVICE_CALLERS = {
    ("riskview", "marac.v1.MeetingSubjectsService"): frozenset([MEETINGS_PRINCIPAL]),
    # Whether a subject is on a meeting's agenda, before RiskView opens one not eligible now.
    ("marac", "marac.v1.MeetingAgendaService"): frozenset([RISKVIEW_PRINCIPAL]),
}


def may_call(stack) -> dict[str, frozenset[Principal]]:
    """Who may call each server's own methods (health and reflection: everyone
    with a certificate of the deployment; a service in SERVICE_CALLERS: those it
    names). Relays, the projection and the ledger's retention serve only health;
    the retention's own principal (audit/retention) may call nothing but health."""
    table = {a.name: frozenset([principals.agency_system(a.name)]) for a in stack.agencies}
    table["riskview"] = frozenset([WEB_PRINCIPAL, DEMO_CLIENT, TEST_CLIENT])
    table["figures"] = frozenset([WEB_PRINCIPAL, DEMO_CLIENT, TEST_CLIENT])
    table["identity"] = frozenset([WEB_PRINCIPAL, TEST_CLIENT])
    table["marac"] = frozenset([WEB_PRINCIPAL, DEMO_CLIENT, TEST_CLIENT])
    table["audit"] = frozenset([STACK_OPERATOR, WEB_PRINCIPAL, DEMO_CLIENT, TEST_CLIENT])
    for name, process in stack.processes.items():
        table.setdefault(name, frozenset())
        assert process.health_address, name
    return table


def served_methods(channel: grpc.Channel) -> list[tuple[str, object]]:
    """Every method the server says it serves, with its descriptor."""
    ask = channel.stream_stream(
        f"/{REFLECTION}/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    reply = next(ask(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10))
    pool = descriptor_pool.Default()
    methods = []
    for service in reply.list_services_response.service:
        if service.name == REFLECTION:
            methods.append((f"/{REFLECTION}/ServerReflectionInfo", None))
            continue
        for method in pool.FindServiceByName(service.name).methods:
            methods.append((f"/{service.name}/{method.name}", method))
    return methods


def call(
    channel: grpc.Channel, method: str, descriptor, metadata=(), request: bytes = b""
) -> grpc.StatusCode:
    """The status of a request (empty unless given) to `method`: what the caller is told."""
    try:
        if method.endswith("/ServerReflectionInfo"):
            ask = channel.stream_stream(method)
            request = reflection_pb2.ServerReflectionRequest(list_services="")
            next(ask(iter([request.SerializeToString()]), timeout=5))
        elif descriptor is not None and descriptor.server_streaming:
            replies = channel.unary_stream(method)(request, timeout=5, metadata=metadata)
            next(replies)
            replies.cancel()
        else:
            channel.unary_unary(method)(request, timeout=5, metadata=metadata)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK


def expired_certificate(folder: Path) -> grpc.ChannelCredentials:
    """The police system's name on a certificate from our authority that expired."""
    authority = x509.load_pem_x509_certificate((PKI_DIR / "ca.pem").read_bytes())
    authority_key = serialization.load_pem_private_key((PKI_DIR / "ca.key").read_bytes(), None)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([]))
        .issuer_name(authority.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=30))
        .not_valid_after(now - datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.UniformResourceIdentifier(principals.agency_system("police").uri)]
            ),
            critical=False,
        )
        .sign(authority_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    ca = (PKI_DIR / "ca.pem").read_bytes()
    return grpc.ssl_channel_credentials(ca, key_pem, cert.public_bytes(serialization.Encoding.PEM))


@pytest.fixture(scope="module")
def outsiders(tmp_path_factory) -> dict[str, grpc.ChannelCredentials | None]:
    """Callers the TLS handshake refuses before any method is reached."""
    ca = (PKI_DIR / "ca.pem").read_bytes()
    foreign = Pki(tmp_path_factory.mktemp("foreign-pki")).issued(principals.agency_system("police"))
    return {
        "no certificate": grpc.ssl_channel_credentials(ca),
        "another authority's certificate": foreign.channel_credentials(),
        "an expired certificate": expired_certificate(tmp_path_factory.mktemp("expired")),
        "plaintext": None,
    }


CODE_NAMES = {code.value[0]: code.name for code in grpc.StatusCode}


def refusals_logged(stack, since: int) -> Counter:
    """The refusals on the access log since `since` (nanoseconds since the epoch), by
    method, principal and code."""
    records = keys_and_values(stack.access_log_topic)
    entries = [access_log_pb2.AccessLogEntry.FromString(value) for _, value in records]
    return Counter(
        (e.method, e.principal, CODE_NAMES[e.code])
        for e in entries
        if e.decision == access_log_pb2.ACCESS_DECISION_REFUSED and e.at.ToNanoseconds() >= since
    )


def test_every_principal_may_call_exactly_what_the_table_says(stack, outsiders):
    table = may_call(stack)
    tried = refused = 0
    wrong = []
    expected_refusals: dict[str, set[tuple[str, str]]] = {}
    # Every refusal this test causes, by method, principal and code: each must be on
    # the access log.
    caused: Counter = Counter()
    started = time.time_ns()
    for name, process in stack.processes.items():
        process.wait_serving()
        address = process.health_address
        with stack.channel_to(address, principals.STACK_OPERATOR) as operator:
            methods = served_methods(operator)
        assert {m.split("/")[1] for m, _ in methods} >= OPEN, name
        for principal in stack.principals:
            with stack.channel_to(address, principal) as channel:
                for method, descriptor in methods:
                    service = method.split("/")[1]
                    callers = SERVICE_CALLERS.get((name, service), table[name])
                    allowed = service in OPEN or principal in callers
                    code = call(channel, method, descriptor)
                    tried += 1
                    refused += code in REFUSED
                    if code in REFUSED:
                        caused[(method, str(principal), code.name)] += 1
                    if not allowed:
                        expected_refusals.setdefault(name, set()).add((str(principal), method))
                        right = code == grpc.StatusCode.PERMISSION_DENIED
                    elif principal in AS_ITSELF.get(name, ()) and method not in FOR_PEOPLE_ONLY:
                        right = code not in REFUSED
                    elif service in NEEDS_A_PERSON or method in TAKES_A_CREDENTIAL:
                        right = code == grpc.StatusCode.UNAUTHENTICATED  # no token here
                    else:
                        right = code not in REFUSED
                    if not right:
                        wrong.append((name, str(principal), method, code.name))
        for outsider, credentials in outsiders.items():
            channel = (
                grpc.insecure_channel(address)
                if credentials is None
                else grpc.secure_channel(address, credentials)
            )
            with channel:
                for method, descriptor in methods:
                    code = call(channel, method, descriptor)
                    tried += 1
                    refused += code != grpc.StatusCode.OK
                    if code != grpc.StatusCode.UNAVAILABLE:
                        wrong.append((name, outsider, method, code.name))
    people_tried, people_refused = people_matrix(stack, table, wrong, expected_refusals, caused)
    tried, refused = tried + people_tried, refused + people_refused
    print(f"\naccess matrix: {tried} combinations tried, {refused} refused")
    logged = refusals_logged(stack, started)
    print(f"access log: {sum(caused.values())} refusals caused, {sum(logged.values())} logged")
    assert not caused - logged, list((caused - logged).items())[:20]
    assert not wrong, wrong[:20]
    for name, refusals in expected_refusals.items():
        lines = [
            line
            for line in map(json.loads, _json_lines(stack.processes[name].log_path))
            if line.get("event") == "refused"
        ]
        assert refusals <= {(line["principal"], line["method"]) for line in lines}, name
        # The principal, the method and the answer: nothing from the request.
        assert {frozenset(line) for line in lines} == {REFUSAL_FIELDS}, name


# Who may call each RiskView method, by the role their token proves.
PEOPLE_MAY = {
    "GetCaseView": {"representative"},
    "ListAgenda": {"chair"},
    "GetAgendaItem": {"chair"},
    "ListOwnCases": {"representative"},
}
# A request each method would answer for the right person (so that a refusal is
# about who is asking, not about what was asked).
PEOPLE_ASK = {
    "GetCaseView": riskview_pb2.GetCaseViewRequest(case_reference="NO-SUCH-CASE"),
    "ListAgenda": riskview_pb2.ListAgendaRequest(page_size=1),
    "GetAgendaItem": riskview_pb2.GetAgendaItemRequest(handle="no-such-item"),
    "ListOwnCases": riskview_pb2.ListOwnCasesRequest(page_size=1),
}


def meetings_may() -> dict[str, set[str]]:
    """Who may call each MeetingService method, by role name (the service's table)."""
    names = {CHAIR_ROLE: "chair", REPRESENTATIVE_ROLE: "representative"}
    return {rpc: {names[r] for r in roles} for rpc, roles in MEETINGS_MAY_CALL.items()}


AUDIT_RPCS = ("Verify", "SignCheckpoint", "GetHead", *IG_CONSOLE_RPCS)
# The servers that serve people, with who may call each method and what to ask.
AGREEMENT_RPCS = ("RecordAgreement", "EndAgreement", "ListAgreements", "GetAgreement")
PEOPLE_SERVICES = [
    ("riskview", "marac.v1.RiskViewService", PEOPLE_MAY, PEOPLE_ASK),
    (
        "marac",
        "marac.v1.MeetingService",
        meetings_may(),
        # An empty request: the right person is told what is wrong with it, never refused.
        {rpc: meeting_pb2.GetMeetingRequest() for rpc in MEETINGS_MAY_CALL},
    ),
    # IG staff only; every request is empty.
    (
        "audit",
        "marac.v1.AuditService",
        {rpc: {"ig"} for rpc in AUDIT_RPCS},
        {rpc: audit_pb2.VerifyRequest() for rpc in AUDIT_RPCS},
    ),
    (
        "audit",
        "marac.v1.AgreementService",
        {rpc: {"ig"} for rpc in AGREEMENT_RPCS},
        {rpc: agreements_pb2.GetAgreementRequest() for rpc in AGREEMENT_RPCS},
    ),
    # Partnership analysts and chairs see the figures; no one else. The case reviews
    # are the community safety partnership's: analysts only.
    (
        "figures",
        "marac.v1.FiguresService",
        {
            "ListFigures": {"chair", "analyst"},
            "GetFigure": {"chair", "analyst"},
            "ListCaseReviews": {"analyst"},
        },
        {
            "ListFigures": figures_pb2.ListFiguresRequest(),
            "GetFigure": figures_pb2.GetFigureRequest(name="response_times"),
            "ListCaseReviews": figures_pb2.ListCaseReviewsRequest(),
        },
    ),
]


def people_matrix(stack, table, wrong, expected_refusals, caused) -> tuple[int, int]:
    """The methods of each server that serves people, for each program that may
    call it, as each person: the demo users of each role, and tokens that prove no
    one (none, expired, signed by another issuer's key)."""
    chair = stack.people.token("chair")
    forged = Issuer().token({"sub": "usr_chair-1", "role": "chair"})
    # Signed with the stack's own issuer's key, but for another audience, or a role
    # RiskView does not serve.
    key = KeyDirectory(stack.people.key_dir).current()
    own_key = Issuer(keys=[(key.kid, key.private_key)])
    elsewhere = own_key.token({"sub": "usr_chair-1", "role": "chair"}, aud="another-service")
    auditor = own_key.token({"sub": "usr_x-1", "role": "auditor"})
    expired = own_key.token({"sub": "usr_chair-1", "role": "chair"}, issued=0, lifetime=60)
    people = {
        "chair": (bearer(chair), "chair"),
        "police representative": (signed_in(stack, "police-rep"), "representative"),
        "IG staff": (signed_in(stack, "ig"), "ig"),
        "partnership analyst": (signed_in(stack, "analyst"), "analyst"),
        "no token": ((), None),
        "a token of another issuer": (bearer(forged), None),
        "a token for another audience": (bearer(elsewhere), None),
        "a role RiskView does not serve": (bearer(auditor), "auditor"),
        "an expired token": (bearer(expired), None),
        "not a token": ((("authorization", "Bearer not-a-token"),), None),
    }
    tried = refused = 0
    for server, service, may, asks in PEOPLE_SERVICES:
        address = stack.grpc_address(server)
        for principal in sorted(table[server] - AS_ITSELF.get(server, frozenset())):
            with stack.channel_to(address, principal) as channel:
                for name, ask in asks.items():
                    method = f"/{service}/{name}"
                    for person, (metadata, role) in people.items():
                        code = call(channel, method, None, metadata, ask.SerializeToString())
                        tried += 1
                        refused += code in REFUSED
                        if code in REFUSED:
                            caused[(method, str(principal), code.name)] += 1
                        if role is None:
                            expected = {grpc.StatusCode.UNAUTHENTICATED}
                        elif role in may[name]:
                            expected = None  # anything but a refusal
                        else:
                            expected = {grpc.StatusCode.PERMISSION_DENIED}
                        if (expected is None and code in REFUSED) or (
                            expected is not None and code not in expected
                        ):
                            wrong.append((server, f"{principal} as {person}", method, code.name))
        # Each person refused is logged by method and reason, and no token is logged.
        log = stack.processes[server].log_path.read_text()
        lines = [json.loads(line) for line in _json_lines(stack.processes[server].log_path)]
        refused_rpcs = {line.get("rpc") for line in lines if line.get("event") == "caller refused"}
        assert set(asks) <= refused_rpcs, server
        for token in (chair, forged, elsewhere, auditor, expired):
            assert token not in log, server
    return tried, refused


def _json_lines(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line.startswith("{")]
