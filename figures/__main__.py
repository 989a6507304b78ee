"""`python -m figures migrate`: creates the figures' tables (idempotent).
`python -m figures project`: runs the figures projection (composition root)."""

import os
import sys

import faust
import psycopg

from figures import store
from figures.case_review_refresh import CaseReviewRefresher
from figures.case_review_rules import CaseReviewRules
from figures.config import FiguresConfig
from figures.projection import create_app
from projections.worker import shared_view_answers as database_answers
from services.common.health import Checks, broker_listening, serve_health
from services.common.logs import configure, log
from services.common.metrics import serve_metrics
from services.common.settings import (
    SettingsError,
    exit_on_bad_settings,
    setting,
    text,
    tls_identity,
)

NAME = "figures-projection"


class Worker(faust.Worker):
    def __init__(self, app: faust.App) -> None:
        super().__init__(app, loglevel="WARNING", quiet=True)
        self.spinner = None

    def on_setup_root_logger(self, logger, level: int) -> None:
        configure(NAME)


def migrate() -> None:
    try:
        dsn = setting(os.environ, "MARAC_FIGURES_DSN", text, "the figures' database")
    except SettingsError as error:
        exit_on_bad_settings(error)
    store.create_tables(dsn)


def project() -> None:
    logger = configure(NAME)
    try:
        config = FiguresConfig.from_env()
        tls = tls_identity(os.environ)
        case_review_rules = CaseReviewRules.from_env()
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    os.makedirs(config.state_dir, exist_ok=True)
    conn = psycopg.connect(config.dsn)

    def store_batch(batch: store.Batch) -> None:
        nonlocal conn
        if conn.closed or conn.broken:
            conn = psycopg.connect(config.dsn)
        store.record(conn, batch)

    refresher = CaseReviewRefresher(config.dsn, case_review_rules)
    app = create_app(config, logger, store_batch, tls=tls, case_reviews=refresher)
    log(logger, "starting", projection_id=config.projection_id, topics=len(config.topics))
    stop_health = None
    if config.health_address:
        checks = {
            "figures": lambda: database_answers(config.dsn),
            "broker": broker_listening(config.bootstrap),
        }
        stop_health = serve_health(config.health_address, Checks(checks, logger), logger, tls)
    try:
        Worker(app).execute_from_commandline()
    finally:
        if stop_health is not None:
            stop_health()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "migrate":
        migrate()
    elif command == "project":
        project()
    else:
        sys.exit("usage: python -m figures migrate|project")
