"""Identifiers a request gives have formats with no room for personal data, and a
request id names one request of its case: the kernel's commands on in-memory
persistence (the `records` fixture), no I/O."""

import json

import pytest

from services.common.case import Case, Handled, Subject
from services.common.commands import OpenCase, RevokeOverride
from services.common.errors import RequestIdReused
from services.common.results import RecordedIncident
from services.common.validation import InvalidRequest, Violations
from services.common.vocabulary import HateClassification, Strand
from services.police.commands import RecordInvestigationOutcome
from services.police.vocabulary import InvestigationOutcome
from services.social_landlord.commands import AcknowledgeReport, Perpetrator
from tests.refusals import fields_named
from tests.unit.test_case_records import incident

ANN = Subject("Ann", "Smith", "1980-02-03", "L4 0TH")
# What agency systems issue: police crime and incident references, housing and
# support case numbers, a case management system's UUID (upper-case).
REAL_REFERENCES = [
    "CR/12345/26",
    "13/0001/26",
    "INC-2026-0042",
    "ASB-2026-00042",
    "HSG12345",
    "VS:2026:118",
    "DDPO_00042",
    "MPS.CAD.4411.01DEC26",
    "0F8FAD5B-D9CB-469F-A165-70867728950E",
    "A" * 40,
]
# A name, an address, a phone number, narrative, an email address, markup.
PERSONAL = [
    "Ann Smith",
    "ann.smith",
    "SMITH, ANN",
    "1 High Street L4 0TH",
    "07700 900123",
    "+447700900123",
    "Neighbour shouted abuse",
    "ann@example.org",
    "<ANN>",
    "O'NEILL",
    "CR//1",
    "-CR-1",
    "CR-1-",
    "A" * 41,
    "CR-1\n",
]


def violated(check, value: str) -> list[str]:
    v = Violations()
    check(v)(value)
    return [found.field for found in v.found]


@pytest.mark.parametrize("reference", REAL_REFERENCES)
def test_real_references_fit_the_reference_format(reference):
    assert violated(lambda v: lambda x: v.reference("case_reference", x), reference) == []


@pytest.mark.parametrize("value", PERSONAL)
def test_a_name_address_phone_or_narrative_is_no_reference(value):
    assert violated(lambda v: lambda x: v.reference("case_reference", x), value) == [
        "case_reference"
    ]


# Fixed values, not uuid4(): the test ids must be the same in every pytest process.
A_UUID = "3f2b8c1e-9d4a-4e7b-8a61-0c5d2e9f7b34"


@pytest.mark.parametrize("request_id", [A_UUID, A_UUID.upper(), "R-1"])
def test_a_request_id_is_a_uuid_or_a_reference(request_id):
    assert violated(lambda v: lambda x: v.request_id("request_id", x), request_id) == []


@pytest.mark.parametrize("value", ["", "ann smith", "Ann Smith 07700 900123", "R" * 65])
def test_a_request_id_of_free_text_is_refused(value):
    assert violated(lambda v: lambda x: v.request_id("request_id", x), value) == ["request_id"]


@pytest.mark.parametrize("value", ["", "o-1", "CR-1", "Ann Smith", A_UUID + "x"])
def test_an_id_the_service_issued_is_its_uuid(value):
    assert violated(lambda v: lambda x: v.issued_id("override_id", x), value) == ["override_id"]


def refused_fields(command, *args) -> set[str]:
    with pytest.raises(InvalidRequest) as error:
        command.validate(*args)
    assert "Zebedee" not in str(error.value).lower() and "07700" not in str(error.value)
    return {v.field for v in error.value.violations}


def test_each_identifier_of_a_request_is_checked_and_named_never_quoted(records):
    now = records.now()
    canary = "zebedee smith, 1 high st, 07700 900123"
    assert refused_fields(OpenCase(canary, canary, ANN), now) == {"request_id", "case_reference"}
    assert refused_fields(RevokeOverride("R-1", "CR-1", canary), now) == {"override_id"}
    assert refused_fields(AcknowledgeReport("R-1", "HC-1", canary), now) == {"report_id"}
    assert refused_fields(
        RecordInvestigationOutcome(
            "R-1", "PC-1", canary, InvestigationOutcome.CHARGED_OR_SUMMONSED
        ),
        now,
    ) == {"crime_reference"}
    v = Violations()
    Perpetrator("Bo Jones", tenancy_reference=canary).check(v, "perpetrator")
    assert [found.field for found in v.found] == ["perpetrator.tenancy_reference"]


def test_a_query_by_a_reference_of_another_format_is_refused_naming_it(records):
    with pytest.raises(InvalidRequest) as error:
        records.get_case("Ann Smith 1 High St")
    assert [v.field for v in error.value.violations] == ["case_reference"]
    assert "Ann" not in str(error.value)


# Idempotency: a request id is one request's, within its case.


def test_a_retry_with_the_same_request_id_and_payload_answers_the_first_answer(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    first = records.record_incident(incident("R-1"))
    assert records.record_incident(incident("R-1")) == first
    assert len(records.get_case("CR-1").incidents) == 1


@pytest.mark.parametrize(
    "other",
    [
        {"narrative": "Another account altogether."},
        {"strands": (Strand.RACE,)},
        {"classification": HateClassification.NOT_HATE_RELATED},
    ],
)
def test_a_request_id_used_again_with_another_payload_is_refused_naming_it(records, other):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    records.record_incident(incident("R-1"))
    with pytest.raises(RequestIdReused) as error:
        records.record_incident(incident("R-1", **other))
    assert fields_named(error.value) == {"request_id"}
    assert "account" not in str(error.value)
    assert len(records.get_case("CR-1").incidents) == 1


def test_a_request_id_used_again_for_another_kind_of_request_is_refused(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    with pytest.raises(RequestIdReused):
        records.record_incident(incident("R-OPEN"))
    with pytest.raises(RequestIdReused):
        records.open_case(
            OpenCase("R-OPEN", "CR-1", Subject("Bo", "Jones", "1990-01-01", "M1 1AE"))
        )


def test_a_request_remembered_before_requests_had_prints_still_loads_and_is_answered(records):
    """Events recorded before the print was kept have no `fingerprint`: the request
    they remember loads, and is answered as it was then (its retry gets its answer)."""
    answer = RecordedIncident("0f8fad5b-d9cb-469f-a165-70867728950e")
    stored_then = json.dumps(
        {
            "_type_": "Handled",
            "_data_": {
                "request_id": "R-OLD",
                "answer": {
                    "_type_": "RecordedIncident",
                    "_data_": {"incident_id": answer.incident_id},
                },
            },
        }
    ).encode()
    remembered = records.mapper.transcoder.decode(stored_then)
    assert remembered == Handled("R-OLD", answer, "")
    case = Case.open("test-police", "CR-1", ANN, "key")
    case.handled_requests["R-OLD"] = remembered
    assert case.answered("R-OLD", "a print of today") == (True, answer)
    case.handled_requests["R-NEW"] = Handled("R-NEW", answer, "a print")
    with pytest.raises(RequestIdReused):
        case.answered("R-NEW", "another print")
