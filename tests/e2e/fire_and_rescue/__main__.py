from services.common.agency import main
from tests.e2e.fire_and_rescue.agency import AGENCY

main(AGENCY)
