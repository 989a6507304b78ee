"""The figures projection's worker and its migration (composition root), run by
`python -m figures`."""

import os

from figures import store
from figures.case_review_refresh import CaseReviewRefresher
from figures.case_review_rules import CaseReviewRules
from figures.config import FiguresConfig
from figures.projection import create_app
from projections.children import ChildProcess, open_together
from projections.kernel import DatabaseAnswers, run_worker, tune_the_interpreter
from services.common.health import broker_listening
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


def migrate() -> None:
    try:
        dsn = setting(os.environ, "MARAC_FIGURES_DSN", text, "the figures' database")
    except SettingsError as error:
        exit_on_bad_settings(error)
    store.create_tables(dsn)


def project() -> None:
    tune_the_interpreter()
    logger = configure(NAME)
    try:
        config = FiguresConfig.from_env()
        tls = tls_identity(os.environ)
        case_review_rules = CaseReviewRules.from_env()
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    os.makedirs(config.state_dir, exist_ok=True)
    # Decoding, storing and the case review's rounds run in processes of their own,
    # which leaves this one's core to Faust.
    stores = ChildProcess(store.FiguresWriter, config.dsn)
    reviews = ChildProcess(CaseReviewRefresher, config.dsn, case_review_rules)
    open_together(stores, reviews)
    app = create_app(config, logger, stores.run, tls=tls, case_reviews=reviews.run)
    log(logger, "starting", projection_id=config.projection_id, topics=len(config.topics))
    checks = {
        "figures": DatabaseAnswers(config.dsn),
        "broker": broker_listening(config.bootstrap),
    }
    run_worker(app, NAME, logger, config.health_address, checks, tls)
