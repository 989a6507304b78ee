"""The case kernel's API (marac.v1.AgencyCaseService) as an agency system meets it,
on a real service process: closed lists as enums (the old string fields still
understood), consent withdrawn by its own call, writes that answer with what they
recorded, and the agency's cases listed a page at a time."""

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from marac.v1 import agency_case_pb2 as pb
from marac.v1 import agency_case_pb2_grpc as pb_grpc
from marac.v1 import case_events_pb2 as events_pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.contract import timestamp
from tests.support import agency_service, field_violations

PANEL = events_pb.ConsentScope(
    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
)


# The same calls answered by the writer itself and by request processes of their own.
@pytest.fixture(scope="module", params=[1, 2], ids=["writer answers", "request processes"])
def kernel(request, create_database, tmp_path_factory):
    with agency_service(
        "victim_support",
        create_database(f"kernel_grpc_{request.param}"),
        tmp_path_factory.mktemp("kernel"),
        request_processes=request.param,
    ) as channel:
        yield pb_grpc.AgencyCaseServiceStub(channel)


def open_case(kernel, consent: pb.Consent | None = None) -> str:
    reference = f"K-{uuid.uuid4().hex[:8].upper()}"
    kernel.OpenCase(
        pb.OpenCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            subject=pb.SubjectIdentity(
                given_name="Kim", family_name="Lee", date_of_birth="1990-05-06", postcode="M1 1AE"
            ),
            consent=consent,
        )
    )
    return reference


def test_risk_is_assessed_with_a_tool_from_the_list_and_answered_as_recorded(kernel):
    reference = open_case(kernel)
    before = datetime.now(UTC)
    assessed = kernel.AssessRisk(
        pb.AssessRiskRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            level=vocab.RISK_LEVEL_HIGH,
            assessment_tool=vocab.RISK_TOOL_PROFESSIONAL_JUDGEMENT,
        )
    )
    assert (assessed.level, assessed.assessment_tool) == (
        vocab.RISK_LEVEL_HIGH,
        vocab.RISK_TOOL_PROFESSIONAL_JUDGEMENT,
    )
    assert assessed.assessed_at.ToDatetime(tzinfo=UTC) >= before - timedelta(seconds=1)
    case = kernel.GetCase(pb.GetCaseRequest(case_reference=reference))
    assert case.assessment_tool == vocab.RISK_TOOL_PROFESSIONAL_JUDGEMENT
    assert case.risk_tool == "professional_judgement"  # still filled, for older systems


def test_a_system_still_naming_the_tool_is_understood_and_a_free_text_tool_refused(kernel):
    reference = open_case(kernel)
    named = kernel.AssessRisk(
        pb.AssessRiskRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            level=vocab.RISK_LEVEL_MEDIUM,
            tool="victim_support_needs_and_risk",
        )
    )
    assert named.assessment_tool == vocab.RISK_TOOL_VICTIM_SUPPORT_NEEDS_AND_RISK
    with pytest.raises(grpc.RpcError) as error:
        kernel.AssessRisk(
            pb.AssessRiskRequest(
                request_id=str(uuid.uuid4()),
                case_reference=reference,
                level=vocab.RISK_LEVEL_MEDIUM,
                tool="my own words",
            )
        )
    assert field_violations(error.value) == {"tool"}
    with pytest.raises(grpc.RpcError) as error:
        kernel.AssessRisk(
            pb.AssessRiskRequest(
                request_id=str(uuid.uuid4()), case_reference=reference, assessment_tool=99
            )
        )
    assert field_violations(error.value) == {"level", "assessment_tool"}


def test_an_override_names_the_authorising_role_from_the_list(kernel):
    reference = open_case(kernel)
    expires = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    recorded = kernel.RecordOverride(
        pb.RecordOverrideRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            basis=vocab.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK,
            scopes=[PANEL],
            authoriser="Pat Lead",
            authorising_role=vocab.AUTHORISER_ROLE_DESIGNATED_SAFEGUARDING_LEAD,
            reason="Threats escalating.",
            expires_at=timestamp(expires),
        )
    )
    assert recorded.expires_at.ToDatetime(tzinfo=UTC) == expires
    [override] = kernel.GetCase(pb.GetCaseRequest(case_reference=reference)).overrides
    assert override.authorising_role == vocab.AUTHORISER_ROLE_DESIGNATED_SAFEGUARDING_LEAD
    revoked = kernel.RevokeOverride(
        pb.RevokeOverrideRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            override_id=recorded.override_id,
        )
    )
    assert revoked.override_id == recorded.override_id
    assert revoked.HasField("revoked_at")


def test_consent_is_withdrawn_by_its_own_call_and_answered_as_in_force(kernel):
    reference = open_case(kernel, pb.Consent(scopes=[PANEL]))
    withdrawn = kernel.WithdrawConsent(
        pb.WithdrawConsentRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            refused_recipients=[vocab.RECIPIENT_POLICE],
        )
    )
    assert withdrawn.change == events_pb.CONSENT_CHANGE_WITHDRAWN
    assert list(withdrawn.consent.scopes) == []
    assert list(withdrawn.consent.refused_recipients) == [vocab.RECIPIENT_POLICE]
    given = kernel.RecordConsent(
        pb.RecordConsentRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            consent=pb.Consent(scopes=[PANEL]),
        )
    )
    assert (given.change, list(given.consent.scopes)) == (events_pb.CONSENT_CHANGE_GIVEN, [PANEL])


def test_closing_and_referring_answer_with_what_was_recorded(kernel):
    reference = open_case(kernel)
    referred = kernel.ReferToMarac(
        pb.ReferToMaracRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            ground=events_pb.MARAC_REFERRAL_GROUND_ESCALATION,
            reason="Third incident this month.",
        )
    )
    assert referred.ground == events_pb.MARAC_REFERRAL_GROUND_ESCALATION
    closed = kernel.CloseCase(
        pb.CloseCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=reference,
            outcome=vocab.CASE_OUTCOME_RESOLVED,
            satisfaction=4,
        )
    )
    assert (closed.outcome, closed.satisfaction) == (vocab.CASE_OUTCOME_RESOLVED, 4)
    assert closed.closed_at.ToDatetime(tzinfo=UTC) >= referred.referred_at.ToDatetime(tzinfo=UTC)


def test_an_agency_system_lists_its_cases_by_state_and_last_change(kernel):
    since = datetime.now(UTC)
    references = [open_case(kernel) for _ in range(5)]
    kernel.CloseCase(
        pb.CloseCaseRequest(
            request_id=str(uuid.uuid4()),
            case_reference=references[0],
            outcome=vocab.CASE_OUTCOME_RESOLVED,
        )
    )

    seen, token, pages = [], "", 0
    while True:
        page = kernel.ListCases(
            pb.ListCasesRequest(updated_after=timestamp(since), page_size=2, page_token=token)
        )
        seen += list(page.cases)
        pages += 1
        token = page.next_page_token
        if not token:
            break
    # In the order they last changed: the closed case last.
    assert [c.case_reference for c in seen] == [*references[1:], references[0]]
    assert pages == 3
    assert not any(c.subject_key for c in seen)  # the match key is never returned
    assert [c.state for c in seen][-1] == vocab.CASE_STATE_CLOSED

    open_ones = kernel.ListCases(
        pb.ListCasesRequest(state=vocab.CASE_STATE_OPEN, updated_after=timestamp(since))
    )
    assert [c.case_reference for c in open_ones.cases] == references[1:]
    with pytest.raises(grpc.RpcError) as error:
        # A token pages only through the list with the filters it was issued for.
        kernel.ListCases(
            pb.ListCasesRequest(state=vocab.CASE_STATE_OPEN, page_token=page_token(kernel, since))
        )
    assert field_violations(error.value) == {"page_token"}
    with pytest.raises(grpc.RpcError) as error:
        kernel.ListCases(pb.ListCasesRequest(state=7, page_size=-1))
    assert field_violations(error.value) == {"state", "page_size"}


def page_token(kernel, since: datetime) -> str:
    return kernel.ListCases(
        pb.ListCasesRequest(updated_after=timestamp(since), page_size=1)
    ).next_page_token
