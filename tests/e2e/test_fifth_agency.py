"""Adding an agency kind takes a registry entry and a domain module: fire and rescue
(tests/e2e/fire_and_rescue), defined nowhere else, runs as its own service and
relay from the local stack, serves the kernel's API with its own rule, and its
events reach the shared view beside another agency's, once a data-sharing agreement
names it: this stack records no standard agreement, so consent alone shares nothing
until IG records one, and ending it withdraws the contribution within a second."""

import time
import uuid
from datetime import UTC, datetime

import grpc
import psycopg
import pytest

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import agreements_pb2, agreements_pb2_grpc, riskview_pb2, riskview_pb2_grpc
from marac.v1 import case_events_pb2 as events_pb
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
TO_POLICE = events_pb.ConsentScope(
    recipient=vocab.RECIPIENT_POLICE, purpose=vocab.PURPOSE_RISK_ASSESSMENT
)
SUBJECT = case_pb.SubjectIdentity(
    given_name="Femi", family_name="Adeyemi", date_of_birth="1958-02-11", postcode="L5 1AB"
)
ANOTHER = case_pb.SubjectIdentity(
    given_name="Grace", family_name="Okafor", date_of_birth="1961-07-30", postcode="L6 2CD"
)
WITHDRAWN_WITHIN = 1.0  # seconds, from EndAgreement's answer to the next read


@pytest.fixture(scope="module")
def stack(run_id):
    agencies = (FIRE_AND_RESCUE, BY_NAME["police"])
    with running_stack(
        f"t{run_id}fifth", agencies=agencies, standard_agreement=False
    ) as deployment:
        yield deployment


def register(stack) -> agreements_pb2_grpc.AgreementServiceStub:
    return agreements_pb2_grpc.AgreementServiceStub(stack.channel("audit", TEST_CLIENT))


def record_agreement(stack) -> agreements_pb2.Agreement:
    """IG records a consent-based agreement: fire and rescue, police and the panel."""
    asked = agreements_pb2.RecordAgreementRequest(
        request_id=str(uuid.uuid4()),
        title="Fire and rescue joins the hate crime MARAC",
        parties=[
            agreements_pb2.AgreementParty(
                agency_id="local-fire_and_rescue", agency=FIRE_AND_RESCUE.kind
            ),
            agreements_pb2.AgreementParty(
                agency_id="local-police", agency=vocab.AGENCY_KIND_POLICE
            ),
        ],
        marac_panel=True,
        purposes=[vocab.PURPOSE_RISK_ASSESSMENT, vocab.PURPOSE_MARAC_DISCUSSION],
        categories=[c for c in vocab.SharedCategory.values() if c],
        review_date=f"{datetime.now(UTC).year + 1}-06-30",
    )
    return register(stack).RecordAgreement(asked, metadata=signed_in(stack, "ig")).agreement


def kernel(stack, agency: str) -> case_grpc.AgencyCaseServiceStub:
    return case_grpc.AgencyCaseServiceStub(stack.agency_channel(agency))


def open_with_incident(
    service, reference: str, *, high_risk: bool, subject=SUBJECT, scopes=(PANEL,)
) -> None:
    service.OpenCase(
        case_pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=subject,
            consent=case_pb.Consent(scopes=list(scopes)),
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


def case_view(stack, agency: str, reference: str) -> dict[str, riskview_pb2.Contribution]:
    """What a representative of the agency sees of its case's subject, by agency id."""
    with stack.channel("riskview", TEST_CLIENT) as channel:
        answer = riskview_pb2_grpc.RiskViewServiceStub(channel).GetCaseView(
            riskview_pb2.GetCaseViewRequest(case_reference=reference),
            metadata=signed_in(stack, f"{agency}-rep"),
        )
    return {c.agency_id: c for c in answer.contributions}


def contributes(stack, agency_id: str, reference: str) -> bool:
    """Whether the shared view holds the case's contribution (its facts projected)."""
    with psycopg.connect(stack.databases["readmodel"].conninfo()) as conn:
        found = conn.execute(
            "SELECT 1 FROM contribution WHERE agency_id = %s AND case_reference = %s",
            [agency_id, reference],
        )
        return found.fetchone() is not None


def test_consent_shares_nothing_until_an_agreement_and_ending_it_withdraws_within_a_second(
    stack,
):
    fire, police = kernel(stack, "fire_and_rescue"), kernel(stack, "police")
    consented = (PANEL, TO_POLICE)
    open_with_incident(fire, "FRS-9", high_risk=True, subject=ANOTHER, scopes=consented)
    open_with_incident(police, "POL-9", high_risk=False, subject=ANOTHER)
    # The subject's view is computed from both cases' facts ...
    eventually(lambda: contributes(stack, "local-fire_and_rescue", "FRS-9"), "fire's facts")
    seen = eventually(lambda: case_view(stack, "police", "POL-9"), "police's own view")
    time.sleep(1.5)  # ... and stays so: the victim's consent alone shares nothing
    assert set(case_view(stack, "police", "POL-9")) == set(seen) == {"local-police"}

    agreement = record_agreement(stack)
    started = time.monotonic()
    eventually(
        lambda: "local-fire_and_rescue" in case_view(stack, "police", "POL-9"),
        "fire's contribution shared once the agreement is in force",
    )
    print(f"\nshared {time.monotonic() - started:.2f} s after RecordAgreement")

    ig = signed_in(stack, "ig")
    register(stack).EndAgreement(
        agreements_pb2.EndAgreementRequest(
            request_id=str(uuid.uuid4()),
            agreement_id=agreement.agreement_id,
            reason=agreements_pb2.AGREEMENT_END_REASON_PARTY_WITHDREW,
        ),
        metadata=ig,
    )
    ended = time.monotonic()
    while "local-fire_and_rescue" in case_view(stack, "police", "POL-9"):
        assert time.monotonic() - ended < WITHDRAWN_WITHIN, "still shared a second after"
        time.sleep(0.02)
    print(f"withdrawn {time.monotonic() - ended:.2f} s after EndAgreement")
    assert set(case_view(stack, "police", "POL-9")) == {"local-police"}


def test_a_fifth_agency_serves_the_kernel_and_reaches_the_shared_view(stack):
    record_agreement(stack)
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
