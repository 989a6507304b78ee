"""The audit service's settings, read from the environment and checked before
anything starts (a bad one stops it with one line naming the variable, never its
value).

    MARAC_AUDIT_DSN             its ledger's database, as its own role (INSERT, SELECT)
    MARAC_AUDIT_SIGNING_KEY     its Ed25519 private key (PEM, PKCS#8) for checkpoints
    MARAC_AUDIT_TOPICS          what it keeps: comma-separated topic=kind (kinds in
                                services/audit/columns.py); a topic of case events
                                or action updates topic=kind:agency_id, the agency
                                whose records alone it carries
    MARAC_AUDIT_GROUP           its consumer group on them
    MARAC_AUDIT_CHECKPOINT_ENTRIES, MARAC_AUDIT_CHECKPOINT_SECONDS
                                a checkpoint is signed after this many new entries
                                (default 10000), or this long after the last when
                                there are new ones (default 60)
    MARAC_GRPC_ADDRESS          where AuditService listens (default 127.0.0.1:50072)
    MARAC_PARTNERS              the partnership's agencies, which agreements may name:
                                comma-separated agency_id=kind (its AgencyKind number)
    AGREEMENTS_POSTGRES_*, POSTGRES_*, CIPHER_*
                                the agreements' own event store (eventsourcing's
                                settings; the store is named "agreements")
    MARAC_TOKEN_*               whose tokens it accepts (services/common/person_tokens.py)
    MARAC_HANDLE_KEY            RiskView's handle key (64 hexadecimal characters), so
                                the IG console finds a subject by their agenda item's
                                handle and the calls that named it; unset, it does not
    MARAC_TLS_CA, MARAC_TLS_CERT, MARAC_TLS_KEY, MARAC_KAFKA_BOOTSTRAP
The agreements' relay (`agreements-relay`) takes the event store's settings (as its
follower's role), MARAC_TOPIC (the agreements topic), MARAC_KAFKA_BOOTSTRAP,
MARAC_HEALTH_ADDRESS and MARAC_TLS_*.
The commands that read the ledger (`verify`, `export`) take MARAC_AUDIT_DSN,
MARAC_AUDIT_PUBLIC_KEY (the public key's PEM file) and, as `serve` does, the shared
view's MARAC_RULE_RETENTION_DAYS (verify finds a payload removed before it). `retain` takes
MARAC_AUDIT_RETENTION_DSN (the ledger as its retention role, which may only remove
payloads) and the shared view's MARAC_RULE_RETENTION_DAYS (shared_view/rules.py);
with MARAC_AUDIT_RETENTION_EVERY (seconds above 0) it runs a pass at start and then
one at each such interval until it is stopped, as the local stack runs it, rather
than one pass (as a scheduler, the chart's CronJob, runs it).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from services.audit.columns import KINDS, OF_ONE_AGENCY
from services.common.person_tokens import PeopleSettings
from services.common.settings import (
    KAFKA_BOOTSTRAP,
    address,
    hex_key,
    pem_file,
    seconds,
    setting,
    text,
    whole_number,
)
from services.marac.ports import Partners
from services.marac.settings import partners
from shared_view.rules import Rules

AUDIT_PORT = 50072


@dataclass(frozen=True)
class Topics:
    kinds: dict[str, str]  # topic -> the kind of record it carries
    agencies: dict[str, str]  # topic -> the agency whose records alone it carries


def topics(raw: str) -> Topics:
    kinds, agencies = {}, {}
    for part in raw.split(","):
        topic, _, kept = part.strip().partition("=")
        kind, _, agency = kept.partition(":")
        if not topic or kind not in KINDS or bool(agency) != (kind in OF_ONE_AGENCY):
            raise ValueError
        kinds[topic] = kind
        if agency:
            agencies[topic] = agency
    return Topics(kinds, agencies)


def private_key(path: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem_file(path), password=None)
    except (TypeError, UnsupportedAlgorithm):  # encrypted, or not a key we know
        raise ValueError from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError
    return key


def public_key(path: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem_file(path))
    except UnsupportedAlgorithm:
        raise ValueError from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError
    return key


def positive(raw: str) -> int:
    value = whole_number(raw)
    if value < 1:
        raise ValueError
    return value


def dsn(env: Mapping[str, str]) -> str:
    return setting(env, "MARAC_AUDIT_DSN", text, "the ledger database's connection string")


@dataclass(frozen=True)
class AuditSettings:
    dsn: str
    signing_key: Ed25519PrivateKey
    topics: Topics
    group: str
    checkpoint_entries: int
    checkpoint_seconds: float
    grpc_address: str
    people: PeopleSettings
    kafka_bootstrap: str
    partners: Partners
    handle_key: bytes = b""
    # The shared view's rules: their retention period, which `Verify` checks removals by.
    rules: Rules = field(default_factory=Rules)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "AuditSettings":
        return cls(
            dsn=dsn(env),
            signing_key=setting(
                env, "MARAC_AUDIT_SIGNING_KEY", private_key, "an Ed25519 private key's PEM file"
            ),
            topics=setting(
                env,
                "MARAC_AUDIT_TOPICS",
                topics,
                f"comma-separated topic=kind, each kind one of {', '.join(KINDS)}, a topic"
                f" of {' or '.join(OF_ONE_AGENCY)} topic=kind:agency_id",
            ),
            group=setting(env, "MARAC_AUDIT_GROUP", text, "a consumer group name"),
            checkpoint_entries=setting(
                env, "MARAC_AUDIT_CHECKPOINT_ENTRIES", positive, "a whole number above 0", 10000
            ),
            checkpoint_seconds=setting(
                env, "MARAC_AUDIT_CHECKPOINT_SECONDS", seconds, "a number of seconds", 60.0
            ),
            grpc_address=setting(
                env,
                "MARAC_GRPC_ADDRESS",
                address,
                "host:port to listen on",
                f"127.0.0.1:{AUDIT_PORT}",
            ),
            people=PeopleSettings.from_env(env),
            kafka_bootstrap=KAFKA_BOOTSTRAP.read(env),
            partners=setting(
                env, "MARAC_PARTNERS", partners, "comma-separated agency_id=AgencyKind number"
            ),
            handle_key=setting(env, "MARAC_HANDLE_KEY", hex_key, "64 hexadecimal characters", b""),
            rules=Rules.from_env(env),
        )


@dataclass(frozen=True)
class ReaderSettings:
    """For `verify` and `export`: the ledger, the key its checkpoints are signed by,
    and the shared view's rules (the retention period `verify` checks removals by)."""

    dsn: str
    public_key: Ed25519PublicKey
    rules: Rules = field(default_factory=Rules)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "ReaderSettings":
        return cls(
            dsn=dsn(env),
            public_key=setting(
                env, "MARAC_AUDIT_PUBLIC_KEY", public_key, "an Ed25519 public key's PEM file"
            ),
            rules=Rules.from_env(env),
        )


@dataclass(frozen=True)
class RetentionSettings:
    """For `retain`: the ledger as its retention role, the shared view's rules
    (their retention period), and how often to run a pass (None: once)."""

    dsn: str
    rules: Rules
    every: float | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "RetentionSettings":
        every = setting(env, "MARAC_AUDIT_RETENTION_EVERY", interval, "a number of seconds above 0",
                        0.0)  # fmt: skip
        return cls(
            dsn=setting(
                env, "MARAC_AUDIT_RETENTION_DSN", text,
                "the ledger database's connection string, as its retention role",
            ),
            rules=Rules.from_env(env),
            every=every or None,
        )  # fmt: skip


def interval(raw: str) -> float:
    value = seconds(raw)
    if value <= 0:
        raise ValueError
    return value
