"""A store made before its relay had a role of its own: provisioning gives the relay
its tracking table, so the relay records its position again (it had been refused,
"permission denied for table <agency>_relay_tracking", and stopped publishing)."""

import secrets

import psycopg
import pytest

from deploy.local.databases import FOLLOWER, Database, provision_reader
from tests.conftest import conninfo


def test_a_relays_tracking_table_made_by_the_stores_role_becomes_the_relays(create_database):
    store = create_database("old_store")
    with psycopg.connect(conninfo(store), autocommit=True) as conn:
        conn.execute("CREATE TABLE police_relay_tracking (notification_id bigint)")
        conn.execute("CREATE TABLE police_events (id bigint)")
    owned = Database(store["dbname"], store["user"], store["password"])
    relay = provision_reader(owned, secrets.token_hex(12), FOLLOWER)
    as_relay = {**store, "user": relay.user, "password": relay.password}
    with psycopg.connect(conninfo(as_relay), autocommit=True) as conn:
        conn.execute("INSERT INTO police_relay_tracking VALUES (12)")
        assert conn.execute(
            "SELECT max(notification_id) FROM police_relay_tracking"
        ).fetchone() == (12,)
        # The store's own tables stay the store's: the relay only reads them.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO police_events VALUES (1)")
