"""`python -m projections`: the risk projection worker (composition root).

Configuration: see projections/config.py. This process runs Faust (projections/app.py);
a child process decodes and stores batches, two more recompute views
(projections/processes.py). It changes no schema: the shared view's migrations
(`python -m shared_view migrate`) must have run.
"""

import os

import psycopg

from projections.app import create_app
from projections.children import ChildProcess, open_together
from projections.config import Config
from projections.kernel import DatabaseAnswers, run_worker, tune_the_interpreter
from projections.processes import RefreshProcesses, fact_store
from services.common.health import broker_listening
from services.common.logs import configure, log
from services.common.metrics import serve_metrics
from services.common.settings import SettingsError, exit_on_bad_settings, tls_identity
from shared_view.writer import SharedViewWriter

NAME = "risk-projection"


def main() -> None:
    tune_the_interpreter()
    logger = configure(NAME)
    try:
        config = Config.from_env()
        # Its certificate: what the broker knows it by, and its health service's.
        tls = tls_identity(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    os.makedirs(config.state_dir, exist_ok=True)
    released = release_claims(config.readmodel_dsn, config.instance_id)
    stores = ChildProcess(fact_store, config.readmodel_dsn)
    refreshes = RefreshProcesses(config.readmodel_dsn, config.instance_id)
    open_together(stores, refreshes)
    app = create_app(config, logger, stores.run, refreshes, parallel=refreshes.processes, tls=tls)
    log(
        logger,
        "starting",
        projection_id=config.projection_id,
        topics=len(config.topics),
        claims_released=released,
        # The audit service's and its retention's start lines say theirs: the same.
        retention_days=config.rules.retention_days,
    )
    checks = {
        "shared view": DatabaseAnswers(config.readmodel_dsn),
        "broker": broker_listening(config.bootstrap),
    }
    run_worker(app, NAME, logger, config.health_address, checks, tls)


def release_claims(dsn: str, holder: str) -> int:
    """The claims the worker of this name held when it was killed, given back before
    this one starts (the supervisor starts it at once: it would otherwise wait for
    their leases, 30 s, to run out). Other workers' claims are theirs."""
    writer = SharedViewWriter(dsn, max_connections=1, wait_seconds=5, holder=holder)
    writer.open()
    try:
        return writer.release_claims()
    except psycopg.Error:
        return 0  # the shared view is not there yet: the leases run out instead
    finally:
        writer.close()
