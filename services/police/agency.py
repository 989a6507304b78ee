from services.common.agency import AgencyDefinition
from services.police.application import PoliceCaseRecords
from services.police.grpc_api import register_api
from services.police.sharing import POLICE_SHARING

POLICE = AgencyDefinition(
    records=PoliceCaseRecords,
    default_grpc_port=50061,
    sharing=POLICE_SHARING,
    register_api=register_api,
)
