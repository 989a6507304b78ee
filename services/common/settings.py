"""How a process is configured: one settings object per kind of process, read from
the environment and checked when the process starts. A bad or missing value stops
the process with one readable line naming the variable and what it must be; the
line never repeats the value (it may be a secret).

The event store's own settings are the eventsourcing library's, read by it from
the same environment; services.common.store_settings checks them first, so that a
bad one is named like any other.
"""

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NoReturn, TypeVar

from services.common.tls import TlsIdentity

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


def whole_number(raw: str) -> int:
    return int(raw)


MAX_REQUEST_PROCESSES = 16


def process_count(raw: str) -> int:
    count = int(raw)
    if not 1 <= count <= MAX_REQUEST_PROCESSES:
        raise ValueError
    return count


def names(raw: str) -> tuple[str, ...]:
    found = tuple(n.strip() for n in raw.split(",") if n.strip())
    if not found:
        raise ValueError
    return found


def pem_file(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            content = f.read()
    except OSError:
        raise ValueError from None
    if b"-----BEGIN " not in content:
        raise ValueError
    return content


def tls_identity(env: Mapping[str, str]) -> TlsIdentity:
    """The process's own certificate and key and the deployment's authority, named
    by file path (MARAC_TLS_CA, MARAC_TLS_CERT, MARAC_TLS_KEY), so that no key is
    ever in an environment."""

    def read(variable: str, what: str) -> bytes:
        return setting(env, variable, pem_file, f"a readable PEM file: {what}")

    return TlsIdentity(
        authority=read("MARAC_TLS_CA", "the deployment's certificate authority"),
        certificate=read("MARAC_TLS_CERT", "this process's certificate"),
        key=read("MARAC_TLS_KEY", "this process's private key"),
        files=(env["MARAC_TLS_CA"], env["MARAC_TLS_CERT"], env["MARAC_TLS_KEY"]),
    )


def exit_on_bad_settings(error: SettingsError) -> NoReturn:
    print(f"configuration: {error}", file=sys.stderr)
    raise SystemExit(EX_CONFIG)


@dataclass(frozen=True)
class Setting:
    """One setting several processes read alike."""

    variable: str
    must_be: str
    default: str
    parse: Callable[[str], str] = text

    def read(self, env: Mapping[str, str]) -> str:
        return setting(env, self.variable, self.parse, self.must_be, default=self.default)


KAFKA_BOOTSTRAP = Setting(
    "MARAC_KAFKA_BOOTSTRAP", "the Kafka bootstrap servers, host:port[,host:port]", "127.0.0.1:29092"
)


# Where a process that serves no API answers health checks; none when unset.
HEALTH_ADDRESS = Setting("MARAC_HEALTH_ADDRESS", "host:port for the health service", "", address)
# Where the health service alone also answers in plaintext, for an orchestrator's
# probe that cannot present a certificate (the kubelet's gRPC probe); none when unset.
PROBE_ADDRESS = Setting(
    "MARAC_PROBE_ADDRESS", "host:port for the plaintext health probe", "", address
)


@dataclass(frozen=True)
class CaseStoreSettings:
    """Whose case records a store holds: the agency's identifier."""

    agency_id: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "CaseStoreSettings":
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
    # How many processes answer requests on the address; with 1 the writer does.
    request_processes: int

    @classmethod
    def from_env(cls, env: Mapping[str, str], default_port: int) -> "AgencyServiceSettings":
        return cls(
            grpc_address=setting(
                env,
                "MARAC_GRPC_ADDRESS",
                address,
                "host:port to listen on",
                default=f"127.0.0.1:{default_port}",
            ),
            request_processes=setting(
                env,
                "MARAC_REQUEST_PROCESSES",
                process_count,
                f"a whole number of processes from 1 to {MAX_REQUEST_PROCESSES}",
                default=1,
            ),
        )


@dataclass(frozen=True)
class RelaySettings:
    """An agency's relay (`python -m services.<agency> relay`)."""

    kafka_bootstrap: str
    topic: str
    health_address: str

    @classmethod
    def from_env(cls, env: Mapping[str, str], default_topic: str) -> "RelaySettings":
        return cls(
            kafka_bootstrap=KAFKA_BOOTSTRAP.read(env),
            topic=setting(env, "MARAC_TOPIC", text, "a topic name", default=default_topic),
            health_address=HEALTH_ADDRESS.read(env),
        )


@dataclass(frozen=True)
class MeetingActionsSettings:
    """Where an agency's service reads the actions MARAC meetings agree for it
    (services.common.action_inbox); it reads none while MARAC_ACTIONS_TOPIC is unset."""

    kafka_bootstrap: str
    topic: str
    group: str

    @classmethod
    def from_env(cls, env: Mapping[str, str], agency: str) -> "MeetingActionsSettings":
        return cls(
            kafka_bootstrap=KAFKA_BOOTSTRAP.read(env),
            topic=setting(env, "MARAC_ACTIONS_TOPIC", text, "a topic name", default=""),
            group=setting(
                env,
                "MARAC_ACTIONS_GROUP",
                text,
                "a consumer group's name",
                default=f"marac-{agency}-meeting-actions",
            ),
        )
