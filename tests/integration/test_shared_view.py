"""The shared view's schema on real Postgres: `python -m shared_view migrate` applies
each migration once, concurrent runs apply it once, a database made before migrations
is adopted; and RiskView's reader needs nothing but SELECT."""

import os
import secrets
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from deploy.local.databases import admin_conninfo
from marac.v1 import vocabulary_pb2 as vocab
from services.riskview.handles import Handles
from services.riskview.meeting_subjects import MeetingSubjects
from shared_view import rows
from shared_view.reader import SharedViewReader
from shared_view.rules import Rules
from shared_view.schema import MIGRATIONS, migrate, migrations
from tests.conftest import conninfo
from tests.riskview import facts
from tests.support import filled_shared_view
from tests.unit.test_facts import ALICE

REPO = Path(__file__).resolve().parents[2]
TABLES = {  # each table and the columns the writer and reader name, in order
    "shared_fact": rows.FACT_COLUMNS,
    "case_subject": "agency_id, case_reference, subject_key, source_sequence",
    "contribution": rows.CONTRIBUTION_COLUMNS,
    "recipient_view": rows.RECIPIENT_VIEW_COLUMNS,
    "marac_agenda": rows.AGENDA_COLUMNS,
    "marac_reason": rows.REASON_COLUMNS,
    "subject_refresh": "subject_key, due, mark, claimed_until, claim",
    "projection_worker": "holder, behind_until",
    "sharing_agreement": rows.AGREEMENT_COLUMNS,
    "schema_migration": "version, name, applied_at",
}


def run_migrate(env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "MARAC_READMODEL_DSN"}
    return subprocess.run(
        [sys.executable, "-m", "shared_view", "migrate"],
        cwd=REPO,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def columns(dsn: str) -> dict[str, str]:
    with psycopg.connect(dsn) as conn:
        found: dict[str, list[str]] = {}
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ):
            found.setdefault(table, []).append(column)
    return {table: ", ".join(names) for table, names in found.items()}


def ledger(dsn: str) -> list[tuple]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT * FROM schema_migration ORDER BY version").fetchall()


def test_migrate_applies_each_migration_once_and_the_schema_is_there(create_database):
    dsn = conninfo(create_database("migrate"))
    first = run_migrate({"MARAC_READMODEL_DSN": dsn})
    assert first.returncode == 0, first.stderr
    labels = ", ".join(m.label for m in migrations())
    latest = len(migrations())
    assert first.stdout == f"shared view schema: applied {labels}; now at version {latest}\n"
    assert columns(dsn) == {table: " ".join(c.split()) for table, c in TABLES.items()}
    applied = ledger(dsn)
    assert [(v, name) for v, name, _ in applied] == [(m.version, m.name) for m in migrations()]

    again = run_migrate({"MARAC_READMODEL_DSN": dsn})
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"shared view schema: up to date at version {latest}\n"
    assert ledger(dsn) == applied  # not applied again


def test_migrate_without_a_database_says_which_variable_is_missing():
    missing = run_migrate({})
    assert missing.returncode != 0
    assert "MARAC_READMODEL_DSN" in missing.stderr
    unreachable = run_migrate({"MARAC_READMODEL_DSN": "host=127.0.0.1 port=1 password=s3cret"})
    assert unreachable.returncode != 0 and "not migrated" in unreachable.stderr
    assert "s3cret" not in unreachable.stderr


def test_concurrent_runs_apply_each_migration_once(create_database):
    dsn = conninfo(create_database("migrate_race"))
    results = []
    runs = [threading.Thread(target=lambda: results.append(migrate(dsn))) for _ in range(3)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=60)
    assert sum(len(r.applied) for r in results) == len(migrations())
    assert {r.version for r in results} == {len(migrations())}


def test_a_shared_view_made_before_migrations_is_adopted_and_recomputed(create_database):
    dsn = conninfo(create_database("migrate_adopt"))
    with psycopg.connect(dsn, autocommit=True) as conn:  # as create_schema() left it
        conn.execute((MIGRATIONS / "0001_initial.sql").read_text())
        conn.execute(
            "INSERT INTO marac_reason VALUES"
            " ('k', 'professional_judgement', '{1}', '{p}', '{P-1}'),"
            " ('k', 'escalation', '{1, 2}', '{p, l}', '{P-1, L-1}')"
        )
        conn.execute("INSERT INTO subject_refresh VALUES ('k', 'infinity', 3, NULL)")
    assert [m.label for m in migrate(dsn).applied] == [m.label for m in migrations()]
    with psycopg.connect(dsn) as conn:
        referred = conn.execute("SELECT rule, referred FROM marac_reason ORDER BY rule").fetchall()
        due = conn.execute("SELECT due = '-infinity', mark FROM subject_refresh").fetchone()
    assert referred == [("escalation", [False, False]), ("professional_judgement", [True])]
    assert due == (True, 5)  # every view is recomputed at once (by 0002 and 0006)


@pytest.fixture
def select_only(create_shared_view, run_id):
    """A filled shared view, and a role that may only SELECT from it."""
    owner = filled_shared_view(create_shared_view("reader"), facts())
    dbname = psycopg.conninfo.conninfo_to_dict(owner)["dbname"]
    role, password = f"t{run_id}_select_only", secrets.token_hex(12)
    with psycopg.connect(admin_conninfo(dbname), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(password)
            )
        )
        for grant in (
            "GRANT CONNECT ON DATABASE {db} TO {role}",
            "GRANT USAGE ON SCHEMA public TO {role}",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
        ):
            conn.execute(
                sql.SQL(grant).format(db=sql.Identifier(dbname), role=sql.Identifier(role))
            )
    params = psycopg.conninfo.conninfo_to_dict(owner)
    yield owner, psycopg.conninfo.make_conninfo(**{**params, "user": role, "password": password})
    with psycopg.connect(admin_conninfo(dbname), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_the_agenda_as_of_an_instant_is_computed_again_from_the_facts_that_had_occurred(
    select_only,
):
    """As of now, the subjects the projection put on the agenda; as of before any of
    the facts (each dated a day ago), none."""
    _, reader_dsn = select_only
    reader = SharedViewReader(reader_dsn)
    reader.open()
    try:
        subjects = MeetingSubjects(reader, Handles(bytes(32)), Rules())
        now = datetime.now(UTC)

        def keys(as_of=None) -> list[str]:
            return [s.subject_key for s in subjects.eligible(500, "", as_of).subjects]

        assert keys() and keys(now) == keys()
        assert keys(now - timedelta(days=2)) == []
    finally:
        reader.close()


def test_riskviews_reader_needs_only_select(select_only):
    owner_dsn, reader_dsn = select_only
    with psycopg.connect(reader_dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM marac_agenda")

    def answers(dsn: str) -> list:
        reader = SharedViewReader(dsn)
        reader.open()
        try:
            now = datetime.now(UTC)
            agenda = reader.agenda(None, 5)
            return [
                reader.subject_of_case("police-1", "P-1"),
                reader.seen_by_agency(ALICE, vocab.RECIPIENT_POLICE, "police-1", now),
                reader.seen_by_panel(ALICE, now),
                agenda,
                reader.agenda(agenda[-1].position, 100),
                reader.agenda_entry(ALICE),
                reader.panel_grants([ALICE], now),
                reader.facts_at(now, now - Rules().window, Rules().high_risk_level),
            ]
        finally:
            reader.close()

    found = answers(reader_dsn)
    assert all(found), "every query finds something"
    assert found == answers(owner_dsn)


def test_a_read_after_its_connections_were_cut_answers_as_before(select_only):
    """What RiskView sees after Postgres restarted: every pooled connection dead. The
    next read answers all the same (and the pool checks no connection per read)."""
    _, reader_dsn = select_only
    params = psycopg.conninfo.conninfo_to_dict(reader_dsn)
    reader = SharedViewReader(reader_dsn, max_connections=4)
    reader.open()
    try:
        before = [reader.agenda(None, 5), reader.subject_of_case("police-1", "P-1")]
        with psycopg.connect(admin_conninfo(params["dbname"]), autocommit=True) as conn:

            def backends() -> set[int]:
                found = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE usename = %s", [params["user"]]
                )
                return {pid for (pid,) in found}

            cut = backends()
            assert cut
            for pid in cut:  # each gone before the next read (the wait is what 5000 asks)
                conn.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            assert [reader.agenda(None, 5), reader.subject_of_case("police-1", "P-1")] == before
            assert reader.reachable()
            assert backends() and not backends() & cut  # answered on new connections
    finally:
        reader.close()
