"""The social landlord's case records on in-memory persistence (no I/O), with a
clock the tests move: reports and the one-working-day standard, consent with
each report, and retries. The landlord's other practice is in
test_social_landlord_practice.py, bad requests in test_social_landlord_validation.py;
tests/integration/test_social_landlord_postgres.py runs all three on Postgres.
"""

import logging
import time
from datetime import UTC, timedelta

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.case import Consent, Subject
from services.common.commands import AssessRisk, CloseCase, OpenCase
from services.common.errors import FailedPrecondition, NotFound
from services.common.vocabulary import (
    AgencyKind,
    CaseOutcome,
    EnforcementType,
    Recipient,
    RiskLevel,
    RiskTool,
    SupportArea,
)
from services.social_landlord.commands import (
    AcknowledgeReport,
    AgreeActionPlan,
    AssignCaseOfficer,
    EscalateEnforcement,
    Perpetrator,
    ReferForSupport,
    ReviewAndCloseCase,
    StartEnforcement,
)
from services.social_landlord.overdue import ListOverdueReports
from services.social_landlord.sweeper import sweep_breaches
from services.social_landlord.vocabulary import (
    LandlordResponseStatus,
)
from tests.refusals import REFUSED
from tests.unit.landlord_records import *  # noqa: F403 (its fixtures: records, case, clock)
from tests.unit.landlord_records import (
    ACK,
    ANN,
    DUE,
    MARAC_ONLY,
    RECEIVED,
    RISK,
    overdue,
    payloads,
    report,
    shared_events,
    violated_fields,
)

# Reports and the one-working-day standard


def test_a_report_is_due_for_acknowledgement_and_risk_assessment_one_working_day_on(records, case):
    report_id = records.log_report(report()).report_id

    logged = records.get_case(case)
    assert logged.response(report_id, ACK)["due_at"] == DUE
    assert logged.response(report_id, RISK)["due_at"] == DUE
    assert logged.status(report_id, ACK, records.now()) is LandlordResponseStatus.AWAITING
    incident = logged.incidents[report_id]
    assert (incident.category, incident.source) == ("verbal_abuse", "victim")


def test_a_report_opens_its_case_when_it_names_the_subject(records):
    with pytest.raises(REFUSED) as error:
        records.log_report(report("R-0", "HC-9"))
    assert violated_fields(error) == {"subject"}

    report_id = records.log_report(report("R-1", "HC-9", subject=ANN)).report_id
    assert records.log_report(report("R-1", "HC-9", subject=ANN)).report_id == report_id
    records.log_report(report("R-2", "HC-9"))
    opened = records.get_case("HC-9")
    assert opened.subject.family_name == "Smith"
    assert len(opened.reports) == 2
    assert [e.WhichOneof("payload") for e in shared_events(records, "HC-9")][:3] == [
        "case_opened",
        "incident_reported",
        "consent_recorded",
    ]
    with pytest.raises(FailedPrecondition):
        records.log_report(
            report("R-3", "HC-9", subject=Subject("Bob", "Smith", "1980-02-03", "L4 0TH"))
        )


def test_a_step_done_by_its_due_time_is_within_the_standard(records, case, clock):
    report_id = records.log_report(report()).report_id
    clock.now = DUE - timedelta(minutes=1)
    records.acknowledge_report(AcknowledgeReport("R-ACK", case, report_id))

    assert records.get_case(case).status(report_id, ACK, clock.now) is LandlordResponseStatus.MET
    [timed] = payloads(records, "response_timed")
    assert timed.step == pb.RESPONSE_STEP_ACKNOWLEDGEMENT
    assert timed.within_standard
    assert timed.due_at.ToDatetime(tzinfo=UTC) == DUE
    assert timed.done_at.ToDatetime(tzinfo=UTC) == clock.now


def test_a_step_done_after_its_due_time_is_late(records, case, clock):
    report_id = records.log_report(report()).report_id
    clock.now = DUE + timedelta(minutes=1)
    records.acknowledge_report(AcknowledgeReport("R-ACK", case, report_id))

    assert records.get_case(case).status(report_id, ACK, clock.now) is LandlordResponseStatus.LATE
    [timed] = payloads(records, "response_timed")
    assert not timed.within_standard


def test_a_risk_assessment_covers_every_report_awaiting_one(records, case, clock):
    first = records.log_report(report("R-1")).report_id
    second = records.log_report(report("R-2")).report_id
    clock.now = DUE + timedelta(hours=1)
    records.assess_risk(AssessRisk("R-RISK", case, RiskLevel.HIGH, RiskTool.PROFESSIONAL_JUDGEMENT))
    third = records.log_report(report("R-3", received_at=clock.now)).report_id

    assessed = records.get_case(case)
    assert assessed.status(first, RISK, clock.now) is LandlordResponseStatus.LATE
    assert assessed.status(second, RISK, clock.now) is LandlordResponseStatus.LATE
    assert assessed.status(third, RISK, clock.now) is LandlordResponseStatus.AWAITING
    assert [t.step for t in payloads(records, "response_timed")] == [
        pb.RESPONSE_STEP_RISK_ASSESSMENT
    ] * 2


def test_a_report_is_acknowledged_once(records, case):
    report_id = records.log_report(report()).report_id
    records.acknowledge_report(AcknowledgeReport("R-ACK", case, report_id))
    with pytest.raises(FailedPrecondition):
        records.acknowledge_report(AcknowledgeReport("R-ACK-AGAIN", case, report_id))
    with pytest.raises(NotFound):
        records.acknowledge_report(
            AcknowledgeReport("R-ACK-X", case, "00000000-0000-4000-8000-000000000000")
        )


def test_steps_overdue_are_listed_and_their_breach_recorded_once(records, case, clock):
    report_id = records.log_report(report()).report_id
    clock.now = DUE - timedelta(seconds=1)
    assert overdue(records) == []
    assert records.record_overdue_responses() == 0

    clock.now = DUE
    assert overdue(records) == [(case, ACK, False), (case, RISK, False)]
    assert records.record_overdue_responses() == 2
    assert records.record_overdue_responses() == 0
    assert overdue(records) == [(case, ACK, True), (case, RISK, True)]
    breaches = payloads(records, "response_timed")
    assert [(b.within_standard, b.HasField("done_at")) for b in breaches] == [(False, False)] * 2

    clock.now = DUE + timedelta(hours=3)
    records.acknowledge_report(AcknowledgeReport("R-ACK", case, report_id))
    assert overdue(records) == [(case, RISK, True)]
    late = payloads(records, "response_timed")[-1]
    assert (late.within_standard, late.HasField("done_at")) == (False, True)
    assert records.get_case(case).status(report_id, RISK, clock.now) is (
        LandlordResponseStatus.OVERDUE
    )


def test_the_service_records_breaches_as_they_fall_due(records, case, clock):
    records.log_report(report())
    clock.now = DUE
    every_10ms = {"MARAC_BREACH_SWEEP_SECONDS": "0.01"}
    stop = sweep_breaches(records, logging.getLogger("test"), every_10ms)
    try:
        deadline = time.monotonic() + 10
        while not all(breach for *_, breach in overdue(records)) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop()
    assert overdue(records) == [(case, ACK, True), (case, RISK, True)]
    assert len(payloads(records, "response_timed")) == 2


def test_the_work_list_shows_what_falls_due_by_a_later_time_and_the_officer(records, case):
    records.log_report(report())
    records.assign_case_officer(AssignCaseOfficer("R-OFFICER", case, "Jo Officer"))
    assert overdue(records) == []
    items, _ = records.list_overdue_reports(ListOverdueReports(DUE))
    assert [(i.step, i.due_at, i.case_officer) for i in items] == [
        (ACK, DUE, "Jo Officer"),
        (RISK, DUE, "Jo Officer"),
    ]


def test_the_work_list_pages_soonest_due_first(records, clock):
    for day, reference in enumerate(["HC-3", "HC-1", "HC-2"]):
        records.open_case(OpenCase(f"R-OPEN-{reference}", reference, ANN))
        received = RECEIVED - timedelta(days=7 - day)
        records.log_report(report(f"R-{reference}", reference, received_at=received))

    seen, token = [], ""
    while True:
        items, token = records.list_overdue_reports(ListOverdueReports(None, 4, token))
        seen.append([(i.case_reference, i.step) for i in items])
        if not token:
            break
    assert seen == [
        [("HC-3", ACK), ("HC-3", RISK), ("HC-1", ACK), ("HC-1", RISK)],
        [("HC-2", ACK), ("HC-2", RISK)],
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (ListOverdueReports(None, page_token="not-a-token"), "page_token"),
        (ListOverdueReports(None, page_token="W10"), "page_token"),  # base64 of []
        (ListOverdueReports(None, page_size=-1), "page_size"),
    ],
)
def test_a_bad_page_request_names_the_field(records, query, field):
    with pytest.raises(REFUSED) as error:
        records.list_overdue_reports(query)
    assert violated_fields(error) == {field}


def test_closing_a_case_stops_its_clocks(records, clock):
    records.open_case(OpenCase("R-OPEN-1", "HC-1", ANN))
    records.open_case(OpenCase("R-OPEN-2", "HC-2", ANN))
    overdue_report = records.log_report(report("R-1", "HC-1")).report_id
    clock.now = DUE + timedelta(hours=1)
    fresh_report = records.log_report(report("R-2", "HC-2", received_at=clock.now)).report_id

    records.close_case(CloseCase("R-CLOSE-1", "HC-1", CaseOutcome.RESOLVED))
    records.review_and_close_case(
        ReviewAndCloseCase(CloseCase("R-CLOSE-2", "HC-2", CaseOutcome.VICTIM_WITHDREW), False)
    )

    assert overdue(records, due_by=DUE + timedelta(days=30)) == []
    assert [t.within_standard for t in payloads(records, "response_timed", "HC-1")] == [False] * 2
    assert payloads(records, "response_timed", "HC-2") == []
    one, two = records.get_case("HC-1"), records.get_case("HC-2")
    assert one.status(overdue_report, ACK, clock.now) is LandlordResponseStatus.OVERDUE
    assert two.status(fresh_report, ACK, clock.now) is LandlordResponseStatus.STOPPED
    assert records.record_overdue_responses() == 0


# Consent with each report


def test_consent_is_recorded_with_each_report(records, case):
    records.log_report(report("R-1"))
    refusing = Consent(scopes=MARAC_ONLY.scopes, refused=(Recipient.POLICE,))
    records.log_report(report("R-2", consent=refusing))

    recorded = records.get_case(case)
    assert recorded.consent.scopes == (("marac_panel", "marac_discussion"),)
    assert recorded.consent.refused == ("police",)
    consents = payloads(records, "consent_recorded")
    assert [c.change for c in consents] == [
        pb.CONSENT_CHANGE_GIVEN,  # with the case
        pb.CONSENT_CHANGE_NARROWED,  # first report: no longer victim support
        pb.CONSENT_CHANGE_GIVEN,  # second report: same scopes, police refused
    ]
    assert list(consents[-1].refused_recipients) == [vocab.RECIPIENT_POLICE]


def test_a_report_without_consent_is_refused(records, case):
    with pytest.raises(REFUSED) as error:
        records.log_report(report(consent=None))
    assert violated_fields(error) == {"consent"}


# Retries


def test_a_retried_request_is_applied_once(records, case):
    first = records.log_report(report()).report_id
    assert records.log_report(report()).report_id == first
    records.acknowledge_report(AcknowledgeReport("R-ACK", case, first))
    records.acknowledge_report(AcknowledgeReport("R-ACK", case, first))
    step = StartEnforcement("R-WARN", case, EnforcementType.WARNING, Perpetrator("Rob Neighbour"))
    warning = records.start_enforcement(step).enforcement_id
    assert records.start_enforcement(step).enforcement_id == warning
    escalation = EscalateEnforcement("R-ABA", case, warning, EnforcementType.INJUNCTION)
    injunction = records.escalate_enforcement(escalation).enforcement_id
    assert records.escalate_enforcement(escalation).enforcement_id == injunction
    referral = ReferForSupport(
        "R-REFER", case, AgencyKind.VICTIM_SUPPORT, None, (SupportArea.EMOTIONAL,)
    )
    assert records.refer_for_support(referral) == records.refer_for_support(referral)
    plan = AgreeActionPlan("R-PLAN", case, "Weekly calls; CCTV.", DUE + timedelta(days=28))
    assert records.agree_action_plan(plan) == records.agree_action_plan(plan)
    version = records.get_case(case).version

    records.log_report(report())
    records.start_enforcement(step)
    records.escalate_enforcement(escalation)
    records.refer_for_support(referral)
    records.agree_action_plan(plan)
    retried = records.get_case(case)
    assert retried.version == version
    assert len(retried.reports) == 1
    assert len(retried.enforcement) == 2
    assert len(retried.referrals) == 1
    assert len(retried.actions) == 1
