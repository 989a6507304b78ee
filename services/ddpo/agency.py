from services.agencies import BY_NAME
from services.common.agency import AgencyDefinition
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.domain import DdpoCase
from services.ddpo.grpc_api import FIELDS, register_api
from services.ddpo.sharing import DDPO_SHARING

AGENCY = AgencyDefinition(
    agency=BY_NAME["ddpo"],
    case_class=DdpoCase,
    records=DdpoCaseRecords,
    sharing=DDPO_SHARING,
    fields=FIELDS,
    register_api=register_api,
)
