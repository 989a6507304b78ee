from services.common.agency import main
from services.social_landlord.agency import AGENCY

main(AGENCY)
