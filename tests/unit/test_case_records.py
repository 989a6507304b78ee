"""The case kernel's commands, run on in-memory persistence (no I/O) with the
`records` fixture of tests/unit/conftest.py.

tests/integration/test_case_records_postgres.py runs these same tests on
Postgres with encryption at rest.
"""

from datetime import UTC, datetime, timedelta

import pytest

from services.common.case import Consent, Subject
from services.common.case_list import ListCases
from services.common.commands import (
    AssessRisk,
    CloseCase,
    OpenCase,
    RecordConsent,
    RecordIncident,
    RecordOverride,
    ReferToMarac,
    RevokeOverride,
    WithdrawConsent,
)
from services.common.errors import AlreadyExists, FailedPrecondition, NotFound, RequestIdReused
from services.common.validation import InvalidRequest
from services.common.vocabulary import (
    AuthoriserRole,
    CaseOutcome,
    CaseState,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    Purpose,
    Recipient,
    RiskLevel,
    RiskTool,
    Strand,
)
from services.police.application import PoliceCaseRecords
from tests.refusals import fields_named

ANN = Subject("Ann", "Smith", "1980-02-03", "L4 0TH")
JUDGEMENT = RiskTool.PROFESSIONAL_JUDGEMENT


def incident(request_id="R-INCIDENT", case_reference="CR-1", **changes) -> RecordIncident:
    fields = dict(
        request_id=request_id,
        case_reference=case_reference,
        occurred_at=datetime(2026, 11, 20, 21, 30, tzinfo=UTC),
        strands=(Strand.DISABILITY,),
        classification=HateClassification.HATE_INCIDENT,
        perceived_by=(Perceiver.VICTIM,),
        location_postcode="L4 0TH",
        narrative="Neighbour shouted abuse about her wheelchair.",
    )
    fields.update(changes)
    return RecordIncident(**fields)


def violated_fields(error: pytest.ExceptionInfo[InvalidRequest]) -> set[str]:
    return {v.field for v in error.value.violations}


def test_a_case_records_incidents_and_risk(records):
    key = records.open_case(OpenCase("R-OPEN", "CR-1", ANN)).subject_key
    incident_id = records.record_incident(incident()).incident_id
    records.assess_risk(AssessRisk("R-RISK", "CR-1", RiskLevel.HIGH, JUDGEMENT))

    case = records.get_case("CR-1")
    assert case.subject_key == key
    assert case.subject.family_name == "Smith"
    assert list(case.incidents) == [incident_id]
    assert case.incidents[incident_id].strands == (Strand.DISABILITY,)
    assert case.risk_level == RiskLevel.HIGH


def test_equal_people_get_equal_keys_across_spelling_and_spacing(records):
    other = Subject(" ann ", "SMITH", "1980-02-03", "l40th")
    assert (
        records.open_case(OpenCase("R1", "CR-1", ANN)).subject_key
        == records.open_case(OpenCase("R2", "CR-2", other)).subject_key
    )
    assert records.open_case(
        OpenCase("R3", "CR-3", Subject("Ann", "Smith", "1981-02-03", "L4 0TH"))
    ).subject_key != (records.get_case("CR-1").subject_key)


def test_a_retried_request_is_applied_once(records):
    first_key = records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    assert records.open_case(OpenCase("R-OPEN", "CR-1", ANN)) == first_key

    first = records.record_incident(incident())
    assert records.record_incident(incident()) == first
    records.assess_risk(AssessRisk("R-RISK", "CR-1", RiskLevel.HIGH, JUDGEMENT))
    records.assess_risk(AssessRisk("R-RISK", "CR-1", RiskLevel.HIGH, JUDGEMENT))

    case = records.get_case("CR-1")
    assert len(case.incidents) == 1
    assert case.version == 3


def test_opening_a_taken_reference_with_a_new_request_conflicts(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    with pytest.raises(AlreadyExists):
        records.open_case(OpenCase("R-OTHER", "CR-1", ANN))


def test_commands_on_an_unknown_case_are_not_found(records):
    with pytest.raises(NotFound):
        records.record_incident(incident(case_reference="CR-404"))


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (OpenCase("R", "CR-1", None), "subject"),
        (OpenCase("R", "CR-1", Subject("", "Smith", "1980-02-03", "L4 0TH")), "subject.given_name"),
        (
            OpenCase("R", "CR-1", Subject("A" * 101, "S", "1980-02-03", "L4 0TH")),
            "subject.given_name",
        ),
        (
            OpenCase("R", "CR-1", Subject("Ann", "Smith", "03/02/1980", "L4 0TH")),
            "subject.date_of_birth",
        ),
        (
            OpenCase("R", "CR-1", Subject("Ann", "Smith", "1980-02-03", "nowhere")),
            "subject.postcode",
        ),
        (OpenCase("", "CR-1", ANN), "request_id"),
        (OpenCase("R", "C" * 41, ANN), "case_reference"),
        (OpenCase("R", "Ann Smith, 1 High St", ANN), "case_reference"),
        (OpenCase("ann smith", "CR-1", ANN), "request_id"),
    ],
)
def test_bad_open_requests_name_the_field_and_record_nothing(records, command, field):
    with pytest.raises(InvalidRequest) as error:
        records.open_case(command)
    assert field in violated_fields(error)
    with pytest.raises((NotFound, InvalidRequest)):
        records.get_case(command.case_reference)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"strands": ()}, "strands"),
        ({"classification": None}, "classification"),
        ({"perceived_by": ()}, "perceived_by"),
        ({"occurred_at": None}, "occurred_at"),
        ({"occurred_at": datetime.now(UTC) + timedelta(days=2)}, "occurred_at"),
        ({"narrative": "x" * 10_001}, "narrative"),
        ({"unknown_values": (("strands[0]", "is not a known Strand"),)}, "strands[0]"),
    ],
)
def test_bad_incidents_name_the_field_and_record_nothing(records, changes, field):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    with pytest.raises(InvalidRequest) as error:
        records.record_incident(incident(**changes))
    assert field in violated_fields(error)
    assert records.get_case("CR-1").incidents == {}


def test_bad_risk_assessments_name_the_field(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    with pytest.raises(InvalidRequest) as error:
        # A tool outside the closed list reaches no command (the entrypoint names it).
        records.assess_risk(
            AssessRisk("R-RISK", "CR-1", None, None, (("tool", "must be one of the list"),))
        )
    assert violated_fields(error) == {"level", "tool"}
    assert records.get_case("CR-1").risk_level is None


def test_error_messages_do_not_repeat_what_was_submitted(records):
    canary = "Zebedee-Canary-7731"
    with pytest.raises(InvalidRequest) as error:
        records.open_case(OpenCase("R", "CR-1", Subject(canary * 10, canary, "not-a-date", canary)))
    assert canary not in str(error.value)


CONSENT_TO_LANDLORD_AND_PANEL = Consent(
    scopes=(
        (Recipient.SOCIAL_LANDLORD, Purpose.RISK_ASSESSMENT),
        (Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),
    ),
    refused=(Recipient.DDPO,),
)


def test_consent_given_with_the_report_then_narrowed_and_withdrawn(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN, CONSENT_TO_LANDLORD_AND_PANEL))
    case = records.get_case("CR-1")
    assert case.consent.scopes == (
        ("marac_panel", "marac_discussion"),
        ("social_landlord", "risk_assessment"),
    )
    assert case.consent.refused == ("ddpo",)

    narrowed = Consent(scopes=((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),))
    assert records.record_consent(RecordConsent("R-NARROW", "CR-1", narrowed)).change == "narrowed"
    assert records.record_consent(RecordConsent("R-NARROW", "CR-1", narrowed)).change == "narrowed"
    assert records.withdraw_consent(WithdrawConsent("R-NONE", "CR-1")).change == "withdrawn"
    assert records.get_case("CR-1").consent.scopes == ()


def test_a_refused_recipient_cannot_also_be_consented_to(records):
    contradictory = Consent(
        scopes=((Recipient.POLICE, Purpose.REFERRAL),), refused=(Recipient.POLICE,)
    )
    with pytest.raises(InvalidRequest) as error:
        records.open_case(OpenCase("R-OPEN", "CR-1", ANN, contradictory))
    assert violated_fields(error) == {"consent.refused_recipients[0]"}


def override(request_id="R-OVERRIDE", **changes) -> RecordOverride:
    fields = dict(
        request_id=request_id,
        case_reference="CR-1",
        basis=LawfulBasis.SAFEGUARDING_INDIVIDUALS_AT_RISK,
        scopes=((Recipient.POLICE, Purpose.RISK_ASSESSMENT),),
        authoriser="Pat Lead",
        authoriser_role=AuthoriserRole.DESIGNATED_SAFEGUARDING_LEAD,
        reason="Escalating threats; victim at serious risk.",
        expires_at=datetime.now(UTC) + timedelta(days=14),
    )
    fields.update(changes)
    return RecordOverride(**fields)


def test_an_override_records_basis_authoriser_reason_and_expiry_and_can_be_revoked(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    asked = override()
    override_id = records.record_override(asked).override_id
    assert records.record_override(asked).override_id == override_id
    recorded = records.get_case("CR-1").overrides[override_id]
    assert recorded.basis == "safeguarding_individuals_at_risk"
    assert recorded.authoriser_role == "designated_safeguarding_lead"
    records.revoke_override(RevokeOverride("R-REVOKE", "CR-1", override_id))
    assert records.get_case("CR-1").overrides[override_id].revoked is True
    with pytest.raises(NotFound):
        records.revoke_override(
            RevokeOverride("R-REVOKE-2", "CR-1", "00000000-0000-4000-8000-000000000000")
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"basis": None}, "basis"),
        ({"scopes": ()}, "scopes"),
        ({"authoriser": ""}, "authoriser"),
        ({"authoriser_role": None}, "authorising_role"),
        ({"reason": ""}, "reason"),
        ({"expires_at": None}, "expires_at"),
        ({"expires_at": datetime.now(UTC) - timedelta(minutes=1)}, "expires_at"),
        ({"expires_at": datetime.now(UTC) + timedelta(days=400)}, "expires_at"),
    ],
)
def test_an_override_needs_a_basis_an_authoriser_a_reason_and_an_expiry(records, changes, field):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    with pytest.raises(InvalidRequest) as error:
        records.record_override(override(**changes))
    assert field in violated_fields(error)
    assert records.get_case("CR-1").overrides == {}


def test_a_closed_case_takes_consent_changes_but_no_new_incidents(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN, CONSENT_TO_LANDLORD_AND_PANEL))
    records.close_case(CloseCase("R-CLOSE", "CR-1", CaseOutcome.RESOLVED, satisfaction=4))
    case = records.get_case("CR-1")
    assert (case.closed, case.closure.outcome, case.closure.satisfaction) == (True, "resolved", 4)
    with pytest.raises(FailedPrecondition):
        records.record_incident(incident())
    assert records.withdraw_consent(WithdrawConsent("R-WITHDRAW", "CR-1")).change == "withdrawn"


def test_closing_needs_an_outcome_and_a_satisfaction_on_the_scale(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    with pytest.raises(InvalidRequest) as error:
        records.close_case(CloseCase("R-CLOSE", "CR-1", None, satisfaction=9))
    assert violated_fields(error) == {"outcome", "satisfaction"}
    assert records.get_case("CR-1").closed is False


def test_a_professional_judgement_referral_to_marac(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    records.refer_to_marac(
        ReferToMarac("R-REFER", "CR-1", MaracReferralGround.PROFESSIONAL_JUDGEMENT, "Worried.")
    )
    records.refer_to_marac(
        ReferToMarac("R-REFER", "CR-1", MaracReferralGround.PROFESSIONAL_JUDGEMENT, "Worried.")
    )
    assert [(r.ground, r.reason) for r in records.get_case("CR-1").marac_referrals] == [
        ("professional_judgement", "Worried.")
    ]


def test_the_agency_lists_its_cases_by_state_in_the_order_they_last_changed(records):
    for n in (1, 2, 3):
        records.open_case(OpenCase(f"R-{n}", f"CR-{n}", ANN))
    records.record_incident(incident(case_reference="CR-1"))
    records.close_case(CloseCase("R-CLOSE", "CR-2", CaseOutcome.RESOLVED))

    listed = records.list_cases(ListCases()).cases
    assert [(c.case_reference, c.state) for c in listed] == [
        ("CR-3", "open"),
        ("CR-1", "open"),
        ("CR-2", "closed"),
    ]
    assert listed[1].updated_at > listed[1].opened_at
    assert [c.case_reference for c in records.list_cases(ListCases(CaseState.OPEN)).cases] == [
        "CR-3",
        "CR-1",
    ]
    after = listed[0].updated_at
    assert [c.case_reference for c in records.list_cases(ListCases(None, after)).cases] == [
        "CR-1",
        "CR-2",
    ]
    first = records.list_cases(ListCases(page_size=2))
    rest = records.list_cases(ListCases(page_size=2, page_token=first.next_page_token))
    assert [c.case_reference for c in [*first.cases, *rest.cases]] == ["CR-3", "CR-1", "CR-2"]
    assert rest.next_page_token == ""


def test_a_retry_gets_its_first_answer_even_once_its_time_checks_have_lapsed():
    clock = MovableClock(datetime.now(UTC))
    records = PoliceCaseRecords(env={"LINKING_KEY": "11" * 32}, clock=clock)
    try:
        records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
        asked = override(expires_at=clock.now + timedelta(hours=1))
        first = records.record_override(asked)
        clock.now += timedelta(hours=2)  # the retry comes after the override expired
        assert records.record_override(asked) == first
        assert len(records.get_case("CR-1").overrides) == 1
    finally:
        records.close()


def test_a_request_id_used_again_for_another_request_is_refused(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    records.record_incident(incident("R-1"))
    with pytest.raises(RequestIdReused):
        records.record_incident(incident("R-1", narrative="Another account altogether."))
    assert fields_named(RequestIdReused()) == {"request_id"}
    assert len(records.get_case("CR-1").incidents) == 1


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
