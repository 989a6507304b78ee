"""The landlord's and the DDPO's lists of a case read a page at a time over gRPC, on
their real processes: GetLandlordCase and GetAdvocacy carry the first page of each
list and a token, each list's own query gives the rest, in the order recorded."""

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from marac.v1 import ddpo_pb2 as ddpo_pb
from marac.v1 import ddpo_pb2_grpc as ddpo_grpc
from marac.v1 import landlord_pb2 as pb
from marac.v1 import landlord_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from tests.integration.test_ddpo_grpc import report_request as ddpo_report
from tests.integration.test_social_landlord_grpc import report_request
from tests.support import agency_service, field_violations


@pytest.fixture(scope="module")
def landlord(create_database, tmp_path_factory):
    with agency_service(
        "social_landlord", create_database("paging_landlord"), tmp_path_factory.mktemp("ll")
    ) as channel:
        yield pb_grpc.LandlordServiceStub(channel)


@pytest.fixture(scope="module")
def ddpo(create_database, tmp_path_factory):
    with agency_service(
        "ddpo", create_database("paging_ddpo"), tmp_path_factory.mktemp("ddpo")
    ) as channel:
        yield ddpo_grpc.DdpoServiceStub(channel)


def read_all(call, request_type, field: str, case: str, token: str, page_size: int = 0):
    """The ids of every item of a list from `token` to its last page."""
    seen = []
    while token:
        page = call(request_type(case_reference=case, page_size=page_size, page_token=token))
        seen += [item for item in getattr(page, field)]
        token = page.next_page_token
    return seen


def test_a_landlord_case_is_read_to_the_end_of_each_of_its_lists(landlord):
    case = f"HC-{uuid.uuid4().hex[:8].upper()}"
    received = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    reports = [landlord.LogReport(report_request(case, received)).report_id for _ in range(55)]
    actions = [
        landlord.StartHousingAction(
            pb.StartHousingActionRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case,
                type=vocab.ACTION_TYPE_TARGET_HARDENING,
                description=f"Door chain {n}.",
            )
        ).action_id
        for n in range(3)
    ]
    referrals = [
        landlord.ReferForSupport(
            pb.ReferForSupportRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case,
                to_agency=vocab.AGENCY_KIND_VICTIM_SUPPORT,
                support_areas=[vocab.SUPPORT_AREA_EMOTIONAL],
            )
        ).referral_id
        for _ in range(3)
    ]
    steps = [
        landlord.StartEnforcement(
            pb.StartEnforcementRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case,
                type=vocab.ENFORCEMENT_TYPE_WARNING,
                perpetrator=pb.Perpetrator(name=f"Neighbour {n}", address="14 Example Walk"),
            )
        ).enforcement_id
        for n in range(3)
    ]

    whole = landlord.GetLandlordCase(pb.GetLandlordCaseRequest(case_reference=case))
    assert len(whole.reports) == 50 and whole.reports_next_page_token
    rest = read_all(
        landlord.ListLandlordReports,
        pb.ListLandlordReportsRequest,
        "reports",
        case,
        whole.reports_next_page_token,
    )
    assert [r.report_id for r in [*whole.reports, *rest]] == reports
    assert all(r.location_address == "12 Example Walk, Bootle" for r in rest)
    assert [a.action_id for a in whole.actions] == actions
    assert [r.referral_id for r in whole.referrals] == referrals
    assert [s.enforcement_id for s in whole.enforcement_steps] == steps
    assert not (
        whole.actions_next_page_token
        or whole.referrals_next_page_token
        or whole.enforcement_steps_next_page_token
    )

    # Each list also pages on its own, from its first page.
    for call, request_type, field, key, expected in (
        (
            landlord.ListLandlordActions,
            pb.ListLandlordActionsRequest,
            "actions",
            "action_id",
            actions,
        ),
        (
            landlord.ListLandlordReferrals,
            pb.ListLandlordReferralsRequest,
            "referrals",
            "referral_id",
            referrals,
        ),
        (
            landlord.ListEnforcementSteps,
            pb.ListEnforcementStepsRequest,
            "enforcement_steps",
            "enforcement_id",
            steps,
        ),
    ):
        first = call(request_type(case_reference=case, page_size=2))
        assert len(getattr(first, field)) == 2 and first.next_page_token
        rest = read_all(call, request_type, field, case, first.next_page_token, 2)
        assert [getattr(item, key) for item in [*getattr(first, field), *rest]] == expected

    # A token of one list pages through no other.
    with pytest.raises(grpc.RpcError) as error:
        landlord.ListLandlordActions(
            pb.ListLandlordActionsRequest(
                case_reference=case, page_token=whole.reports_next_page_token
            )
        )
    assert field_violations(error.value) == {"page_token"}


def test_a_ddpo_case_is_read_to_the_end_of_its_reports(ddpo):
    case = f"DDPO-{uuid.uuid4().hex[:8].upper()}"
    reports = [ddpo.RecordReport(ddpo_report(case)).incident_id for _ in range(55)]
    advocacy = ddpo.GetAdvocacy(ddpo_pb.GetAdvocacyRequest(case_reference=case))
    assert len(advocacy.reports) == 50 and advocacy.reports_next_page_token
    rest = read_all(
        ddpo.ListDdpoReports,
        ddpo_pb.ListDdpoReportsRequest,
        "reports",
        case,
        advocacy.reports_next_page_token,
        3,
    )
    assert [r.incident_id for r in [*advocacy.reports, *rest]] == reports
    assert all(r.reporter_relationship == ddpo_pb.REPORTER_RELATIONSHIP_CARER for r in rest)
    with pytest.raises(grpc.RpcError) as error:
        ddpo.ListDdpoReports(
            ddpo_pb.ListDdpoReportsRequest(case_reference=case, page_token="not-a-token")
        )
    assert field_violations(error.value) == {"page_token"}
