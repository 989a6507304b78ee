"""The Python vocabularies are the contract's: every member of a domain enum is a
value of the proto enum of the same name, and back; and every agency's own
category of what was reported is an incident category every agency counts."""

import inspect
from enum import Enum

import pytest

from services.common import vocabulary
from services.common.contract import from_proto, to_proto
from services.common.vocabulary import IncidentCategory
from services.ddpo import vocabulary as ddpo
from services.police import vocabulary as police
from services.social_landlord import vocabulary as landlord
from services.victim_support import vocabulary as victim_support

MODULES = (vocabulary, ddpo, police, landlord, victim_support)


def domain_enums() -> list[type[Enum]]:
    found = {}
    for module in MODULES:
        for name, value in vars(module).items():
            own = inspect.isclass(value) and value.__module__ == module.__name__
            if own and issubclass(value, Enum):
                found[name] = value
    return list(found.values())


@pytest.mark.parametrize("domain", domain_enums(), ids=lambda e: e.__name__)
def test_each_member_is_a_value_of_the_contract_and_back(domain):
    for member in domain:
        assert from_proto(domain, to_proto(member)) is member


@pytest.mark.parametrize(
    "categories",
    [police.OffenceCategory, landlord.LandlordReportCategory, ddpo.DdpoIncidentCategory],
    ids=lambda e: e.__name__,
)
def test_each_agency_category_is_an_incident_category(categories):
    for category in categories:
        assert IncidentCategory(category.value).value == category.value
