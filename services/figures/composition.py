"""The figures service's composition root: the gRPC server `python -m services.figures`.

Environment:
    MARAC_FIGURES_DSN           the figures' read model (the figures projection's;
                                this service only reads it)
    MARAC_GRPC_ADDRESS          where to listen (default 127.0.0.1:50090)
    MARAC_FIGURES_THRESHOLD     counts from 1 to below this are suppressed (default 5)
    MARAC_TLS_CA, MARAC_TLS_CERT, MARAC_TLS_KEY   its certificate (required)
    MARAC_TOKEN_*               whose people's tokens it accepts, as RiskView's
"""

import asyncio
import os
from collections.abc import Mapping
from dataclasses import dataclass

import psycopg
from psycopg_pool import ConnectionPool

from figures import case_review_store, store
from figures.case_review_listing import CaseReviewList
from figures.suppression import DEFAULT_THRESHOLD
from services.common.grpc_server import serve
from services.common.logs import configure
from services.common.metrics import serve_metrics
from services.common.person_tokens import PeopleSettings
from services.common.settings import (
    SettingsError,
    address,
    exit_on_bad_settings,
    setting,
    text,
    tls_identity,
    whole_number,
)
from services.figures.application import PartnershipFigures
from services.figures.grpc_api import ROLES, register
from services.riskview.composition import PEOPLE_CLIENTS


@dataclass(frozen=True)
class FiguresSettings:
    dsn: str
    grpc_address: str
    threshold: int
    people: PeopleSettings

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "FiguresSettings":
        return cls(
            dsn=setting(env, "MARAC_FIGURES_DSN", text, "the figures' database (libpq string)"),
            grpc_address=setting(
                env, "MARAC_GRPC_ADDRESS", address, "host:port to listen on", "127.0.0.1:50090"
            ),
            threshold=setting(
                env,
                "MARAC_FIGURES_THRESHOLD",
                _threshold,
                "a whole number from 2",
                DEFAULT_THRESHOLD,
            ),
            people=PeopleSettings.from_env(env),
        )


def _threshold(raw: str) -> int:
    value = whole_number(raw)
    if value < 2:  # 1 would suppress nothing
        raise ValueError
    return value


def main() -> None:
    logger = configure("figures")
    try:
        settings = FiguresSettings.from_env(os.environ)
        tls = tls_identity(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    pool = ConnectionPool(settings.dsn, min_size=1, max_size=4, open=False, name="figures")
    pool.open()

    def flagged():
        with pool.connection() as conn:
            return case_review_store.flagged(conn)

    def reachable() -> bool:
        try:
            with pool.connection(timeout=2) as conn:
                conn.execute("SELECT 1")
        except (psycopg.Error, TimeoutError):
            return False
        return True

    async def close() -> None:
        await asyncio.to_thread(pool.close)

    figures = PartnershipFigures(store.ReadModel(pool.connection), settings.threshold)
    people = settings.people.people(logger, ROLES)
    asyncio.run(
        serve(
            settings.grpc_address,
            register(figures, CaseReviewList(flagged), people, logger),
            logger,
            {"figures": reachable},
            tls,
            PEOPLE_CLIENTS,
            on_stop=close,
        )
    )
