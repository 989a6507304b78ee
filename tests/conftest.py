"""Fixtures for the real servers that deploy/local/infra.sh starts.

Every test session works in databases and topics of its own (a random suffix), so a
run never sees another run's records and nothing depends on a server left running.
"""

import os
import secrets
from collections.abc import Callable, Iterator

import psycopg
import pytest
from kafka.admin import KafkaAdminClient, NewTopic

from deploy.local import kafka_access
from deploy.local.databases import drop_database, provision_database
from deploy.local.kafka_access import Grant, client_options
from deploy.local.pki import PKI_DIR
from shared_view.schema import migrate
from tests.agreements import agree_in

# As deploy/local/env.sh sets them, for a session started without it: every libpq
# connection (the tests' and their processes') speaks TLS and checks the server.
os.environ.setdefault("PGSSLMODE", "verify-full")
os.environ.setdefault("PGSSLROOTCERT", str(PKI_DIR / "ca.pem"))

PG_HOST = os.environ.get("MARAC_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("MARAC_PG_PORT", "25432"))
KAFKA_BOOTSTRAP = os.environ.get("MARAC_KAFKA_BOOTSTRAP", "127.0.0.1:29092")


@pytest.fixture(scope="session")
def run_id() -> str:
    return secrets.token_hex(4)


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    return KAFKA_BOOTSTRAP


@pytest.fixture(scope="session")
def create_database(run_id: str) -> Iterator[Callable[..., dict[str, str]]]:
    """Creates a database owned by a new login role; returns its connection settings."""
    created: list[str] = []

    def create(name: str) -> dict[str, str]:
        db = provision_database(f"t{run_id}_{name}", secrets.token_hex(12))
        created.append(db.dbname)
        return {
            "host": PG_HOST,
            "port": str(PG_PORT),
            "dbname": db.dbname,
            "user": db.user,
            "password": db.password,
        }

    yield create
    for dbname in created:
        drop_database(dbname)


def conninfo(db: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in db.items())


@pytest.fixture(scope="session")
def create_shared_view(create_database) -> Callable[[str], str]:
    """Creates a database and applies the shared view's migrations, as the stack does,
    and holds the tests' partnership agreement (tests/agreements.py) as if read from
    the agreements topic; returns its connection string (for the owner role)."""

    def create(name: str) -> str:
        dsn = conninfo(create_database(name))
        migrate(dsn)
        agree_in(dsn)
        return dsn

    return create


@pytest.fixture(scope="session")
def create_topics(kafka_bootstrap: str, run_id: str) -> Iterator[Callable[..., list[str]]]:
    """Creates topics with a per-run prefix; returns their full names."""
    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap, **client_options())
    created: list[str] = []

    def create(*names: str, partitions: int = 3) -> list[str]:
        full = [f"t{run_id}.{name}" for name in names]
        admin.create_topics(
            [NewTopic(name=t, num_partitions=partitions, replication_factor=1) for t in full]
        )
        created.extend(full)
        return full

    yield create
    admin.close()
    if created:
        # A client of its own: the fault tests restart the broker meanwhile, and the
        # first client's connection may still be backing off.
        with kafka_access.operator_admin(kafka_bootstrap) as fresh:
            fresh.delete_topics(created)


@pytest.fixture(scope="session")
def grant_kafka(kafka_bootstrap: str) -> Iterator[Callable[..., None]]:
    """Grants a process started by a test what it needs on the test's topics (as
    a stack does for its own); revoked at the end of the session."""
    granted: list[Grant] = []

    def grant(*grants: Grant) -> None:
        kafka_access.grant(kafka_bootstrap, grants)
        granted.extend(grants)

    yield grant
    if granted:
        kafka_access.revoke(kafka_bootstrap, {(g.resource, g.name) for g in granted})


def empty_store(db: dict[str, str], name: str) -> None:
    """Empties the case store `name` in `db`: its events and its cases' keys."""
    with psycopg.connect(**db, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {name}_events, {name}_case_keys, {name}_erased_cases")


def event_store_env(db: dict[str, str], cipher_key: str) -> dict[str, str]:
    """eventsourcing settings for a case store in `db`, encrypted at rest."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_HOST": db["host"],
        "POSTGRES_PORT": db["port"],
        "POSTGRES_DBNAME": db["dbname"],
        "POSTGRES_USER": db["user"],
        "POSTGRES_PASSWORD": db["password"],
        "CREATE_TABLE": "y",
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": cipher_key,
    }
