from services.common.agency import main
from services.ddpo.agency import DDPO

main(DDPO)
