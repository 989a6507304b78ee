"""Every process reads one settings object from the environment and refuses to
start on a bad value with a line naming the variable, never the value."""

import socket

import pytest
from eventsourcing.utils import Environment

from projections.config import Config
from services.common.settings import (
    AgencyServiceSettings,
    CaseStoreSettings,
    MatchingSettings,
    RelaySettings,
    SettingsError,
)
from services.common.store_settings import check_event_store, supplied
from services.riskview.composition import RiskViewSettings
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
CIPHER = {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": "A" * 43 + "="}


def without(settings: dict[str, str], variable: str) -> dict[str, str]:
    return {k: v for k, v in settings.items() if k != variable}


@pytest.mark.parametrize(
    ("read", "env", "variable"),
    [
        (MatchingSettings.from_env, {}, "LINKING_KEY"),
        (MatchingSettings.from_env, {"LINKING_KEY": SECRET}, "LINKING_KEY"),
        (MatchingSettings.from_env, {"LINKING_KEY": KEY[:-2]}, "LINKING_KEY"),
        (check_event_store, {"PERSISTENCE_MODULE": SECRET}, "PERSISTENCE_MODULE"),
        (check_event_store, {"INFRASTRUCTURE_FACTORY": SECRET}, "INFRASTRUCTURE_FACTORY"),
        (check_event_store, without(POSTGRES, "POSTGRES_HOST"), "POSTGRES_HOST"),
        (check_event_store, without(POSTGRES, "POSTGRES_PASSWORD"), "POSTGRES_PASSWORD"),
        (check_event_store, {**POSTGRES, "POSTGRES_PORT": SECRET}, "POSTGRES_PORT"),
        (check_event_store, {**POSTGRES, "POSTGRES_PORT": "70000"}, "POSTGRES_PORT"),
        (check_event_store, {**POSTGRES, "POSTGRES_POOL_SIZE": SECRET}, "POSTGRES_POOL_SIZE"),
        (check_event_store, {**POSTGRES, "POSTGRES_POOL_SIZE": "-5"}, "POSTGRES_POOL_SIZE"),
        (check_event_store, {**POSTGRES, "POSTGRES_PRE_PING": "yes "}, "POSTGRES_PRE_PING"),
        (check_event_store, {**POSTGRES, "SINGLE_ROW_TRACKING": ""}, "SINGLE_ROW_TRACKING"),
        (check_event_store, {**POSTGRES, "ORIGINATOR_ID_TYPE": SECRET}, "ORIGINATOR_ID_TYPE"),
        (check_event_store, {"CREATE_TABLE": SECRET}, "CREATE_TABLE"),
        (check_event_store, {"CIPHER_TOPIC": SECRET}, "CIPHER_TOPIC"),
        (check_event_store, {"CIPHER_TOPIC": "eventsourcing.cipher:AESCipher"}, "CIPHER_TOPIC"),
        (check_event_store, {"CIPHER_KEY": SECRET}, "CIPHER_TOPIC"),
        (check_event_store, {**CIPHER, "CIPHER_KEY": SECRET}, "CIPHER_KEY"),
        (check_event_store, {**CIPHER, "CIPHER_KEY": "c2hvcnQ="}, "CIPHER_KEY"),
        (check_event_store, without(CIPHER, "CIPHER_KEY"), "CIPHER_KEY"),
        # Found under the application's name first, and named so.
        (
            check_event_store,
            Environment("police", {**POSTGRES, "POLICE_POSTGRES_PORT": SECRET}),
            "POLICE_POSTGRES_PORT",
        ),
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
        (
            lambda env: AgencyServiceSettings.from_env(env, 50061),
            {"MARAC_REQUEST_PROCESSES": SECRET},
            "MARAC_REQUEST_PROCESSES",
        ),
        (
            lambda env: AgencyServiceSettings.from_env(env, 50061),
            {"MARAC_REQUEST_PROCESSES": "17"},
            "MARAC_REQUEST_PROCESSES",
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
        (
            Config.from_env,
            {"MARAC_READMODEL_DSN": "d", "MARAC_CASE_TOPICS": "t"}
            | {"MARAC_PROJECTION_SESSION_SECONDS": "3"},
            "MARAC_PROJECTION_SESSION_SECONDS",
        ),
    ],
)
def test_a_bad_setting_is_named_and_its_value_not_repeated(read, env, variable):
    with pytest.raises(SettingsError) as error:
        read(env)
    message = str(error.value)
    assert message.startswith(variable)
    found = supplied(env, variable.removeprefix("POLICE_"))
    if found is not None and found[1]:
        assert found[1] not in message


def test_the_event_store_takes_what_the_library_takes():
    check_event_store({})  # in memory
    check_event_store(
        {
            **POSTGRES,
            "PERSISTENCE_MODULE": "eventsourcing.postgres:PostgresFactory",
            "POSTGRES_PASSWORD": "",  # peer or .pgpass authentication
            "POSTGRES_POOL_SIZE": "",  # the library's default
            "POSTGRES_CONN_MAX_AGE": "1e9",
            "CIPHER_TOPIC": CIPHER["CIPHER_TOPIC"],
            "CIPHER_KEY": CIPHER["CIPHER_KEY"] + "\n",
        }
    )
    # A good value under the application's name wins over a bad plain one.
    check_event_store(Environment("police", {**POSTGRES, "POLICE_POSTGRES_PORT": "5433"}))


def test_settings_take_their_defaults_and_values():
    store = CaseStoreSettings.from_env({"AGENCY_ID": " merseyside-police "})
    assert store.agency_id == "merseyside-police"
    assert MatchingSettings.from_env({"LINKING_KEY": KEY}).linking_key == bytes.fromhex(KEY)
    assert AgencyServiceSettings.from_env({}, 50061).grpc_address == "127.0.0.1:50061"
    relay = RelaySettings.from_env(
        {"MARAC_TOPIC": "x.case-events.police"}, "marac.case-events.police"
    )
    assert (relay.kafka_bootstrap, relay.topic) == ("127.0.0.1:29092", "x.case-events.police")
    projection = Config.from_env(
        {"MARAC_READMODEL_DSN": "d", "MARAC_CASE_TOPICS": "t", "MARAC_PROJECTION_ID": "p"}
    )
    assert (projection.instance_id, projection.session_seconds) == (
        f"p-{socket.gethostname()}",
        10.0,
    )
    view = RiskViewSettings.from_env(
        {
            "MARAC_READMODEL_DSN": "d",
            "MARAC_DISCLOSURE_TOPIC": "t",
            "MARAC_TOKEN_ISSUER": "https://identity.example",
            "MARAC_TOKEN_AUDIENCE": "marac-hub",
            "MARAC_TOKEN_KEYS": "https://identity.example/jwks.json",
            "MARAC_HANDLE_KEY": KEY,
        }
    )
    assert (view.grpc_address, view.disclosure_timeout) == ("127.0.0.1:50070", 10.0)
    assert view.people.rules.max_lifetime_seconds == 3600.0
