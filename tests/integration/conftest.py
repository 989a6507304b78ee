"""Fixtures the integration tests share."""

import secrets

import pytest

from deploy.local.databases import (
    APPENDER,
    RETAINER,
    drop_database,
    provision_database,
    provision_reader,
)
from services.audit.store import grant_retention, migrate


@pytest.fixture
def ledger_owner(run_id):
    """An audit ledger's database as the stack makes it, as its owner, who applied
    the schema."""
    name = f"t{run_id}_audit_{secrets.token_hex(2)}"
    owner = provision_database(name, secrets.token_hex(12))
    migrate(owner.conninfo())
    yield owner
    drop_database(name)


@pytest.fixture
def ledger_db(ledger_owner):
    """The ledger as the service's own role, which may only add rows and read them."""
    return provision_reader(ledger_owner, secrets.token_hex(12), APPENDER)


@pytest.fixture
def ledger_retention(ledger_owner):
    """The ledger as its retention role, which may only remove payloads."""
    role = provision_reader(ledger_owner, secrets.token_hex(12), RETAINER)
    grant_retention(ledger_owner.conninfo(), role.user)
    return role
