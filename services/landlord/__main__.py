from services.common.agency import main
from services.landlord.agency import LANDLORD

main(LANDLORD)
