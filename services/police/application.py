from services.common.application import CaseRecords
from services.common.vocabulary import AgencyKind
from services.police.domain import PoliceCase


class PoliceCaseRecords(CaseRecords):
    name = "police"
    agency_kind = AgencyKind.POLICE
    case_class = PoliceCase
