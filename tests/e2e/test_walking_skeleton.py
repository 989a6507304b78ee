"""One agency's case events travel gRPC -> event store -> Kafka -> projection ->
RiskView, through the real processes on real Postgres and Kafka."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import riskview_pb2 as view_pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from tests.people import handle_of, signed_in
from tests.support import field_violations

WAIT_SECONDS = 60


PANEL = events_pb.ConsentScope(
    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
)


def open_case(police, reference: str, given: str, family: str, dob="1975-06-01",
              postcode="L4 0TH", consent=None) -> case_pb.SubjectIdentity:  # fmt: skip
    """Opens the case and says whom it names (from which the operator computes the
    subject's match key: the service never returns it)."""
    subject = case_pb.SubjectIdentity(
        given_name=given, family_name=family, date_of_birth=dob, postcode=postcode
    )
    police.OpenCase(
        case_pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()), case_reference=reference, subject=subject,
            consent=consent,
        )
    )  # fmt: skip
    return subject


def incident_request(reference: str, days_ago=1, narrative="", postcode="L4 0TH"):
    return case_pb.RecordIncidentRequest(
        request_id=str(uuid.uuid4()),
        case_reference=reference,
        occurred_at=timestamp(datetime.now(UTC) - timedelta(days=days_ago)),
        strands=[vocab.STRAND_DISABILITY],
        classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
        perceived_by=[vocab.PERCEIVER_VICTIM],
        location_postcode=postcode,
        narrative=narrative,
    )


def record_incident(police, reference: str, **details):
    return police.RecordIncident(incident_request(reference, **details)).incident_id


def wait_for_own_view(riskview, reference: str, incidents: int, person):
    """A representative's view (`person`: their call metadata) of their own agency's
    case, once it shows `incidents`."""
    deadline = time.monotonic() + WAIT_SECONDS
    last = None
    while time.monotonic() < deadline:
        try:
            view = riskview.GetCaseView(
                view_pb.GetCaseViewRequest(case_reference=reference), metadata=person
            )
            own = [c for c in view.contributions if c.case_reference == reference]
            last = own[0] if own else None  # the case may be known before its view is ready
            if last is not None and last.incident_count >= incidents:
                return last
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:
                raise
        time.sleep(0.1)
    raise AssertionError(f"case view not ready in {WAIT_SECONDS}s; last seen: {last}")


def test_incidents_recorded_over_grpc_reach_the_shared_view(stack, police, riskview):
    police_rep = signed_in(stack, "police-rep")
    mary = open_case(police, "SK-1", "Mary", "Jones", consent=case_pb.Consent(scopes=[PANEL]))
    record_incident(police, "SK-1", days_ago=3)
    record_incident(police, "SK-1", days_ago=1)
    police.AssessRisk(
        case_pb.AssessRiskRequest(
            request_id=str(uuid.uuid4()),
            case_reference="SK-1",
            level=vocab.RISK_LEVEL_HIGH,
            tool="college_of_policing_hate_crime_risk",
        )
    )
    own = wait_for_own_view(riskview, "SK-1", incidents=2, person=police_rep)
    assert own.incident_count == 2
    assert own.agency == vocab.AGENCY_KIND_POLICE
    assert own.sharing_basis == view_pb.SHARING_BASIS_OWN_AGENCY
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date()
    assert own.incident_dates[-1] in {
        yesterday.isoformat(),
        (yesterday + timedelta(days=1)).isoformat(),
    }
    deadline = time.monotonic() + WAIT_SECONDS
    while own.risk_level != vocab.RISK_LEVEL_HIGH and time.monotonic() < deadline:
        time.sleep(0.1)
        own = wait_for_own_view(riskview, "SK-1", incidents=2, person=police_rep)
    assert own.risk_level == vocab.RISK_LEVEL_HIGH

    # Shared with the MARAC panel, a high risk puts the subject on the chair's agenda.
    agenda = riskview.ListAgenda(
        view_pb.ListAgendaRequest(page_size=500), metadata=signed_in(stack, "chair")
    )
    (item,) = [i for i in agenda.items if i.handle == handle_of(stack, stack.match_key(mary))]
    assert view_pb.ELIGIBILITY_RULE_VISIBLE_HIGH_RISK in [r.rule for r in item.reasons]


def test_a_retried_command_is_recorded_once(stack, police, riskview):
    open_case(police, "SK-2", "Retry", "Person")
    # A retry sends the same request again, request id and all.
    request = incident_request("SK-2")
    first = police.RecordIncident(request).incident_id
    assert police.RecordIncident(request).incident_id == first
    record_incident(police, "SK-2")
    shown = wait_for_own_view(riskview, "SK-2", incidents=2, person=signed_in(stack, "police-rep"))
    assert shown.incident_count == 2
    case = police.GetCase(case_pb.GetCaseRequest(case_reference="SK-2"))
    assert len(case.incidents) == 2


@pytest.fixture(scope="module")
def case_for_bad_requests(police):
    return open_case(police, "SK-3", "Valid", "Subject")


@pytest.mark.parametrize(
    ("request_message", "rpc", "field"),
    [
        (
            case_pb.OpenCaseRequest(request_id="BAD-1", case_reference="SK-BAD"),
            "OpenCase",
            "subject",
        ),
        (
            case_pb.OpenCaseRequest(
                request_id="BAD-2",
                case_reference="SK-BAD",
                subject=case_pb.SubjectIdentity(
                    given_name="X" * 5000,
                    family_name="Y",
                    date_of_birth="1970-01-01",
                    postcode="L4 0TH",
                ),
            ),
            "OpenCase",
            "subject.given_name",
        ),
        (
            case_pb.RecordIncidentRequest(
                request_id="BAD-3",
                case_reference="SK-3",
                occurred_at=timestamp(datetime.now(UTC)),
                strands=[vocab.STRAND_DISABILITY, 42],
                classification=vocab.HATE_CLASSIFICATION_HATE_CRIME,
                perceived_by=[vocab.PERCEIVER_VICTIM],
            ),
            "RecordIncident",
            "strands[1]",
        ),
        (
            case_pb.RecordIncidentRequest(
                request_id="BAD-4",
                case_reference="SK-3",
                occurred_at=timestamp(datetime.now(UTC)),
                classification=vocab.HATE_CLASSIFICATION_HATE_CRIME,
                perceived_by=[vocab.PERCEIVER_VICTIM],
                narrative="n" * 20_000,
            ),
            "RecordIncident",
            "narrative",
        ),
        (
            case_pb.AssessRiskRequest(
                request_id="BAD-5", case_reference="SK-3", level=9, tool="professional_judgement"
            ),
            "AssessRisk",
            "level",
        ),
    ],
)
def test_bad_requests_are_invalid_argument_naming_the_field(
    police, case_for_bad_requests, request_message, rpc, field
):
    with pytest.raises(grpc.RpcError) as error:
        getattr(police, rpc)(request_message)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in field_violations(error.value)
    with pytest.raises(grpc.RpcError) as missing:
        police.GetCase(case_pb.GetCaseRequest(case_reference="SK-BAD"))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
    case = police.GetCase(case_pb.GetCaseRequest(case_reference="SK-3"))
    assert len(case.incidents) == 0 and case.risk_level == vocab.RISK_LEVEL_UNSPECIFIED
