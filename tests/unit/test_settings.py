"""Every process reads one settings object from the environment and refuses to
start on a bad value with a line naming the variable, never the value."""

import pytest

from projections.config import Config
from services.common.settings import (
    AgencyServiceSettings,
    CaseStoreSettings,
    RelaySettings,
    SettingsError,
)
from services.riskview.__main__ import RiskViewSettings

SECRET = "Canary-Secret-4471"
KEY = "ab" * 32


@pytest.mark.parametrize(
    ("read", "env", "variable"),
    [
        (CaseStoreSettings.from_env, {}, "LINKING_KEY"),
        (CaseStoreSettings.from_env, {"LINKING_KEY": SECRET}, "LINKING_KEY"),
        (CaseStoreSettings.from_env, {"LINKING_KEY": KEY[:-2]}, "LINKING_KEY"),
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
    store = CaseStoreSettings.from_env({"LINKING_KEY": KEY, "AGENCY_ID": " merseyside-police "})
    assert (store.agency_id, store.linking_key) == ("merseyside-police", bytes.fromhex(KEY))
    assert AgencyServiceSettings.from_env({}, 50061).grpc_address == "127.0.0.1:50061"
    relay = RelaySettings.from_env(
        {"MARAC_TOPIC": "x.case-events.police"}, "marac.case-events.police"
    )
    assert (relay.kafka_bootstrap, relay.topic) == ("127.0.0.1:29092", "x.case-events.police")
    view = RiskViewSettings.from_env({"MARAC_READMODEL_DSN": "d", "MARAC_DISCLOSURE_TOPIC": "t"})
    assert (view.grpc_address, view.disclosure_timeout) == ("127.0.0.1:50070", 10.0)
