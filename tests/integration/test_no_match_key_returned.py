"""No agency service answers a client with a subject's match key (README, privacy
rules), on the real processes. The test is each service's operator: it gives the
service a linking key and computes, from the identity it sent, the key the service
derives (deploy.local.stack.match_key, the services' own function; the end-to-end
tests find the same key on the agencies' topics). Each service opens cases through
every RPC that used to answer with the key, is asked again (a retry gets the
remembered answer) and reads them back; the key is in no answer, as hex in either
case or as its bytes. Every other test over agency_service checks its answers the
same way (tests.match_keys).
"""

import secrets
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf.message import Message

from deploy.local.stack import match_key
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import (
    ddpo_pb2,
    ddpo_pb2_grpc,
    landlord_pb2,
    landlord_pb2_grpc,
    police_pb2,
    police_pb2_grpc,
    victim_support_pb2,
    victim_support_pb2_grpc,
)
from services.common.principals import agency_system
from tests.integration.test_ddpo_grpc import report_request as ddpo_report
from tests.integration.test_police_grpc import crime_request
from tests.integration.test_social_landlord_grpc import report_request as landlord_report
from tests.integration.test_victim_support_grpc import referral_request
from tests.match_keys import MatchKeys
from tests.support import agency_process, channel_as

KIM = case_pb.SubjectIdentity(
    given_name="Kim", family_name="Lee", date_of_birth="1990-05-06", postcode="M1 1AE"
)


def reference(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


# Per agency: its own API, the RPC of it that opens a case (and used to answer with
# the key), a request of it for a new case, and the query of its own view of a case.
OWN = {
    "police": (
        police_pb2_grpc.PoliceServiceStub,
        "RecordCrime",
        lambda: crime_request(reference("PC"), "CRN-7/1/26"),
        lambda case: ("ListCrimes", police_pb2.ListCrimesRequest(case_reference=case)),
    ),
    "social_landlord": (
        landlord_pb2_grpc.LandlordServiceStub,
        "LogReport",
        lambda: landlord_report(reference("HC"), datetime.now(UTC) - timedelta(minutes=5)),
        lambda case: ("GetLandlordCase", landlord_pb2.GetLandlordCaseRequest(case_reference=case)),
    ),
    "victim_support": (
        victim_support_pb2_grpc.VictimSupportServiceStub,
        "ReceiveReferral",
        referral_request,
        lambda case: (
            "GetSupportCase",
            victim_support_pb2.GetSupportCaseRequest(case_reference=case),
        ),
    ),
    "ddpo": (
        ddpo_pb2_grpc.DdpoServiceStub,
        "RecordReport",
        lambda: ddpo_report(reference("DDPO")),
        lambda case: ("GetAdvocacy", ddpo_pb2.GetAdvocacyRequest(case_reference=case)),
    ),
}


@pytest.mark.parametrize("agency", list(OWN))
def test_no_answer_carries_the_subjects_match_key(agency, create_database, tmp_path_factory):
    linking_key = secrets.token_hex(32)
    keys = MatchKeys(linking_key)
    stub_class, opening, new_case, own_view = OWN[agency]
    answers: list[tuple[str, Message]] = []
    with (
        agency_process(
            agency,
            create_database(f"no_key_{agency}"),
            tmp_path_factory.mktemp(f"no_key_{agency}"),
            linking_key=linking_key,
        ) as process,
        channel_as(agency_system(agency), process.grpc_address) as channel,
    ):
        own, kernel = stub_class(channel), case_grpc.AgencyCaseServiceStub(channel)

        def ask(stub, method: str, request: Message) -> Message:
            keys.learn(request, method)
            answer = getattr(stub, method)(request, timeout=10)
            answers.append((method, answer))
            return answer

        reported = new_case()
        opened = case_pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()), case_reference=reference("KIM"), subject=KIM
        )
        for _ in range(2):  # the retry is answered from what the case remembered
            ask(own, opening, reported)
            ask(kernel, "OpenCase", opened)
        for case in (reported.case_reference, opened.case_reference):
            ask(kernel, "GetCase", case_pb.GetCaseRequest(case_reference=case))
            ask(own, *own_view(case))
        ask(kernel, "ListCases", case_pb.ListCasesRequest(page_size=10))

    sent = {match_key(linking_key, reported.subject), match_key(linking_key, KIM)}
    assert len(sent) == 2 and keys.hex == {k.encode() for k in sent}
    carrying = [m for m, answer in answers if keys.carried_by(answer.SerializeToString())]
    assert carrying == []
    # The answers are about these cases (so the check looked where a key would be).
    listed = answers[-1][1]
    assert {c.case_reference for c in listed.cases} == {
        reported.case_reference,
        opened.case_reference,
    }
    assert {m for m, _ in answers} == {opening, "OpenCase", "GetCase", "ListCases", own_view("")[0]}
