from services.common.agency import main
from services.police.agency import AGENCY

main(AGENCY)
