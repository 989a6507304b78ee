"""`python -m projections`: the risk projection worker (composition root).

Configuration: see projections/config.py. This process runs Faust (projections/app.py);
a child process decodes and stores batches, two more recompute views
(projections/processes.py). It changes no schema: the shared view's migrations
(`python -m shared_view migrate`) must have run.
"""

import gc
import logging
import os
import sys

import faust
import psycopg

from projections.app import create_app
from projections.config import Config
from projections.processes import GC_THRESHOLDS, RefreshProcesses, StoreProcess
from services.common.health import Checks, broker_listening, serve_health
from services.common.logs import configure, log
from services.common.metrics import serve_metrics
from services.common.settings import SettingsError, exit_on_bad_settings, tls_identity
from shared_view.writer import SharedViewWriter


class Worker(faust.Worker):
    """A Faust worker that keeps the project's JSON log lines, without a terminal spinner."""

    def __init__(self, app: faust.App) -> None:
        super().__init__(app, loglevel="WARNING", quiet=True)
        self.spinner = None

    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        configure("risk-projection")


def main() -> None:
    # The event loop is busy with Faust's per-record work; with the default 5 ms switch
    # interval the threads that wait on the store and refresh processes (and Faust's
    # fetcher) wait that long for the GIL each time they wake.
    sys.setswitchinterval(0.0005)
    # Collect rarely (see GC_THRESHOLDS), and never walk what exists once the worker
    # has started: the older generations would walk Faust's long-lived objects each time.
    gc.set_threshold(*GC_THRESHOLDS)
    logger = configure("risk-projection")
    try:
        config = Config.from_env()
        # Its certificate: what the broker knows it by, and its health service's.
        tls = tls_identity(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    os.makedirs(config.state_dir, exist_ok=True)
    released = release_claims(config.readmodel_dsn, config.instance_id)
    stores = StoreProcess(config.readmodel_dsn)
    stores.start()
    refreshes = RefreshProcesses(config.readmodel_dsn, config.instance_id)
    refreshes.start()
    app = create_app(config, logger, stores.store, refreshes, parallel=refreshes.processes, tls=tls)
    gc.collect()
    gc.freeze()
    log(
        logger,
        "starting",
        projection_id=config.projection_id,
        topics=len(config.topics),
        claims_released=released,
    )
    stop_health = None
    if config.health_address:
        checks = {
            "shared view": lambda: shared_view_answers(config.readmodel_dsn),
            "broker": broker_listening(config.bootstrap),
        }
        stop_health = serve_health(config.health_address, Checks(checks, logger), logger, tls)
    try:
        Worker(app).execute_from_commandline()
    finally:
        if stop_health is not None:
            stop_health()


def shared_view_answers(dsn: str) -> bool:
    with psycopg.connect(dsn, connect_timeout=2) as conn:
        conn.execute("SELECT 1")
    return True


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
