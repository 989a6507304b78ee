"""RiskView's composition root: the gRPC server `python -m services.riskview` runs.

Environment:
    MARAC_READMODEL_DSN         the shared view the risk projection writes (required); its
                                schema must be in place (`python -m shared_view migrate`),
                                and RiskView only reads it (SELECT)
    MARAC_GRPC_ADDRESS          where to listen (default 127.0.0.1:50070)
    MARAC_KAFKA_BOOTSTRAP       Kafka bootstrap servers (default 127.0.0.1:29092)
    MARAC_DISCLOSURE_TOPIC      the topic every disclosure is recorded on (required)
    MARAC_DISCLOSURE_TIMEOUT    seconds to wait for Kafka to confirm a disclosure before
                                the call is refused with UNAVAILABLE (default 10)
    MARAC_TLS_CA, MARAC_TLS_CERT, MARAC_TLS_KEY
                                the deployment's authority, RiskView's certificate and key
                                (PEM file paths; required)
    MARAC_TOKEN_ISSUER          the issuer whose people's tokens are accepted (their iss)
    MARAC_TOKEN_AUDIENCE        what those tokens must be for (their aud)
    MARAC_TOKEN_KEYS            the issuer's public keys: an absolute path of a JWKS file,
                                or an https URL (an OpenID Connect issuer's jwks_uri)
    MARAC_TOKEN_ALGORITHMS      signature algorithms accepted (default EdDSA,ES256,RS256)
    MARAC_TOKEN_MAX_LIFETIME    the longest a token may be valid, exp - iat, in seconds
                                (default 3600)
    MARAC_TOKEN_KEYS_COOLDOWN   seconds between fetches of the key set for an unknown key
                                id (default 30; a JWKS URL only)
    MARAC_MEETINGS_ADDRESS      the meeting service (host:port), asked whether a subject not
                                eligible now is on the agenda of the meeting a chair names
                                (a chair's addition, an item deferred); without it such a
                                subject's item is never opened
    MARAC_RULE_*                the eligibility rules, as the projection's (projections/config.py):
                                for the agenda of a meeting as of its cut-off
    MARAC_AREAS                 the partnership's MARAC areas and their postcode districts,
                                CODE=D1,D2;CODE=D3 (shared_view/areas.py), as the meeting
                                service's; unset: the whole partnership is one area
    MARAC_HANDLE_KEY            64 hexadecimal characters: the key agenda items' handles
                                are made with (services/riskview/handles.py); only
                                RiskView holds it
    MARAC_RISKVIEW_PROCESSES    how many processes answer on the port together (default
                                1, at most 16). Past 1, this process only starts them,
                                starts one again when it exits, and stops them; each is a
                                whole RiskView (its own pool, producer, health), as
                                RiskView only reads the shared view and keeps nothing
                                between calls: a handle or page token one makes, another
                                reads (the same key); each producer has its own
                                idempotent producer id from the broker
"""

import asyncio
import logging
import os
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import grpc

from services.common.access import Access
from services.common.grpc_server import serve
from services.common.health import broker_listening
from services.common.logs import configure, log
from services.common.metrics import serve_metrics
from services.common.person_tokens import PeopleSettings
from services.common.principals import (
    DEMO_CLIENT,
    MEETINGS_PRINCIPAL,
    TEST_CLIENT,
    WEB_PRINCIPAL,
)
from services.common.request_processes import RequestProcesses, stop_when_parent_goes
from services.common.settings import (
    KAFKA_BOOTSTRAP,
    MAX_REQUEST_PROCESSES,
    SettingsError,
    address,
    exit_on_bad_settings,
    hex_key,
    process_count,
    seconds,
    setting,
    text,
    tls_identity,
)
from services.common.tls import TlsIdentity
from services.riskview.application import RiskView
from services.riskview.disclosures import KafkaDisclosureLog
from services.riskview.grpc_api import register
from services.riskview.handles import Handles
from services.riskview.meeting_agendas import MeetingServiceAgendas, NoMeetingService
from services.riskview.meeting_subjects import MeetingSubjects
from services.riskview.meeting_subjects_grpc import SERVICE as MEETING_SUBJECTS
from services.riskview.meeting_subjects_grpc import register_meeting_subjects
from shared_view.areas import NO_AREAS, Areas, areas_from_env
from shared_view.reader import SharedViewReader
from shared_view.rules import Rules

# The programs that call on behalf of people (the web app, the demo, the tests); each
# call also carries the person's own identity.
PEOPLE_CLIENTS = Access.only([WEB_PRINCIPAL, DEMO_CLIENT, TEST_CLIENT])
# The meeting service alone is told who is eligible, with match keys.
ACCESS = PEOPLE_CLIENTS.serving(MEETING_SUBJECTS, [MEETINGS_PRINCIPAL])


@dataclass(frozen=True)
class RiskViewSettings:
    readmodel_dsn: str
    grpc_address: str
    kafka_bootstrap: str
    disclosure_topic: str
    disclosure_timeout: float
    people: PeopleSettings
    handle_key: bytes
    processes: int
    meetings_address: str = ""  # none: no meeting's agenda is known
    # The projection's rules (MARAC_RULE_*), for an agenda as of a cut-off.
    rules: Rules = field(default_factory=Rules)
    areas: Areas = NO_AREAS  # MARAC_AREAS

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "RiskViewSettings":
        return cls(
            readmodel_dsn=setting(
                env, "MARAC_READMODEL_DSN", text, "the shared view's database (libpq string)"
            ),
            grpc_address=setting(
                env, "MARAC_GRPC_ADDRESS", address, "host:port to listen on", "127.0.0.1:50070"
            ),
            kafka_bootstrap=KAFKA_BOOTSTRAP.read(env),
            disclosure_topic=setting(env, "MARAC_DISCLOSURE_TOPIC", text, "a topic name"),
            disclosure_timeout=setting(
                env, "MARAC_DISCLOSURE_TIMEOUT", seconds, "a number of seconds", 10.0
            ),
            people=PeopleSettings.from_env(env),
            handle_key=setting(env, "MARAC_HANDLE_KEY", hex_key, "64 hexadecimal characters"),
            processes=setting(
                env,
                "MARAC_RISKVIEW_PROCESSES",
                process_count,
                f"a whole number of processes from 1 to {MAX_REQUEST_PROCESSES}",
                1,
            ),
            meetings_address=setting(
                env, "MARAC_MEETINGS_ADDRESS", address, "host:port of the meeting service", ""
            ),
            rules=Rules.from_env(env),
            areas=areas_from_env(env),
        )


def main() -> None:
    logger = configure("riskview")
    try:
        settings = RiskViewSettings.from_env(os.environ)
        tls = tls_identity(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)  # the first process's (see services.common.metrics)
    # An agenda as of a cut-off leaves out cases past it: the projection's period.
    log(logger, "starting", retention_days=settings.rules.retention_days)
    if settings.processes == 1:
        serve_riskview(settings, tls, logger)
    else:
        keep_processes(settings, logger)


def keep_processes(settings: RiskViewSettings, logger: logging.Logger) -> None:
    """RiskView's processes on one port (the kernel spreads connections among them)."""
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    ends: dict[int, Connection] = {}  # kept open: a process stops when its end closes
    processes = RequestProcesses(
        "riskview", run_process, (), settings.processes, ends.__setitem__, logger
    )
    log(logger, "started", address=settings.grpc_address, processes=settings.processes)
    stopping.wait()
    processes.stop()
    log(logger, "stopped")


def run_process(parent: Connection) -> None:
    """One of RiskView's processes (its parent checked the settings)."""
    logger = configure("riskview")
    stop_when_parent_goes(parent)
    serve_riskview(RiskViewSettings.from_env(os.environ), tls_identity(os.environ), logger, True)


def serve_riskview(
    settings: RiskViewSettings, tls: TlsIdentity, logger: logging.Logger, shared_port: bool = False
) -> None:
    reader = SharedViewReader(settings.readmodel_dsn, max_connections=8, wait_seconds=5)
    reader.open()
    disclosures = KafkaDisclosureLog(
        settings.kafka_bootstrap,
        settings.disclosure_topic,
        settings.disclosure_timeout,
        tls.kafka_options(),
    )

    meetings = (
        grpc.secure_channel(settings.meetings_address, tls.channel_credentials())
        if settings.meetings_address
        else None
    )

    async def close() -> None:
        await asyncio.to_thread(disclosures.close)
        await asyncio.to_thread(reader.close)
        if meetings is not None:
            await asyncio.to_thread(meetings.close)

    handles = Handles(settings.handle_key)
    agendas = MeetingServiceAgendas(meetings) if meetings is not None else NoMeetingService()
    view = RiskView(reader, disclosures, handles, agendas, areas=settings.areas)
    subjects = MeetingSubjects(reader, handles, settings.rules, areas=settings.areas)
    people = settings.people.people(logger)
    checks = {
        "shared view": reader.reachable,
        "disclosure log": broker_listening(settings.kafka_bootstrap),
    }
    asyncio.run(
        serve(
            settings.grpc_address,
            lambda server: [
                *register(view, people, logger)(server),
                register_meeting_subjects(server, subjects, logger),
            ],
            logger,
            checks,
            tls,
            ACCESS,
            on_stop=close,
            shared_port=shared_port,
        )
    )
