from services.common.agency import AgencyDefinition
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.grpc_api import register_ddpo_api
from services.ddpo.sharing import DDPO_SHARING

DDPO = AgencyDefinition(
    records=DdpoCaseRecords,
    default_grpc_port=50064,
    sharing=DDPO_SHARING,
    register_api=register_ddpo_api,
)
