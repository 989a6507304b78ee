from services.common.agency import AgencyDefinition
from services.police.application import PoliceCaseRecords

POLICE = AgencyDefinition(records=PoliceCaseRecords, default_grpc_port=50061)
