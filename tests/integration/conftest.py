"""Fixtures the integration tests share."""

import secrets

import pytest

from deploy.local.databases import APPENDER, drop_database, provision_database, provision_reader
from services.audit.store import migrate


@pytest.fixture
def ledger_db(run_id):
    """An audit ledger's database as the stack makes it: the schema applied by its
    owner; the service's own role (returned) may only add rows and read them."""
    name = f"t{run_id}_audit_{secrets.token_hex(2)}"
    owner = provision_database(name, secrets.token_hex(12))
    migrate(owner.conninfo())
    appender = provision_reader(owner, secrets.token_hex(12), APPENDER)
    yield appender
    drop_database(name)
