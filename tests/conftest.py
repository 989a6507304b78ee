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

PG_HOST = os.environ.get("MARAC_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("MARAC_PG_PORT", "25432"))
PG_SUPERUSER = os.environ.get("MARAC_PG_SUPERUSER", "postgres")
PG_SUPERPASSWORD = os.environ.get("MARAC_PG_SUPERPASSWORD", "marac-local-admin")
KAFKA_BOOTSTRAP = os.environ.get("MARAC_KAFKA_BOOTSTRAP", "127.0.0.1:29092")


def admin_dsn(dbname: str = "postgres") -> str:
    return (
        f"host={PG_HOST} port={PG_PORT} user={PG_SUPERUSER} "
        f"password={PG_SUPERPASSWORD} dbname={dbname}"
    )


@pytest.fixture(scope="session")
def run_id() -> str:
    return secrets.token_hex(4)


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    return KAFKA_BOOTSTRAP


@pytest.fixture(scope="session")
def create_database(run_id: str) -> Iterator[Callable[..., dict[str, str]]]:
    """Creates a database owned by a new login role; returns its connection settings."""
    created: list[tuple[str, str]] = []

    def create(name: str) -> dict[str, str]:
        dbname = f"t{run_id}_{name}"
        role = dbname
        password = secrets.token_hex(12)
        with psycopg.connect(admin_dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
            conn.execute(f'CREATE DATABASE "{dbname}" OWNER "{role}"')
            conn.execute(f'REVOKE ALL ON DATABASE "{dbname}" FROM PUBLIC')
        created.append((dbname, role))
        return {
            "host": PG_HOST,
            "port": str(PG_PORT),
            "dbname": dbname,
            "user": role,
            "password": password,
        }

    yield create
    with psycopg.connect(admin_dsn(), autocommit=True) as conn:
        for dbname, role in created:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture(scope="session")
def create_topics(kafka_bootstrap: str, run_id: str) -> Iterator[Callable[..., list[str]]]:
    """Creates topics with a per-run prefix; returns their full names."""
    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    created: list[str] = []

    def create(*names: str, partitions: int = 3) -> list[str]:
        full = [f"t{run_id}.{name}" for name in names]
        admin.create_topics(
            [NewTopic(name=t, num_partitions=partitions, replication_factor=1) for t in full]
        )
        created.extend(full)
        return full

    yield create
    if created:
        admin.delete_topics(created)
    admin.close()


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
