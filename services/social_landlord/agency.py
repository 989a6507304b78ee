from marac.v1 import landlord_pb2, landlord_pb2_grpc
from services.agencies import BY_NAME
from services.common.agency import AgencyDefinition
from services.common.grpc_errors import Fields
from services.social_landlord.application import LandlordCaseRecords
from services.social_landlord.domain import LandlordCase
from services.social_landlord.grpc_api import FIELDS, LandlordServicer
from services.social_landlord.sharing import LANDLORD_SHARING
from services.social_landlord.sweeper import sweep_breaches


def register_api(server, records: LandlordCaseRecords, logger, fields: Fields) -> list[str]:
    """Adds LandlordService."""
    landlord_pb2_grpc.add_LandlordServiceServicer_to_server(
        LandlordServicer(records, logger, fields), server
    )
    return [landlord_pb2.DESCRIPTOR.services_by_name["LandlordService"].full_name]


AGENCY = AgencyDefinition(
    agency=BY_NAME["social_landlord"],
    case_class=LandlordCase,
    records=LandlordCaseRecords,
    sharing=LANDLORD_SHARING,
    fields=FIELDS,
    register_api=register_api,
    background=sweep_breaches,
)
