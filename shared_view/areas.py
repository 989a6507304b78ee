"""The partnership's areas: which postcode districts (outward codes) each MARAC covers,
and so which eligible subjects are on an area's agenda.

An area is configuration, `MARAC_AREAS="LIV-SOUTH=L8,L17,L19;LIV-NORTH=L4,L5,L6"`,
read by RiskView (it lists an area's agenda) and the meeting service (it schedules a
meeting only for an area it knows). No areas configured: the whole partnership is one
area, every meeting's agenda is every eligible subject.

Which subjects belong to an area (`in_area`): a subject's districts are those of its
incidents in the window that the MARAC panel may see (shared_view/view.py, the
agenda entry's `districts`). A subject belongs to every area covering one of its
districts, so a subject harmed in two areas is on both areas' agendas. A subject
none of whose districts any area covers (an eligible subject known only by a
referral, incidents recorded without a postcode, or only outside the partnership's
areas) belongs to every area: an eligible subject is never on no agenda. A district
belongs to one area at most.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.common.settings import SettingsError

VARIABLE = "MARAC_AREAS"
# An area's code: as a meeting's area (services/marac/commands.py AREA).
AREA_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,39}")
# A UK outward code, as agencies' postcodes give it (services.common.matching).
DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
MUST_BE = (
    "areas separated by ';', each CODE=DISTRICT,DISTRICT,... (a code of A-Z, 0-9 and '-';"
    " postcode districts such as L8), for example LIV-SOUTH=L8,L17;LIV-NORTH=L4,L5"
)


@dataclass(frozen=True)
class Areas:
    """Each area's code -> the districts it covers; empty: the partnership is one area."""

    districts: Mapping[str, frozenset[str]]

    @property
    def configured(self) -> bool:
        return bool(self.districts)

    def knows(self, area: str) -> bool:
        """Whether a meeting may be held for the area (any, when none are configured)."""
        return not self.configured or area in self.districts

    def covered(self) -> frozenset[str]:
        """Every district some area covers."""
        return frozenset().union(*self.districts.values())

    def scope(self, area: str) -> "AreaScope | None":
        """What an agenda for the area is limited to; None for the whole partnership
        (no area asked, or none configured). KeyError for an area not configured."""
        if not area or not self.configured:
            return None
        return AreaScope(self.districts[area], self.covered())


NO_AREAS = Areas({})


@dataclass(frozen=True)
class AreaScope:
    """One area's districts, and those of every area (for subjects of no area)."""

    districts: frozenset[str]
    covered: frozenset[str]


def in_area(subject_districts: Iterable[str], scope: AreaScope | None) -> bool:
    """Whether a subject with these districts is on the area's agenda (see above)."""
    if scope is None:
        return True
    found = frozenset(subject_districts)
    return bool(found & scope.districts) or not found & scope.covered


def district_of(outward_code: str) -> str:
    """A postcode district as an event carries it ("l8 " -> "L8"); "" when it is not one."""
    district = outward_code.strip().upper()
    return district if DISTRICT.fullmatch(district) else ""


class BadAreas(ValueError):
    """What is wrong with MARAC_AREAS; it names only area codes and districts that are
    well formed (neither is personal), never what could not be read."""


def parse_areas(raw: str) -> Areas:
    """`CODE=D1,D2;CODE=D3` (BadAreas when malformed, an area repeated or a district
    in two areas)."""
    districts: dict[str, frozenset[str]] = {}
    owner: dict[str, str] = {}
    for part in raw.split(";"):
        if not part.strip():
            continue
        code, equals, listed = (piece.strip() for piece in part.partition("="))
        found = [d.strip().upper() for d in listed.split(",") if d.strip()]
        if not equals or not AREA_CODE.fullmatch(code) or not found:
            raise BadAreas(f"must be {MUST_BE}")
        if code in districts:
            raise BadAreas(f"names area {code} twice")
        for district in found:
            if not DISTRICT.fullmatch(district):
                raise BadAreas(f"has a district of area {code} that is not a postcode district")
            if owner.setdefault(district, code) != code:
                raise BadAreas(f"puts district {district} in two areas: {owner[district]}, {code}")
        districts[code] = frozenset(found)
    if not districts:
        raise BadAreas(f"must be {MUST_BE}")
    return Areas(districts)


def areas_from_env(env: Mapping[str, str]) -> Areas:
    """MARAC_AREAS; unset or empty: no areas. SettingsError naming it when malformed."""
    raw = env.get(VARIABLE, "").strip()
    if not raw:
        return NO_AREAS
    try:
        return parse_areas(raw)
    except BadAreas as error:
        raise SettingsError(f"{VARIABLE} {error}") from None
