"""A process started with a bad setting stops at once with one readable line naming
the variable (never its value) and the configuration-error exit status."""

import subprocess
import sys

import pytest

from deploy.local.stack import REPO
from services.common import principals
from services.common.principals import agency_service
from tests.support import tls_env

SECRET = "Canary-Secret-4471"
POSTGRES = {
    "PERSISTENCE_MODULE": "eventsourcing.postgres",
    "POSTGRES_DBNAME": "ddpo",
    "POSTGRES_HOST": "127.0.0.1",
    "POSTGRES_USER": "ddpo",
    "POSTGRES_PASSWORD": "p",
}


@pytest.mark.parametrize(
    ("args", "env", "variable"),
    [
        (
            ["-m", "services.police", "serve"],
            {"LINKING_KEY": SECRET, **tls_env(agency_service("police"))},
            "LINKING_KEY",
        ),
        (
            ["-m", "services.ddpo", "relay"],
            {**POSTGRES, "POSTGRES_PORT": SECRET, **tls_env(principals.relay("ddpo"))},
            "POSTGRES_PORT",
        ),
        (["-m", "services.ddpo", "relay"], POSTGRES, "MARAC_TLS_CA"),
        (
            ["-m", "services.victim_support", "serve"],
            {
                "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
                "CIPHER_KEY": SECRET,
                **tls_env(agency_service("victim_support")),
            },
            "CIPHER_KEY",
        ),
        (
            ["-m", "services.social_landlord", "serve"],
            {
                "LINKING_KEY": "ab" * 32,
                "MARAC_BREACH_SWEEP_SECONDS": SECRET,
                **tls_env(agency_service("social_landlord")),
            },
            "MARAC_BREACH_SWEEP_SECONDS",
        ),
        (["-m", "services.police", "serve"], {"LINKING_KEY": "ab" * 32}, "MARAC_TLS_CA"),
        (
            ["-m", "services.police", "serve"],
            {
                "LINKING_KEY": "ab" * 32,
                **tls_env(agency_service("police")),
                "MARAC_TLS_KEY": f"/nowhere/{SECRET}.pem",
            },
            "MARAC_TLS_KEY",
        ),
        (
            ["-m", "services.police", "serve"],
            {
                "LINKING_KEY": "ab" * 32,
                **tls_env(agency_service("police")),
                "MARAC_TLS_CERT": "/etc/hostname",
            },
            "MARAC_TLS_CERT",
        ),
        (["-m", "services.riskview"], {"MARAC_DISCLOSURE_TOPIC": "t"}, "MARAC_READMODEL_DSN"),
        (["-m", "projections"], {"MARAC_CASE_TOPICS": "t"}, "MARAC_READMODEL_DSN"),
    ],
)
def test_a_process_with_a_bad_setting_stops_naming_it(args, env, variable):
    run = subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PERSISTENCE_MODULE": "eventsourcing.popo", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 78, run.stderr[-2000:]
    assert f"configuration: {variable}" in run.stderr
    assert SECRET not in run.stderr + run.stdout
