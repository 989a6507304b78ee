"""Adding an agency kind takes a registry entry and a domain module: fire and rescue
(tests/e2e/fire_and_rescue), defined nowhere else, runs as its own service and
relay from the local stack, serves the kernel's API with its own rule, and its
events reach the shared view beside another agency's."""

import uuid
from datetime import UTC, datetime

import grpc
import pytest

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import riskview_pb2, riskview_pb2_grpc
from marac.v1 import vocabulary_pb2 as vocab
from services.agencies import BY_NAME
from services.common.contract import timestamp
from services.common.principals import TEST_CLIENT
from tests.e2e.fire_and_rescue import FIRE_AND_RESCUE
from tests.e2e.test_shared_risk_view import eventually
from tests.people import handle_of, signed_in
from tests.support import running_stack

PANEL = events_pb.ConsentScope(
    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
)
SUBJECT = case_pb.SubjectIdentity(
    given_name="Femi", family_name="Adeyemi", date_of_birth="1958-02-11", postcode="L5 1AB"
)


@pytest.fixture(scope="module")
def stack(run_id):
    agencies = (FIRE_AND_RESCUE, BY_NAME["police"])
    with running_stack(f"t{run_id}fifth", agencies=agencies) as deployment:
        yield deployment


def kernel(stack, agency: str) -> case_grpc.AgencyCaseServiceStub:
    return case_grpc.AgencyCaseServiceStub(stack.agency_channel(agency))


def open_with_incident(service, reference: str, *, high_risk: bool) -> None:
    service.OpenCase(
        case_pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=SUBJECT,
            consent=case_pb.Consent(scopes=[PANEL]),
        )
    )
    service.RecordIncident(
        case_pb.RecordIncidentRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            occurred_at=timestamp(datetime.now(UTC)),
            strands=[vocab.STRAND_RACE],
            classification=vocab.HATE_CLASSIFICATION_HATE_CRIME,
            perceived_by=[vocab.PERCEIVER_VICTIM],
            location_postcode="L5 1AB",
        )
    )
    if high_risk:
        service.AssessRisk(
            case_pb.AssessRiskRequest(
                request_id=str(uuid.uuid4()),
                case_reference=reference,
                level=vocab.RISK_LEVEL_HIGH,
                tool="professional_judgement",
            )
        )


def test_a_fifth_agency_serves_the_kernel_and_reaches_the_shared_view(stack):
    fire = kernel(stack, "fire_and_rescue")
    open_with_incident(fire, "FRS-1", high_risk=True)
    open_with_incident(kernel(stack, "police"), "POL-1", high_risk=False)
    key = stack.match_key(SUBJECT)  # both name her: one agenda item shows both below

    with stack.channel("riskview", TEST_CLIENT) as channel:
        view = riskview_pb2_grpc.RiskViewServiceStub(channel)

        def shown():
            opened = view.GetAgendaItem(
                riskview_pb2.GetAgendaItemRequest(handle=handle_of(stack, key)),
                metadata=signed_in(stack, "chair"),
            )
            agencies = {c.agency_id: c for c in opened.contributions}
            return opened if len(agencies) == 2 else None

        opened = eventually(shown, "both agencies' contributions on the agenda")
    fire_and_rescue = next(c for c in opened.contributions if c.agency == FIRE_AND_RESCUE.kind)
    assert fire_and_rescue.agency_id == "local-fire_and_rescue"
    assert (fire_and_rescue.risk_level, fire_and_rescue.hate_crimes) == (vocab.RISK_LEVEL_HIGH, 1)
    high = [
        r for r in opened.item.reasons if r.rule == riskview_pb2.ELIGIBILITY_RULE_VISIBLE_HIGH_RISK
    ]
    assert [a.agency for a in high[0].agencies] == [FIRE_AND_RESCUE.kind]


def test_the_fifth_agency_keeps_its_own_rule_through_the_kernel_hook(stack):
    fire = kernel(stack, "fire_and_rescue")
    open_with_incident(fire, "FRS-2", high_risk=True)
    close = case_pb.CloseCaseRequest(
        request_id=str(uuid.uuid4()),
        case_reference="FRS-2",
        outcome=vocab.CASE_OUTCOME_RESOLVED,
    )
    with pytest.raises(grpc.RpcError) as refused:
        fire.CloseCase(close)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    fire.ReferToMarac(
        case_pb.ReferToMaracRequest(
            request_id=str(uuid.uuid4()),
            case_reference="FRS-2",
            ground=events_pb.MARAC_REFERRAL_GROUND_VISIBLE_HIGH_RISK,
            reason="Petrol poured through the letterbox.",
        )
    )
    fire.CloseCase(close)
    assert fire.GetCase(case_pb.GetCaseRequest(case_reference="FRS-2")).closed
