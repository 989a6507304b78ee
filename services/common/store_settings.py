"""The event store's settings, as the eventsourcing library reads them, checked
before it reads them: the library's own errors quote the bad value (it may be a
secret), ours name the variable.

The library finds each setting under the application's name first
(POLICE_POSTGRES_HOST) and then plainly (POSTGRES_HOST); an empty value stands
for its default where the library takes it so. The checks accept what the library
accepts, except where a value could only fail later or is outside what this
project runs: the persistence module is in-memory or Postgres, the cipher is
eventsourcing.cryptography's AES-GCM, and numbers are 0 or more.
"""

import base64
import binascii
import math
from collections.abc import Callable, Mapping
from typing import TypeVar

from eventsourcing.utils import Environment

from services.common.settings import SettingsError

T = TypeVar("T")

PERSISTENCE_MODULES = ("eventsourcing.popo", "eventsourcing.postgres")
# Where the library looks for the persistence module, in its order.
MODULE_VARIABLES = ("PERSISTENCE_MODULE", "INFRASTRUCTURE_FACTORY", "FACTORY_TOPIC")
AES_CIPHER = "eventsourcing.cryptography:AESCipher"
POSTGRES_REQUIRED = ("POSTGRES_DBNAME", "POSTGRES_HOST", "POSTGRES_USER")
POSTGRES_WHOLE_NUMBERS = (
    "POSTGRES_CONNECT_TIMEOUT",
    "POSTGRES_MAX_WAITING",
    "POSTGRES_LOCK_TIMEOUT",
    "POSTGRES_POOL_SIZE",
    "POSTGRES_MAX_OVERFLOW",
    "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT",
)
# Yes/no settings: those where the library reads an empty value as its default...
YES_OR_NO_EMPTY_IS_DEFAULT = ("CREATE_TABLE",)
POSTGRES_YES_OR_NO_EMPTY_IS_DEFAULT = ("POSTGRES_PRE_PING", "POSTGRES_ENABLE_DB_FUNCTIONS")
# ...and those where it must be a word.
YES_OR_NO = ("IS_SNAPSHOTTING_ENABLED",)
POSTGRES_YES_OR_NO = ("SINGLE_ROW_TRACKING",)
TRUE_WORDS = ("y", "yes", "t", "true", "on", "1")
FALSE_WORDS = ("n", "no", "f", "false", "off", "0")


def supplied(env: Mapping[str, str], variable: str) -> tuple[str, str] | None:
    """The variable that gives a setting's value, and the value, as the library
    looks them up; None when neither is set."""
    keys = env.create_keys(variable) if isinstance(env, Environment) else [variable]
    for key in keys:
        value = dict.get(env, key) if isinstance(env, dict) else env.get(key)
        if value is not None:
            return key, value
    return None


def check(
    env: Mapping[str, str],
    variable: str,
    parse: Callable[[str], T],
    must_be: str,
    required: bool = False,
    empty_is_default: bool = True,
) -> T | None:
    found = supplied(env, variable)
    if found is None:
        if required:
            raise SettingsError(f"{variable} is required: {must_be}")
        return None
    key, raw = found
    if raw == "" and empty_is_default:
        return None
    try:
        return parse(raw)
    except ValueError:
        raise SettingsError(f"{key} must be {must_be}") from None


def any_text(raw: str) -> str:
    return raw


def yes_or_no(raw: str) -> bool:
    # As the library reads it: any case, no spaces.
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise ValueError


def port(raw: str) -> int:
    value = int(raw)
    if not 0 < value < 65536:
        raise ValueError
    return value


def count(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError
    return value


def max_age(raw: str) -> float:
    value = float(raw)
    if math.isnan(value) or value < 0:
        raise ValueError
    return value


def aes_key(raw: str) -> bytes:
    try:
        key = base64.b64decode("".join(raw.split()), validate=True)
    except binascii.Error:
        raise ValueError from None
    if len(key) not in (16, 24, 32):
        raise ValueError
    return key


def persistence_module(env: Mapping[str, str]) -> str:
    for variable in MODULE_VARIABLES:
        found = supplied(env, variable)
        if found is not None and found[1]:
            key, topic = found
            if topic.split(":", 1)[0] not in PERSISTENCE_MODULES:
                raise SettingsError(f"{key} must be one of {', '.join(PERSISTENCE_MODULES)}")
            return topic.split(":", 1)[0]
    return "eventsourcing.popo"


def check_event_store(env: Mapping[str, str]) -> None:
    """Checks the library's settings of an event store as it will read them from
    `env` (an eventsourcing Environment, or a plain mapping)."""
    if persistence_module(env) == "eventsourcing.postgres":
        for variable in POSTGRES_REQUIRED:
            check(env, variable, any_text, "a PostgreSQL connection setting", required=True)
        check(env, "POSTGRES_PORT", port, "a port number")
        if not (supplied(env, "POSTGRES_GET_PASSWORD_TOPIC") or ("", ""))[1]:
            check(env, "POSTGRES_PASSWORD", any_text, "the database role's password", True)
        for variable in POSTGRES_WHOLE_NUMBERS:
            check(env, variable, count, "a whole number, 0 or more")
        check(env, "POSTGRES_CONN_MAX_AGE", max_age, "a number of seconds, 0 or more")
        for variable in POSTGRES_YES_OR_NO_EMPTY_IS_DEFAULT:
            check(env, variable, yes_or_no, "y or n")
        for variable in POSTGRES_YES_OR_NO:
            check(env, variable, yes_or_no, "y or n", empty_is_default=False)
        check(env, "ORIGINATOR_ID_TYPE", originator_id_type, "uuid or text", empty_is_default=False)
    for variable in YES_OR_NO_EMPTY_IS_DEFAULT:
        check(env, variable, yes_or_no, "y or n")
    for variable in YES_OR_NO:
        check(env, variable, yes_or_no, "y or n", empty_is_default=False)
    check_cipher(env)


def originator_id_type(raw: str) -> str:
    if raw.lower() not in ("uuid", "text"):
        raise ValueError
    return raw


def check_cipher(env: Mapping[str, str]) -> None:
    topic = supplied(env, "CIPHER_TOPIC")
    key = supplied(env, "CIPHER_KEY")
    if topic is not None and topic[1]:
        if topic[1] != AES_CIPHER:
            raise SettingsError(f"{topic[0]} must be {AES_CIPHER}")
    elif key is not None and key[1]:
        # The library would take its default cipher, which needs another package.
        raise SettingsError(f"CIPHER_TOPIC is required with CIPHER_KEY: {AES_CIPHER}")
    else:
        return
    check(
        env,
        "CIPHER_KEY",
        aes_key,
        "an AES key of 16, 24 or 32 bytes, in base64",
        required=True,
        empty_is_default=False,
    )
