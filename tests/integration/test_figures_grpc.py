"""marac.v1.FiguresService on real Postgres: a partnership analyst and a chair get
the figures with small numbers suppressed (3 incidents in a district never shown,
nor what would give them away), anyone else is refused, and bad filters are
INVALID_ARGUMENT naming the fields."""

import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import grpc
import psycopg
import pytest

from deploy.local.ports import free_port
from deploy.local.spawning import spawn
from figures import store
from figures.records import record_of
from marac.v1 import case_events_pb2 as pb
from marac.v1 import figures_pb2, figures_pb2_grpc
from marac.v1 import vocabulary_pb2 as v
from services.common.contract import timestamp
from services.common.principals import FIGURES_PRINCIPAL, TEST_CLIENT
from tests.conftest import conninfo
from tests.people import CHAIR, IG, POLICE_REP, bearer, issuer_of, key_directory
from tests.support import access_log_env, channel_as, field_violations, tls_env, wait_until_serving

REPO = Path(__file__).resolve().parents[2]
ANALYST = {"sub": "usr_analyst-1", "role": "analyst"}
JAN = datetime(2026, 1, 14, 10, tzinfo=UTC)


def incident(seq: int, district: str, agency=v.AGENCY_KIND_POLICE) -> pb.CaseEvent:
    return pb.CaseEvent(
        agency=agency,
        agency_id=f"agency-{agency}",
        subject_key=f"{seq:064x}",
        case_reference=f"C{seq}",
        source_sequence=seq,
        occurred_at=timestamp(JAN),
        incident_reported=pb.IncidentReported(
            strands=[v.STRAND_RACE], postcode_district=district, source=v.REPORT_SOURCE_VICTIM
        ),
    )


@pytest.fixture(scope="module")
def figures_db(create_database):
    dsn = conninfo(create_database("figures_api"))
    events = [incident(i, "L4") for i in range(1, 4)]  # three in L4
    events += [incident(i, "L6") for i in range(4, 24)]  # twenty in L6
    events += [incident(i, "L8") for i in range(24, 44)]  # twenty in L8
    with psycopg.connect(dsn, autocommit=True) as conn:
        store.create_schema(conn)
        store.record(conn, store.Batch([record_of(e) for e in events], [], [], 0))
    return dsn


@pytest.fixture(scope="module")
def figures(figures_db, tmp_path_factory):
    keys = key_directory(tmp_path_factory.mktemp("identity"))
    issuer = issuer_of(keys)
    log_path = tmp_path_factory.mktemp("figures") / "figures.log"
    address = f"127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "MARAC_FIGURES_DSN": figures_db,
        "MARAC_GRPC_ADDRESS": address,
        "MARAC_TOKEN_ISSUER": issuer.issuer,
        "MARAC_TOKEN_AUDIENCE": issuer.audience,
        "MARAC_TOKEN_KEYS": str(keys.jwks_path),
        **tls_env(FIGURES_PRINCIPAL),
        **access_log_env(FIGURES_PRINCIPAL),
    }
    with open(log_path, "ab") as log:
        process = spawn(
            [sys.executable, "-m", "services.figures"],
            cwd=REPO,
            stdout=log,
            stderr=log,
            env=env,
        )
    try:
        with channel_as(TEST_CLIENT, address) as channel:
            wait_until_serving(channel, process, log_path)
            yield figures_pb2_grpc.FiguresServiceStub(channel), issuer
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def as_(issuer, person):
    return bearer(issuer.token(person))


@pytest.mark.parametrize("person", [ANALYST, CHAIR], ids=["analyst", "chair"])
def test_three_incidents_in_a_district_are_suppressed_in_the_api(figures, person):
    stub, issuer = figures
    table = stub.GetFigure(
        figures_pb2.GetFigureRequest(name="incidents_by_district_and_month"),
        metadata=as_(issuer, person),
    )
    rows = {row.label: row for row in table.rows}
    assert list(rows) == ["L4", "L6", "L8"] and list(table.columns) == ["2026-01"]
    assert rows["L4"].cells[0].suppressed and rows["L4"].cells[0].value == 0
    # Twenty in L6 and in L8 and the total 43 would give the 3 away: one of them is
    # hidden with it.
    shown = [r.cells[0].value for r in rows.values() if not r.cells[0].suppressed]
    assert len(shown) <= 1 and table.threshold == 5
    assert 3 not in [r.total.value for r in table.rows] + [table.total.value]


@pytest.mark.parametrize("person", [IG, POLICE_REP], ids=["ig", "representative"])
def test_figures_are_refused_to_other_roles(figures, person):
    stub, issuer = figures
    with pytest.raises(grpc.RpcError) as refused:
        stub.ListFigures(figures_pb2.ListFiguresRequest(), metadata=as_(issuer, person))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_bad_filters_are_invalid_naming_their_fields(figures):
    stub, issuer = figures
    request = figures_pb2.GetFigureRequest(
        name="no-such-figure",
        period_start=timestamp(JAN),
        period_end=timestamp(datetime(2025, 1, 1, tzinfo=UTC)),
        strands=[v.STRAND_UNSPECIFIED],
        agencies=[999],
    )
    with pytest.raises(grpc.RpcError) as refused:
        stub.GetFigure(request, metadata=as_(issuer, ANALYST))
    assert field_violations(refused.value) == {"name", "period_end", "strands", "agencies"}
    assert "no-such-figure" not in refused.value.details()


def test_filters_narrow_the_figure(figures):
    stub, issuer = figures
    names = stub.ListFigures(figures_pb2.ListFiguresRequest(), metadata=as_(issuer, ANALYST))
    assert "incidents_by_district_and_month" in names.names
    none = stub.GetFigure(
        figures_pb2.GetFigureRequest(
            name="incidents_by_district_and_month", agencies=[v.AGENCY_KIND_DDPO]
        ),
        metadata=as_(issuer, ANALYST),
    )
    assert not none.rows and none.total.value == 0 and not none.total.suppressed
