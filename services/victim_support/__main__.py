from services.common.agency import main
from services.victim_support.agency import AGENCY

main(AGENCY)
