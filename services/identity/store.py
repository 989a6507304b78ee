"""The user directory in its own Postgres database, through psycopg. Its schema comes
only from `python -m services.identity migrate` (numbered SQL files in
services/identity/migrations, applied once each by the same runner as the shared
view's); nothing creates tables on start."""

from contextlib import AbstractContextManager
from pathlib import Path

import psycopg
from psycopg.errors import UniqueViolation
from psycopg_pool import ConnectionPool

from services.identity.domain import User, UserExists
from shared_view.schema import Migrated
from shared_view.schema import migrate as apply_migrations

MIGRATIONS = Path(__file__).with_name("migrations")
COLUMNS = "user_id, username, role, agency, agency_id, active, password_hash"


def migrate(dsn: str) -> Migrated:
    return apply_migrations(dsn, MIGRATIONS)


class PostgresUsers:
    def __init__(self, dsn: str):
        # Connections kept between calls (each new one cost a TLS handshake and a
        # password exchange, and the health check asks every second), each checked as
        # it is taken: sign-ins are few, and a dead one is replaced unseen.
        self._pool = ConnectionPool(
            dsn,
            min_size=1,
            max_size=4,
            timeout=10,
            kwargs={"autocommit": True, "connect_timeout": 10},
            check=ConnectionPool.check_connection,
            open=True,
            name="directory",
        )

    def close(self) -> None:
        self._pool.close()

    def _connection(self) -> AbstractContextManager[psycopg.Connection]:
        return self._pool.connection()

    def add(self, user: User) -> None:
        try:
            with self._connection() as conn:
                conn.execute(
                    f"INSERT INTO directory_user ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [
                        user.user_id,
                        user.username,
                        user.role,
                        user.agency,
                        user.agency_id,
                        user.active,
                        user.password_hash,
                    ],
                )
        except UniqueViolation:
            raise UserExists() from None

    def named(self, username: str) -> User | None:
        with self._connection() as conn:
            row = conn.execute(
                f"SELECT {COLUMNS} FROM directory_user WHERE username = %s", [username]
            ).fetchone()
        return User(*row) if row else None

    def with_id(self, user_id: str) -> User | None:
        with self._connection() as conn:
            row = conn.execute(
                f"SELECT {COLUMNS} FROM directory_user WHERE user_id = %s", [user_id]
            ).fetchone()
        return User(*row) if row else None

    def reachable(self) -> bool:
        """Whether the directory answers now (the served component's health)."""
        try:
            with self._connection() as conn:
                conn.execute("SELECT 1 FROM directory_user LIMIT 1")
            return True
        except psycopg.Error:  # PoolTimeout too
            return False

    def replace_hash(self, user_id: str, password_hash: str) -> None:
        with self._connection() as conn:
            conn.execute(
                "UPDATE directory_user SET password_hash = %s WHERE user_id = %s",
                [password_hash, user_id],
            )

    def set_active(self, username: str, active: bool) -> bool:
        with self._connection() as conn:
            updated = conn.execute(
                "UPDATE directory_user SET active = %s WHERE username = %s", [active, username]
            )
            return updated.rowcount == 1
