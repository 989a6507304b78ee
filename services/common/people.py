"""The claims a person's token carries beside the registered ones (iss, aud, sub,
iat, nbf, exp, jti): the contract between an issuer of people's tokens (the local
identity component, or a deployment's OpenID Connect issuer configured to add
them) and RiskView, which takes a person's role and agency from these and nothing
else.

    role        chair | representative | ig | analyst (a partnership analyst)
    agency      for a representative: an agency's name in services/agencies.py
    agency_id   for a representative: the agency's id (as its service's AGENCY_ID)
"""

import re

ROLE_CLAIM = "role"
AGENCY_CLAIM = "agency"
AGENCY_ID_CLAIM = "agency_id"

CHAIR = "chair"
REPRESENTATIVE = "representative"
IG = "ig"
# Partnership analysts see figures only; the figures service serves them, RiskView not.
ANALYST = "analyst"
ROLES = (CHAIR, REPRESENTATIVE, IG, ANALYST)

# An agency's id: lower-case letters, digits, '_' and '-', starting with one of the
# first two (for example local-police).
AGENCY_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
