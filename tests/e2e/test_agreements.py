"""The register of data-sharing agreements over the running stack: IG staff record
one (a retry answers the same, a bad request names its fields), others are refused,
it is listed while due for review, ended once, and each change reaches the
agreements topic (and so the audit ledger) as an AgreementChanged."""

import time
import uuid
from datetime import date, timedelta

import grpc
import pytest

from deploy.local.kafka_access import KAFKA_BOOTSTRAP, client_options
from marac.v1 import agreements_pb2 as pb
from marac.v1 import agreements_pb2_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.principals import TEST_CLIENT
from tests.e2e.test_walking_skeleton import WAIT_SECONDS
from tests.people import signed_in
from tests.support import field_violations, topic_records


@pytest.fixture(scope="module")
def agreements(stack):
    with stack.channel("audit", TEST_CLIENT) as channel:
        yield agreements_pb2_grpc.AgreementServiceStub(channel)


def a_request(**changes) -> pb.RecordAgreementRequest:
    asked = {
        "request_id": str(uuid.uuid4()),
        "title": "Police and DDPO hate crime ISA",
        "parties": [
            pb.AgreementParty(agency_id="local-police", agency=vocab.AGENCY_KIND_POLICE),
            pb.AgreementParty(agency_id="local-ddpo", agency=vocab.AGENCY_KIND_DDPO),
        ],
        "purposes": [vocab.PURPOSE_RISK_ASSESSMENT],
        "categories": [vocab.SHARED_CATEGORY_RISK_LEVEL],
        "review_date": (date.today() + timedelta(days=20)).isoformat(),
    }
    return pb.RecordAgreementRequest(**{**asked, **changes})


def changes_on_topic(stack, agreement_id: str, count: int) -> list[pb.AgreementChanged]:
    """The agreement's changes on the agreements topic, once it holds `count` of them
    (the service publishes them after it answers)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with topic_records(KAFKA_BOOTSTRAP, stack.agreements_topic, **client_options()) as records:
            found = [
                pb.AgreementChanged.FromString(r.value)
                for r in records
                if r.key == agreement_id.encode()
            ]
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, "the changes did not reach the topic"
        time.sleep(0.5)


def test_ig_records_lists_and_ends_an_agreement_and_each_change_is_published(stack, agreements):
    ig = signed_in(stack, "ig")
    asked = a_request()
    recorded = agreements.RecordAgreement(asked, metadata=ig).agreement
    assert recorded.recorded_by.startswith("usr_") and recorded.HasField("starts_at")
    again = agreements.RecordAgreement(asked, metadata=ig).agreement
    assert again == recorded
    due = agreements.ListAgreements(
        pb.ListAgreementsRequest(review_due_by=(date.today() + timedelta(days=30)).isoformat()),
        metadata=ig,
    )
    assert recorded.agreement_id in {a.agreement_id for a in due.agreements}
    ending = pb.EndAgreementRequest(
        request_id=str(uuid.uuid4()),
        agreement_id=recorded.agreement_id,
        reason=pb.AGREEMENT_END_REASON_SUPERSEDED,
    )
    ended = agreements.EndAgreement(ending, metadata=ig).agreement
    assert ended.HasField("ended_at") and ended.ended_by == recorded.recorded_by
    assert agreements.EndAgreement(ending, metadata=ig).agreement == ended  # a retry
    with pytest.raises(grpc.RpcError) as refused:
        agreements.EndAgreement(
            pb.EndAgreementRequest(
                request_id=str(uuid.uuid4()),
                agreement_id=recorded.agreement_id,
                reason=pb.AGREEMENT_END_REASON_SUPERSEDED,
            ),
            metadata=ig,
        )
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    got = agreements.GetAgreement(
        pb.GetAgreementRequest(agreement_id=recorded.agreement_id), metadata=ig
    )
    assert got.agreement == ended
    published = changes_on_topic(stack, recorded.agreement_id, 2)
    assert [c.agreement for c in published] == [recorded, ended]
    assert published[0].sequence < published[1].sequence


def test_a_bad_agreement_is_refused_naming_its_fields_and_never_its_values(stack, agreements):
    ig = signed_in(stack, "ig")
    stranger = pb.AgreementParty(agency_id="Mrs Jones", agency=vocab.AGENCY_KIND_POLICE)
    with pytest.raises(grpc.RpcError) as refused:
        agreements.RecordAgreement(
            a_request(parties=[stranger], purposes=[], review_date="tomorrow"), metadata=ig
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refused.value) == {"parties", "parties[0]", "purposes", "review_date"}
    assert "Jones" not in (refused.value.details() or "")


@pytest.mark.parametrize("username", ["chair", "police-rep"])
def test_only_ig_staff_may_call_the_register(stack, agreements, username):
    with pytest.raises(grpc.RpcError) as refused:
        agreements.ListAgreements(pb.ListAgreementsRequest(), metadata=signed_in(stack, username))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
