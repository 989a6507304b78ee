from services.common.agency import main
from services.ddpo.agency import AGENCY

main(AGENCY)
