"""The social landlord's practice beyond reports: enforcement against a perpetrator,
actions agreed with the victim, support referrals, the closure review, and what
leaves the landlord."""

from datetime import UTC, timedelta

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.case import Subject
from services.common.commands import CloseCase, OpenCase
from services.common.errors import FailedPrecondition, NotFound
from services.common.vocabulary import (
    ActionType,
    AgencyKind,
    CaseOutcome,
    EnforcementType,
    ReferralSource,
    SupportArea,
)
from services.social_landlord.commands import (
    AcknowledgeReport,
    AgreeActionPlan,
    AgreeCommunicationAgreement,
    AssignCaseOfficer,
    CommunicationAgreement,
    ConcludeEnforcement,
    EndSupportReferral,
    EscalateEnforcement,
    FinishHousingAction,
    Perpetrator,
    ReferForSupport,
    ReviewAndCloseCase,
    StartEnforcement,
    StartHousingAction,
)
from services.social_landlord.vocabulary import (
    EnforcementOutcome,
    LandlordActionOutcome,
    LandlordCommunicationNeed,
    LandlordContactMethod,
)
from tests.refusals import REFUSED
from tests.unit.landlord_records import *  # noqa: F403 (its fixtures: records, case, clock)
from tests.unit.landlord_records import (
    DUE,
    MARAC_ONLY,
    later,
    payloads,
    report,
    shared_events,
    violated_fields,
)

# Enforcement against a perpetrator


def enforcement_changes(records) -> list[tuple[int, bool]]:
    return [(e.type, e.open) for e in payloads(records, "enforcement_changed")]


def test_enforcement_escalates_up_the_ladder_and_concludes(records, case):
    rob = Perpetrator("Rob Neighbour", "14 Example Walk", "T-1001")
    warning = records.start_enforcement(
        StartEnforcement("R-1", case, EnforcementType.WARNING, rob)
    ).enforcement_id
    agreement = records.escalate_enforcement(
        EscalateEnforcement("R-2", case, warning, EnforcementType.ACCEPTABLE_BEHAVIOUR_AGREEMENT)
    ).enforcement_id
    notice = records.escalate_enforcement(
        EscalateEnforcement("R-3", case, agreement, EnforcementType.NOTICE_OF_POSSESSION)
    ).enforcement_id
    proceedings = records.escalate_enforcement(
        EscalateEnforcement("R-4", case, notice, EnforcementType.POSSESSION_PROCEEDINGS)
    ).enforcement_id
    records.conclude_enforcement(
        ConcludeEnforcement("R-5", case, proceedings, EnforcementOutcome.ORDER_GRANTED)
    )

    steps = records.get_case(case).enforcement
    assert [s["outcome"] for s in steps.values()] == [
        "escalated",
        "escalated",
        "escalated",
        "order_granted",
    ]
    assert steps[proceedings]["escalated_from"] == notice
    assert steps[proceedings]["perpetrator"]["name"] == "Rob Neighbour"
    assert enforcement_changes(records) == [
        (vocab.ENFORCEMENT_TYPE_WARNING, True),
        (vocab.ENFORCEMENT_TYPE_WARNING, False),
        (vocab.ENFORCEMENT_TYPE_ACCEPTABLE_BEHAVIOUR_AGREEMENT, True),
        (vocab.ENFORCEMENT_TYPE_ACCEPTABLE_BEHAVIOUR_AGREEMENT, False),
        (vocab.ENFORCEMENT_TYPE_NOTICE_OF_POSSESSION, True),
        (vocab.ENFORCEMENT_TYPE_NOTICE_OF_POSSESSION, False),
        (vocab.ENFORCEMENT_TYPE_POSSESSION_PROCEEDINGS, True),
        (vocab.ENFORCEMENT_TYPE_POSSESSION_PROCEEDINGS, False),
    ]


@pytest.mark.parametrize(
    ("start", "escalate_to"),
    [
        (EnforcementType.WARNING, EnforcementType.WARNING),
        (EnforcementType.INJUNCTION, EnforcementType.ACCEPTABLE_BEHAVIOUR_AGREEMENT),
        (EnforcementType.NOTICE_OF_POSSESSION, EnforcementType.WARNING),
    ],
)
def test_a_step_escalates_only_to_a_more_serious_one(records, case, start, escalate_to):
    rob = Perpetrator("Rob Neighbour", tenancy_reference="T-1001")
    step = records.start_enforcement(StartEnforcement("R-1", case, start, rob)).enforcement_id
    with pytest.raises(REFUSED) as error:
        records.escalate_enforcement(EscalateEnforcement("R-2", case, step, escalate_to))
    assert violated_fields(error) == {"type"}
    assert [s["open"] for s in records.get_case(case).enforcement.values()] == [True]


def test_possession_follows_a_notice_and_needs_a_tenancy(records, case):
    visitor = Perpetrator("Val Visitor")
    with pytest.raises(REFUSED) as error:
        records.start_enforcement(
            StartEnforcement("R-1", case, EnforcementType.POSSESSION_PROCEEDINGS, visitor)
        )
    assert violated_fields(error) == {"type"}
    with pytest.raises(REFUSED) as error:
        records.start_enforcement(
            StartEnforcement("R-2", case, EnforcementType.NOTICE_OF_POSSESSION, visitor)
        )
    assert violated_fields(error) == {"perpetrator.tenancy_reference"}
    injunction = records.start_enforcement(
        StartEnforcement("R-3", case, EnforcementType.INJUNCTION, visitor)
    ).enforcement_id
    with pytest.raises(REFUSED) as error:
        records.escalate_enforcement(
            EscalateEnforcement("R-4", case, injunction, EnforcementType.NOTICE_OF_POSSESSION)
        )
    assert violated_fields(error) == {"type"}


def test_only_a_court_step_ends_in_an_order(records, case):
    warning = records.start_enforcement(
        StartEnforcement("R-1", case, EnforcementType.WARNING, Perpetrator("Rob"))
    ).enforcement_id
    with pytest.raises(REFUSED) as error:
        records.conclude_enforcement(
            ConcludeEnforcement("R-2", case, warning, EnforcementOutcome.ORDER_REFUSED)
        )
    assert violated_fields(error) == {"outcome"}
    records.conclude_enforcement(
        ConcludeEnforcement("R-3", case, warning, EnforcementOutcome.COMPLIED)
    )


def test_a_concluded_step_takes_no_more_changes(records, case):
    warning = records.start_enforcement(
        StartEnforcement("R-1", case, EnforcementType.WARNING, Perpetrator("Rob"))
    ).enforcement_id
    records.conclude_enforcement(
        ConcludeEnforcement("R-2", case, warning, EnforcementOutcome.PERPETRATOR_LEFT)
    )
    with pytest.raises(FailedPrecondition):
        records.conclude_enforcement(
            ConcludeEnforcement("R-3", case, warning, EnforcementOutcome.COMPLIED)
        )
    with pytest.raises(FailedPrecondition):
        records.escalate_enforcement(
            EscalateEnforcement("R-4", case, warning, EnforcementType.INJUNCTION)
        )
    with pytest.raises(NotFound):
        records.conclude_enforcement(
            ConcludeEnforcement(
                "R-5", case, "00000000-0000-4000-8000-000000000000", EnforcementOutcome.COMPLIED
            )
        )


# Actions agreed with the victim, practical help and rehousing


def action_changes(records) -> list[tuple[str, int, bool]]:
    return [(a.action_id, a.type, a.open) for a in payloads(records, "action_changed")]


def test_an_action_plan_is_agreed_revised_and_finished(records, case):
    plan = records.agree_action_plan(
        AgreeActionPlan("R-1", case, "Weekly calls.", later(28))
    ).action_id
    revised = records.agree_action_plan(
        AgreeActionPlan("R-2", case, "Weekly calls; CCTV.", later(14))
    ).action_id
    assert revised == plan
    assert records.get_case(case).actions[plan]["due_at"] == later(14)
    records.finish_housing_action(
        FinishHousingAction("R-3", case, plan, LandlordActionOutcome.COMPLETED)
    )
    new_plan = records.agree_action_plan(
        AgreeActionPlan("R-4", case, "Review.", later(60))
    ).action_id

    assert new_plan != plan
    plan_type = vocab.ACTION_TYPE_ACTION_PLAN
    assert action_changes(records) == [
        (plan, plan_type, True),
        (plan, plan_type, True),
        (plan, plan_type, False),
        (new_plan, plan_type, True),
    ]
    due = [a.due_at.ToDatetime(tzinfo=UTC) for a in payloads(records, "action_changed")]
    assert due[:2] == [later(28), later(14)]


def test_a_communication_agreement_records_how_to_contact_the_victim(records, case):
    agreement = CommunicationAgreement(
        contact_methods=(LandlordContactMethod.TEXT_MESSAGE, LandlordContactMethod.HOME_VISIT),
        contact_interval_days=7,
        communication_needs=(LandlordCommunicationNeed.BRITISH_SIGN_LANGUAGE,),
    )
    action_id = records.agree_communication_agreement(
        AgreeCommunicationAgreement("R-1", case, agreement)
    ).action_id

    details = records.get_case(case).actions[action_id]["details"]
    assert details["contact_methods"] == ["text_message", "home_visit"]
    assert details["communication_needs"] == ["british_sign_language"]
    assert action_changes(records) == [(action_id, vocab.ACTION_TYPE_COMMUNICATION_AGREEMENT, True)]


def test_target_hardening_repairs_and_rehousing_go_from_open_to_finished(records, case):
    started = {
        kind: records.start_housing_action(
            StartHousingAction(f"R-{kind.name}", case, kind, "Agreed with the tenant.", None, True)
        ).action_id
        for kind in (
            ActionType.TARGET_HARDENING,
            ActionType.REPAIR,
            ActionType.TEMPORARY_REHOUSING,
            ActionType.PERMANENT_REHOUSING,
        )
    }
    records.finish_housing_action(
        FinishHousingAction(
            "R-DONE", case, started[ActionType.REPAIR], LandlordActionOutcome.COMPLETED
        )
    )
    with pytest.raises(FailedPrecondition):
        records.finish_housing_action(
            FinishHousingAction(
                "R-AGAIN", case, started[ActionType.REPAIR], LandlordActionOutcome.COMPLETED
            )
        )
    with pytest.raises(NotFound):
        records.finish_housing_action(
            FinishHousingAction(
                "R-X", case, "00000000-0000-4000-8000-000000000000", LandlordActionOutcome.COMPLETED
            )
        )

    actions = records.get_case(case).actions
    assert [a["open"] for a in actions.values()] == [True, False, True, True]
    assert [(t, o) for _, t, o in action_changes(records)] == [
        (vocab.ACTION_TYPE_TARGET_HARDENING, True),
        (vocab.ACTION_TYPE_REPAIR, True),
        (vocab.ACTION_TYPE_TEMPORARY_REHOUSING, True),
        (vocab.ACTION_TYPE_PERMANENT_REHOUSING, True),
        (vocab.ACTION_TYPE_REPAIR, False),
    ]


# Support referrals


def test_support_is_in_place_while_an_open_referral_covers_it(records, case):
    to_victim_support = records.refer_for_support(
        ReferForSupport(
            "R-1",
            case,
            AgencyKind.VICTIM_SUPPORT,
            None,
            (SupportArea.EMOTIONAL, SupportArea.PRACTICAL),
        )
    ).referral_id
    to_health = records.refer_for_support(
        ReferForSupport("R-2", case, None, ReferralSource.HEALTH, (SupportArea.EMOTIONAL,))
    ).referral_id
    records.end_support_referral(EndSupportReferral("R-3", case, to_victim_support))
    assert records.get_case(case).support_in_place == {"emotional"}
    records.end_support_referral(EndSupportReferral("R-4", case, to_health))
    with pytest.raises(FailedPrecondition):
        records.end_support_referral(EndSupportReferral("R-5", case, to_health))

    referrals = payloads(records, "referral_made")
    assert [(r.direction, r.counterpart, r.other_source) for r in referrals] == [
        (pb.REFERRAL_DIRECTION_SENT, vocab.AGENCY_KIND_VICTIM_SUPPORT, 0),
        (pb.REFERRAL_DIRECTION_SENT, 0, pb.REFERRAL_SOURCE_HEALTH),
    ]
    support = [(s.area, s.open) for s in payloads(records, "support_changed")]
    assert support == [
        (vocab.SUPPORT_AREA_EMOTIONAL, True),
        (vocab.SUPPORT_AREA_PRACTICAL, True),
        (vocab.SUPPORT_AREA_PRACTICAL, False),
        (vocab.SUPPORT_AREA_EMOTIONAL, False),
    ]


# Closure review


def test_a_case_closes_after_a_review_with_the_victim(records, case, clock):
    records.log_report(report())
    review = ReviewAndCloseCase(
        CloseCase("R-CLOSE", case, CaseOutcome.RESOLVED, 4),
        reviewed_with_victim=True,
        ongoing_support=(SupportArea.EMOTIONAL,),
        follow_up_due_at=later(42),
        learning="Earlier CCTV would have helped.",
    )
    records.review_and_close_case(review)
    records.review_and_close_case(review)  # a retry

    closed = records.get_case(case)
    assert closed.closed
    assert closed.closure_review["ongoing_support"] == ["emotional"]
    assert closed.closure_review["follow_up_due_at"] == later(42)
    [closure] = payloads(records, "case_closed")
    assert (closure.outcome, closure.satisfaction) == (vocab.CASE_OUTCOME_RESOLVED, 4)
    with pytest.raises(FailedPrecondition):
        records.log_report(report("R-AFTER"))


# What leaves the landlord


def test_shared_events_carry_no_personal_data(records, clock):
    canaries = {
        "name": "Quillon",
        "family": "Zephyrsmith",
        "born": "1961-07-19",
        "postcode": "ZZ99 9ZZ",
        "address": "Flat 9 Canary Court",
        "narrative": "kicked the mobility scooter",
        "perpetrator": "Rorke Brimblecombe",
        "perpetrator address": "Gannet House",
        "tenancy": "TEN-88123",
        "officer": "Marigold Officer",
        "plan": "Fit a video doorbell",
        "notes": "Only after 6pm",
        "language": "Tigrinya",
        "action": "Replace the smashed pane",
        "learning": "Noticed too late",
    }
    subject = Subject(canaries["name"], canaries["family"], canaries["born"], canaries["postcode"])
    records.open_case(OpenCase("R-OPEN", "HC-1", subject, MARAC_ONLY))
    report_id = records.log_report(
        report(
            location_address=canaries["address"],
            incident={"narrative": canaries["narrative"], "location_postcode": "ZZ99 9ZZ"},
        )
    ).report_id
    records.acknowledge_report(AcknowledgeReport("R-ACK", "HC-1", report_id))
    records.assign_case_officer(AssignCaseOfficer("R-OFFICER", "HC-1", canaries["officer"]))
    records.agree_action_plan(AgreeActionPlan("R-PLAN", "HC-1", canaries["plan"], later(28)))
    records.agree_communication_agreement(
        AgreeCommunicationAgreement(
            "R-COMMS",
            "HC-1",
            CommunicationAgreement(
                (LandlordContactMethod.PHONE,),
                3,
                (LandlordCommunicationNeed.INTERPRETER,),
                canaries["language"],
                canaries["notes"],
            ),
        )
    )
    records.start_housing_action(
        StartHousingAction("R-REPAIR", "HC-1", ActionType.REPAIR, canaries["action"])
    )
    records.refer_for_support(
        ReferForSupport("R-REFER", "HC-1", AgencyKind.DDPO, None, (SupportArea.ADVOCACY,))
    )
    perpetrator = Perpetrator(
        canaries["perpetrator"], canaries["perpetrator address"], canaries["tenancy"]
    )
    step = records.start_enforcement(
        StartEnforcement("R-WARN", "HC-1", EnforcementType.NOTICE_OF_POSSESSION, perpetrator)
    ).enforcement_id
    records.conclude_enforcement(
        ConcludeEnforcement("R-END", "HC-1", step, EnforcementOutcome.COMPLIED)
    )
    clock.now = DUE + timedelta(hours=1)
    records.record_overdue_responses()
    records.review_and_close_case(
        ReviewAndCloseCase(
            CloseCase("R-CLOSE", "HC-1", CaseOutcome.RESOLVED, 5),
            True,
            (),
            None,
            canaries["learning"],
        )
    )

    shared = shared_events(records)
    assert {e.WhichOneof("payload") for e in shared} == {
        "case_opened",
        "incident_reported",
        "consent_recorded",
        "response_timed",
        "action_changed",
        "referral_made",
        "support_changed",
        "enforcement_changed",
        "case_closed",
    }
    [incident] = payloads(records, "incident_reported")
    assert (incident.postcode_district, incident.incident_category) == (
        "ZZ99",
        vocab.INCIDENT_CATEGORY_VERBAL_ABUSE,
    )
    assert incident.category == "verbal_abuse"
    assert incident.source == vocab.REPORT_SOURCE_VICTIM
    wire = b"".join(e.SerializeToString() for e in shared).lower()
    for what, canary in canaries.items():
        assert canary.lower().encode() not in wire, what
    assert b"zz999zz" not in wire
