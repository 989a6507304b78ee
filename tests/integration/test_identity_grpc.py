"""The identity component served (`python -m services.identity serve`) on real
Postgres, over mutual TLS, as the web app calls it: sign-in gives a token RiskView's
rules accept, refusals say nothing of why, guessing is throttled, renewal needs a
valid token of an active user, and the log carries user ids and outcomes only."""

import json
import os
import subprocess
import sys
from pathlib import Path

import grpc
import jwt
import pytest

from deploy.local.databases import POSTGRES_TLS
from deploy.local.processes import Process
from deploy.local.stack import free_port
from marac.v1 import identity_pb2, identity_pb2_grpc
from services.common.principals import IDENTITY_PRINCIPAL, TEST_CLIENT, WEB_PRINCIPAL
from services.identity.keys import KeyDirectory
from tests.conftest import conninfo
from tests.support import access_log_env, channel_as, tls_env

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def served(create_database, tmp_path_factory):
    folder = tmp_path_factory.mktemp("identity-served")
    env = {
        "MARAC_IDENTITY_DSN": conninfo(create_database("identity_served")),
        "MARAC_IDENTITY_KEY_DIR": str(folder / "keys"),
    }
    run = {**os.environ, **env}
    for args, stdin in (
        (["migrate"], ""),
        (["keys"], ""),
        (["add-user", "chair", "--role", "chair"], PASSWORD),
        (["add-user", "leaver", "--role", "chair"], PASSWORD),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "services.identity", *args],
            cwd=REPO, env=run, input=stdin, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    address = f"127.0.0.1:{free_port()}"
    process = Process(
        "identity",
        ["-m", "services.identity", "serve"],
        {
            **env,
            **POSTGRES_TLS,
            "MARAC_GRPC_ADDRESS": address,
            **tls_env(IDENTITY_PRINCIPAL),
            **access_log_env(IDENTITY_PRINCIPAL),
        },
        folder / "identity.log",
        address,
    )
    process.start()
    try:
        process.wait_serving(timeout=30)
        yield process, run
    finally:
        process.stop()


@pytest.fixture(scope="module")
def identity(served):
    process, _ = served
    with channel_as(TEST_CLIENT, process.grpc_address) as channel:
        yield identity_pb2_grpc.IdentityServiceStub(channel)


def refusal(call) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as refused:
        call()
    return refused.value


def test_sign_in_gives_a_token_for_the_user_and_renewal_a_fresh_one(identity, served):
    signed_in = identity.SignIn(identity_pb2.SignInRequest(username="chair", password=PASSWORD))
    claims = jwt.decode(signed_in.token, options={"verify_signature": False})
    assert claims["role"] == "chair" and claims["sub"].startswith("usr_")
    assert signed_in.expires_at.seconds == claims["exp"]
    renewed = identity.Renew(identity_pb2.RenewRequest(token=signed_in.token))
    again = jwt.decode(renewed.token, options={"verify_signature": False})
    assert again["sub"] == claims["sub"] and again["jti"] != claims["jti"]
    keys = KeyDirectory(Path(served[1]["MARAC_IDENTITY_KEY_DIR"]))
    assert (
        jwt.decode(
            renewed.token,
            keys.current().private_key.public_key(),
            algorithms=["EdDSA"],
            audience=claims["aud"],
        )["auth_time"]
        == claims["auth_time"]
    )


def test_a_wrong_password_an_unknown_name_and_a_deactivated_user_are_refused_alike(
    identity, served
):
    leaver = identity.SignIn(identity_pb2.SignInRequest(username="leaver", password=PASSWORD))
    done = subprocess.run(
        [sys.executable, "-m", "services.identity", "deactivate", "leaver"],
        cwd=REPO, env=served[1], capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answers = {
        (error.code(), error.details())
        for error in (
            refusal(lambda: identity.SignIn(
                identity_pb2.SignInRequest(username="chair", password="not the password")
            )),
            refusal(lambda: identity.SignIn(
                identity_pb2.SignInRequest(username="nobody", password=PASSWORD)
            )),
            refusal(lambda: identity.SignIn(
                identity_pb2.SignInRequest(username="leaver", password=PASSWORD)
            )),
        )
    }  # fmt: skip
    assert len(answers) == 1 and next(iter(answers))[0] == grpc.StatusCode.UNAUTHENTICATED
    renewal = refusal(lambda: identity.Renew(identity_pb2.RenewRequest(token=leaver.token)))
    assert renewal.code() == grpc.StatusCode.UNAUTHENTICATED
    forged = refusal(lambda: identity.Renew(identity_pb2.RenewRequest(token="not.a.token")))
    assert forged.code() == grpc.StatusCode.UNAUTHENTICATED


def test_five_refused_sign_ins_for_a_name_throttle_it_and_nothing_of_them_is_logged(
    identity, served
):
    guess = identity_pb2.SignInRequest(username="guessed.name", password="a wrong guess!!")
    codes = [refusal(lambda: identity.SignIn(guess)).code() for _ in range(6)]
    assert codes == [grpc.StatusCode.UNAUTHENTICATED] * 5 + [grpc.StatusCode.RESOURCE_EXHAUSTED]
    signed_in = identity.SignIn(identity_pb2.SignInRequest(username="chair", password=PASSWORD))
    log = served[0].log_path.read_text()
    for secret in ("guessed.name", "a wrong guess", PASSWORD, signed_in.token, '"chair"'):
        assert secret not in log
    events = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    outcomes = {e["event"] for e in events if e.get("rpc")}
    assert {"token issued", "token refused", "sign-in throttled"} <= outcomes
    issued = [e for e in events if e["event"] == "token issued"]
    assert all(e["user"].startswith("usr_") for e in issued)


def test_only_the_web_app_and_the_tests_may_ask(served):
    process, _ = served
    with channel_as(WEB_PRINCIPAL, process.grpc_address) as channel:
        web = identity_pb2_grpc.IdentityServiceStub(channel)
        assert web.SignIn(identity_pb2.SignInRequest(username="chair", password=PASSWORD)).token
    with channel_as(IDENTITY_PRINCIPAL, process.grpc_address) as channel:
        itself = identity_pb2_grpc.IdentityServiceStub(channel)
        denied = refusal(lambda: itself.SignIn(identity_pb2.SignInRequest(username="chair")))
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
