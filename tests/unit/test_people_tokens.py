"""RiskView's verification of people's tokens, with keys held in memory: who the
caller is comes from a token the issuer signed, and every other token is refused
with the reason logged and the token never."""

import logging
import time

import jwt
import pytest

from marac.v1 import disclosure_pb2
from marac.v1 import vocabulary_pb2 as vocab
from services.common.callers import Caller
from services.common.errors import PermissionDenied, Unauthenticated
from services.common.person_tokens import KeySet, People, TokenRefused, TokenRules
from tests.people import AUDIENCE, CHAIR, IG, ISSUER, POLICE_REP, Issuer, bearer, representative

RULES = TokenRules(issuer=ISSUER, audience=AUDIENCE)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def issuer() -> Issuer:
    return Issuer()


@pytest.fixture
def lines() -> Lines:
    return Lines()


def people_of(issuer: Issuer, lines: Lines, rules: TokenRules = RULES) -> People:
    logger = logging.getLogger(f"test-people-{id(lines)}")
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    return People(rules, KeySet(issuer.jwks()), logger)


def test_the_caller_is_who_the_token_says(issuer, lines):
    people = people_of(issuer, lines)
    assert people.caller(bearer(issuer.token(CHAIR)), "ListAgenda") == Caller(
        disclosure_pb2.CALLER_ROLE_MARAC_CHAIR, 0, "", "usr_chair-1", ISSUER
    )
    assert people.caller(bearer(issuer.token(POLICE_REP)), "GetCaseView") == Caller(
        disclosure_pb2.CALLER_ROLE_AGENCY_REPRESENTATIVE,
        vocab.AGENCY_KIND_POLICE,
        "police-1",
        "usr_u-17",
        ISSUER,
    )
    assert people.caller(bearer(issuer.token(IG)), "ListAgenda").role == (
        disclosure_pb2.CALLER_ROLE_IG_STAFF
    )
    assert lines.records == []


def test_a_token_signed_with_a_key_rotated_out_of_the_set_is_refused_and_a_new_one_is_read():
    issuer = Issuer()
    old = issuer.token(CHAIR)
    issuer.rotate()
    issuer.keys.pop()  # the old key is no longer published
    people = People(RULES, KeySet(issuer.jwks()), logging.getLogger("test"))
    assert people.caller(bearer(issuer.token(CHAIR)), "ListAgenda").user_id == "usr_chair-1"
    with pytest.raises(TokenRefused):
        people.caller(bearer(old), "ListAgenda")


def _forged_with_another_key_of_the_same_id(issuer: Issuer) -> str:
    other = Issuer()
    other.keys = [(issuer.keys[0][0], other.keys[0][1])]
    return other.token(CHAIR)


def _unsigned(issuer: Issuer) -> str:
    return jwt.encode(
        {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "iat": 1, "exp": 2**40, "role": "chair"},
        None,
        algorithm="none",
        headers={"kid": issuer.keys[0][0]},
    )


def _symmetric(issuer: Issuer) -> str:
    return jwt.encode(
        {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "role": "chair"},
        "a shared secret of thirty-two bytes!",
        algorithm="HS256",
        headers={"kid": issuer.keys[0][0]},
    )


UNAUTHENTICATED = {
    "no authorization metadata": lambda i: (),
    "not a bearer token": lambda i: (("authorization", f"Basic {i.token(CHAIR)}"),),
    "an empty bearer": lambda i: (("authorization", "Bearer "),),
    "two authorizations": lambda i: bearer(i.token(CHAIR)) + bearer(i.token(CHAIR)),
    "not a token": lambda i: bearer("not.a.token"),
    "garbage": lambda i: bearer("x" * 9000),
    "expired": lambda i: bearer(i.token(CHAIR, issued=0, lifetime=900)),
    "not yet valid": lambda i: bearer(i.token(CHAIR, nbf=2**40)),
    "issued in the future": lambda i: bearer(i.token(CHAIR, iat=2**40, exp=2**40 + 60)),
    "another issuer": lambda i: bearer(
        Issuer(issuer="https://elsewhere", keys=i.keys).token(CHAIR)
    ),
    "another audience": lambda i: bearer(Issuer(audience="urn:other", keys=i.keys).token(CHAIR)),
    "another key set": lambda i: bearer(Issuer().token(CHAIR)),
    "another key of the same id": lambda i: bearer(_forged_with_another_key_of_the_same_id(i)),
    "no kid": lambda i: bearer(i.token(CHAIR, headers={"kid": None})),
    "unsigned (alg none)": lambda i: bearer(_unsigned(i)),
    "symmetric (HS256)": lambda i: bearer(_symmetric(i)),
    "no subject": lambda i: bearer(i.token({"role": "chair"})),
    "no expiry": lambda i: bearer(i.token(CHAIR, exp=None)),
    "valid for a day": lambda i: bearer(i.token(CHAIR, lifetime=86400)),
    "a subject with spaces and newlines": lambda i: bearer(i.token(CHAIR, sub="Dina\nOkafor")),
}


@pytest.mark.parametrize("case", sorted(UNAUTHENTICATED))
def test_a_token_that_proves_nobody_is_unauthenticated(issuer, lines, case):
    metadata = UNAUTHENTICATED[case](issuer)
    with pytest.raises(Unauthenticated):
        people_of(issuer, lines).caller(metadata, "ListAgenda")
    (record,) = lines.records
    assert record.fields["rpc"] == "ListAgenda" and record.fields["reason"]
    for _, value in metadata:
        token = value.removeprefix("Bearer ").removeprefix("Basic ")
        assert not token or token not in str(record.__dict__)


PERMISSION_DENIED = {
    "no role": {"sub": "usr_1"},
    "an unknown role": {"sub": "usr_1", "role": "superuser"},
    "a role that is not a string": {"sub": "usr_1", "role": ["chair"]},
    "a representative without an agency": {"sub": "usr_1", "role": "representative"},
    "a representative of an unknown agency": representative("fire_brigade", "fire-1", "usr_1"),
    "a representative with a malformed agency id": representative("police", "D Okafor", "usr_1"),
}


@pytest.mark.parametrize("case", sorted(PERMISSION_DENIED))
def test_a_verified_person_whom_riskview_does_not_serve_is_denied(issuer, lines, case):
    with pytest.raises(PermissionDenied):
        people_of(issuer, lines).caller(
            bearer(issuer.token(PERMISSION_DENIED[case])), "GetCaseView"
        )
    (record,) = lines.records
    assert (record.fields["rpc"], record.fields["user"]) == ("GetCaseView", "usr_1")


def test_an_external_issuers_algorithms_verify_and_unaccepted_ones_do_not(lines):
    for algorithm in ("ES256", "RS256"):
        external = Issuer(issuer="https://idp.example", audience="marac", algorithm=algorithm)
        rules = TokenRules(issuer="https://idp.example", audience="marac")
        caller = people_of(external, lines, rules).caller(bearer(external.token(CHAIR)), "r")
        assert (caller.user_id, caller.issuer) == ("usr_chair-1", "https://idp.example")
    only_eddsa = TokenRules(issuer=ISSUER, audience=AUDIENCE, algorithms=frozenset({"EdDSA"}))
    es = Issuer(algorithm="ES256")
    with pytest.raises(TokenRefused):
        people_of(es, lines, only_eddsa).caller(bearer(es.token(CHAIR)), "r")


def test_a_small_clock_difference_is_allowed(issuer, lines):
    soon = issuer.token(CHAIR, nbf=int(time.time()) + 10)
    assert people_of(issuer, lines).caller(bearer(soon), "r").user_id == "usr_chair-1"


def test_a_token_accepted_before_is_refused_once_it_has_expired(issuer, lines):
    """Verified tokens are remembered (a person's calls in a row skip the signature
    check), never past their expiry."""
    people = people_of(
        issuer, lines, TokenRules(issuer=ISSUER, audience=AUDIENCE, leeway_seconds=0)
    )
    expires = int(time.time()) + 3  # time enough for two calls on a busy machine
    token = bearer(issuer.token(CHAIR, exp=expires))
    assert people.caller(token, "r").user_id == "usr_chair-1"
    assert people.caller(token, "r").user_id == "usr_chair-1"
    time.sleep(max(0.0, expires - time.time()) + 0.05)
    with pytest.raises(TokenRefused, match="expired"):
        people.caller(token, "r")


class Published:
    """The issuer's key set as it is published now (it may change between calls)."""

    def __init__(self, document):
        self.keys = KeySet(document)

    def key(self, kid):
        return self.keys.key(kid)


def test_a_token_accepted_before_is_refused_once_its_key_is_no_longer_published(issuer, lines):
    published = Published(issuer.jwks())
    people = People(RULES, published, logging.getLogger("test"))
    token = bearer(issuer.token(CHAIR))
    assert people.caller(token, "r").user_id == "usr_chair-1"
    issuer.rotate()
    issuer.keys.pop()  # the key that signed it is withdrawn
    published.keys = KeySet(issuer.jwks())
    with pytest.raises(TokenRefused, match="not signed by a key of the issuer"):
        people.caller(token, "r")
