"""No client is given a subject's match key: the contracts say the old fields are
always empty, the operator computes the key the services derive, and the tests'
check of every answer (tests.match_keys) finds a key in any form it takes."""

import pytest
from google.protobuf.descriptor import Descriptor

from deploy.local.stack import match_key
from marac.v1 import agency_case_pb2, ddpo_pb2, landlord_pb2, police_pb2, victim_support_pb2
from services.common.case import Subject
from services.common.commands import OpenCase
from tests.match_keys import MatchKeys
from tests.unit.conftest import LINKING_KEY

AGENCY_APIS = (agency_case_pb2, police_pb2, landlord_pb2, victim_support_pb2, ddpo_pb2)
ANN = agency_case_pb2.SubjectIdentity(
    given_name="Ann", family_name="Smith", date_of_birth="1980-02-03", postcode="L4 0TH"
)


def response_types() -> dict[str, Descriptor]:
    found: dict[str, Descriptor] = {}

    def add(message: Descriptor) -> None:
        if message.full_name in found:
            return
        found[message.full_name] = message
        for field in message.fields:
            if field.message_type is not None:
                add(field.message_type)

    for api in AGENCY_APIS:
        for service in api.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                add(method.output_type)
    return found


def test_every_subject_key_an_agency_service_could_answer_with_is_deprecated():
    fields = [
        (name, field)
        for name, message in response_types().items()
        for field in message.fields
        if "key" in field.name
    ]
    assert len(fields) == 7  # open, get and list cases; crime, report, referral, DDPO report
    assert {f.name for _, f in fields} == {"subject_key"}
    assert all(f.GetOptions().deprecated for _, f in fields)


def test_the_operator_computes_the_key_the_service_derives(records):
    spelt_otherwise = Subject(" ann ", "SMITH", "1980-02-03", "l40th")
    opened = records.open_case(OpenCase("R1", "CR-1", spelt_otherwise))
    assert opened.subject_key == match_key(LINKING_KEY, ANN)
    other = agency_case_pb2.SubjectIdentity()
    other.CopyFrom(ANN)
    other.given_name = "Anne"
    assert match_key(LINKING_KEY, other) != opened.subject_key
    assert match_key("22" * 32, ANN) != opened.subject_key


@pytest.mark.parametrize(
    "answer",
    [
        lambda key: agency_case_pb2.OpenCaseResponse(case_reference="CR-1", subject_key=key),
        lambda key: agency_case_pb2.ListCasesResponse(
            cases=[agency_case_pb2.CaseSummary(case_reference="CR-1", subject_key=key.upper())]
        ),
        lambda key: police_pb2.RecordCrimeResponse(incident_id=f"x{key}x"),
        lambda key: b"\x0a\x20" + bytes.fromhex(key),  # its 32 bytes in a bytes field
    ],
    ids=["hex", "upper-case hex", "inside other text", "raw bytes"],
)
def test_an_answer_with_a_known_key_is_caught(answer):
    keys = MatchKeys(LINKING_KEY)
    keys.learn(agency_case_pb2.OpenCaseRequest(case_reference="CR-1", subject=ANN), "/x/OpenCase")
    with pytest.raises(AssertionError):
        keys.look_at("/marac.v1.AgencyCaseService/OpenCase", answer(match_key(LINKING_KEY, ANN)))
    assert keys.leaks == ["OpenCase"]


def test_subjects_are_learnt_from_the_bytes_sent_and_other_keys_are_not_leaks():
    keys = MatchKeys(LINKING_KEY)
    sent = police_pb2.RecordCrimeRequest(case_reference="CR-1", subject=ANN)
    keys.learn(sent.SerializeToString(), "/marac.v1.PoliceService/RecordCrime")
    keys.learn(b"\xff\xfe not a request", "/marac.v1.PoliceService/RecordCrime")
    assert keys.carried_by(match_key(LINKING_KEY, ANN).encode())
    # A 64-character hex string that is no subject's key (an id, a digest) is no leak.
    keys.look_at("/marac.v1.PoliceService/RecordCrime", ("ab" * 32).encode())
    keys.look_at("/marac.v1.AgencyCaseService/OpenCase", agency_case_pb2.OpenCaseResponse())
    assert keys.leaks == [] and sum(keys.answers.values()) == 2
