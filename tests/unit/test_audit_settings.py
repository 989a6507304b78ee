"""The audit service's settings: a bad or missing one is named, never its value;
and when a checkpoint is due."""

import pytest

from services.audit.application import CheckpointPolicy
from services.audit.keys import ensure_signing_key
from services.audit.ledger import Head
from services.audit.settings import AuditSettings
from services.common.settings import SettingsError


@pytest.fixture
def env(tmp_path):
    private, _ = ensure_signing_key(tmp_path / "keys")
    jwks = tmp_path / "jwks.json"
    jwks.write_text('{"keys": []}')
    return {
        "MARAC_AUDIT_DSN": "host=127.0.0.1 dbname=audit",
        "MARAC_AUDIT_SIGNING_KEY": str(private),
        "MARAC_AUDIT_TOPICS": "m.case-events.police=case_event:police-1,m.disclosures=disclosure",
        "MARAC_AUDIT_GROUP": "m-audit-ledger",
        "MARAC_PARTNERS": "police-1=1,ddpo-1=4",
        "MARAC_TOKEN_ISSUER": "https://issuer.example",
        "MARAC_TOKEN_AUDIENCE": "marac-hub",
        "MARAC_TOKEN_KEYS": str(jwks),
    }


def test_the_settings_are_read(env):
    settings = AuditSettings.from_env(env)
    assert settings.topics.kinds == {
        "m.case-events.police": "case_event",
        "m.disclosures": "disclosure",
    }
    assert settings.topics.agencies == {"m.case-events.police": "police-1"}
    assert settings.grpc_address == "127.0.0.1:50072"
    assert (settings.checkpoint_entries, settings.checkpoint_seconds) == (10000, 60.0)
    assert settings.partners.kinds == {"police-1": 1, "ddpo-1": 4}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MARAC_AUDIT_TOPICS", "m.disclosures=secret-kind"),
        # A topic of one agency's case events or updates names it; no other does.
        ("MARAC_AUDIT_TOPICS", "m.case-events.police=case_event"),
        ("MARAC_AUDIT_TOPICS", "m.action-updates.police=action_update"),
        ("MARAC_AUDIT_TOPICS", "m.disclosures=disclosure:police-1"),
        ("MARAC_AUDIT_SIGNING_KEY", "/no/such/key.pem"),
        ("MARAC_AUDIT_CHECKPOINT_ENTRIES", "-7"),
        ("MARAC_AUDIT_DSN", ""),
        ("MARAC_PARTNERS", "police one=1"),
    ],
)
def test_a_bad_setting_is_named_and_its_value_never_repeated(env, variable, value):
    with pytest.raises(SettingsError) as refused:
        AuditSettings.from_env({**env, variable: value})
    assert variable in str(refused.value)
    assert not value or value not in str(refused.value)


def test_a_signing_key_that_is_not_ed25519_is_refused(env, tmp_path):
    not_a_key = tmp_path / "cert.pem"
    not_a_key.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(SettingsError, match="MARAC_AUDIT_SIGNING_KEY"):
        AuditSettings.from_env({**env, "MARAC_AUDIT_SIGNING_KEY": str(not_a_key)})


def test_a_checkpoint_is_due_after_enough_entries_or_long_enough_with_new_ones():
    policy = CheckpointPolicy(every_entries=100, every_seconds=60)
    assert policy.due(Head(150), last=50, last_at=0, now=1)
    assert not policy.due(Head(99), last=0, last_at=0, now=59)
    assert policy.due(Head(1), last=0, last_at=0, now=60)
    assert not policy.due(Head(7), last=7, last_at=0, now=600)  # nothing new to sign
