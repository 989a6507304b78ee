from services.agencies import BY_NAME
from services.common.agency import AgencyDefinition
from services.police.application import PoliceCaseRecords
from services.police.domain import PoliceCase
from services.police.grpc_api import FIELDS, register_api
from services.police.sharing import POLICE_SHARING

AGENCY = AgencyDefinition(
    agency=BY_NAME["police"],
    case_class=PoliceCase,
    records=PoliceCaseRecords,
    sharing=POLICE_SHARING,
    fields=FIELDS,
    register_api=register_api,
)
