"""LandlordService over gRPC, as the landlord process (`python -m services.social_landlord
serve`) on its own Postgres store: what a housing CRM sees."""

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import landlord_pb2 as pb
from marac.v1 import landlord_pb2_grpc as pb_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import moment, timestamp
from services.common.working_days import one_working_day_after
from tests.support import agency_service, field_violations


@pytest.fixture(scope="module")
def channel(create_database, tmp_path_factory):
    with agency_service(
        "social_landlord",
        create_database("landlord_grpc"),
        tmp_path_factory.mktemp("social_landlord"),
    ) as channel:
        yield channel


@pytest.fixture(scope="module")
def landlord(channel):
    return pb_grpc.LandlordServiceStub(channel)


@pytest.fixture(scope="module")
def kernel(channel):
    return case_grpc.AgencyCaseServiceStub(channel)


def reference() -> str:
    return f"HC-{uuid.uuid4().hex[:8].upper()}"


def report_request(case_reference: str, received_at: datetime, **changes) -> pb.LogReportRequest:
    fields = dict(
        request_id=str(uuid.uuid4()),
        case_reference=case_reference,
        received_at=timestamp(received_at),
        channel=pb.LANDLORD_REPORT_CHANNEL_PHONE,
        source=vocab.REPORT_SOURCE_VICTIM,
        category=pb.LANDLORD_REPORT_CATEGORY_VERBAL_ABUSE,
        occurred_at=timestamp(received_at - timedelta(hours=1)),
        classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
        strands=[vocab.STRAND_DISABILITY],
        perceived_by=[vocab.PERCEIVER_VICTIM],
        location_postcode="L20 3AB",
        location_address="12 Example Walk, Bootle",
        narrative="Shouted abuse about her hearing aids.",
        consent=case_pb.Consent(
            scopes=[
                events_pb.ConsentScope(
                    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
                )
            ]
        ),
        subject=case_pb.SubjectIdentity(
            given_name="Ann", family_name="Smith", date_of_birth="1980-02-03", postcode="L20 3AB"
        ),
    )
    fields.update(changes)
    return pb.LogReportRequest(**fields)


def test_a_housing_crm_logs_a_report_and_works_the_case(landlord, kernel):
    case = reference()
    received = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    logged = landlord.LogReport(report_request(case, received))
    assert not logged.subject_key  # never returned; tests.match_keys checks every answer
    assert moment(logged.acknowledgement.due_at) == one_working_day_after(received)
    assert logged.acknowledgement.status == pb.LANDLORD_RESPONSE_STATUS_AWAITING

    acknowledged = landlord.AcknowledgeReport(
        pb.AcknowledgeReportRequest(
            request_id=str(uuid.uuid4()), case_reference=case, report_id=logged.report_id
        )
    )
    assert acknowledged.acknowledgement.status == pb.LANDLORD_RESPONSE_STATUS_MET
    kernel.AssessRisk(
        case_pb.AssessRiskRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            level=vocab.RISK_LEVEL_MEDIUM,
            tool="landlord_hate_incident_risk_matrix",
        )
    )
    landlord.AssignCaseOfficer(
        pb.AssignCaseOfficerRequest(
            request_id=str(uuid.uuid4()), case_reference=case, officer_name="Jo Officer"
        )
    )
    landlord.AgreeActionPlan(
        pb.AgreeActionPlanRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            summary="Weekly calls; video doorbell.",
            review_by=timestamp(received + timedelta(days=28)),
        )
    )
    landlord.AgreeCommunicationAgreement(
        pb.AgreeCommunicationAgreementRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            agreement=pb.CommunicationAgreement(
                contact_methods=[pb.LANDLORD_CONTACT_METHOD_TEXT_MESSAGE],
                contact_interval_days=7,
                communication_needs=[pb.LANDLORD_COMMUNICATION_NEED_BRITISH_SIGN_LANGUAGE],
            ),
        )
    )
    landlord.StartHousingAction(
        pb.StartHousingActionRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            type=vocab.ACTION_TYPE_TARGET_HARDENING,
            description="Video doorbell.",
            victim_agreed=True,
        )
    )
    landlord.ReferForSupport(
        pb.ReferForSupportRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            to_agency=vocab.AGENCY_KIND_DDPO,
            support_areas=[vocab.SUPPORT_AREA_ADVOCACY],
        )
    )
    warning = landlord.StartEnforcement(
        pb.StartEnforcementRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            type=vocab.ENFORCEMENT_TYPE_WARNING,
            perpetrator=pb.Perpetrator(name="Rob Neighbour", tenancy_reference="T-1001"),
        )
    )
    landlord.EscalateEnforcement(
        pb.EscalateEnforcementRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            enforcement_id=warning.enforcement_id,
            type=vocab.ENFORCEMENT_TYPE_ACCEPTABLE_BEHAVIOUR_AGREEMENT,
        )
    )

    record = landlord.GetLandlordCase(pb.GetLandlordCaseRequest(case_reference=case))
    assert record.case_officer == "Jo Officer"
    [logged_report] = record.reports
    assert logged_report.location_address == "12 Example Walk, Bootle"
    assert logged_report.risk_assessment.status == pb.LANDLORD_RESPONSE_STATUS_MET
    assert [a.type for a in record.actions] == [
        vocab.ACTION_TYPE_ACTION_PLAN,
        vocab.ACTION_TYPE_COMMUNICATION_AGREEMENT,
        vocab.ACTION_TYPE_TARGET_HARDENING,
    ]
    assert list(record.actions[1].communication_agreement.communication_needs) == [
        pb.LANDLORD_COMMUNICATION_NEED_BRITISH_SIGN_LANGUAGE
    ]
    assert list(record.support_in_place) == [vocab.SUPPORT_AREA_ADVOCACY]
    assert [(s.type, s.open, s.outcome) for s in record.enforcement_steps] == [
        (vocab.ENFORCEMENT_TYPE_WARNING, False, pb.ENFORCEMENT_OUTCOME_ESCALATED),
        (vocab.ENFORCEMENT_TYPE_ACCEPTABLE_BEHAVIOUR_AGREEMENT, True, 0),
    ]

    landlord.ReviewAndCloseCase(
        pb.ReviewAndCloseCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=case,
            outcome=vocab.CASE_OUTCOME_RESOLVED,
            satisfaction=4,
            reviewed_with_victim=True,
            ongoing_support=[vocab.SUPPORT_AREA_EMOTIONAL],
        )
    )
    closed = landlord.GetLandlordCase(pb.GetLandlordCaseRequest(case_reference=case))
    assert closed.closed
    assert list(closed.closure_review.ongoing_support) == [vocab.SUPPORT_AREA_EMOTIONAL]
    kernel_case = kernel.GetCase(case_pb.GetCaseRequest(case_reference=case))
    assert kernel_case.incidents[0].incident_id == logged.report_id
    assert kernel_case.outcome == vocab.CASE_OUTCOME_RESOLVED


def test_overdue_reports_are_listed_page_by_page_and_recorded(landlord):
    ours = [reference() for _ in range(3)]
    long_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
    for days, case in enumerate(ours):
        landlord.LogReport(report_request(case, long_ago + timedelta(days=days)))

    def work_list() -> list[pb.OverdueReport]:
        listed, token = [], ""
        while True:
            page = landlord.ListOverdueReports(
                pb.ListOverdueReportsRequest(page_size=2, page_token=token)
            )
            assert len(page.overdue_reports) <= 2
            listed += page.overdue_reports
            token = page.next_page_token
            if not token:
                return [item for item in listed if item.case_reference in ours]

    assert [(i.case_reference, i.breach_recorded) for i in work_list()] == [
        (case, False) for case in ours for _ in range(2)
    ]
    recorded = landlord.RecordOverdueResponses(pb.RecordOverdueResponsesRequest())
    assert recorded.breaches_recorded >= 6
    assert all(i.breach_recorded for i in work_list())
    again = landlord.RecordOverdueResponses(pb.RecordOverdueResponsesRequest())
    assert again.breaches_recorded == 0


def test_a_retried_report_returns_the_first_answer(landlord):
    request = report_request(reference(), datetime.now(UTC) - timedelta(minutes=5))
    assert landlord.LogReport(request).report_id == landlord.LogReport(request).report_id
    record = landlord.GetLandlordCase(
        pb.GetLandlordCaseRequest(case_reference=request.case_reference)
    )
    assert len(record.reports) == 1


def test_bad_requests_name_each_field_and_record_nothing(landlord, kernel):
    request = report_request(
        reference(), datetime.now(UTC), channel=99, source=0, strands=[0], narrative="Zebedee"
    )
    request.ClearField("consent")
    with pytest.raises(grpc.RpcError) as error:
        landlord.LogReport(request)
    assert field_violations(error.value) >= {"channel", "source", "strands[0]", "consent"}
    assert "Zebedee" not in error.value.details()
    with pytest.raises(grpc.RpcError) as missing:
        kernel.GetCase(case_pb.GetCaseRequest(case_reference=request.case_reference))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND

    with pytest.raises(grpc.RpcError) as error:
        landlord.ListOverdueReports(pb.ListOverdueReportsRequest(page_token="forged"))
    assert field_violations(error.value) == {"page_token"}

    case = reference()
    landlord.LogReport(report_request(case, datetime.now(UTC)))
    with pytest.raises(grpc.RpcError) as error:
        landlord.StartEnforcement(
            pb.StartEnforcementRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case,
                type=vocab.ENFORCEMENT_TYPE_POSSESSION_PROCEEDINGS,
                perpetrator=pb.Perpetrator(name="Rob Neighbour", tenancy_reference="T-1"),
            )
        )
    assert field_violations(error.value) == {"type"}
    with pytest.raises(grpc.RpcError) as error:
        landlord.ConcludeEnforcement(
            pb.ConcludeEnforcementRequest(
                request_id=str(uuid.uuid4()),
                case_reference=case,
                enforcement_id="00000000-0000-4000-8000-000000000000",
                outcome=pb.ENFORCEMENT_OUTCOME_COMPLIED,
            )
        )
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
