"""How a process is configured: one settings object per kind of process, read from
the environment and checked when the process starts. A bad or missing value stops
the process with one readable line naming the variable and what it must be; the
line never repeats the value (it may be a secret).

The event store's own settings (PERSISTENCE_MODULE, POSTGRES_*, CIPHER_TOPIC,
CIPHER_KEY, CREATE_TABLE) are the eventsourcing library's, read by it from the
same environment; `check_event_store` checks them first, so that a bad one is
named like any other.
"""

import base64
import binascii
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NoReturn, TypeVar

T = TypeVar("T")
EX_CONFIG = 78  # sysexits.h: configuration error
ADDRESS = re.compile(r"[A-Za-z0-9.\-\[\]:]+:\d{1,5}")
HEX_KEY = re.compile(r"(?:[0-9a-fA-F]{2}){32}")


class SettingsError(ValueError):
    """A setting the process cannot start with; the message names the variable."""


def setting(
    env: Mapping[str, str],
    variable: str,
    parse: Callable[[str], T],
    must_be: str,
    default: T | None = None,
) -> T:
    """The variable's value parsed; `must_be` says what it must be, for the error."""
    raw = env.get(variable, "")
    if not raw:
        if default is None:
            raise SettingsError(f"{variable} is required: {must_be}")
        return default
    try:
        return parse(raw)
    except ValueError:
        raise SettingsError(f"{variable} must be {must_be}") from None


def text(raw: str) -> str:
    return raw.strip()


def hex_key(raw: str) -> bytes:
    if not HEX_KEY.fullmatch(raw):
        raise ValueError
    return bytes.fromhex(raw)


def address(raw: str) -> str:
    if not ADDRESS.fullmatch(raw) or not 0 <= int(raw.rsplit(":", 1)[1]) < 65536:
        raise ValueError
    return raw


def seconds(raw: str) -> float:
    value = float(raw)
    if not 0 <= value < 10**7:
        raise ValueError
    return value


def names(raw: str) -> tuple[str, ...]:
    found = tuple(n.strip() for n in raw.split(",") if n.strip())
    if not found:
        raise ValueError
    return found


def whole_number(raw: str) -> int:
    return int(raw)


def port(raw: str) -> int:
    value = int(raw)
    if not 0 < value < 65536:
        raise ValueError
    return value


def yes_or_no(raw: str) -> bool:
    word = raw.strip().lower()
    if word in ("y", "yes", "t", "true", "on", "1"):
        return True
    if word in ("n", "no", "f", "false", "off", "0"):
        return False
    raise ValueError


def aes_key(raw: str) -> bytes:
    try:
        key = base64.b64decode(raw, validate=True)
    except binascii.Error:
        raise ValueError from None
    if len(key) not in (16, 24, 32):
        raise ValueError
    return key


PERSISTENCE_MODULES = frozenset(
    {"eventsourcing.popo", "eventsourcing.postgres", "eventsourcing.sqlite"}
)
AES_CIPHERS = frozenset({"eventsourcing.cryptography:AESCipher", "eventsourcing.cipher:AESCipher"})
POSTGRES_REQUIRED = ("POSTGRES_DBNAME", "POSTGRES_HOST", "POSTGRES_USER")
POSTGRES_NUMBERS = (
    "POSTGRES_CONNECT_TIMEOUT",
    "POSTGRES_MAX_WAITING",
    "POSTGRES_LOCK_TIMEOUT",
    "POSTGRES_POOL_SIZE",
    "POSTGRES_MAX_OVERFLOW",
    "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT",
)


def check_event_store(env: Mapping[str, str]) -> None:
    """Checks the eventsourcing library's settings of an event store, as it reads
    them from `env` (an eventsourcing Environment, which also finds each under the
    application's name)."""
    module = setting(
        env, "PERSISTENCE_MODULE", text, "an eventsourcing persistence module", "eventsourcing.popo"
    )
    if module not in PERSISTENCE_MODULES:
        raise SettingsError(
            f"PERSISTENCE_MODULE must be one of {', '.join(sorted(PERSISTENCE_MODULES))}"
        )
    if module == "eventsourcing.postgres":
        for variable in POSTGRES_REQUIRED:
            setting(env, variable, text, "a PostgreSQL connection setting")
        setting(env, "POSTGRES_PORT", port, "a port number", 5432)
        if not env.get("POSTGRES_GET_PASSWORD_TOPIC"):
            setting(env, "POSTGRES_PASSWORD", text, "the database role's password")
        for variable in POSTGRES_NUMBERS:
            setting(env, variable, whole_number, "a whole number", 0)
        setting(env, "POSTGRES_CONN_MAX_AGE", seconds, "a number of seconds", 0.0)
    for variable in ("CREATE_TABLE", "POSTGRES_PRE_PING"):
        setting(env, variable, yes_or_no, "y or n", False)
    cipher = env.get("CIPHER_TOPIC", "")
    if cipher:
        if cipher not in AES_CIPHERS:
            raise SettingsError("CIPHER_TOPIC must be eventsourcing.cryptography:AESCipher")
        setting(env, "CIPHER_KEY", aes_key, "an AES key, 16, 24 or 32 bytes in base64")


def exit_on_bad_settings(error: SettingsError) -> NoReturn:
    print(f"configuration: {error}", file=sys.stderr)
    raise SystemExit(EX_CONFIG)


@dataclass(frozen=True)
class Setting:
    """One setting several processes read alike."""

    variable: str
    must_be: str
    default: str

    def read(self, env: Mapping[str, str]) -> str:
        return setting(env, self.variable, text, self.must_be, default=self.default)


KAFKA_BOOTSTRAP = Setting(
    "MARAC_KAFKA_BOOTSTRAP", "the Kafka bootstrap servers, host:port[,host:port]", "127.0.0.1:29092"
)


@dataclass(frozen=True)
class CaseStoreSettings:
    """Whose case records a store holds: the agency's identifier."""

    agency_id: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "CaseStoreSettings":
        check_event_store(env)
        return cls(
            agency_id=setting(env, "AGENCY_ID", text, "the agency's identifier", default=""),
        )


@dataclass(frozen=True)
class MatchingSettings:
    """The linking key, which makes equal people give equal match keys across
    agencies; only the agency service that records cases holds it."""

    linking_key: bytes

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "MatchingSettings":
        return cls(setting(env, "LINKING_KEY", hex_key, "64 hexadecimal characters"))


@dataclass(frozen=True)
class AgencyServiceSettings:
    """An agency's gRPC service (`python -m services.<agency> serve`)."""

    grpc_address: str

    @classmethod
    def from_env(cls, env: Mapping[str, str], default_port: int) -> "AgencyServiceSettings":
        return cls(
            grpc_address=setting(
                env,
                "MARAC_GRPC_ADDRESS",
                address,
                "host:port to listen on",
                default=f"127.0.0.1:{default_port}",
            )
        )


@dataclass(frozen=True)
class RelaySettings:
    """An agency's relay (`python -m services.<agency> relay`)."""

    kafka_bootstrap: str
    topic: str

    @classmethod
    def from_env(cls, env: Mapping[str, str], default_topic: str) -> "RelaySettings":
        return cls(
            kafka_bootstrap=KAFKA_BOOTSTRAP.read(env),
            topic=setting(env, "MARAC_TOPIC", text, "a topic name", default=default_topic),
        )
