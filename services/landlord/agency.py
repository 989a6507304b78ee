import logging

import grpc

from marac.v1 import landlord_pb2, landlord_pb2_grpc
from services.common.agency import AgencyDefinition
from services.landlord.application import LandlordCaseRecords
from services.landlord.grpc_api import LandlordServicer
from services.landlord.sharing import LANDLORD_SHARING
from services.landlord.sweeper import start_sweeping, sweep_interval


def register_api(
    server: grpc.aio.Server, records: LandlordCaseRecords, logger: logging.Logger
) -> list[str]:
    """Adds LandlordService and starts recording breaches as they fall due."""
    landlord_pb2_grpc.add_LandlordServiceServicer_to_server(
        LandlordServicer(records, logger), server
    )
    if interval := sweep_interval():
        start_sweeping(records, logger, interval)
    return [landlord_pb2.DESCRIPTOR.services_by_name["LandlordService"].full_name]


LANDLORD = AgencyDefinition(
    records=LandlordCaseRecords,
    default_grpc_port=50062,
    sharing=LANDLORD_SHARING,
    register_api=register_api,
)
