"""The retention period is one setting: the projection, RiskView, the audit service,
its `verify` and its `retain` read it from one environment alike (unset or empty,
the one default), and the chart gives each of them the one install value."""

from datetime import timedelta

import pytest

from deploy.kubernetes import generate
from projections.config import Config
from services.audit.keys import ensure_signing_key
from services.audit.settings import AuditSettings, ReaderSettings, RetentionSettings
from services.riskview.composition import RiskViewSettings
from shared_view.rules import RETENTION_DAYS, Rules


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """What each of them requires besides, in one environment."""
    private, public = ensure_signing_key(tmp_path / "keys")
    jwks = tmp_path / "jwks.json"
    jwks.write_text('{"keys": []}')
    return {
        "MARAC_READMODEL_DSN": "host=127.0.0.1 dbname=readmodel",
        "MARAC_CASE_TOPICS": "m.case-events.police",
        "MARAC_DISCLOSURE_TOPIC": "m.disclosures",
        "MARAC_HANDLE_KEY": "ab" * 32,
        "MARAC_AUDIT_DSN": "host=127.0.0.1 dbname=audit",
        "MARAC_AUDIT_SIGNING_KEY": str(private),
        "MARAC_AUDIT_PUBLIC_KEY": str(public),
        "MARAC_AUDIT_TOPICS": "m.disclosures=disclosure",
        "MARAC_AUDIT_GROUP": "m-audit-ledger",
        "MARAC_AUDIT_RETENTION_DSN": "host=127.0.0.1 dbname=audit user=audit_retention",
        "MARAC_PARTNERS": "police-1=1",
        "MARAC_TOKEN_ISSUER": "https://issuer.example",
        "MARAC_TOKEN_AUDIENCE": "marac-hub",
        "MARAC_TOKEN_KEYS": str(jwks),
    }


def periods(env: dict[str, str]) -> dict[str, timedelta]:
    return {
        "projection": Config.from_env(env).rules.retention,
        "riskview": RiskViewSettings.from_env(env).rules.retention,
        "audit service": AuditSettings.from_env(env).rules.retention,
        "verify": ReaderSettings.from_env(env).rules.retention,
        "retain": RetentionSettings.from_env(env).rules.retention,
    }


@pytest.mark.parametrize(("given", "days"), [("30", 30), ("", Rules().retention_days), (None, 365)])
def test_each_reader_takes_the_one_period_from_one_environment(env, given, days):
    if given is not None:
        env[RETENTION_DAYS] = given
    assert set(periods(env).values()) == {timedelta(days=days)}


def test_the_chart_gives_each_reader_the_one_install_value():
    table = generate.table()
    given = {
        run["name"]: e.get("values")
        for run in [*table["processes"], *table["schedules"]]
        for e in run["env"]
        if e["name"] == RETENTION_DAYS
    }
    assert given == dict.fromkeys(
        ("projection", "riskview", "audit", "audit-retention"), "retentionDays"
    )
