from services.agencies import BY_NAME
from services.common.agency import AgencyDefinition
from services.police.application import PoliceCaseRecords
from services.police.grpc_api import register_api
from services.police.sharing import POLICE_SHARING

AGENCY = AgencyDefinition(
    agency=BY_NAME["police"],
    records=PoliceCaseRecords,
    sharing=POLICE_SHARING,
    register_api=register_api,
)
