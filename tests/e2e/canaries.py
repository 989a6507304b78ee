"""Planted personal data: none of it may appear outside the agencies' own stores."""

from deploy.local.scenario import Victim

CANARY_VICTIM = Victim(
    given_name="Quillonadina",
    family_name="Zephyrokafor",
    date_of_birth="1961-07-19",
    postcode="ZZ99 9ZZ",
    address="Flat 7 Canary Court",
    narratives=(
        (
            "social_landlord",
            "canary-landlord: neighbour shouted about her wheelchair on the stairs",
        ),
        ("ddpo", "canary-ddpo: friend says she is scared to go out; no police please"),
        ("police", "canary-police: car window smashed outside the flat overnight"),
    ),
)
CANARIES = [
    CANARY_VICTIM.given_name,
    CANARY_VICTIM.family_name,
    CANARY_VICTIM.date_of_birth,
    CANARY_VICTIM.postcode,
    CANARY_VICTIM.postcode.replace(" ", ""),
    CANARY_VICTIM.address,
    *(text for _, text in CANARY_VICTIM.narratives),
    "canary-",
]
