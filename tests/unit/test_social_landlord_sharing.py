"""The landlord's sharing table documents exactly the allow-list in force."""

import re

from services.social_landlord import sharing
from services.social_landlord.agency import AGENCY as LANDLORD


def documented_events() -> list[str]:
    return re.findall(r"^\| `([\w.]+)` \|", sharing.__doc__, flags=re.MULTILINE)


def test_the_sharing_table_names_exactly_the_events_of_the_allow_list():
    documented = documented_events()
    assert len(documented) == len(set(documented))
    assert set(documented) == {event.__qualname__ for event in LANDLORD.allow_list}
