"""Connection pools to the shared view's database, for the writer and the reader."""

from collections.abc import Callable

import psycopg
from psycopg_pool import ConnectionPool


def connection_pool(
    conninfo: str,
    name: str,
    max_connections: int,
    wait_seconds: float,
    check_connections: bool,
    configure: Callable[[psycopg.Connection], None] | None = None,
) -> ConnectionPool:
    """A pool of autocommit connections, opened by the caller. `check_connections`
    False spares a round trip per use, for a caller that retries its work on
    psycopg.OperationalError (a broken connection is dropped when it goes back)."""
    return ConnectionPool(
        conninfo,
        min_size=1,
        max_size=max_connections,
        timeout=wait_seconds,  # for a connection, then psycopg_pool.PoolTimeout
        kwargs={"autocommit": True},
        check=ConnectionPool.check_connection if check_connections else None,
        configure=configure,
        open=False,
        name=name,
    )
