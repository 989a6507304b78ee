"""A rebuild of a stack's shared view from offset 0, to compare with the view the
faults left: a second risk-projection worker, in a consumer group of its own, into a
fresh shared-view database, reading every topic the stack's projection reads."""

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from kafka.admin import ResourceType

from deploy.local import kafka_access
from deploy.local.databases import drop_database, provision_database
from deploy.local.kafka_access import KAFKA_BOOTSTRAP
from deploy.local.processes import Process
from deploy.local.stack import Stack, free_port
from services.common.metrics import ADDRESS_VARIABLE as METRICS_ADDRESS
from services.common.principals import PROJECTION_PRINCIPAL
from shared_view.schema import migrate
from tests.integration.test_projection import table_rows

REBUILD_SECONDS = 180


def settled(conninfo: str) -> tuple[int, int]:
    """(facts stored, subjects due now)."""
    with psycopg.connect(conninfo) as conn:
        facts = conn.execute("SELECT count(*) FROM shared_fact").fetchone()[0]
        due = conn.execute("SELECT count(*) FROM subject_refresh WHERE due <= now()").fetchone()[0]
    return facts, due


@contextmanager
def rebuilt(stack: Stack) -> Iterator[str]:
    """The connection string of a shared view rebuilt from offset 0 of the stack's
    topics, once it holds as many facts as the stack's own and nothing is due."""
    name = f"{stack.prefix}_rebuild".replace("-", "_")
    database = provision_database(name, secrets.token_urlsafe(18))
    group = f"{stack.projection_id}-rebuild"
    kafka_access.grant(KAFKA_BOOTSTRAP, [kafka_access.joins(PROJECTION_PRINCIPAL, group)])
    live = stack.processes["projection"]
    process = Process(
        "projection-rebuild",
        live.args,
        {
            **live.env,
            "MARAC_READMODEL_DSN": database.conninfo(),
            "MARAC_PROJECTION_ID": group,
            "MARAC_PROJECTION_INSTANCE": f"{group}-1",
            "MARAC_STATE_DIR": f"{live.env['MARAC_STATE_DIR']}-rebuild",
            "MARAC_HEALTH_ADDRESS": f"127.0.0.1:{free_port()}",
            METRICS_ADDRESS: f"127.0.0.1:{free_port()}",
        },
        stack.log_dir / "projection-rebuild.log",
    )
    try:
        migrate(database.conninfo())
        process.start()
        deadline = time.monotonic() + REBUILD_SECONDS
        while True:
            assert process.alive(), f"the rebuild exited; see {process.log_path}"
            facts, due = settled(database.conninfo())
            live_facts, live_due = settled(stack.databases["readmodel"].conninfo())
            if facts == live_facts and due == 0 and live_due == 0:
                break
            assert time.monotonic() < deadline, f"rebuild at {facts} of {live_facts} facts"
            time.sleep(0.5)
        yield database.conninfo()
    finally:
        process.stop()
        drop_database(database.dbname)
        kafka_access.revoke(KAFKA_BOOTSTRAP, [(ResourceType.GROUP, group)])


def compare_with_a_rebuild(stack: Stack) -> None:
    """The stack's view tables equal, row by row, a rebuild from offset 0."""
    started = time.monotonic()
    with rebuilt(stack) as rebuild:
        live, replayed = table_rows(stack.databases["readmodel"].conninfo()), table_rows(rebuild)
    rows = {table: len(found) for table, found in live.items()}
    print(f"\nrebuild from offset 0 in {time.monotonic() - started:.1f}s, rows {rows}")
    assert rows["contribution"] > 0 and rows["marac_agenda"] > 0
    assert replayed == live
