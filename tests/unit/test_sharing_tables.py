"""The sharing tables document exactly the allow-lists in force: the kernel's table
(services/common/sharing.py) its events, each agency's table (its sharing.py) the
mappings of its own events, and every event of an agency's case is either shared
or named as never shared."""

import importlib
import re

import pytest
from eventsourcing.domain import DomainEvent

from services.agencies import AGENCIES
from services.common import sharing as kernel
from services.common.case import Case
from services.common.sharing import KERNEL_SHARING

TABLE_ROW = re.compile(r"^\| `([A-Za-z]+\.[A-Za-z]+)` \| `([A-Za-z]+)` \|", re.MULTILINE)


def documented(doc: str) -> dict[str, str]:
    rows = TABLE_ROW.findall(doc)
    assert len(rows) == len({event for event, _ in rows}), "an event is documented twice"
    return dict(rows)


def event_classes(aggregate: type) -> list[type]:
    return [
        value
        for name, value in vars(aggregate).items()
        # Every aggregate class gets the library's base classes Event and Created,
        # which nothing records.
        if isinstance(value, type)
        and issubclass(value, DomainEvent)
        and name not in {"Event", "Created"}
    ]


def test_the_kernel_table_names_exactly_the_kernel_allow_list():
    assert set(documented(kernel.__doc__)) == {e.__qualname__ for e in KERNEL_SHARING}


@pytest.mark.parametrize("agency", AGENCIES, ids=lambda a: a.name)
def test_each_agency_table_names_exactly_its_own_mappings(agency):
    table = importlib.import_module(f"{agency.package}.sharing").__doc__
    own = agency.definition().sharing
    assert set(documented(table)) == {event.__qualname__ for event in own}


def test_every_kernel_event_is_shared_or_named_as_never_shared():
    never = kernel.__doc__.split("Never shared by the kernel:")[1]
    for event in event_classes(Case):
        assert event in KERNEL_SHARING or f"`{event.__qualname__}`" in never, event.__qualname__


@pytest.mark.parametrize("agency", AGENCIES, ids=lambda a: a.name)
def test_every_event_of_an_agency_case_is_shared_or_named_as_never_shared(agency):
    definition = agency.definition()
    never = importlib.import_module(f"{agency.package}.sharing").__doc__.split("Never shared:")[1]
    kernels = tuple(event_classes(Case))
    for event in event_classes(definition.case_class):
        if issubclass(event, kernels):
            continue  # the kernel's, in the kernel's table
        shared = any(cls in definition.allow_list for cls in event.__mro__)
        assert shared or f"`{event.__qualname__}`" in never, event.__qualname__
