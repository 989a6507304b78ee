"""The Python vocabularies are the contract's: the members of a domain enum are
exactly the values of the proto enum of the same name (UNSPECIFIED aside), each
mapping to one and back; and every agency's own category of what was reported is
an incident category every agency counts."""

import importlib
import importlib.util
import inspect
from enum import Enum

import pytest

from marac.v1 import case_events_pb2, meeting_actions_pb2, meeting_pb2, vocabulary_pb2
from services.agencies import AGENCIES
from services.common import vocabulary
from services.common.contract import from_proto, to_proto
from services.common.vocabulary import IncidentCategory
from services.ddpo import vocabulary as ddpo
from services.police import vocabulary as police
from services.social_landlord import vocabulary as landlord

# The kernel's vocabulary and each registered agency's own.
MODULES = [
    vocabulary,
    *(
        importlib.import_module(f"{agency.package}.vocabulary")
        for agency in AGENCIES
        if importlib.util.find_spec(f"{agency.package}.vocabulary")
    ),
]


def domain_enums() -> list[type[Enum]]:
    found = {}
    for module in MODULES:
        for name, value in vars(module).items():
            own = inspect.isclass(value) and value.__module__ == module.__name__
            if own and issubclass(value, Enum):
                found[name] = value
    return list(found.values())


@pytest.mark.parametrize("domain", domain_enums(), ids=lambda e: e.__name__)
def test_each_member_is_a_value_of_the_contract_and_each_value_a_member(domain):
    numbers = {to_proto(member) for member in domain}
    assert len(numbers) == len(domain)
    for member in domain:
        assert from_proto(domain, to_proto(member)) is member
    proto = proto_enum(domain)
    assert numbers == {number for number in proto.values() if number != 0}
    assert from_proto(domain, 0) is None


def proto_enum(domain: type[Enum]):
    shared = (vocabulary_pb2, case_events_pb2, meeting_actions_pb2, meeting_pb2)
    for module in (*shared, *(a.vocabularies() for a in AGENCIES)):
        if module is not None and hasattr(module, domain.__name__):
            return getattr(module, domain.__name__)
    raise LookupError(domain.__name__)


@pytest.mark.parametrize(
    "categories",
    [police.OffenceCategory, landlord.LandlordReportCategory, ddpo.DdpoIncidentCategory],
    ids=lambda e: e.__name__,
)
def test_each_agency_category_is_an_incident_category(categories):
    for category in categories:
        assert IncidentCategory(category.value).value == category.value
