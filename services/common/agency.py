"""The composition root of an agency service: one definition per agency kind
(its records, its sharing allow-list, its own gRPC API) and the two processes
every agency runs, the gRPC service and the relay.

    python -m services.<agency> serve   # gRPC on MARAC_GRPC_ADDRESS
    python -m services.<agency> relay   # notification log -> MARAC_TOPIC

Environment: the eventsourcing settings (PERSISTENCE_MODULE, POSTGRES_*,
CIPHER_TOPIC, CIPHER_KEY), AGENCY_ID, LINKING_KEY, MARAC_GRPC_ADDRESS,
MARAC_KAFKA_BOOTSTRAP and MARAC_TOPIC.
"""

import argparse
import asyncio
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import grpc
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment
from kafka import KafkaProducer

from marac.v1 import agency_case_pb2, agency_case_pb2_grpc
from services.agencies import Agency
from services.common import logs
from services.common.application import CaseRecords
from services.common.grpc_api import AgencyCaseServicer
from services.common.grpc_server import serve
from services.common.relay import Relay
from services.common.sharing import KERNEL_SHARING, Mapping

RegisterApi = Callable[[grpc.aio.Server, CaseRecords, logging.Logger], Iterable[str]]


@dataclass(frozen=True)
class AgencyDefinition:
    agency: Agency
    records: type[CaseRecords]
    # The agency's own events on top of the kernel's allow-list.
    sharing: dict[type, Mapping] = field(default_factory=dict)
    # Adds the agency's own servicers; returns their full service names.
    register_api: RegisterApi | None = None

    @property
    def name(self) -> str:
        return self.agency.name

    @property
    def allow_list(self) -> dict[type, Mapping]:
        return {**KERNEL_SHARING, **self.sharing}


def register_services(
    agency: AgencyDefinition, server: grpc.aio.Server, records: CaseRecords, logger
) -> list[str]:
    agency_case_pb2_grpc.add_AgencyCaseServiceServicer_to_server(
        AgencyCaseServicer(records, logger), server
    )
    names = [agency_case_pb2.DESCRIPTOR.services_by_name["AgencyCaseService"].full_name]
    if agency.register_api is not None:
        names.extend(agency.register_api(server, records, logger))
    return names


async def run_service(agency: AgencyDefinition) -> None:
    logger = logs.configure(f"{agency.name}.service")
    records = agency.records()
    address = os.environ.get("MARAC_GRPC_ADDRESS", f"127.0.0.1:{agency.agency.grpc_port}")
    try:
        await serve(
            address, lambda server: register_services(agency, server, records, logger), logger
        )
    finally:
        records.close()


def run_relay(agency: AgencyDefinition) -> None:
    logger = logs.configure(f"{agency.name}.relay")
    records = agency.records()
    tracking = InfrastructureFactory.construct(
        Environment(f"{agency.name}_relay", dict(os.environ))
    ).tracking_recorder()
    producer = KafkaProducer(
        bootstrap_servers=os.environ["MARAC_KAFKA_BOOTSTRAP"],
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
    )
    relay = Relay(
        records,
        tracking,
        producer,
        os.environ.get("MARAC_TOPIC", agency.agency.topic("marac")),
        agency.allow_list,
        logger,
    )
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        relay.run(stopping)
    finally:
        producer.close(timeout=10)
        records.close()


def main(agency: AgencyDefinition) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m services.{agency.name}")
    parser.add_argument("process", choices=["serve", "relay"])
    if parser.parse_args().process == "serve":
        asyncio.run(run_service(agency))
    else:
        run_relay(agency)
