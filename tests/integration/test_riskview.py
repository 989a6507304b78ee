"""RiskView over gRPC, as a process, on a read model in real Postgres, recording every
disclosure on a real Kafka topic, for people proven by tokens signed with the identity
component's key files (and, as a deployment's external OpenID Connect issuer would,
by keys the project did not make, served on 127.0.0.1)."""

import http.server
import json
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest

from deploy.local.kafka_access import writes
from marac.v1 import disclosure_pb2, riskview_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.common.principals import RISKVIEW_PRINCIPAL
from services.identity.keys import KeyDirectory
from tests.people import (
    CHAIR,
    IG,
    POLICE_REP,
    Issuer,
    bearer,
    issuer_of,
    key_directory,
    representative,
)
from tests.riskview import (
    AGENDA_SUBJECTS,
    disclosures,
    handle,
    people_env,
    riskview_process,
    scenario_view,
)
from tests.support import (
    field_violations,
)
from tests.unit.test_facts import (
    ALICE,
    BOB,
)

POLICE = vocab.AGENCY_KIND_POLICE
REPRESENTATIVE = disclosure_pb2.CALLER_ROLE_AGENCY_REPRESENTATIVE
DDPO_REP = representative("ddpo", "ddpo-1", "usr_ddpo-rep")


@pytest.fixture(scope="module")
def read_model(create_shared_view):
    return scenario_view(create_shared_view("riskview"))


@pytest.fixture(scope="module")
def disclosure_topic(create_topics, grant_kafka):
    (topic,) = create_topics("disclosures")
    grant_kafka(writes(RISKVIEW_PRINCIPAL, topic))
    return topic


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> KeyDirectory:
    return key_directory(tmp_path_factory.mktemp("identity"))


@pytest.fixture(scope="module")
def issuer(keys) -> Issuer:
    return issuer_of(keys)


@pytest.fixture(scope="module")
def log_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("riskview") / "riskview.log"


@pytest.fixture(scope="module")
def riskview(read_model, disclosure_topic, kafka_bootstrap, keys, issuer, log_path):
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_DISCLOSURE_TOPIC": disclosure_topic,
        **people_env(issuer, str(keys.jwks_path)),
    }
    with riskview_process(read_model, env, log_path) as stub:
        yield stub


@pytest.fixture(scope="module")
def as_(issuer):
    """The call metadata of a person, by their claims."""
    return lambda person, **claims: bearer(issuer.token(person, **claims))


def test_a_representative_sees_own_and_shared_and_the_disclosure_is_on_the_topic(
    riskview, disclosure_topic, kafka_bootstrap, as_
):
    # The body's caller claims to be a chair of another agency: it is ignored.
    claimed = disclosure_pb2.Caller(role=disclosure_pb2.CALLER_ROLE_MARAC_CHAIR, user_id="x")
    answer = riskview.GetCaseView(
        riskview_pb2.GetCaseViewRequest(caller=claimed, case_reference="P-1"),
        metadata=as_(POLICE_REP),
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
    assert recorded.caller == disclosure_pb2.Caller(
        role=REPRESENTATIVE,
        agency=POLICE,
        agency_id="police-1",
        user_id="usr_u-17",
        issuer="urn:marac-hub:identity",
    )
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


def test_the_chair_pages_the_agenda_by_handle_never_seeing_a_match_key(
    riskview, disclosure_topic, kafka_bootstrap, as_
):
    listed, ids, token = [], [], ""
    while True:
        page = riskview.ListAgenda(
            riskview_pb2.ListAgendaRequest(meeting_id="MARAC-1", page_size=7, page_token=token),
            metadata=as_(CHAIR),
        )
        listed.extend(page.items)
        ids.extend(page.disclosure_ids)
        token = page.next_page_token
        assert ALICE not in str(page) and "0" * 60 not in str(page)  # no match key anywhere
        if not token:
            break
    handles = [item.handle for item in listed]
    assert len(handles) == len(set(handles)) == AGENDA_SUBJECTS + 1
    assert {item.subject_key for item in listed} == {""} and handle(BOB) not in handles
    alice = next(item for item in listed if item.handle == handle(ALICE))
    harm = next(r for r in alice.reasons if r.rule == riskview_pb2.ELIGIBILITY_RULE_CUMULATIVE_HARM)
    assert [a.agency_id for a in harm.agencies] == ["ddpo-1", "landlord-1", "vs-1"]

    opened = riskview.GetAgendaItem(
        riskview_pb2.GetAgendaItemRequest(handle=alice.handle, meeting_id="MARAC-1"),
        metadata=as_(CHAIR),
    )
    assert opened.item.handle == alice.handle and opened.item.subject_key == ""
    assert [c.agency_id for c in opened.contributions] == ["ddpo-1", "landlord-1", "vs-1"]
    on_topic = disclosures(kafka_bootstrap, disclosure_topic)
    assert set(ids) | {opened.disclosure_id} <= set(on_topic)
    item = on_topic[opened.disclosure_id]
    assert (item.view, item.meeting_id, item.purpose, item.caller.user_id) == (
        disclosure_pb2.DISCLOSURE_VIEW_AGENDA_ITEM,
        "MARAC-1",
        vocab.PURPOSE_MARAC_DISCUSSION,
        "usr_chair-1",
    )


@pytest.mark.parametrize(
    ("person", "call"),
    [
        (
            IG,
            lambda rv, m: rv.GetCaseView(
                riskview_pb2.GetCaseViewRequest(case_reference="P-1"), metadata=m
            ),
        ),
        (IG, lambda rv, m: rv.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=m)),
        (
            IG,
            lambda rv, m: rv.GetAgendaItem(
                riskview_pb2.GetAgendaItemRequest(handle=handle(ALICE)), metadata=m
            ),
        ),
        (POLICE_REP, lambda rv, m: rv.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=m)),
        (
            CHAIR,
            lambda rv, m: rv.GetCaseView(
                riskview_pb2.GetCaseViewRequest(case_reference="P-1"), metadata=m
            ),
        ),
    ],
)
def test_case_content_is_refused_to_ig_staff_and_the_wrong_role(riskview, as_, person, call):
    with pytest.raises(grpc.RpcError) as error:
        call(riskview, as_(person))
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_unknown_cases_and_subjects_off_the_agenda_are_not_found(riskview, as_):
    with pytest.raises(grpc.RpcError) as error:
        riskview.GetCaseView(
            riskview_pb2.GetCaseViewRequest(case_reference="D-1"), metadata=as_(POLICE_REP)
        )
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    for off_the_agenda in (handle(BOB), ALICE):  # nor is a match key a handle
        with pytest.raises(grpc.RpcError) as error:
            riskview.GetAgendaItem(
                riskview_pb2.GetAgendaItemRequest(handle=off_the_agenda), metadata=as_(CHAIR)
            )
        assert error.value.code() == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    ("person", "request_", "fields"),
    [
        (POLICE_REP, riskview_pb2.GetCaseViewRequest(case_reference="x" * 201), {"case_reference"}),
        (
            CHAIR,
            riskview_pb2.ListAgendaRequest(page_size=-1, page_token="zz"),
            {"page_size", "page_token"},
        ),
        (
            CHAIR,
            riskview_pb2.ListAgendaRequest(meeting_id="Dina Okafor, 12 Example Road"),
            {"meeting_id"},
        ),
        (CHAIR, riskview_pb2.GetAgendaItemRequest(subject_key=ALICE), {"handle"}),
        (
            CHAIR,
            riskview_pb2.GetAgendaItemRequest(handle="A1", meeting_id="m-1"),
            {"handle", "meeting_id"},
        ),
    ],
)
def test_bad_requests_are_invalid_naming_the_fields_never_their_values(
    riskview, as_, person, request_, fields
):
    method = {
        riskview_pb2.GetCaseViewRequest: riskview.GetCaseView,
        riskview_pb2.ListAgendaRequest: riskview.ListAgenda,
        riskview_pb2.GetAgendaItemRequest: riskview.GetAgendaItem,
    }[type(request_)]
    with pytest.raises(grpc.RpcError) as error:
        method(request_, metadata=as_(person))
    assert field_violations(error.value) == fields
    for value in ("Dina", "Example Road", "m-1", ALICE):
        assert value not in (error.value.details() or "")


def _another_audience(issuer: Issuer) -> str:
    return Issuer(audience="urn:another-service", keys=issuer.keys).token(CHAIR)


UNAUTHENTICATED = {
    "no token": lambda issuer: (),
    "not a bearer token": lambda issuer: (("authorization", "Basic Y2hhaXI6Y2hhaXI="),),
    "malformed": lambda issuer: bearer("eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.c2ln"),
    "expired": lambda issuer: bearer(issuer.token(CHAIR, issued=time.time() - 3600, lifetime=900)),
    "not yet valid": lambda issuer: bearer(issuer.token(CHAIR, nbf=int(time.time()) + 600)),
    "another issuer": lambda issuer: bearer(
        Issuer(issuer="https://login.example", keys=issuer.keys).token(CHAIR)
    ),
    "another audience": lambda issuer: bearer(_another_audience(issuer)),
    "another key set": lambda issuer: bearer(Issuer().token(CHAIR)),
    "too long-lived": lambda issuer: bearer(issuer.token(CHAIR, lifetime=7 * 86400)),
}
PERMISSION_DENIED = {
    "an unknown role": {"sub": "usr_x", "role": "admin"},
    "no role": {"sub": "usr_x"},
    "a representative without an agency": {"sub": "usr_x", "role": "representative"},
    "a representative of an unknown agency": representative("fire_and_rescue", "fr-1", "usr_x"),
}


@pytest.mark.parametrize(
    ("case", "code"),
    [(case, grpc.StatusCode.UNAUTHENTICATED) for case in UNAUTHENTICATED]
    + [(case, grpc.StatusCode.PERMISSION_DENIED) for case in PERMISSION_DENIED],
)
def test_a_person_not_proven_or_not_served_is_refused_with_the_reason_logged(
    riskview, issuer, log_path, case, code
):
    if case in UNAUTHENTICATED:
        metadata = UNAUTHENTICATED[case](issuer)
    else:
        metadata = bearer(issuer.token(PERMISSION_DENIED[case]))
    for call in (
        lambda: riskview.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=metadata),
        lambda: riskview.GetCaseView(
            riskview_pb2.GetCaseViewRequest(case_reference="P-1"), metadata=metadata
        ),
    ):
        with pytest.raises(grpc.RpcError) as error:
            call()
        assert error.value.code() == code
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if "{" in line]
    refused = [line for line in lines if line["event"] == "caller refused"]
    assert {"ListAgenda", "GetCaseView"} <= {line["rpc"] for line in refused}
    for _, value in metadata:
        assert value.removeprefix("Bearer ") not in log_path.read_text()


def test_a_disclosure_that_cannot_be_recorded_refuses_the_response(
    read_model, kafka_bootstrap, keys, issuer, as_, tmp_path
):
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_DISCLOSURE_TOPIC": "no-such-topic-for-disclosures",
        "MARAC_DISCLOSURE_TIMEOUT": "1",
        **people_env(issuer, str(keys.jwks_path)),
    }
    with riskview_process(read_model, env, tmp_path / "riskview.log") as riskview:
        with pytest.raises(grpc.RpcError) as error:
            riskview.GetCaseView(
                riskview_pb2.GetCaseViewRequest(case_reference="P-1"), metadata=as_(POLICE_REP)
            )
        assert error.value.code() == grpc.StatusCode.UNAVAILABLE
        own_only = riskview.GetCaseView(
            riskview_pb2.GetCaseViewRequest(case_reference="D-1"), metadata=as_(DDPO_REP)
        )
        assert [c.agency_id for c in own_only.contributions] == ["ddpo-1"]


@contextmanager
def jwks_server(issuer: Issuer):
    """The external issuer's jwks_uri, on 127.0.0.1; serves its keys as they are now."""

    class Keys(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(issuer.jwks()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Keys)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/protocol/openid-connect/certs"
    finally:
        server.shutdown()
        server.server_close()


def test_riskview_pointed_at_an_external_oidc_issuer_takes_its_keys_and_follows_rotation(
    read_model, disclosure_topic, kafka_bootstrap, issuer, tmp_path
):
    external = Issuer(issuer="https://login.example/realms/marac", audience="marac-riskview",
                      algorithm="ES256")  # fmt: skip
    with jwks_server(external) as jwks_uri:
        env = {
            "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
            "MARAC_DISCLOSURE_TOPIC": disclosure_topic,
            **people_env(external, jwks_uri),
            "MARAC_TOKEN_KEYS_COOLDOWN": "0",
        }
        with riskview_process(read_model, env, tmp_path / "riskview.log") as riskview:
            chair = external.token(CHAIR)
            page = riskview.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=bearer(chair))
            assert page.items
            external.rotate()  # a new signing key, published at the same URI
            rotated = external.token(CHAIR)
            assert riskview.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=bearer(rotated))
            for foreign in (issuer.token(CHAIR), Issuer(algorithm="ES256").token(CHAIR)):
                with pytest.raises(grpc.RpcError) as error:
                    riskview.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=bearer(foreign))
                assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_a_key_rotated_by_the_identity_component_is_read_from_its_jwks_file(
    read_model, disclosure_topic, kafka_bootstrap, tmp_path
):
    keys = KeyDirectory(tmp_path / "keys")
    before = keys.ensure()
    env = {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_DISCLOSURE_TOPIC": disclosure_topic,
        **people_env(Issuer(keys=[(before.kid, before.private_key)]), str(keys.jwks_path)),
    }
    with riskview_process(read_model, env, tmp_path / "riskview.log") as riskview:
        old = Issuer(keys=[(before.kid, before.private_key)]).token(CHAIR)
        assert riskview.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=bearer(old))
        after = keys.rotate()
        new = Issuer(keys=[(after.kid, after.private_key)]).token(CHAIR)
        for token in (new, old):  # the previous key stays until its tokens expire
            assert riskview.ListAgenda(riskview_pb2.ListAgendaRequest(), metadata=bearer(token))


def test_a_representative_pages_their_own_agencys_cases_and_nothing_is_disclosed(
    riskview, disclosure_topic, kafka_bootstrap, as_
):
    before = len(disclosures(kafka_bootstrap, disclosure_topic))
    listed, token = [], ""
    while True:
        page = riskview.ListOwnCases(
            riskview_pb2.ListOwnCasesRequest(page_size=3, page_token=token),
            metadata=as_(POLICE_REP),
        )
        assert len(page.cases) <= 3
        listed += page.cases
        token = page.next_page_token
        if not token:
            break
    references = [c.case_reference for c in listed]
    expected = ["P-1", "P-BOB", *(f"P-AGENDA-{n}" for n in range(AGENDA_SUBJECTS))]
    assert references == sorted(references) and sorted(references) == sorted(expected)
    assert {(c.agency_id, c.sharing_basis) for c in listed} == {
        ("police-1", riskview_pb2.SHARING_BASIS_OWN_AGENCY)
    }
    assert len(disclosures(kafka_bootstrap, disclosure_topic)) == before
    with pytest.raises(grpc.RpcError) as refused:
        riskview.ListOwnCases(riskview_pb2.ListOwnCasesRequest(), metadata=as_(CHAIR))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
