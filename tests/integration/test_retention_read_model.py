"""Retention in the read model on real Postgres: once a case has been closed for the
retention period, the refresh that the time alone makes due takes its contribution
out of every view and deletes its facts but its closure, so a canary planted in the
case's shared facts is in no table; a late redelivery stays out, a reopening comes in."""

import secrets
from datetime import timedelta

import psycopg
import pytest

from marac.v1 import vocabulary_pb2 as vocab
from shared_view import facts as f
from shared_view import kinds as k
from shared_view.rules import Rules
from shared_view.writer import SharedViewWriter
from tests.unit.test_facts import DAY, NOW, TO_PANEL, assessed, consent, fact, incident

RULES = Rules(retention_days=30)
CLOSED_AT = NOW - 40 * DAY
ENDS = CLOSED_AT + RULES.retention
LANDLORD = "landlord-1"


@pytest.fixture
def read_model(create_shared_view, request):
    return create_shared_view(request.node.name[:40])


@pytest.fixture
def writer(read_model):
    writer = SharedViewWriter(read_model)
    writer.open()
    yield writer
    writer.close()


def landlord_case(canary: str) -> list[f.Fact]:
    at = {"agency_id": LANDLORD, "at": CLOSED_AT - DAY}
    return [
        fact(1, **at),
        incident(2, **at),
        assessed(3, vocab.RISK_LEVEL_HIGH, tool=canary, **at),
        consent(4, TO_PANEL, **at),
        fact(
            5,
            k.ENFORCEMENT,
            f.EnforcementChange(canary, vocab.ENFORCEMENT_TYPE_WARNING, True),
            **at,
        ),
        fact(6, k.CASE_CLOSED, agency_id=LANDLORD, at=CLOSED_AT),
    ]


def tables_holding(conn: psycopg.Connection, text: str) -> list[str]:
    names = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    ).fetchall()
    return [
        name
        for (name,) in names
        if conn.execute(
            f'SELECT count(*) FROM "{name}" t WHERE strpos(t::text, %s) > 0', [text]
        ).fetchone()[0]
    ]


def refresh_all(writer: SharedViewWriter, now) -> int:
    done = 0
    while refreshed := writer.refresh(now, RULES, 100).subjects:
        done += refreshed
    return done


def cases_in_view(conn: psycopg.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT agency_id, case_reference FROM contribution ORDER BY 1, 2"
    ).fetchall()


def test_a_case_past_retention_leaves_every_table_but_its_closure(writer, read_model):
    canary = f"CANARY{secrets.token_hex(6)}"
    writer.record([*landlord_case(canary), incident(7, at=NOW - DAY)])
    with psycopg.connect(read_model, autocommit=True) as conn:
        assert refresh_all(writer, ENDS - timedelta(seconds=1)) == 1
        assert cases_in_view(conn) == [(LANDLORD, "L-1"), ("police-1", "P-1")]
        assert set(tables_holding(conn, canary)) == {"shared_fact", "contribution"}
        # Nothing else happens: the time alone makes the view due when retention ends.
        assert refresh_all(writer, ENDS) == 1
        assert cases_in_view(conn) == [("police-1", "P-1")]
        assert tables_holding(conn, canary) == []
        assert conn.execute("SELECT count(*) FROM marac_agenda").fetchone()[0] == 0
        kept = conn.execute(
            "SELECT source_sequence, kind FROM shared_fact WHERE agency_id = %s", [LANDLORD]
        ).fetchall()
        assert kept == [(6, "case_closed")]

        # A late redelivery of a purged fact folds into the closed case: out again.
        writer.record([landlord_case(canary)[2]])
        assert refresh_all(writer, ENDS + DAY) == 1
        assert cases_in_view(conn) == [("police-1", "P-1")]
        assert tables_holding(conn, canary) == []

        # Reopened: the case is back, with what came after its closure.
        writer.record([fact(8, k.CASE_OPENED, agency_id=LANDLORD, at=NOW)])
        assert refresh_all(writer, NOW) == 1
        assert cases_in_view(conn) == [(LANDLORD, "L-1"), ("police-1", "P-1")]
        assert conn.execute(
            "SELECT closed, cardinality(incident_dates) FROM contribution WHERE agency_id = %s",
            [LANDLORD],
        ).fetchone() == (False, 0)
