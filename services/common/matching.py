"""Subject match keys: equal people give equal keys across agencies, and a key
reveals nothing without the linking key (keyed HMAC-SHA256 over normalised fields).
"""

import hashlib
import hmac
import unicodedata


def normalise_name(name: str) -> str:
    # Accents, case, spacing, hyphens and apostrophes vary between agency systems.
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed.casefold() if c.isalpha())


def normalise_postcode(postcode: str) -> str:
    return "".join(postcode.split()).upper()


def postcode_district(postcode: str) -> str:
    """The outward code ("L4 0TH" -> "L4"): coarse enough to share for hotspots."""
    compact = normalise_postcode(postcode)
    return compact[:-3] if len(compact) > 3 else ""


def subject_key(
    linking_key: bytes, given_name: str, family_name: str, date_of_birth: str, postcode: str
) -> str:
    material = "|".join(
        [
            normalise_name(given_name),
            normalise_name(family_name),
            date_of_birth.strip(),
            normalise_postcode(postcode),
        ]
    )
    return hmac.new(linking_key, material.encode(), hashlib.sha256).hexdigest()
