"""The figures projection on real Kafka and Postgres: every agency's incidents,
anonymous and third-party reports included, are counted once however often they
are delivered; an erased case leaves the figures; the offsets it commits are those of
records already stored; the published table hides three incidents in a district."""

import time
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from kafka import KafkaProducer

from deploy.local.kafka_access import client_options
from figures import store
from figures.cells import figure_from
from figures.counts import Filters
from figures.published import FIGURES, publish
from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as v
from services.common.contract import timestamp
from services.common.principals import FIGURES_PROJECTION
from tests.conftest import conninfo
from tests.support import projection_process

REPO = Path(__file__).resolve().parents[2]
JAN = datetime(2026, 1, 14, 10, tzinfo=UTC)


def incident(agency, agency_id, seq, subject, district, source, case="C-1"):
    return pb.CaseEvent(
        event_id=f"{agency_id}-{seq}",
        agency=agency,
        agency_id=agency_id,
        subject_key=subject,
        case_reference=case,
        source_sequence=seq,
        occurred_at=timestamp(JAN),
        incident_reported=pb.IncidentReported(
            strands=[v.STRAND_DISABILITY],
            postcode_district=district,
            source=source,
            incident_category=v.INCIDENT_CATEGORY_VERBAL_ABUSE,
        ),
    )


def stream() -> dict[str, list[pb.CaseEvent]]:
    ddpo = [  # three reports in L4, none naming who they are about
        incident(v.AGENCY_KIND_DDPO, "sefton-ddpo", 1, "", "L4", v.REPORT_SOURCE_ANONYMOUS),
        incident(v.AGENCY_KIND_DDPO, "sefton-ddpo", 2, "", "l4", v.REPORT_SOURCE_ANONYMOUS),
        incident(v.AGENCY_KIND_DDPO, "sefton-ddpo", 3, "", "L4 ", v.REPORT_SOURCE_THIRD_PARTY),
    ]
    police = [
        incident(v.AGENCY_KIND_POLICE, "mp", i, f"{i:064x}", "L6", v.REPORT_SOURCE_VICTIM, f"P{i}")
        for i in range(1, 13)
    ]
    police.append(
        incident(v.AGENCY_KIND_POLICE, "mp", 13, "e" * 64, "L4", v.REPORT_SOURCE_VICTIM, "GONE")
    )
    gone = pb.CaseEvent(
        event_id="mp-14",
        agency=v.AGENCY_KIND_POLICE,
        agency_id="mp",
        subject_key="e" * 64,
        case_reference="GONE",
        source_sequence=14,
        occurred_at=timestamp(JAN),
        case_erased=pb.CaseErased(),
    )
    police.append(gone)
    return {"ddpo": ddpo, "police": police}


def projection(env: dict[str, str], log_path: Path, grant_kafka):
    """`python -m figures project` as the figures projection's principal."""
    return projection_process(
        ["-m", "figures", "project"],
        FIGURES_PROJECTION,
        env["MARAC_CASE_TOPICS"],
        env["MARAC_FIGURES_PROJECTION_ID"],
        env,
        log_path,
        grant_kafka,
    )


def stored(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT count(*) FROM figures_record").fetchone()[0]


def wait_until(check, process, log_path: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()[-3000:]
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"not settled: {log_path.read_text()[-3000:]}")


def delivered_twice(
    events, name, create_topics, create_database, kafka_bootstrap, run_id, tmp_path
):
    """Topics `NAME.case-events.<agency>` holding each of `events` twice, an empty
    figures database: (its dsn, the figures projection's settings over them)."""
    topics = dict(
        zip(events, create_topics(*(f"{name}.case-events.{a}" for a in events)), strict=True)
    )
    dsn = conninfo(create_database(name.replace("-", "_")))
    with psycopg.connect(dsn, autocommit=True) as conn:
        store.create_schema(conn)
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", **client_options())
    for agency, stream_of in events.items():
        for event in stream_of + stream_of:  # every event delivered twice
            producer.send(
                topics[agency], key=event.subject_key.encode(), value=event.SerializeToString()
            )
    producer.flush(timeout=60)
    return dsn, {
        "MARAC_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARAC_CASE_TOPICS": ",".join(topics.values()),
        "MARAC_FIGURES_DSN": dsn,
        "MARAC_FIGURES_PROJECTION_ID": f"t{run_id}-{name}",
        "MARAC_STATE_DIR": str(tmp_path / "state"),
    }


def test_figures_count_each_shared_incident_once_and_hide_small_numbers(
    create_topics, create_database, kafka_bootstrap, grant_kafka, tmp_path, run_id
):
    dsn, env = delivered_twice(
        stream(), "figures", create_topics, create_database, kafka_bootstrap, run_id, tmp_path
    )
    log_path = tmp_path / "figures.log"
    with projection(env, log_path, grant_kafka) as process:
        wait_until(lambda: stored(dsn) == 15, process, log_path)
        time.sleep(2)  # anything more would show now
        assert stored(dsn) == 15  # 3 DDPO, 12 police; the erased case's incident gone
    with projection(env, log_path, grant_kafka) as process:  # resumes from its offsets
        time.sleep(8)
        assert process.poll() is None
        assert stored(dsn) == 15
    with psycopg.connect(dsn) as conn:
        records = store.records(conn)
    table = publish("incidents_by_district_and_month", records, Filters())
    assert table.rows == ("L4", "L6") and table.columns == ("2026-01",)
    # L4's three reports (anonymous and third-party) are hidden, and so is L6's 12,
    # which with the published total of 15 would give them away.
    assert table.cells == ((None,), (None,)) and table.row_totals == (None, None)
    assert table.total == 15
    by_source = publish("incidents_by_nature_and_source", records, Filters())
    assert "anonymous" in by_source.columns and "third_party" in by_source.columns
    # The cells the projection kept, every event twice and an erasure, give the same.
    with psycopg.connect(dsn) as conn:
        kept = store.ReadModel(lambda: nullcontext(conn))
        for name, figure in FIGURES.items():
            assert figure_from(name, kept, Filters()) == figure(records, Filters()), name
