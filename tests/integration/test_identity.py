"""The identity component on real Postgres, through its CLI as an operator uses it:
the directory's own migration, users added with the password on standard input,
tokens only for the right password, key files private and the JWKS public."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import jwt
import psycopg
import pytest

from services.identity.keys import KeyDirectory
from services.identity.store import migrate
from tests.conftest import conninfo

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def env(create_database, tmp_path_factory):
    dsn = conninfo(create_database("identity"))
    return {
        **os.environ,
        "MARAC_IDENTITY_DSN": dsn,
        "MARAC_IDENTITY_KEY_DIR": str(tmp_path_factory.mktemp("identity") / "keys"),
    }


def identity(env, *args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "services.identity", *args],
        cwd=REPO, env=env, input=stdin, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_schema_comes_only_from_the_migration_command(env):
    with (
        pytest.raises(psycopg.errors.UndefinedTable),
        psycopg.connect(env["MARAC_IDENTITY_DSN"]) as conn,
    ):
        conn.execute("SELECT 1 FROM directory_user")
    assert identity(env, "migrate").stdout.strip() == "directory schema at version 2"
    assert migrate(env["MARAC_IDENTITY_DSN"]).applied == ()  # once only


def test_an_operator_adds_people_and_a_person_gets_a_token_only_with_their_password(env):
    identity(env, "migrate")
    keys = identity(env, "keys")
    assert keys.returncode == 0 and "jwks.json" in keys.stdout
    added = identity(env, "add-user", "pc.rep", "--role", "representative", "--agency",
                     "police", "--agency-id", "local-police", stdin=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in added.stdout + added.stderr
    token = identity(env, "token", "pc.rep", stdin=PASSWORD + "\n")
    assert token.returncode == 0, token.stderr
    claims = jwt.decode(token.stdout.strip(), options={"verify_signature": False})
    assert (claims["role"], claims["agency"], claims["agency_id"]) == (
        "representative", "police", "local-police"
    )  # fmt: skip
    assert claims["sub"].startswith("usr_") and claims["exp"] - claims["iat"] == 900
    with psycopg.connect(env["MARAC_IDENTITY_DSN"]) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM directory_user").fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored

    wrong = identity(env, "token", "pc.rep", stdin="not the password\n")
    unknown = identity(env, "token", "nobody", stdin=PASSWORD)
    assert wrong.returncode == unknown.returncode == 1
    assert wrong.stdout == unknown.stdout == "" and wrong.stderr == unknown.stderr
    assert identity(env, "deactivate", "pc.rep").returncode == 0
    assert identity(env, "token", "pc.rep", stdin=PASSWORD).returncode == 1
    again = identity(env, "add-user", "pc.rep", "--role", "chair", stdin=PASSWORD)
    assert again.returncode == 1 and "already" in again.stderr
    bad = identity(env, "add-user", "Dina Okafor", "--role", "chair", stdin=PASSWORD)
    assert bad.returncode == 1 and "username" in bad.stderr and "Okafor" not in bad.stderr


def test_private_keys_are_0600_the_jwks_public_and_rotation_keeps_the_previous_key(tmp_path):
    keys = KeyDirectory(tmp_path / "keys")
    first = keys.ensure()
    assert keys.ensure().kid == first.kid
    second, third = keys.rotate(), keys.rotate()
    assert stat.S_IMODE(keys.path.stat().st_mode) == 0o700
    pems = sorted(keys.path.glob("*.pem"))
    assert {p.stem for p in pems} == {second.kid, third.kid}  # the oldest is removed
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in pems)
    published = json.loads(keys.jwks_path.read_text())["keys"]
    assert [k["kid"] for k in published] == [third.kid, second.kid]
    assert all(set(k) == {"kty", "crv", "x", "kid", "use", "alg"} for k in published)  # no "d"
    assert keys.current().kid == third.kid


def test_a_bad_setting_stops_the_command_naming_the_variable_not_its_value(env):
    bad = identity({**env, "MARAC_TOKEN_LIFETIME": "86400-secret"}, "token", "x", stdin="")
    assert bad.returncode == 78
    assert "MARAC_TOKEN_LIFETIME" in bad.stderr and "86400-secret" not in bad.stderr
    missing = identity({k: v for k, v in env.items() if k != "MARAC_IDENTITY_DSN"}, "migrate")
    assert missing.returncode == 78 and "MARAC_IDENTITY_DSN" in missing.stderr
