from services.common.agency import AgencyDefinition
from tests.e2e.fire_and_rescue import FIRE_AND_RESCUE
from tests.e2e.fire_and_rescue.domain import FireAndRescueCase

AGENCY = AgencyDefinition(agency=FIRE_AND_RESCUE, case_class=FireAndRescueCase)
