"""Every process reads one settings object from the environment and refuses to
start on a bad value with a line naming the variable, never the value."""

import pytest

from projections.config import Config
from services.common.settings import (
    AgencyServiceSettings,
    CaseStoreSettings,
    MatchingSettings,
    RelaySettings,
    SettingsError,
)
from services.riskview.__main__ import RiskViewSettings
from services.social_landlord.sweeper import sweep_breaches

SECRET = "Canary-Secret-4471"
KEY = "ab" * 32
POSTGRES = {
    "PERSISTENCE_MODULE": "eventsourcing.postgres",
    "POSTGRES_DBNAME": "police",
    "POSTGRES_HOST": "127.0.0.1",
    "POSTGRES_USER": "police",
    "POSTGRES_PASSWORD": "p",
}
CIPHER = {"CIPHER_TOPIC": "eventsourcing.cipher:AESCipher", "CIPHER_KEY": "A" * 43 + "="}


@pytest.mark.parametrize(
    ("read", "env", "variable"),
    [
        (MatchingSettings.from_env, {}, "LINKING_KEY"),
        (MatchingSettings.from_env, {"LINKING_KEY": SECRET}, "LINKING_KEY"),
        (MatchingSettings.from_env, {"LINKING_KEY": KEY[:-2]}, "LINKING_KEY"),
        (CaseStoreSettings.from_env, {"PERSISTENCE_MODULE": SECRET}, "PERSISTENCE_MODULE"),
        (CaseStoreSettings.from_env, {**POSTGRES, "POSTGRES_HOST": ""}, "POSTGRES_HOST"),
        (CaseStoreSettings.from_env, {**POSTGRES, "POSTGRES_PORT": SECRET}, "POSTGRES_PORT"),
        (CaseStoreSettings.from_env, {**POSTGRES, "POSTGRES_PORT": "70000"}, "POSTGRES_PORT"),
        (
            CaseStoreSettings.from_env,
            {**POSTGRES, "POSTGRES_POOL_SIZE": SECRET},
            "POSTGRES_POOL_SIZE",
        ),
        (CaseStoreSettings.from_env, {"CREATE_TABLE": SECRET}, "CREATE_TABLE"),
        (CaseStoreSettings.from_env, {"CIPHER_TOPIC": SECRET}, "CIPHER_TOPIC"),
        (CaseStoreSettings.from_env, {**CIPHER, "CIPHER_KEY": SECRET}, "CIPHER_KEY"),
        (CaseStoreSettings.from_env, {**CIPHER, "CIPHER_KEY": "c2hvcnQ="}, "CIPHER_KEY"),
        (
            lambda env: AgencyServiceSettings.from_env(env, 50061),
            {"MARAC_GRPC_ADDRESS": SECRET},
            "MARAC_GRPC_ADDRESS",
        ),
        (
            lambda env: AgencyServiceSettings.from_env(env, 50061),
            {"MARAC_GRPC_ADDRESS": "127.0.0.1:99999"},
            "MARAC_GRPC_ADDRESS",
        ),
        (RiskViewSettings.from_env, {"MARAC_DISCLOSURE_TOPIC": "t"}, "MARAC_READMODEL_DSN"),
        (
            RiskViewSettings.from_env,
            {
                "MARAC_READMODEL_DSN": "d",
                "MARAC_DISCLOSURE_TOPIC": "t",
                "MARAC_DISCLOSURE_TIMEOUT": SECRET,
            },
            "MARAC_DISCLOSURE_TIMEOUT",
        ),
        (
            lambda env: sweep_breaches(None, None, env),
            {"MARAC_BREACH_SWEEP_SECONDS": "-300"},
            "MARAC_BREACH_SWEEP_SECONDS",
        ),
        (
            Config.from_env,
            {"MARAC_READMODEL_DSN": "d", "MARAC_CASE_TOPICS": ","},
            "MARAC_CASE_TOPICS",
        ),
    ],
)
def test_a_bad_setting_is_named_and_its_value_not_repeated(read, env, variable):
    with pytest.raises(SettingsError) as error:
        read(env)
    assert str(error.value).startswith(variable)
    assert SECRET not in str(error.value)


def test_settings_take_their_defaults_and_values():
    store = CaseStoreSettings.from_env({**POSTGRES, **CIPHER, "AGENCY_ID": " merseyside-police "})
    assert store.agency_id == "merseyside-police"
    assert MatchingSettings.from_env({"LINKING_KEY": KEY}).linking_key == bytes.fromhex(KEY)
    assert AgencyServiceSettings.from_env({}, 50061).grpc_address == "127.0.0.1:50061"
    relay = RelaySettings.from_env(
        {"MARAC_TOPIC": "x.case-events.police"}, "marac.case-events.police"
    )
    assert (relay.kafka_bootstrap, relay.topic) == ("127.0.0.1:29092", "x.case-events.police")
    view = RiskViewSettings.from_env({"MARAC_READMODEL_DSN": "d", "MARAC_DISCLOSURE_TOPIC": "t"})
    assert (view.grpc_address, view.disclosure_timeout) == ("127.0.0.1:50070", 10.0)
