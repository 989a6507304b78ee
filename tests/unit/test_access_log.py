"""What the access log holds for each kind of call, through the interceptor every
gRPC server has (services.common.grpc_access), with an access log in memory and a
stand-in for gRPC's servicer context: refusals by the access table and by the
person's check, views and searches (answered only once their entry is written),
and writes (no entry)."""

import asyncio
import logging
import time
from collections import namedtuple

import grpc
import pytest

from marac.v1 import access_log_pb2 as pb
from marac.v1 import agency_case_pb2, disclosure_pb2, riskview_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.common.access import Access
from services.common.access_log import AccessNotLogged
from services.common.errors import NotFound
from services.common.grpc_access import Authorising
from services.common.grpc_errors import answer
from services.common.person_tokens import KeySet, People, TokenRules, answer_as_person
from services.common.principals import TEST_CLIENT, WEB_PRINCIPAL, agency_system
from tests.people import AUDIENCE, CHAIR, ISSUER, POLICE_REP, Issuer, bearer

POLICE = agency_system("police")
GET_CASE = "/marac.v1.AgencyCaseService/GetCase"
OPEN_CASE = "/marac.v1.AgencyCaseService/OpenCase"
AGENDA_ITEM = "/marac.v1.RiskViewService/GetAgendaItem"
HANDLE = "A" * 22 + "b-_" * 14
LOGGER = logging.getLogger("test-access-log")
Details = namedtuple("Details", "method invocation_metadata")


class Log:
    """The access log, in memory; `down` makes every write fail as a broker down would."""

    def __init__(self, down: bool = False, hangs: bool = False) -> None:
        self.entries: list[pb.AccessLogEntry] = []
        self.down, self.hangs = down, hangs

    async def write(self, entry: pb.AccessLogEntry) -> None:
        if self.hangs:  # a broker that takes the request and never answers
            await asyncio.sleep(60)
        if self.down:
            raise AccessNotLogged()
        self.entries.append(entry)

    async def close(self) -> None:
        pass


class Told(Exception):
    """What the caller was told, when it was not an answer."""

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        self.code, self.details = code, details


class Context:
    """gRPC's servicer context, as far as a call uses it."""

    def __init__(self, principal=None, metadata=(), seconds_left: float = 5.0) -> None:
        self._ids = {"peer_spiffe_id": [principal.uri.encode()]} if principal else {}
        self._metadata = metadata
        self._seconds_left = seconds_left

    def auth_context(self):
        return self._ids

    def invocation_metadata(self):
        return self._metadata

    def time_remaining(self):
        return self._seconds_left

    async def abort(self, code, details=""):
        raise Told(code, details)

    async def abort_with_status(self, status):
        raise Told(status.code, status.details)


def call(log: Log, access: Access, method: str, behaviour, request, context: Context):
    """The call as the server makes it: the interceptor's handler, then the behaviour."""

    async def run():
        async def continuation(details):
            return grpc.unary_unary_rpc_method_handler(behaviour)

        details = Details(method, ())
        authorising = Authorising(access, LOGGER, log, "agency-service/police")
        handler = await authorising.intercept_service(continuation, details)
        return await handler.unary_unary(request, context)

    return asyncio.run(run())


async def found(request, context):
    return agency_case_pb2.GetCaseResponse()


async def not_found(request, context):
    return await answer(context, _raise(NotFound("no case with this reference")), LOGGER, "GetCase")


def _raise(error):
    def work():
        raise error

    return work


def test_a_principal_the_table_refuses_is_logged_refused_with_its_code_and_reason():
    log = Log()
    with pytest.raises(Told) as told:
        call(
            log,
            Access.only([POLICE]),
            GET_CASE,
            found,
            agency_case_pb2.GetCaseRequest(case_reference="PC-1"),
            Context(WEB_PRINCIPAL),
        )
    assert told.value.code == grpc.StatusCode.PERMISSION_DENIED
    (entry,) = log.entries
    assert (entry.service, entry.principal, entry.method) == (
        "agency-service/police",
        "web",
        GET_CASE,
    )
    assert entry.decision == pb.ACCESS_DECISION_REFUSED
    assert entry.code == grpc.StatusCode.PERMISSION_DENIED.value[0]
    assert entry.reason == pb.REFUSAL_REASON_PRINCIPAL_NOT_PERMITTED
    assert not entry.HasField("person") and entry.request_id and entry.at.seconds


def test_a_certificate_that_names_no_principal_is_logged_unauthenticated():
    log = Log()
    with pytest.raises(Told) as told:
        call(
            log, Access.only([POLICE]), GET_CASE, found, agency_case_pb2.GetCaseRequest(), Context()
        )
    assert told.value.code == grpc.StatusCode.UNAUTHENTICATED
    (entry,) = log.entries
    assert entry.principal == "" and entry.code == grpc.StatusCode.UNAUTHENTICATED.value[0]
    assert entry.reason == pb.REFUSAL_REASON_UNKNOWN_PRINCIPAL


def test_a_read_is_logged_allowed_with_the_case_it_concerned_before_it_is_answered():
    log = Log()
    request = agency_case_pb2.GetCaseRequest(case_reference="CR/12345/26")
    reply = call(log, Access.only([POLICE]), GET_CASE, found, request, Context(POLICE))
    assert reply == agency_case_pb2.GetCaseResponse()
    (entry,) = log.entries
    assert entry.decision == pb.ACCESS_DECISION_ALLOWED and entry.code == 0
    assert (entry.principal, entry.case_reference, entry.subject_handle) == (
        "agency-system/police",
        "CR/12345/26",
        "",
    )


@pytest.mark.parametrize("typed", ["CR/1/26", "ZEPHYROKAFOR"])  # a surname fits the format
def test_a_search_that_finds_nothing_is_logged_with_its_answer_and_not_what_was_typed(typed):
    log = Log()
    request = agency_case_pb2.GetCaseRequest(case_reference=typed)
    with pytest.raises(Told) as told:
        call(log, Access.only([POLICE]), GET_CASE, not_found, request, Context(POLICE))
    assert told.value.code == grpc.StatusCode.NOT_FOUND
    (entry,) = log.entries
    assert entry.decision == pb.ACCESS_DECISION_ALLOWED
    assert entry.code == grpc.StatusCode.NOT_FOUND.value[0]
    assert entry.case_reference == "" and typed not in str(entry)


@pytest.mark.parametrize("behaviour", [found, not_found])
def test_with_the_log_unwritable_a_read_is_unavailable_never_answered(behaviour):
    request = agency_case_pb2.GetCaseRequest(case_reference="CR/1/26")
    with pytest.raises(Told) as told:
        call(Log(down=True), Access.only([POLICE]), GET_CASE, behaviour, request, Context(POLICE))
    assert told.value.code == grpc.StatusCode.UNAVAILABLE


@pytest.mark.parametrize("caller", [POLICE, WEB_PRINCIPAL], ids=["read", "refusal"])
def test_a_log_that_does_not_answer_in_time_does_not_make_the_caller_miss_its_deadline(caller):
    request = agency_case_pb2.GetCaseRequest(case_reference="CR/1/26")
    started = time.monotonic()
    with pytest.raises(Told) as told:
        call(
            Log(hangs=True), Access.only([POLICE]), GET_CASE, found, request,
            Context(caller, seconds_left=0.5),
        )  # fmt: skip
    assert time.monotonic() - started < 0.5
    expected = (
        grpc.StatusCode.UNAVAILABLE if caller == POLICE else grpc.StatusCode.PERMISSION_DENIED
    )
    assert told.value.code == expected


def test_with_the_log_unwritable_a_refusal_is_still_refused_and_the_loss_is_logged(caplog):
    with caplog.at_level(logging.INFO, LOGGER.name), pytest.raises(Told) as told:
        call(
            Log(down=True),
            Access.only([POLICE]),
            GET_CASE,
            found,
            agency_case_pb2.GetCaseRequest(),
            Context(WEB_PRINCIPAL),
        )
    assert told.value.code == grpc.StatusCode.PERMISSION_DENIED
    assert "access not logged" in [r.getMessage() for r in caplog.records]


def test_an_accepted_write_has_no_entry_its_event_is_on_the_case_topic():
    log = Log()
    call(
        log,
        Access.only([POLICE]),
        OPEN_CASE,
        found,
        agency_case_pb2.OpenCaseRequest(case_reference="CR/1/26"),
        Context(POLICE),
    )
    assert log.entries == []


def test_a_read_is_logged_whatever_its_name_and_health_is_not():
    log = Log()
    request = agency_case_pb2.GetCaseRequest(case_reference="CR/7/26")  # no request id
    for method in ("/marac.v1.AuditService/SearchEntries", "/grpc.health.v1.Health/Check"):
        call(log, Access.only([POLICE]), method, found, request, Context(POLICE))
    assert [e.method for e in log.entries] == ["/marac.v1.AuditService/SearchEntries"]


@pytest.mark.parametrize(
    "reference",
    ["Jane Smith", "jane.smith@example.org", "SW1A 1AA", "A" * 41],
)
def test_a_case_reference_not_in_the_issued_format_is_not_logged(reference):
    log = Log()
    request = agency_case_pb2.GetCaseRequest(case_reference=reference)
    call(log, Access.only([POLICE]), GET_CASE, found, request, Context(POLICE))
    (entry,) = log.entries
    assert entry.case_reference == "" and reference not in str(entry)


def people_service(handle_request, metadata, roles=None):
    """RiskView's GetAgendaItem as its servicer calls it: the person checked, then the work."""
    issuer = Issuer()
    people = People(TokenRules(ISSUER, AUDIENCE), KeySet(issuer.jwks()), LOGGER)

    async def behaviour(request, context):
        await answer_as_person(context, people, LOGGER, "GetAgendaItem", lambda c: None, roles)
        return riskview_pb2.GetAgendaItemResponse()

    log = Log()
    outcome = None
    try:
        call(
            log,
            Access.only([WEB_PRINCIPAL]),
            AGENDA_ITEM,
            behaviour,
            riskview_pb2.GetAgendaItemRequest(handle=handle_request),
            Context(WEB_PRINCIPAL, metadata(issuer)),
        )
    except Told as told:
        outcome = told.code
    (entry,) = log.entries
    return outcome, entry


def test_a_chairs_view_of_an_item_names_the_person_by_token_and_the_subject_by_handle():
    outcome, entry = people_service(HANDLE, lambda issuer: bearer(issuer.token(CHAIR)))
    assert outcome is None and entry.decision == pb.ACCESS_DECISION_ALLOWED
    assert entry.subject_handle == HANDLE
    assert entry.person == disclosure_pb2.Caller(
        role=disclosure_pb2.CALLER_ROLE_MARAC_CHAIR, user_id="usr_chair-1"
    )


def test_a_match_key_in_place_of_a_handle_is_never_logged():
    key = "0123456789abcdef" * 4
    _, entry = people_service(key, lambda issuer: bearer(issuer.token(CHAIR)))
    assert entry.subject_handle == "" and key not in entry.SerializeToString().decode("latin-1")


@pytest.mark.parametrize(
    "metadata, reason",
    [
        (lambda issuer: (), pb.REFUSAL_REASON_NO_TOKEN),
        (
            lambda issuer: bearer(issuer.token(CHAIR, issued=0, lifetime=60)),
            pb.REFUSAL_REASON_TOKEN_EXPIRED,
        ),
        (lambda issuer: bearer(Issuer().token(CHAIR)), pb.REFUSAL_REASON_TOKEN_INVALID),
    ],
)
def test_a_token_that_proves_no_one_is_logged_unauthenticated_with_why(metadata, reason):
    outcome, entry = people_service(HANDLE, metadata)
    assert outcome == grpc.StatusCode.UNAUTHENTICATED
    assert entry.decision == pb.ACCESS_DECISION_REFUSED and entry.reason == reason
    assert entry.code == grpc.StatusCode.UNAUTHENTICATED.value[0]
    assert not entry.HasField("person") and entry.principal == "web"


def test_a_person_whose_role_may_not_call_is_logged_with_their_user_id_role_and_agency():
    outcome, entry = people_service(
        HANDLE,
        lambda issuer: bearer(issuer.token(POLICE_REP)),
        roles=frozenset({disclosure_pb2.CALLER_ROLE_MARAC_CHAIR}),
    )
    assert outcome == grpc.StatusCode.PERMISSION_DENIED
    assert entry.reason == pb.REFUSAL_REASON_ROLE_NOT_PERMITTED
    assert entry.person == disclosure_pb2.Caller(
        role=disclosure_pb2.CALLER_ROLE_AGENCY_REPRESENTATIVE,
        agency=vocab.AGENCY_KIND_POLICE,
        agency_id="police-1",
        user_id="usr_u-17",
    )


def test_a_role_the_service_does_not_serve_is_logged_with_the_user_id_alone():
    outcome, entry = people_service(
        HANDLE, lambda issuer: bearer(issuer.token({"sub": "usr_x-1", "role": "auditor"}))
    )
    assert outcome == grpc.StatusCode.PERMISSION_DENIED
    assert entry.reason == pb.REFUSAL_REASON_ROLE_NOT_SERVED
    assert entry.person == disclosure_pb2.Caller(user_id="usr_x-1")


def test_the_test_client_is_a_principal_like_any_other():
    log = Log()
    with pytest.raises(Told):
        call(
            log,
            Access.only([POLICE]),
            GET_CASE,
            found,
            agency_case_pb2.GetCaseRequest(),
            Context(TEST_CLIENT),
        )
    assert log.entries[0].principal == "client/test"


def stream(log: Log, context: Context) -> list:
    """Reflection's stream, as the server calls it through the interceptor."""

    async def replies(requests, context):
        yield b"services"

    async def run():
        async def continuation(details):
            return grpc.stream_stream_rpc_method_handler(replies)

        details = Details("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", ())
        authorising = Authorising(Access.only([POLICE]), LOGGER, log, "agency-service/police")
        handler = await authorising.intercept_service(continuation, details)
        return [reply async for reply in handler.stream_stream(iter(()), context)]

    return asyncio.run(run())


def test_a_stream_is_answered_without_an_entry_and_refused_with_one():
    log = Log()
    assert stream(log, Context(WEB_PRINCIPAL)) == [b"services"]  # reflection: open to all
    assert log.entries == []
    with pytest.raises(Told) as told:
        stream(log, Context())
    assert told.value.code == grpc.StatusCode.UNAUTHENTICATED
    (entry,) = log.entries
    assert entry.method.endswith("/ServerReflectionInfo")
    assert entry.reason == pb.REFUSAL_REASON_UNKNOWN_PRINCIPAL
