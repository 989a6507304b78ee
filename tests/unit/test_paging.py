"""Paging long lists in responses (services.common.paging), and the kernel's lists of
a case's incidents and overrides on in-memory records (the `records` fixture)."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from services.common.case import Incident
from services.common.case_messages import incident_message
from services.common.commands import (
    MAX_NARRATIVE,
    ListIncidents,
    ListOverrides,
    OpenCase,
    RecordIncident,
    RecordOverride,
)
from services.common.errors import NotFound
from services.common.grpc_limits import MAX_RESPONSE_BYTES
from services.common.paging import (
    DEFAULT_PAGE_SIZE,
    FIRST_PAGE_BYTES,
    MAX_PAGE_BYTES,
    MAX_PAGE_SIZE,
    first_page,
    page_in_order,
    read_page,
    size_of,
)
from services.common.validation import InvalidRequest, Violations
from services.common.vocabulary import (
    AuthoriserRole,
    HateClassification,
    IncidentCategory,
    LawfulBasis,
    Perceiver,
    Purpose,
    Recipient,
    ReportSource,
    Strand,
)
from tests.unit.test_case_records import ANN, incident

BIG = "\U0001f600" * MAX_NARRATIVE  # a narrative at its maximum, 4 bytes a character


def read_all(items, size, scope="things/A", between=lambda: None):
    """Every page of `items` from the first, calling `between` after each page."""
    seen, token, pages = [], "", 0
    while True:
        v = Violations()
        after, page_size = read_page(v, scope, size, token, (int,))
        v.raise_if_any()
        shown, token = page_in_order(items, after, page_size, scope)
        seen += shown
        pages += 1
        between()
        if not token:
            return seen, pages


def refused_token(token: str, scope: str = "things/A") -> bool:
    v = Violations()
    read_page(v, scope, 0, token, (int,))
    try:
        v.raise_if_any()
    except InvalidRequest as error:
        return {f.field for f in error.violations} == {"page_token"}
    return False


def test_a_list_is_read_page_by_page_in_order_with_none_missing_or_doubled():
    items = [f"item-{n}" for n in range(7)]
    assert read_all(items, 3) == (items, 3)
    assert read_all(items, 7) == (items, 1)
    assert read_all([], 3) == ([], 1)


def test_items_appended_while_paging_come_after_the_pages_read():
    items = [f"item-{n}" for n in range(5)]

    def append():
        if len(items) < 9:
            items.append(f"item-{len(items)}")

    seen, pages = read_all(items, 2, between=append)
    # item-8 came after the last page was read: the next read from its token finds it.
    assert seen == [f"item-{n}" for n in range(8)] and pages == 4


def test_page_size_defaults_to_50_and_is_at_most_200():
    v = Violations()
    assert read_page(v, "s", 0, "", (int,)) == (None, DEFAULT_PAGE_SIZE) == (None, 50)
    assert read_page(v, "s", 10_000, "", (int,)) == (None, MAX_PAGE_SIZE) == (None, 200)
    read_page(v, "s", -1, "", (int,))
    with pytest.raises(InvalidRequest) as error:
        v.raise_if_any()
    assert {f.field for f in error.value.violations} == {"page_size"}


def test_a_page_stops_at_its_size_in_bytes_and_is_never_empty():
    large = ["x" * (MAX_PAGE_BYTES // 3) for _ in range(7)]
    shown, token = page_in_order(large, None, MAX_PAGE_SIZE, "s")
    assert len(shown) == 2 and token
    assert sum(len(item) for item in shown) <= MAX_PAGE_BYTES
    huge = ["x" * (2 * MAX_PAGE_BYTES)] * 2
    shown, token = page_in_order(huge, None, MAX_PAGE_SIZE, "s")
    assert len(shown) == 1 and token
    assert read_all(large, MAX_PAGE_SIZE) == (large, 4)


def test_a_token_from_another_list_or_made_up_is_refused_naming_page_token():
    _, token = page_in_order(list(range(5)), None, 2, "things/A")
    assert not refused_token(token)

    def forged(*parts):
        raw = json.dumps(list(parts)).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    digest = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))[0]
    for bad in (
        token[:-2],  # cut short
        token + "A",
        "not a token",
        "\x00\xff",
        "x" * 500,
        forged("0123456789abcdef", 1),  # another list's digest
        forged(digest, "1"),  # the wrong type of position
        forged(digest, -1),
        forged(digest, 2**60),
        forged(digest, 1, 2),
        forged(digest),
        forged({"a": 1}),
    ):
        assert refused_token(bad), bad
    assert refused_token(token, scope="things/B")


def test_size_of_errs_high_on_an_incident_at_every_maximum():
    at_most = Incident(
        occurred_at=datetime(2026, 11, 20, tzinfo=UTC),
        strands=tuple(Strand),
        classification=HateClassification.HATE_CRIME,
        perceived_by=tuple(Perceiver),
        location_postcode="\U0001f600" * 8,
        narrative=BIG,
        source=ReportSource.VICTIM,
        category=IncidentCategory.CRIMINAL_DAMAGE,
    )
    encoded = incident_message("0" * 36, at_most).ByteSize()
    assert encoded <= size_of(("0" * 36, at_most)) <= encoded * 1.2


def test_first_pages_of_four_lists_together_stay_far_below_the_send_limit():
    assert 4 * FIRST_PAGE_BYTES * 2 <= MAX_RESPONSE_BYTES
    assert MAX_PAGE_BYTES * 2 <= MAX_RESPONSE_BYTES
    shown, token = first_page([BIG] * 100, "incidents/CR-1")
    assert 1 <= len(shown) < 100 and token
    assert sum(size_of(item) for item in shown) <= FIRST_PAGE_BYTES


# The kernel's lists, on in-memory case records


def test_a_case_with_more_incidents_than_a_page_is_read_to_the_end(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    recorded = [records.record_incident(incident(f"R-{n}")).incident_id for n in range(120)]
    case = records.get_case("CR-1")
    first, token = ListIncidents("CR-1").first(list(case.incidents.items()))
    assert [i for i, _ in first] == recorded[:50] and token

    seen, pages = [i for i, _ in first], 1
    while token:
        found = records.list_incidents(ListIncidents("CR-1", page_size=30, page_token=token))
        seen += [i for i, _ in found.items]
        token, pages = found.next_page_token, pages + 1
        if pages == 2:  # recorded meanwhile: comes at the end, once
            recorded.append(records.record_incident(incident("R-LATE")).incident_id)
    assert seen == recorded and pages == 1 + 3


def test_a_case_token_pages_only_through_its_own_case_and_list(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    records.open_case(OpenCase("R-OPEN-2", "CR-2", ANN))
    for n in range(3):
        records.record_incident(incident(f"R-{n}"))
        records.record_incident(incident(f"R2-{n}", case_reference="CR-2"))
    token = records.list_incidents(ListIncidents("CR-1", page_size=1)).next_page_token
    assert token
    for query in (
        ListIncidents("CR-2", page_token=token),
        ListOverrides("CR-1", page_token=token),
        ListIncidents("CR-1", page_token=token + "x"),
    ):
        lister = records.list_overrides if isinstance(query, ListOverrides) else None
        with pytest.raises(InvalidRequest) as error:
            (lister or records.list_incidents)(query)
        assert {f.field for f in error.value.violations} == {"page_token"}
        assert token not in str(error.value)
    with pytest.raises(NotFound):
        records.list_incidents(ListIncidents("CR-NONE"))


def test_overrides_are_listed_a_page_at_a_time_in_the_order_recorded(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    expires = records.now() + timedelta(days=30)
    ids = [
        records.record_override(
            RecordOverride(
                request_id=f"R-OV-{n}",
                case_reference="CR-1",
                basis=LawfulBasis.CRIME_AND_DISORDER_ACT_S115,
                scopes=((Recipient.POLICE, Purpose.RISK_ASSESSMENT),),
                authoriser="Inspector Jones",
                authoriser_role=AuthoriserRole.DUTY_INSPECTOR,
                reason="Serious risk of harm",
                expires_at=expires,
            )
        ).override_id
        for n in range(5)
    ]
    pages = [records.list_overrides(ListOverrides("CR-1", page_size=2))]
    while pages[-1].next_page_token:
        token = pages[-1].next_page_token
        pages.append(records.list_overrides(ListOverrides("CR-1", page_size=2, page_token=token)))
    assert [i for page in pages for i, _ in page.items] == ids
    assert len(pages) == 3


def test_the_incidents_listed_are_the_ones_recorded(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    command: RecordIncident = incident("R-ONE")
    records.record_incident(command)
    [(_, listed)] = records.list_incidents(ListIncidents("CR-1")).items
    assert (listed.narrative, listed.strands) == (command.narrative, command.strands)
