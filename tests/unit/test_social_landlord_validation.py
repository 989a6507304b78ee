"""Bad requests to the social landlord's case records name the field and record
nothing; error messages never repeat what was submitted."""

from datetime import timedelta

import pytest

from services.common.case import Consent, Subject
from services.common.commands import CloseCase
from services.common.vocabulary import (
    ActionType,
    AgencyKind,
    CaseOutcome,
    EnforcementType,
    Recipient,
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
    LandlordCommunicationNeed,
    LandlordContactMethod,
)
from tests.refusals import REFUSED
from tests.unit.landlord_records import *  # noqa: F403 (its fixtures: records, case, clock)
from tests.unit.landlord_records import (
    MARAC_ONLY,
    RECEIVED,
    later,
    report,
    violated_fields,
)

# Validation


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_at": None}, "received_at"),
        ({"received_at": RECEIVED + timedelta(days=1)}, "received_at"),
        (  # received before it happened
            {"received_at": RECEIVED - timedelta(hours=1), "incident": {"occurred_at": RECEIVED}},
            "received_at",
        ),
        ({"channel": None}, "channel"),
        ({"source": None}, "source"),
        ({"category": None}, "category"),
        ({"location_address": "x" * 201}, "location_address"),
        ({"incident": {"strands": ()}}, "strands"),
        ({"incident": {"location_postcode": "nowhere"}}, "location_postcode"),
        ({"incident": {"request_id": ""}}, "request_id"),
        ({"subject": Subject("Ann", "Smith", "1980-02-03", "")}, "subject.postcode"),
        ({"unknown_values": (("channel", "is not a known LandlordReportChannel"),)}, "channel"),
        (
            {"consent": Consent(MARAC_ONLY.scopes, refused=(Recipient.MARAC_PANEL,))},
            "consent.refused_recipients[0]",
        ),
    ],
)
def test_bad_reports_name_the_field_and_record_nothing(records, case, changes, field):
    with pytest.raises(REFUSED) as error:
        records.log_report(report(**changes))
    assert field in violated_fields(error)
    unchanged = records.get_case(case)
    assert unchanged.reports == {}
    assert unchanged.incidents == {}


AGREEMENT = CommunicationAgreement((LandlordContactMethod.TEXT_MESSAGE,), 7)


@pytest.mark.parametrize(
    ("submit", "command", "field"),
    [
        ("agree_action_plan", AgreeActionPlan("r", "HC-1", "Plan", None), "review_due_at"),
        ("agree_action_plan", AgreeActionPlan("r", "HC-1", "Plan", later(-1)), "review_due_at"),
        ("agree_action_plan", AgreeActionPlan("r", "HC-1", "", later(7)), "summary"),
        (
            "agree_communication_agreement",
            AgreeCommunicationAgreement("r", "HC-1", CommunicationAgreement((), 7)),
            "agreement.contact_methods",
        ),
        (
            "agree_communication_agreement",
            AgreeCommunicationAgreement(
                "r", "HC-1", CommunicationAgreement((LandlordContactMethod.PHONE,), 0)
            ),
            "agreement.contact_interval_days",
        ),
        (
            "agree_communication_agreement",
            AgreeCommunicationAgreement(
                "r",
                "HC-1",
                CommunicationAgreement(
                    (LandlordContactMethod.PHONE,), 7, (LandlordCommunicationNeed.INTERPRETER,)
                ),
            ),
            "agreement.interpreter_language",
        ),
        (
            "agree_communication_agreement",
            AgreeCommunicationAgreement("r", "HC-1", None),
            "agreement",
        ),
        (
            "start_housing_action",
            StartHousingAction("r", "HC-1", ActionType.ACTION_PLAN, "Plan"),
            "type",
        ),
        ("start_housing_action", StartHousingAction("r", "HC-1", None, "Fit locks"), "type"),
        (
            "start_housing_action",
            StartHousingAction("r", "HC-1", ActionType.TEMPORARY_REHOUSING, "Move"),
            "victim_agreed",
        ),
        (
            "start_housing_action",
            StartHousingAction("r", "HC-1", ActionType.REPAIR, "Door", later(-1)),
            "due_at",
        ),
        ("finish_housing_action", FinishHousingAction("r", "HC-1", "a-1", None), "outcome"),
        (
            "refer_for_support",
            ReferForSupport("r", "HC-1", None, None, (SupportArea.EMOTIONAL,)),
            "to_agency",
        ),
        (
            "refer_for_support",
            ReferForSupport(
                "r", "HC-1", AgencyKind.DDPO, ReferralSource.HEALTH, (SupportArea.EMOTIONAL,)
            ),
            "to_other",
        ),
        (
            "refer_for_support",
            ReferForSupport("r", "HC-1", None, ReferralSource.SELF, (SupportArea.EMOTIONAL,)),
            "to_other",
        ),
        (
            "refer_for_support",
            ReferForSupport("r", "HC-1", AgencyKind.VICTIM_SUPPORT, None, ()),
            "support_areas",
        ),
        (
            "start_enforcement",
            StartEnforcement("r", "HC-1", EnforcementType.WARNING, None),
            "perpetrator",
        ),
        (
            "start_enforcement",
            StartEnforcement("r", "HC-1", EnforcementType.WARNING, Perpetrator(" ")),
            "perpetrator.name",
        ),
        ("start_enforcement", StartEnforcement("r", "HC-1", None, Perpetrator("Rob")), "type"),
        (
            "conclude_enforcement",
            ConcludeEnforcement("r", "HC-1", "e-1", EnforcementOutcome.ESCALATED),
            "outcome",
        ),
        ("escalate_enforcement", EscalateEnforcement("r", "HC-1", "", None), "enforcement_id"),
        ("assign_case_officer", AssignCaseOfficer("r", "HC-1", ""), "officer_name"),
        ("acknowledge_report", AcknowledgeReport("r", "HC-1", ""), "report_id"),
        ("end_support_referral", EndSupportReferral("r", "", "f-1"), "case_reference"),
        (
            "review_and_close_case",
            ReviewAndCloseCase(CloseCase("r", "HC-1", CaseOutcome.RESOLVED, 4), False),
            "satisfaction",
        ),
        (
            "review_and_close_case",
            ReviewAndCloseCase(CloseCase("r", "HC-1", CaseOutcome.RESOLVED, 7), True),
            "satisfaction",
        ),
        (
            "review_and_close_case",
            ReviewAndCloseCase(CloseCase("r", "HC-1", None), True),
            "outcome",
        ),
    ],
)
def test_bad_commands_name_the_field_and_record_nothing(records, case, submit, command, field):
    version = records.get_case(case).version
    with pytest.raises(REFUSED) as error:
        getattr(records, submit)(command)
    assert field in violated_fields(error)
    assert records.get_case(case).version == version


def test_error_messages_do_not_repeat_what_was_submitted(records, case):
    canary = "Zebedee-Canary-7731"
    with pytest.raises(REFUSED) as error:
        records.log_report(
            report(
                location_address=canary * 20,
                incident={"narrative": canary * 1000, "location_postcode": canary},
            )
        )
    assert canary not in str(error.value)
    with pytest.raises(REFUSED) as error:
        records.start_enforcement(
            StartEnforcement("r", case, EnforcementType.WARNING, Perpetrator(canary * 10))
        )
    assert canary not in str(error.value)
