"""VictimSupportService over gRPC, as the victim support process
(`python -m services.victim_support serve`) on its own Postgres store: what a
victim support case tool sees."""

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import victim_support_pb2 as pb
from marac.v1 import victim_support_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from tests.support import agency_service, field_violations


@pytest.fixture(scope="module")
def channel(create_database, tmp_path_factory):
    with agency_service(
        "victim_support",
        create_database("victim_support_grpc"),
        tmp_path_factory.mktemp("victim_support"),
    ) as channel:
        yield channel


@pytest.fixture(scope="module")
def support(channel):
    return pb_grpc.VictimSupportServiceStub(channel)


@pytest.fixture(scope="module")
def kernel(channel):
    return case_grpc.AgencyCaseServiceStub(channel)


def referral_request(**changes) -> pb.ReceiveReferralRequest:
    fields = dict(
        request_id=str(uuid.uuid4()),
        case_reference=f"VS-{uuid.uuid4().hex[:8].upper()}",
        subject=case_pb.SubjectIdentity(
            given_name="Ann", family_name="Smith", date_of_birth="1980-02-03", postcode="L4 0TH"
        ),
        consent=case_pb.Consent(
            scopes=[
                events_pb.ConsentScope(
                    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
                )
            ]
        ),
        referring_agency=vocab.AGENCY_KIND_SOCIAL_LANDLORD,
    )
    fields.update(changes)
    return pb.ReceiveReferralRequest(**fields)


def command(case_reference: str) -> dict[str, str]:
    return {"request_id": str(uuid.uuid4()), "case_reference": case_reference}


def test_a_case_tool_takes_a_referral_through_support_to_closure(support, kernel):
    received = referral_request()
    case = received.case_reference
    opened = support.ReceiveReferral(received)
    assert opened == pb.ReceiveReferralResponse(case_reference=case)  # and no match key
    support.AssessNeeds(
        pb.AssessNeedsRequest(
            **command(case),
            needs=[vocab.SUPPORT_AREA_EMOTIONAL, vocab.SUPPORT_AREA_HOUSING],
            risk_level=vocab.RISK_LEVEL_MEDIUM,
        )
    )
    review = datetime.now(UTC).replace(microsecond=0) + timedelta(days=28)
    plan = support.AgreeSupportPlan(
        pb.AgreeSupportPlanRequest(
            **command(case), areas=[vocab.SUPPORT_AREA_EMOTIONAL], review_due_at=timestamp(review)
        )
    )
    for method in (pb.SUPPORT_CONTACT_METHOD_PHONE, pb.SUPPORT_CONTACT_METHOD_VISIT):
        support.RecordSupportContact(
            pb.RecordSupportContactRequest(
                **command(case),
                method=method,
                notes="Spoke.",
                contacted_at=timestamp(datetime.now(UTC)),
            )
        )

    fetched = support.GetSupportCase(pb.GetSupportCaseRequest(case_reference=case))
    assert fetched.referral.WhichOneof("referrer") == "referring_agency"
    assert fetched.referral.referring_agency == vocab.AGENCY_KIND_SOCIAL_LANDLORD
    assert list(fetched.needs) == [vocab.SUPPORT_AREA_EMOTIONAL, vocab.SUPPORT_AREA_HOUSING]
    assert (fetched.plan.plan_id, fetched.plan.open) == (plan.plan_id, True)
    assert fetched.plan.review_due_at.ToDatetime(tzinfo=UTC) == review
    assert fetched.contact_count == 2
    assert kernel.GetCase(case_pb.GetCaseRequest(case_reference=case)).risk_level == (
        vocab.RISK_LEVEL_MEDIUM
    )

    first = support.ListSupportContacts(
        pb.ListSupportContactsRequest(case_reference=case, page_size=1)
    )
    second = support.ListSupportContacts(
        pb.ListSupportContactsRequest(case_reference=case, page_token=first.next_page_token)
    )
    assert [c.method for c in [*first.contacts, *second.contacts]] == [
        pb.SUPPORT_CONTACT_METHOD_PHONE,
        pb.SUPPORT_CONTACT_METHOD_VISIT,
    ]
    assert second.next_page_token == ""

    kernel.CloseCase(
        case_pb.CloseCaseRequest(
            **command(case), outcome=vocab.CASE_OUTCOME_RESOLVED, satisfaction=5
        )
    )
    assert support.GetSupportCase(pb.GetSupportCaseRequest(case_reference=case)).plan.open is False


def test_a_self_referral_and_a_retried_one(support):
    request = referral_request(other_source=events_pb.REFERRAL_SOURCE_SELF)
    assert support.ReceiveReferral(request) == support.ReceiveReferral(request)
    fetched = support.GetSupportCase(
        pb.GetSupportCaseRequest(case_reference=request.case_reference)
    )
    assert fetched.referral.other_source == events_pb.REFERRAL_SOURCE_SELF


def test_bad_requests_name_each_field_and_record_nothing(support):
    request = referral_request()
    request.ClearField("referring_agency")
    request.ClearField("consent")
    with pytest.raises(grpc.RpcError) as error:
        support.ReceiveReferral(request)
    assert field_violations(error.value) == {"referrer", "consent"}
    with pytest.raises(grpc.RpcError) as missing:
        support.GetSupportCase(pb.GetSupportCaseRequest(case_reference=request.case_reference))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND

    case = support.ReceiveReferral(referral_request()).case_reference
    with pytest.raises(grpc.RpcError) as error:
        support.RecordSupportContact(
            pb.RecordSupportContactRequest(**command(case), method=42, notes="Secret-Canary")
        )
    assert field_violations(error.value) == {"method", "contacted_at"}
    assert "Secret-Canary" not in error.value.details()
    with pytest.raises(grpc.RpcError) as error:
        support.AgreeSupportPlan(
            pb.AgreeSupportPlanRequest(**command(case), areas=[vocab.SUPPORT_AREA_HOUSING, 77])
        )
    assert field_violations(error.value) == {"areas[0]", "areas[1]"}
    fetched = support.GetSupportCase(pb.GetSupportCaseRequest(case_reference=case))
    assert (fetched.contact_count, fetched.HasField("plan")) == (0, False)
