"""`python -m services.web`: the web app for MARAC chairs, agency representatives,
IG staff and partnership analysts (composition root). It serves HTTPS with the web
principal's certificate, and calls the identity component, RiskView, the meeting
service, the audit service and the figures service over mutual TLS as that
principal, each call for the signed-in person (their token); and, configured, an
OpenID Connect issuer people may sign in with (services.web.openid). It keeps no
case data: only sessions, in memory (a restart signs everyone out). Settings:
services/web/settings.py; it answers health checks on MARAC_HEALTH_ADDRESS, if set,
and writes the pages it refuses to the access log (MARAC_ACCESS_LOG_TOPIC on
MARAC_KAFKA_BOOTSTRAP, services.common.access_log_kafka; services.web.refusals).
"""

import asyncio
import logging
import os
import socket
from datetime import timedelta

import grpc
import uvicorn
from grpc_health.v1 import health_pb2, health_pb2_grpc
from itsdangerous import Signer

from services.common.access_log_kafka import AccessLogSettings, principal_of_certificate
from services.common.grpc_connections import channels
from services.common.health import Checks, serve_health
from services.common.logs import configure, log
from services.common.metrics import serve_metrics
from services.common.settings import (
    HEALTH_ADDRESS,
    SettingsError,
    exit_on_bad_settings,
    tls_identity,
)
from services.web import problems
from services.web.app import Web, create_app, templates
from services.web.backends import Audit, Backends, Figures, Identity, Meetings, RiskView
from services.web.openid import OpenIdIssuer
from services.web.pages import AREAS
from services.web.refusals import WebRefusals
from services.web.sessions import Sessions
from services.web.settings import WebSettings


def listening(address: str):
    host, _, port = address.rpartition(":")

    def check() -> bool:
        with socket.create_connection((host, int(port)), timeout=1):
            return True

    return check


def serving(address: str, credentials: grpc.ChannelCredentials):
    """Whether a service the pages need says it is serving (its own health)."""
    channel = grpc.secure_channel(address, credentials)
    health = health_pb2_grpc.HealthStub(channel)

    def check() -> bool:
        reply = health.Check(health_pb2.HealthCheckRequest(), timeout=1)
        return reply.status == health_pb2.HealthCheckResponse.SERVING

    return check


async def run(settings: WebSettings, tls, access_log, logger) -> None:
    credentials = tls.channel_credentials()
    riskview = channels(settings.riskview_address, credentials)
    async with (
        grpc.aio.secure_channel(settings.identity_address, credentials) as identity,
        grpc.aio.secure_channel(settings.meetings_address, credentials) as meetings,
        grpc.aio.secure_channel(settings.audit_address, credentials) as audit,
        grpc.aio.secure_channel(settings.figures_address, credentials) as figures,
    ):
        web = Web(
            Backends(
                Identity(identity),
                RiskView(riskview),
                Meetings(meetings),
                OpenIdIssuer(settings.openid) if settings.openid else None,
                audit=Audit(audit),
                figures=Figures(figures),
            ),
            Sessions(
                idle=timedelta(seconds=settings.idle_seconds),
                renew_before=timedelta(seconds=settings.renew_seconds),
            ),
            Signer(settings.session_key, salt="marac-web-session"),
            templates(),
            WebRefusals(access_log, principal_of_certificate(tls.certificate), logger),
            settings.areas,
        )
        app = create_app(web, settings.assets, AREAS, problems.handlers(web, logger))
        host, _, port = settings.address.rpartition(":")
        _, certificate, key = tls.files
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                host=host,
                port=int(port),
                ssl_certfile=certificate,
                ssl_keyfile=key,
                # Addresses carry case references and page tokens: not logged.
                access_log=False,
                log_config=None,
                server_header=False,
                proxy_headers=False,
            )
        )
        log(logger, "serving", address=settings.address)
        try:
            await server.serve()
        finally:
            for channel in riskview:
                await channel.close()
            await web.refusals.close()


def main() -> None:
    logger = configure("web")
    logging.getLogger("httpx2").setLevel(logging.WARNING)  # it logs each address it asks
    try:
        settings = WebSettings.from_env(os.environ)
        tls = tls_identity(os.environ)
        health_address = HEALTH_ADDRESS.read(os.environ)
        access_log = AccessLogSettings.from_env(os.environ).log(tls)
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    stop_health = None
    if health_address:
        # It can do its work while it listens and the services it calls can do theirs.
        credentials = tls.channel_credentials()
        checks = Checks(
            {
                "https": listening(settings.address),
                "sign-in": serving(settings.identity_address, credentials),
                "risk view": serving(settings.riskview_address, credentials),
                "meetings": serving(settings.meetings_address, credentials),
            },
            logger,
        )
        stop_health = serve_health(health_address, checks, logger, tls)
    try:
        asyncio.run(run(settings, tls, access_log, logger))
    finally:
        if stop_health is not None:
            stop_health()
        log(logger, "stopped")


if __name__ == "__main__":
    main()
