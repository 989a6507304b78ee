"""The composition root of an agency service: one definition per agency kind (its
registry entry, its case records, its sharing allow-list, its rules' request
fields, its own gRPC API) and the two processes every agency runs.

    python -m services.<agency> serve   # gRPC on MARAC_GRPC_ADDRESS
    python -m services.<agency> relay   # its log -> MARAC_TOPIC, MARAC_ACTION_UPDATES_TOPIC

Settings (services.common.settings, services.common.store_settings): the event
store's (PERSISTENCE_MODULE, POSTGRES_*, CIPHER_TOPIC, CIPHER_KEY) and AGENCY_ID for
both; for the service LINKING_KEY, MARAC_GRPC_ADDRESS, its certificate and key
(MARAC_TLS_CA, MARAC_TLS_CERT, MARAC_TLS_KEY), what its background work reads,
and where it reads the actions MARAC meetings agree for it (MARAC_KAFKA_BOOTSTRAP,
MARAC_ACTIONS_TOPIC, MARAC_ACTIONS_GROUP: services.common.action_inbox); for the
relay MARAC_KAFKA_BOOTSTRAP, MARAC_TOPIC, MARAC_ACTION_UPDATES_TOPIC and
MARAC_HEALTH_ADDRESS (with MARAC_TLS_* when that is set), and the store's settings
again under <AGENCY>_RELAY_ for its tracking table.
"""

import argparse
import asyncio
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import grpc
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from marac.v1 import agency_case_pb2, agency_case_pb2_grpc
from services.agencies import Agency
from services.common import logs
from services.common.access import Access
from services.common.action_inbox import read_meeting_actions
from services.common.action_updates import ActionUpdates, together
from services.common.application import CaseApplication
from services.common.case import Case
from services.common.grpc_api import AgencyCaseServicer
from services.common.grpc_errors import KERNEL_FIELDS, Fields
from services.common.grpc_server import serve
from services.common.logs import log
from services.common.metrics import serve_metrics
from services.common.principals import agency_system
from services.common.process_messages import Messages, socket_of
from services.common.relay import CaseMessages, run_relay_process
from services.common.request_processes import (
    Desk,
    RequestProcesses,
    RequestProcessRecords,
    WriterLink,
)
from services.common.settings import (
    AgencyServiceSettings,
    MeetingActionsSettings,
    RelaySettings,
    SettingsError,
    exit_on_bad_settings,
    setting,
    text,
    tls_identity,
)
from services.common.sharing import KERNEL_SHARING
from services.common.sharing import Mapping as SharingMapping
from services.common.store import CaseStore
from services.common.store_settings import check_event_store

# Adds the agency's own servicers; returns their full service names.
RegisterApi = Callable[[grpc.aio.Server, Any, logging.Logger, Fields], Iterable[str]]
# Starts what the agency's service does besides answering calls (reading its own
# settings from the environment given); returns what stops it.
Background = Callable[[Any, logging.Logger, Mapping[str, str]], Callable[[], None]]


# The connections to its store of a process that reads it one query at a time or
# little more (a request process, a relay), unless its settings say otherwise.
SMALL_POOL = {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "4"}


def with_small_pool(env: Mapping[str, str], name: str) -> dict[str, str]:
    """`env` with SMALL_POOL where it sets no pool for the store named `name`."""
    small = {
        variable: value
        for variable, value in SMALL_POOL.items()
        if variable not in env and f"{name.upper()}_{variable}" not in env
    }
    return {**env, **small}


@dataclass(frozen=True)
class AgencyDefinition:
    agency: Agency
    case_class: type[Case]
    # The agency's own commands and queries; the kernel's alone when None.
    records: type[CaseApplication] | None = None
    # The agency's own events on top of the kernel's allow-list.
    sharing: Mapping[type, SharingMapping] = field(default_factory=dict)
    # The request field each of the agency's own rules is about.
    fields: Fields = field(default_factory=dict)
    register_api: RegisterApi | None = None
    background: Background | None = None

    @property
    def name(self) -> str:
        return self.agency.name

    @property
    def access(self) -> Access:
        """The agency's own case system, and no one else, may call its service."""
        return Access.only([agency_system(self.agency.name)])

    @property
    def allow_list(self) -> dict[type, SharingMapping]:
        return {**KERNEL_SHARING, **self.sharing}

    @property
    def refusals(self) -> Fields:
        return {**KERNEL_FIELDS, **self.fields}

    def records_class(self) -> type[CaseApplication]:
        if self.records is not None:
            return self.records
        return type(
            f"{self.case_class.__name__}Records",
            (CaseApplication,),
            {"name": self.agency.name, "case_class": self.case_class},
        )

    def new_records(
        self, env: Mapping[str, str] | None = None, writes: bool = True
    ) -> CaseApplication:
        return self.records_class()(env=dict(env) if env is not None else None, writes=writes)

    def reading_env(self, env: Mapping[str, str]) -> dict[str, str]:
        """`env` for a process that only reads the agency's store (a relay, a request
        process): it makes no tables (the service's writer does), and keeps a small
        pool of connections unless told otherwise."""
        name = self.records_class().name  # the service's tables
        return {
            **with_small_pool(env, name),
            "CREATE_TABLE": "n",
            f"{name.upper()}_CREATE_TABLE": "n",
        }

    def new_store(self, env: Mapping[str, str]) -> CaseStore:
        """The agency's store as the relay reads it: no linking key and no writer."""
        store = type(
            f"{self.case_class.__name__}Store", (CaseStore,), {"name": self.records_class().name}
        )
        return store(env=self.reading_env(env))


def register_services(
    agency: AgencyDefinition, server: grpc.aio.Server, records: CaseApplication, logger
) -> list[str]:
    agency_case_pb2_grpc.add_AgencyCaseServiceServicer_to_server(
        AgencyCaseServicer(records, logger, agency.refusals), server
    )
    names = [agency_case_pb2.DESCRIPTOR.services_by_name["AgencyCaseService"].full_name]
    if agency.register_api is not None:
        names.extend(agency.register_api(server, records, logger, agency.refusals))
    return names


def run_service(agency: AgencyDefinition) -> None:
    """The agency's writer, answering requests itself or through request processes
    (services.common.request_processes), as MARAC_REQUEST_PROCESSES says."""
    logger = logs.configure(f"{agency.name}.service")
    records = None
    try:
        settings = AgencyServiceSettings.from_env(os.environ, agency.agency.grpc_port)
        actions = MeetingActionsSettings.from_env(os.environ, agency.name)
        tls = tls_identity(os.environ)
        records = agency.new_records()
        stop = agency.background(records, logger, os.environ) if agency.background else None
    except SettingsError as error:
        if records is not None:
            records.close()
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    stop_reading = read_meeting_actions(records, actions, tls, logger)
    try:
        if settings.request_processes == 1:
            checks = {"event store": records.reachable, "writer": records.writer_progressing}
            asyncio.run(
                serve(
                    settings.grpc_address,
                    lambda server: register_services(agency, server, records, logger),
                    logger,
                    {**checks, **records.background_checks},
                    tls,
                    agency.access,
                )
            )
        else:
            write_for_request_processes(agency, settings, records, logger)
    finally:
        stop_reading()
        if stop is not None:
            stop()
        records.close()


def write_for_request_processes(
    agency: AgencyDefinition,
    settings: AgencyServiceSettings,
    records: CaseApplication,
    logger: logging.Logger,
) -> None:
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    desk = Desk(records, Messages(agency.agency.package), logger)
    processes = RequestProcesses(
        agency.name,
        run_request_process,
        (agency.agency, settings.grpc_address),
        settings.request_processes,
        lambda _, end: desk.take_from(socket_of(end)),
        logger,
    )
    log(
        logger,
        "writing",
        address=settings.grpc_address,
        request_processes=settings.request_processes,
    )
    stopping.wait()
    processes.stop()
    desk.close()
    log(logger, "stopped")


def run_request_process(entry: Agency, address: str, connection: Any) -> None:
    """One of the service's request processes: gRPC on the shared `address`,
    queries from the store, commands to the writer at the end of `connection`."""
    agency = entry.definition()
    logger = logs.configure(f"{agency.name}.requests")
    tls = tls_identity(os.environ)  # its writer checked it before starting it
    local = agency.new_records(agency.reading_env(os.environ), writes=False)
    # Without its writer it has nothing to offer: it stops as if told to.
    writer = WriterLink(
        socket_of(connection),
        Messages(entry.package),
        logger,
        on_lost=lambda: os.kill(os.getpid(), signal.SIGTERM),
    )
    records = RequestProcessRecords(local, writer)
    try:
        asyncio.run(
            serve(
                address,
                lambda server: register_services(agency, server, records, logger),
                logger,
                {
                    "event store": local.reachable,
                    "writer": writer.writer_answers,
                    "writer's background work": writer.background_progressing,
                },
                tls,
                agency.access,
                shared_port=True,
            )
        )
    finally:
        local.close()


def run_relay(agency: AgencyDefinition) -> None:
    logger = logs.configure(f"{agency.name}.relay")
    try:
        settings = RelaySettings.from_env(os.environ, agency.agency.topic("marac"))
        updates_topic = setting(
            os.environ,
            "MARAC_ACTION_UPDATES_TOPIC",
            text,
            "a topic name",
            default=agency.agency.action_updates_topic("marac"),
        )
        # Its certificate: what the broker knows it by, and its health service's.
        tls = tls_identity(os.environ)
        tracking_name = f"{agency.name}_relay"
        tracking_env = Environment(tracking_name, with_small_pool(os.environ, tracking_name))
        check_event_store(tracking_env)
        store = agency.new_store(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)
    tracking = InfrastructureFactory.construct(tracking_env).tracking_recorder()
    shared = CaseMessages(store, settings.topic, agency.allow_list, agency.agency.kind)
    updates = ActionUpdates(store.agency_id, updates_topic, shared.identity_of)
    messages = together(shared, updates)
    try:
        run_relay_process(store, tracking, messages, settings, tls, logger)
    finally:
        store.close()


def main(agency: AgencyDefinition) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {agency.agency.package}")
    parser.add_argument("process", choices=["serve", "relay"])
    if parser.parse_args().process == "serve":
        run_service(agency)
    else:
        run_relay(agency)
