from services.agencies import BY_NAME
from services.common.agency import AgencyDefinition
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.grpc_api import register_ddpo_api
from services.ddpo.sharing import DDPO_SHARING

AGENCY = AgencyDefinition(
    agency=BY_NAME["ddpo"],
    records=DdpoCaseRecords,
    sharing=DDPO_SHARING,
    register_api=register_ddpo_api,
)
