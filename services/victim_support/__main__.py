from services.common.agency import main
from services.victim_support.agency import VICTIM_SUPPORT

main(VICTIM_SUPPORT)
