"""The audit ledger on real Postgres: the service's role may only add and read, the
retention role only remove payloads; the database's superuser, the trigger set
aside, edits, deletes, inserts and reorders rows, and `verify` names the exact
first broken entry each time; a copy tampered with is rejected against a
checkpoint the service signed; a relay's resend of any kind is appended once; retention
removes the payloads of cases past it and the ledger, made before facts were
kept or since, still verifies."""

import io
import secrets
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from psycopg import sql

from deploy.local.databases import admin_conninfo, conninfo, login_role
from marac.v1 import access_log_pb2
from services.audit.application import verify_store
from services.audit.checkpoints import Signer, check_copy
from services.audit.columns import ACCESS, CASE_EVENT, READING
from services.audit.copies import read_copy, write_copy
from services.audit.ledger import Head, Record, Source, entry_hash
from services.audit.store import UNNAMED, LedgerStore, grant_retention, migrate
from tests.unit.test_audit_ledger import OF_EACH_KIND, closing, event, records, resent

AT = datetime(2026, 12, 1, 12, tzinfo=UTC)


@pytest.fixture
def store(ledger_db):
    made = LedgerStore(ledger_db.conninfo())
    yield made
    made.close()


@pytest.fixture
def signer():
    return Signer(Ed25519PrivateKey.generate())


def as_superuser(ledger_db, *statements: str) -> None:
    """Changes rows as the database's superuser, the append-only trigger set aside."""
    with psycopg.connect(admin_conninfo(ledger_db.dbname), autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        for statement in statements:
            conn.execute(statement)


def first_break(store, signer):
    result = verify_store(store, signer.public_key)
    assert not result.ok
    return result.broken.position, result.broken.problem


def test_appended_records_verify_and_a_redelivered_batch_appends_nothing(store, signer):
    assert len(store.append(records(20)).entries) == 20
    assert store.append(records(20)).entries == []
    assert [e.position for e in store.append(records(15, 10)).entries] == [21, 22, 23, 24, 25]
    store.add_checkpoint(signer.sign(store.head(), AT))
    result = verify_store(store, signer.public_key)
    assert result.ok and result.entries == 25 and result.checkpoints == 1


def test_the_services_role_may_not_update_delete_or_truncate(store, ledger_db):
    store.append(records(3))
    store.close()
    for statement in (
        "UPDATE ledger_entries SET kind = 'x' WHERE position = 1",
        "UPDATE ledger_entries SET value = NULL WHERE position = 1",
        "DELETE FROM ledger_entries WHERE position = 1",
        "TRUNCATE ledger_entries",
        "DELETE FROM ledger_checkpoints",
    ):
        with (
            psycopg.connect(ledger_db.conninfo(), autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(statement)


def test_the_trigger_refuses_the_owner_and_superuser_too(store, ledger_db):
    store.append(records(3))
    with psycopg.connect(admin_conninfo(ledger_db.dbname), autocommit=True) as conn:
        for statement in (
            "UPDATE ledger_entries SET kind = 'x' WHERE position = 1",
            "UPDATE ledger_entries SET value = NULL WHERE position = 1",
            "DELETE FROM ledger_entries WHERE position = 2",
            "TRUNCATE ledger_entries",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)


def test_the_retention_role_may_remove_a_payload_and_nothing_else(store, ledger_retention):
    store.append(records(3))
    with psycopg.connect(ledger_retention.conninfo(), autocommit=True) as conn:
        conn.execute("UPDATE ledger_entries SET value = NULL WHERE position = 1")
        for statement, refusal in (
            ("UPDATE ledger_entries SET kind = 'x' WHERE position = 2", "permission denied"),
            ("UPDATE ledger_entries SET value = NULL, kind = 'x'", "permission denied"),
            ("UPDATE ledger_entries SET value = '\\x00' WHERE position = 2", "append-only"),
            ("DELETE FROM ledger_entries WHERE position = 2", "permission denied"),
            ("TRUNCATE ledger_entries", "permission denied"),
            ("INSERT INTO ledger_checkpoints SELECT 1, '', now(), '', ''", "permission denied"),
            ("DELETE FROM ledger_checkpoints", "permission denied"),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=refusal):
                conn.execute(statement)
        assert conn.execute(
            "SELECT count(*) FROM ledger_entries WHERE value IS NULL AND fact IS NOT NULL"
        ).fetchone() == (1,)


def test_the_retention_grant_alone_lets_a_bare_role_retain_and_is_idempotent(store, ledger_owner):
    """A retention role added to a ledger made before it (a `helm upgrade`: the
    cluster's post-init SQL, which gave CONNECT, USAGE and SELECT, ran once) has
    only what marac-migrate's grant gives it."""
    role, password = f"{ledger_owner.dbname}_bare", secrets.token_hex(12)
    with psycopg.connect(admin_conninfo(ledger_owner.dbname), autocommit=True) as conn:
        login_role(conn, role, password)
    bare = LedgerStore(conninfo(ledger_owner.dbname, role, password))
    try:
        with pytest.raises(psycopg.OperationalError, match="CONNECT"):
            bare.head()
        grant_retention(ledger_owner.conninfo(), role)
        grant_retention(ledger_owner.conninfo(), role)  # again, as every migrate
        case = [closing(1, 400, "CR/OLD", "case_opened"), closing(2, 400, "CR/OLD")]
        store.append([Record(Source("t", 0, n), CASE_EVENT, v) for n, v in enumerate(case)])
        done = bare.retain(timedelta(days=365), datetime.now(UTC))
        assert (done.cases, done.removed) == (1, {CASE_EVENT: 2})
    finally:
        bare.close()
        with psycopg.connect(admin_conninfo(ledger_owner.dbname), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(sql.Identifier(role)))


def test_a_relays_resend_is_appended_once_and_counted(store, signer):
    store.append(records(5))
    again = store.append([resent(r, 100 + n) for n, r in enumerate(records(5)[2:])])
    assert (again.entries, again.redelivered, again.resent) == ([], 0, 3)
    assert verify_store(store, signer.public_key).entries == 5


def test_retain_removes_the_payloads_of_cases_past_retention_and_the_ledger_verifies(
    store, ledger_db, ledger_retention, signer
):
    now = datetime.now(UTC)
    events = [
        closing(1, 0, "CR/OLD", "case_opened"), event(2), closing(3, 400, "CR/OLD"),
        closing(4, 400, "CR/REOPENED"), closing(5, 1, "CR/REOPENED", "case_opened"),
        closing(6, 10, "CR/RECENT"),
    ]  # fmt: skip
    store.append([Record(Source("t", 0, n), CASE_EVENT, v) for n, v in enumerate(events)])
    store.add_checkpoint(signer.sign(store.head(), AT))
    retention = LedgerStore(ledger_retention.conninfo())
    done = retention.retain(timedelta(days=365), now)
    assert (done.cases, done.removed, done.kept_whole) == (1, {CASE_EVENT: 2}, 0)
    assert retention.retain(timedelta(days=365), now).removed == {}
    retention.close()
    result = verify_store(store, signer.public_key, timedelta(days=365))
    assert result.ok and result.entries == 6 and result.payloads_removed == 2
    # Each pass is recorded, by the retention role alone, and no one may change or
    # remove the record.
    with (
        psycopg.connect(ledger_db.conninfo(), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("INSERT INTO ledger_retention_passes VALUES (now(), 6, interval '1 day', 0)")
    with psycopg.connect(ledger_retention.conninfo(), autocommit=True) as conn:
        assert conn.execute(
            "SELECT entry_count, period, payloads_removed FROM ledger_retention_passes"
            " ORDER BY passed_at, payloads_removed DESC"
        ).fetchall() == [(6, timedelta(days=365), 2), (6, timedelta(days=365), 0)]
        for statement in ("UPDATE ledger_retention_passes SET entry_count = 7",
                          "DELETE FROM ledger_retention_passes"):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    # The case opened again, published after the pass, saying within the period: the
    # pass judged what it held, so its removal stands.
    reopened = closing(7, 100, "CR/OLD", "case_opened")
    store.append([Record(Source("t", 0, 7), CASE_EVENT, reopened)])
    assert verify_store(store, signer.public_key, timedelta(days=365)).ok


def test_a_ledger_made_before_facts_were_kept_migrates_and_still_verifies(
    store, ledger_owner, ledger_retention, signer
):
    """Its entries (format 1, hashed over their bytes) keep their hashes, so the
    checkpoint signed then still verifies; they get their facts, keep their bytes,
    and the chain goes on from them."""
    store.append(records(4))
    store.close()
    with psycopg.connect(admin_conninfo(ledger_owner.dbname), autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(
            "ALTER TABLE ledger_entries DROP COLUMN fact, DROP COLUMN format,"
            " DROP COLUMN source_sequence, DROP COLUMN record_id"
        )
        prev = bytes(32)
        rows = conn.execute(
            "SELECT position, topic, partition, kafka_offset, kind, value_sha256"
            " FROM ledger_entries ORDER BY position"
        ).fetchall()
        for position, topic, partition, offset, kind, value_hash in rows:
            digest = entry_hash(position, Source(topic, partition, offset), kind,
                                bytes(value_hash), prev)  # fmt: skip
            conn.execute(
                "UPDATE ledger_entries SET prev_hash = %s, entry_hash = %s WHERE position = %s",
                [prev, digest, position],
            )
            prev = digest
    store.add_checkpoint(signer.sign(Head(4, prev), AT))
    migrate(ledger_owner.conninfo())
    assert verify_store(store, signer.public_key).ok
    assert [e.position for e in store.append(records(2, 4)).entries] == [5, 6]
    result = verify_store(store, signer.public_key)
    assert result.ok and result.entries == 6
    assert store.append([resent(records(4)[1], 300)]).resent == 1  # its id was read too
    with (
        psycopg.connect(ledger_retention.conninfo(), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"),
    ):
        conn.execute("UPDATE ledger_entries SET value = NULL WHERE position = 2")


def test_a_ledger_made_before_records_ids_were_kept_gets_them_and_drops_a_resend(
    store, ledger_owner, signer
):
    of_each = [Record(Source("t.kinds", 0, n), kind, value)
               for n, (kind, (value, _)) in enumerate(OF_EACH_KIND.items())]  # fmt: skip
    store.append(of_each)
    store.close()
    with psycopg.connect(admin_conninfo(ledger_owner.dbname), autocommit=True) as conn:
        conn.execute("ALTER TABLE ledger_entries DROP COLUMN record_id")
    migrate(ledger_owner.conninfo())
    migrate(ledger_owner.conninfo())  # again: nothing more to do
    assert verify_store(store, signer.public_key).ok
    again = store.append([resent(r, 100 + r.source.offset) for r in of_each])
    assert (again.entries, again.resent) == ([], len(of_each))


def test_entries_appended_without_ids_after_a_migrate_get_them_at_the_next(
    store, ledger_owner, ledger_db, signer
):
    """A rolling upgrade: audit code older than ids goes on appending after the schema
    has them (their record_id NULL); the next migrate fills them, and a record with no
    id gets the sentinel, so no run reads it again."""
    unnamed = access_log_pb2.AccessLogEntry(method="/x/Y").SerializeToString()
    of_each = [Record(Source("t.kinds", 0, n), kind, value)
               for n, (kind, (value, _)) in enumerate(OF_EACH_KIND.items())]  # fmt: skip
    store.append([*of_each, Record(Source("t.kinds", 0, 99), ACCESS, unnamed)])
    as_superuser(ledger_db, "UPDATE ledger_entries SET record_id = NULL")  # as the old code wrote
    assert first_break(store, signer) == (1, "its indexed columns do not match its bytes")
    migrate(ledger_owner.conninfo())
    assert verify_store(store, signer.public_key).ok
    with psycopg.connect(ledger_owner.conninfo()) as conn:
        named = conn.execute("SELECT record_id FROM ledger_entries ORDER BY position").fetchall()
    assert named == [(n,) for _, n in OF_EACH_KIND.values()] + [(UNNAMED,)]
    again = store.append([resent(r, 100 + r.source.offset) for r in of_each])
    assert (again.entries, again.resent) == ([], len(of_each))


def test_edited_bytes_are_found_at_their_entry(store, ledger_db, signer):
    store.append(records(10))
    forged = event(99).hex()
    as_superuser(ledger_db, f"UPDATE ledger_entries SET value = '\\x{forged}' WHERE position = 6")
    assert first_break(store, signer) == (6, "its stored bytes were altered")


def test_an_edited_column_is_found_at_its_entry(store, ledger_db, signer):
    store.append(records(10))
    as_superuser(
        ledger_db, "UPDATE ledger_entries SET case_reference = 'CR/0/26' WHERE position = 4"
    )
    assert first_break(store, signer) == (4, "its indexed columns do not match its bytes")


def test_a_deleted_row_is_found_where_it_was(store, ledger_db, signer):
    store.append(records(10))
    as_superuser(ledger_db, "DELETE FROM ledger_entries WHERE position = 7")
    assert first_break(store, signer) == (7, "the entry is missing (deleted)")


def test_a_deleted_row_with_the_rest_renumbered_is_found_where_it_was(store, ledger_db, signer):
    store.append(records(10))
    as_superuser(
        ledger_db,
        "DELETE FROM ledger_entries WHERE position = 3",
        "UPDATE ledger_entries SET position = -position WHERE position > 3",
        "UPDATE ledger_entries SET position = -position - 1 WHERE position < 0",
    )
    assert first_break(store, signer)[0] == 3


def test_an_inserted_row_is_found_where_it_was_put(store, ledger_db, signer):
    store.append(records(10))
    # A copy of entry 2 put in at position 5, the rest moved up one.
    as_superuser(
        ledger_db,
        "UPDATE ledger_entries SET position = -position WHERE position >= 5",
        "UPDATE ledger_entries SET position = -position + 1 WHERE position < 0",
        "INSERT INTO ledger_entries SELECT 5, topic, partition, kafka_offset + 1000, kind,"
        " value, value_sha256, agency_id, subject, case_reference, recorded_at, prev_hash,"
        " entry_hash, format, fact, source_sequence FROM ledger_entries WHERE position = 2",
    )
    assert first_break(store, signer)[0] == 5


def test_reordered_rows_are_found_at_the_first_moved(store, ledger_db, signer):
    store.append(records(10))
    as_superuser(
        ledger_db,
        "UPDATE ledger_entries SET position = 0 WHERE position = 3",
        "UPDATE ledger_entries SET position = 3 WHERE position = 8",
        "UPDATE ledger_entries SET position = 8 WHERE position = 0",
    )
    assert first_break(store, signer) == (
        3,
        "its position, source, kind, fact or hash was altered",
    )


def test_rows_cut_from_the_end_are_found_by_the_signed_checkpoint(store, ledger_db, signer):
    store.append(records(10))
    store.add_checkpoint(signer.sign(store.head(), AT))
    as_superuser(ledger_db, "DELETE FROM ledger_entries WHERE position > 8")
    assert first_break(store, signer)[0] == 9


def test_a_forged_checkpoint_is_found(store, ledger_db, signer):
    store.append(records(10))
    store.add_checkpoint(Signer(Ed25519PrivateKey.generate()).sign(store.head(), AT))
    position, problem = first_break(store, signer)
    assert position == 10 and "not signed" in problem


def exported(store) -> str:
    out = io.StringIO()
    with store.snapshot() as snapshot:
        write_copy(out, snapshot.entries(), snapshot.checkpoints())
    return out.getvalue()


def test_a_copy_is_accepted_and_a_tampered_copy_rejected_against_the_signed_checkpoint(
    store, ledger_db, signer
):
    store.append(records(12))
    store.add_checkpoint(signer.sign(store.head(), AT))
    copy = exported(store)
    verdict = check_copy(*read_copy(copy.splitlines()), signer.public_key, READING)
    assert verdict.accepted, verdict.reason
    as_superuser(ledger_db, "DELETE FROM ledger_entries WHERE position = 5")
    tampered = exported(store)
    verdict = check_copy(*read_copy(tampered.splitlines()), signer.public_key, READING)
    assert not verdict.accepted
    assert verdict.reason.startswith("entry 5:")
    other = Signer(Ed25519PrivateKey.generate())
    assert not check_copy(*read_copy(copy.splitlines()), other.public_key, READING).accepted
