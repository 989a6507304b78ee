from services.agencies import BY_NAME
from services.common.agency import AgencyDefinition
from services.victim_support.application import VictimSupportCaseRecords
from services.victim_support.domain import VictimSupportCase
from services.victim_support.grpc_api import register_api
from services.victim_support.sharing import VICTIM_SUPPORT_SHARING

AGENCY = AgencyDefinition(
    agency=BY_NAME["victim_support"],
    case_class=VictimSupportCase,
    records=VictimSupportCaseRecords,
    sharing=VICTIM_SUPPORT_SHARING,
    register_api=register_api,
)
