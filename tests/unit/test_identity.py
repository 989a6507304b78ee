"""The user directory without Postgres: users in memory, passwords as argon2id hashes,
and tokens that RiskView's verification accepts."""

import logging
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from argon2 import PasswordHasher, Type

from marac.v1 import identity_pb2
from services.common.callers import CHAIR, REPRESENTATIVE
from services.common.person_tokens import KeySet, People, TokenRules
from services.common.principals import TEST_CLIENT, WEB_PRINCIPAL
from services.identity.application import Directory
from services.identity.domain import (
    USER_ID,
    InvalidUser,
    NoSuchUser,
    NotActive,
    SignInRefused,
    UserExists,
)
from services.identity.grpc_api import place_of
from services.identity.passwords import Passwords, WeakPassword
from services.identity.throttle import SignInThrottle, TooManyAttempts
from services.identity.tokens import SigningKey, TokenPolicy, TokenRefused, key_set
from tests.people import AUDIENCE, ISSUER, InMemoryUsers, bearer

# Cheap parameters, so the tests are quick; still argon2id.
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
PASSWORD = "correct horse battery"
POLICY = TokenPolicy(ISSUER, AUDIENCE, timedelta(minutes=15))


class MemoryKeys:
    def __init__(self) -> None:
        self.key = SigningKey.new()

    def current(self) -> SigningKey:
        return self.key

    def kept(self, kid: str) -> SigningKey | None:
        return self.key if kid == self.key.kid else None


def directory(clock=lambda: datetime.now(UTC), hasher=FAST):
    users, keys = InMemoryUsers(), MemoryKeys()
    return Directory(users, Passwords(hasher), keys, POLICY, clock=clock), users, keys


def verifier(keys: MemoryKeys) -> People:
    return People(TokenRules(ISSUER, AUDIENCE), KeySet(key_set([keys.key])), logging.getLogger("t"))


def test_a_user_is_kept_with_an_opaque_id_and_only_an_argon2id_hash():
    users_app, users, _ = directory()
    added = users_app.add_user("p.rep", PASSWORD, "representative", "police", "local-police")
    stored = users.named("p.rep")
    assert stored == added and USER_ID.fullmatch(stored.user_id)
    assert "p.rep" not in stored.user_id
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    assert (stored.role, stored.agency, stored.agency_id, stored.active) == (
        "representative",
        "police",
        "local-police",
        True,
    )


def test_sign_in_gives_a_short_lived_token_with_role_and_agency_from_the_directory():
    now = datetime.now(UTC)
    users_app, users, keys = directory(clock=lambda: now)
    users_app.add_user("p.rep", PASSWORD, "representative", "police", "local-police")
    token = users_app.sign_in("p.rep", PASSWORD).token
    caller = verifier(keys).caller(bearer(token), "GetCaseView")
    assert (caller.role, caller.agency_id, caller.user_id, caller.issuer) == (
        REPRESENTATIVE,
        "local-police",
        users.named("p.rep").user_id,
        ISSUER,
    )
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 900 and claims["nbf"] == claims["iat"]
    assert claims["jti"] and claims["sub"] != "p.rep"
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "typ": "JWT", "kid": keys.key.kid}


def test_a_wrong_password_an_unknown_name_and_an_inactive_user_are_refused_alike():
    users_app, _, _ = directory()
    users_app.add_user("chair", PASSWORD, "chair")
    refusals = []
    for name, password in (("chair", "wrong password!"), ("nobody", PASSWORD), ("chair", "")):
        with pytest.raises(SignInRefused) as refused:
            users_app.sign_in(name, password)
        refusals.append(str(refused.value))
    users_app.set_active("chair", False)
    with pytest.raises(SignInRefused) as refused:
        users_app.sign_in("chair", PASSWORD)
    assert len({*refusals, str(refused.value)}) == 1
    with pytest.raises(NotActive):
        users_app.token_for("chair")
    users_app.set_active("chair", True)
    assert users_app.sign_in("chair", PASSWORD)
    with pytest.raises(NoSuchUser):
        users_app.set_active("nobody", False)


def test_a_hash_of_weaker_parameters_is_replaced_at_sign_in():
    users_app, users, _ = directory(hasher=FAST)
    users_app.add_user("chair", PASSWORD, "chair")
    old = users.named("chair").password_hash
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1, type=Type.ID)
    again = Directory(users, Passwords(stronger), MemoryKeys(), POLICY)
    again.sign_in("chair", PASSWORD)
    new = users.named("chair").password_hash
    assert new != old and "m=2048,t=2" in new
    assert again.sign_in("chair", PASSWORD)


def test_the_directory_refuses_bad_details_naming_each_never_echoing_them():
    users_app, users, _ = directory()
    with pytest.raises(InvalidUser) as invalid:
        users_app.add_user("Dina Okafor", PASSWORD, "representative", "fire", "Flat 7")
    assert len(invalid.value.problems) == 3
    for value in ("Dina", "Okafor", "fire ", "Flat 7"):
        assert value not in str(invalid.value)
    with pytest.raises(InvalidUser):
        users_app.add_user("chair", PASSWORD, "superuser")
    with pytest.raises(InvalidUser):
        users_app.add_user("chair", PASSWORD, "chair", "police", "local-police")
    with pytest.raises(WeakPassword):
        users_app.add_user("chair", "short", "chair")
    users_app.add_user("chair", PASSWORD, "chair")
    with pytest.raises(UserExists):
        users_app.add_user("chair", PASSWORD, "ig")
    assert list(users.users) == ["chair"]


def test_the_default_hasher_is_argon2id_of_rfc_9106s_profile():
    hashed = Passwords().hash(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_token_for_the_operator_names_the_user_and_is_verified_as_a_chair():
    users_app, _, keys = directory()
    users_app.add_user("chair", PASSWORD, "chair")
    assert verifier(keys).caller(bearer(users_app.token_for("chair")), "r").role == CHAIR
    with pytest.raises(NoSuchUser):
        users_app.token_for("nobody")


HERE, ELSEWHERE = "browser 198.51.100.7", "browser 203.0.113.9"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


def test_five_refused_sign_ins_for_a_name_stop_further_ones_for_the_rest_of_the_window():
    clock = Clock()
    users_app, _, _ = directory(clock=clock)
    users_app.add_user("chair", PASSWORD, "chair")
    users_app.add_user("ig", PASSWORD, "ig")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            users_app.sign_in("chair", "a wrong guess!")
        clock.now += timedelta(minutes=2)
    # Even the right password is not heard, and the name's window goes on.
    with pytest.raises(TooManyAttempts):
        users_app.sign_in("chair", PASSWORD)
    assert users_app.sign_in("ig", PASSWORD).token  # other names are not affected
    clock.now += timedelta(minutes=4, seconds=59)  # 14:59 since the first refusal
    with pytest.raises(TooManyAttempts):
        users_app.sign_in("chair", PASSWORD)
    clock.now += timedelta(seconds=1)
    assert users_app.sign_in("chair", PASSWORD).token


def test_an_unknown_name_is_throttled_like_a_known_one_and_a_success_forgets_refusals():
    clock = Clock()
    users_app, _, _ = directory(clock=clock)
    users_app.add_user("chair", PASSWORD, "chair")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            users_app.sign_in("nobody", PASSWORD)
    with pytest.raises(TooManyAttempts):
        users_app.sign_in("nobody", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            users_app.sign_in("chair", "a wrong guess!")
    users_app.sign_in("chair", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            users_app.sign_in("chair", "a wrong guess!")
    assert users_app.sign_in("chair", PASSWORD).token


def test_a_valid_token_of_an_active_user_is_renewed_and_nothing_else_is():
    clock = Clock()
    users_app, _, keys = directory(clock=clock)
    users_app.add_user("chair", PASSWORD, "chair")
    first = users_app.sign_in("chair", PASSWORD)
    # RiskView (on the real clock) accepts a renewed token.
    assert verifier(keys).caller(bearer(users_app.renew(first.token).token), "r").role == CHAIR
    clock.now += timedelta(minutes=10)
    renewed = users_app.renew(first.token)
    assert renewed.user_id == first.user_id and renewed.token != first.token
    assert renewed.expires_at == clock.now + timedelta(minutes=15)
    clock.now += timedelta(minutes=15)  # `first` has expired, `renewed` just now too
    for refused in (first.token, renewed.token, "not a token", ""):
        with pytest.raises(TokenRefused):
            users_app.renew(refused)
    again = users_app.sign_in("chair", PASSWORD)
    users_app.set_active("chair", False)
    with pytest.raises(TokenRefused):
        users_app.renew(again.token)


def test_a_token_of_another_key_or_past_the_longest_session_is_not_renewed():
    clock = Clock()
    users_app, users, _ = directory(clock=clock)
    users_app.add_user("chair", PASSWORD, "chair")
    other = Directory(users, Passwords(FAST), MemoryKeys(), POLICY, clock=clock)
    with pytest.raises(TokenRefused):
        users_app.renew(other.sign_in("chair", PASSWORD).token)
    token = users_app.sign_in("chair", PASSWORD).token
    for _ in range(12 * 6 - 1):  # renewed every 10 minutes for 11 hours 50
        clock.now += timedelta(minutes=10)
        token = users_app.renew(token).token
    clock.now += timedelta(minutes=10, seconds=1)
    with pytest.raises(TokenRefused):
        users_app.renew(token)


def test_sign_ins_being_checked_at_once_count_against_the_limit():
    throttle = SignInThrottle()
    now = datetime.now(UTC)
    for _ in range(5):
        throttle.begin("chair", HERE, now)
    with pytest.raises(TooManyAttempts):
        throttle.begin("chair", HERE, now)
    throttle.abandoned("chair", HERE)  # the directory was unavailable: that was no guess
    throttle.begin("chair", HERE, now)


def test_wrong_guesses_from_elsewhere_do_not_lock_the_person_out():
    clock = Clock()
    users_app, _, _ = directory(clock=clock)
    users_app.add_user("chair", PASSWORD, "chair")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            users_app.sign_in("chair", "a stranger's guess", ELSEWHERE)
    with pytest.raises(TooManyAttempts):
        users_app.sign_in("chair", PASSWORD, ELSEWHERE)
    assert users_app.sign_in("chair", PASSWORD, HERE).token


def test_guesses_spread_over_many_places_are_stopped_at_the_names_ceiling():
    clock = Clock()
    users_app, _, _ = directory(clock=clock)
    users_app.add_user("chair", PASSWORD, "chair")
    for n in range(99):
        with pytest.raises(SignInRefused):
            users_app.sign_in("chair", "a guess", f"browser 192.0.2.{n}")
    # The person's own sign-in does not give the guesser another hundred.
    assert users_app.sign_in("chair", PASSWORD, HERE).token
    with pytest.raises(SignInRefused):
        users_app.sign_in("chair", "a guess", "browser 192.0.2.200")
    with pytest.raises(TooManyAttempts):
        users_app.sign_in("chair", PASSWORD, HERE)
    clock.now += timedelta(minutes=15)
    assert users_app.sign_in("chair", PASSWORD, HERE).token


class CallContext:
    """What a gRPC server's context says of the caller's certificate."""

    def __init__(self, principal):
        self._ids = [principal.uri.encode()]

    def auth_context(self):
        return {"peer_spiffe_id": self._ids}


def test_only_the_web_app_may_say_which_browser_a_sign_in_comes_from():
    def place(principal, address):
        request = identity_pb2.SignInRequest(username="chair", client_address=address)
        return place_of(request, CallContext(principal))

    assert place(WEB_PRINCIPAL, "198.51.100.7") != place(WEB_PRINCIPAL, "203.0.113.9")
    assert place(WEB_PRINCIPAL, "::1") == place(WEB_PRINCIPAL, "0:0::1")
    # Anyone else naming new addresses still guesses from one place: their own.
    assert place(TEST_CLIENT, "198.51.100.7") == place(TEST_CLIENT, "203.0.113.9")
    assert place(WEB_PRINCIPAL, "not an address") == place(WEB_PRINCIPAL, "")
