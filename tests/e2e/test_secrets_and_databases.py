"""Each process of the running stack holds only its own secrets, and Postgres's side
of the access matrix: every role against every database, TLS only, and RiskView's
role reading the shared view without changing it."""

from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from deploy.local.databases import PG_SUPERPASSWORD_FILE
from services.common import principals

# The secrets each process needs, by the names the stack keeps them under.
OWN_SECRETS = {
    "projection": {"readmodel_password"},
    # The figures projection owns the figures' tables; the service only reads them.
    "figures-projection": {"figures_password"},
    "figures": {"figures_reader_password"},
    "riskview": {"readmodel_reader_password"},
    "identity": {"identity database password"},
    "web": {"web_session_key"},
    # The meeting service makes no match keys: RiskView gives them.
    "marac": {"marac_password", "marac_cipher_key"},
    # The audit ledger's own role, never its owner's (who made its tables).
    # and the agreements' store, which it keeps (eventsourcing's recorder locks its
    # table to insert, which an INSERT-only role may not).
    "audit": {"audit_appender_password", "agreements_password", "agreements_cipher_key"},
    # The ledger's retention: its role that may only remove payloads.
    "audit-retention": {"audit_retention_password"},
}


def own_secrets(name: str) -> set[str]:
    if name in OWN_SECRETS:
        return OWN_SECRETS[name]
    agency = name.removesuffix("-relay")
    if name.endswith("-relay"):  # reads the store through a role of its own
        return {f"{agency}_relay_password", f"{agency}_cipher_key"}
    return {f"{agency}_password", f"{agency}_cipher_key", "linking_key"}


def environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(entry.decode().split("=", 1) for entry in raw if b"=" in entry)


def principal_of(name: str):
    if name == "projection":
        return principals.PROJECTION_PRINCIPAL
    if name == "riskview":
        return principals.RISKVIEW_PRINCIPAL
    if name == "figures-projection":
        return principals.FIGURES_PROJECTION
    if name == "figures":
        return principals.FIGURES_PRINCIPAL
    if name == "identity":
        return principals.IDENTITY_PRINCIPAL
    if name == "web":
        return principals.WEB_PRINCIPAL
    if name == "marac":
        return principals.MEETINGS_PRINCIPAL
    if name == "audit":
        return principals.AUDIT_PRINCIPAL
    if name == "audit-retention":
        return principals.AUDIT_RETENTION
    if name.endswith("-relay"):
        return principals.relay(name.removesuffix("-relay"))
    return principals.agency_service(name)


def test_each_process_holds_its_own_secrets_and_no_others(stack):
    secrets = {
        **{name: value for name, value in stack.settings.items()},
        "postgres superuser password": PG_SUPERPASSWORD_FILE.read_text().strip(),
        "identity database password": stack.databases["identity"].password,
    }
    private_keys = {str(c.key): c for c in stack.certificates.values()}
    for name, process in stack.processes.items():
        env = environment(process.popen.pid)
        values = "\0".join(env.values())
        held = {secret for secret, value in secrets.items() if value in values}
        assert held == own_secrets(name), name
        assert "PRIVATE KEY" not in values, name
        keys = {value for value in env.values() if value in private_keys}
        assert keys == {str(stack.certificates[principal_of(name)].key)}, name
    riskview = environment(stack.processes["riskview"].popen.pid)
    assert riskview["MARAC_HANDLE_KEY"] == stack.people.handle_key  # only RiskView's


def test_each_role_opens_only_its_own_database_and_only_over_tls(stack):
    roles = {name: db for name, db in stack.databases.items()}
    databases = {db.dbname for db in roles.values()}
    tried = refused = 0
    wrong = []
    for name, role in roles.items():
        for dbname in sorted(databases):
            conninfo = psycopg.conninfo.make_conninfo(role.conninfo(), dbname=dbname)
            try:
                psycopg.connect(conninfo, connect_timeout=5).close()
                opened = True
            except psycopg.OperationalError as error:
                assert "permission denied" in str(error), (name, dbname)
                opened = False
            tried += 1
            refused += not opened
            if opened != (dbname == role.dbname):
                wrong.append((name, dbname, opened))
        plaintext = psycopg.conninfo.make_conninfo(role.conninfo(), sslmode="disable")
        with pytest.raises(psycopg.OperationalError, match="no encryption"):
            psycopg.connect(plaintext, connect_timeout=5).close()
        tried, refused = tried + 1, refused + 1
    print(f"\nPostgres access matrix: {tried} combinations tried, {refused} refused")
    assert not wrong, wrong


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO shared_fact SELECT * FROM shared_fact LIMIT 1",
        "UPDATE subject_refresh SET due = now()",
        "DELETE FROM shared_fact",
        "TRUNCATE shared_fact",
        "CREATE TABLE trespass (id int)",
    ],
)
def test_riskview_reads_the_shared_view_and_changes_nothing(stack, statement):
    """RiskView's role reads the shared view; nothing it sends changes it."""
    reader = stack.databases["readmodel_reader"].conninfo()
    with psycopg.connect(reader) as conn:
        conn.execute("SELECT count(*) FROM shared_fact").fetchone()
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO police_events SELECT * FROM police_events LIMIT 1",
        "UPDATE police_events SET state = state",
        "DELETE FROM police_events",
        "TRUNCATE police_events",
    ],
)
def test_a_relay_reads_its_agencys_store_and_changes_nothing_in_it(stack, statement):
    """The police relay's role reads the police event store (and keeps its own
    tracking table there); it can change no recorded event."""
    relay = stack.databases["police_relay"].conninfo()
    with psycopg.connect(relay) as conn:
        assert conn.execute("SELECT count(*) FROM police_events").fetchone()[0] >= 0
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entries SET kind = kind",
        "DELETE FROM ledger_entries",
        "TRUNCATE ledger_entries",
        "DELETE FROM ledger_checkpoints",
        "DROP TRIGGER ledger_entries_append_only ON ledger_entries",
        "CREATE TABLE trespass (id int)",
    ],
)
def test_the_audit_service_adds_to_its_ledger_and_changes_nothing_in_it(stack, statement):
    """The audit service's role reads its ledger and may add to it (as it does);
    it can change or remove no entry and no checkpoint."""
    appender = stack.databases["audit_appender"].conninfo()
    with psycopg.connect(appender) as conn:
        assert conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] >= 0
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)
