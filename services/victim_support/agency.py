from services.common.agency import AgencyDefinition
from services.victim_support.application import VictimSupportCaseRecords
from services.victim_support.grpc_api import register_api
from services.victim_support.sharing import VICTIM_SUPPORT_SHARING

VICTIM_SUPPORT = AgencyDefinition(
    records=VictimSupportCaseRecords,
    default_grpc_port=50063,
    sharing=VICTIM_SUPPORT_SHARING,
    register_api=register_api,
)
