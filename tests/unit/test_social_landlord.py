"""The social landlord's case records on in-memory persistence (no I/O), with a
clock the tests move: reports and the one-working-day standard, consent with
each report, actions, referrals, enforcement steps, closure, and what is shared.

tests/integration/test_social_landlord_postgres.py runs these same tests on Postgres.
"""

import logging
import time
from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.case import Consent, Subject
from services.common.commands import AssessRisk, CloseCase, OpenCase, RecordIncident
from services.common.errors import FailedPrecondition, NotFound
from services.common.sharing import CaseIdentity, to_shared_event
from services.common.vocabulary import (
    ActionType,
    AgencyKind,
    CaseOutcome,
    EnforcementType,
    HateClassification,
    Perceiver,
    Purpose,
    Recipient,
    ReferralSource,
    ReportSource,
    ResponseStep,
    RiskLevel,
    RiskTool,
    Strand,
    SupportArea,
)
from services.social_landlord.agency import AGENCY as LANDLORD
from services.social_landlord.application import LandlordCaseRecords
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
    LogReport,
    Perpetrator,
    ReferForSupport,
    ReviewAndCloseCase,
    StartEnforcement,
    StartHousingAction,
)
from services.social_landlord.overdue import ListOverdueReports
from services.social_landlord.sweeper import start_sweeping
from services.social_landlord.vocabulary import (
    EnforcementOutcome,
    LandlordActionOutcome,
    LandlordCommunicationNeed,
    LandlordContactMethod,
    LandlordReportCategory,
    LandlordReportChannel,
    LandlordResponseStatus,
)
from tests.refusals import REFUSED, fields_named

LINKING_KEY = "33" * 32
# 15:00 BST on the Thursday before Easter 2026.
RECEIVED = datetime(2026, 4, 2, 14, 0, tzinfo=UTC)
# 15:00 BST on the Tuesday after Easter Monday.
DUE = datetime(2026, 4, 7, 14, 0, tzinfo=UTC)
ANN = Subject("Ann", "Smith", "1980-02-03", "L4 0TH")
MARAC_ONLY = Consent(scopes=((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),))
ACK = ResponseStep.ACKNOWLEDGEMENT
RISK = ResponseStep.RISK_ASSESSMENT


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(RECEIVED + timedelta(minutes=30))


@pytest.fixture
def records(clock):
    app = LandlordCaseRecords(
        env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-landlord"}, clock=clock
    )
    yield app
    app.close()


@pytest.fixture
def case(records):
    consent = Consent(
        scopes=(
            (Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),
            (Recipient.VICTIM_SUPPORT, Purpose.REFERRAL),
        )
    )
    records.open_case(OpenCase("r-open", "HC-1", ANN, consent))
    return "HC-1"


def report(request_id="r-report", case_reference="HC-1", incident=None, **changes) -> LogReport:
    incident_fields = dict(
        request_id=request_id,
        case_reference=case_reference,
        occurred_at=(changes.get("received_at") or RECEIVED) - timedelta(hours=2),
        strands=(Strand.DISABILITY,),
        classification=HateClassification.HATE_INCIDENT,
        perceived_by=(Perceiver.VICTIM,),
        location_postcode="L4 0TH",
        narrative="Neighbour shouted abuse about her wheelchair.",
    )
    incident_fields.update(incident or {})
    fields = dict(
        incident=RecordIncident(**incident_fields),
        received_at=RECEIVED,
        channel=LandlordReportChannel.PHONE,
        source=ReportSource.VICTIM,
        category=LandlordReportCategory.VERBAL_ABUSE,
        location_address="12 Example Walk, Liverpool",
        consent=MARAC_ONLY,
    )
    fields.update(changes)
    return LogReport(**fields)


def shared_events(records, case_reference="HC-1") -> list[pb.CaseEvent]:
    case = records.get_case(case_reference)
    identity = CaseIdentity(case.subject_key, case_reference)
    shared = []
    for notification in records.recorder.select_notifications(start=1, limit=1000):
        event = records.mapper.to_domain_event(notification)
        if event.originator_id != case.id:
            continue
        envelope = to_shared_event(
            LANDLORD.allow_list,
            event,
            identity,
            LANDLORD.agency.kind,
            records.agency_id,
            notification.id,
        )
        if envelope is not None:
            shared.append(envelope)
    return shared


def payloads(records, kind: str, case_reference="HC-1") -> list:
    return [
        getattr(e, kind)
        for e in shared_events(records, case_reference)
        if e.WhichOneof("payload") == kind
    ]


def violated_fields(error: pytest.ExceptionInfo) -> set[str]:
    return fields_named(error.value, LANDLORD.refusals)


def overdue(records, due_by=None) -> list[tuple[str, ResponseStep, bool]]:
    items, _ = records.list_overdue_reports(ListOverdueReports(due_by))
    return [(item.case_reference, item.step, item.breach_recorded) for item in items]


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
        records.log_report(report("r-0", "HC-9"))
    assert violated_fields(error) == {"subject"}

    report_id = records.log_report(report("r-1", "HC-9", subject=ANN)).report_id
    assert records.log_report(report("r-1", "HC-9", subject=ANN)).report_id == report_id
    records.log_report(report("r-2", "HC-9"))
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
            report("r-3", "HC-9", subject=Subject("Bob", "Smith", "1980-02-03", "L4 0TH"))
        )


def test_a_step_done_by_its_due_time_is_within_the_standard(records, case, clock):
    report_id = records.log_report(report()).report_id
    clock.now = DUE - timedelta(minutes=1)
    records.acknowledge_report(AcknowledgeReport("r-ack", case, report_id))

    assert records.get_case(case).status(report_id, ACK, clock.now) is LandlordResponseStatus.MET
    [timed] = payloads(records, "response_timed")
    assert timed.step == pb.RESPONSE_STEP_ACKNOWLEDGEMENT
    assert timed.within_standard
    assert timed.due_at.ToDatetime(tzinfo=UTC) == DUE
    assert timed.done_at.ToDatetime(tzinfo=UTC) == clock.now


def test_a_step_done_after_its_due_time_is_late(records, case, clock):
    report_id = records.log_report(report()).report_id
    clock.now = DUE + timedelta(minutes=1)
    records.acknowledge_report(AcknowledgeReport("r-ack", case, report_id))

    assert records.get_case(case).status(report_id, ACK, clock.now) is LandlordResponseStatus.LATE
    [timed] = payloads(records, "response_timed")
    assert not timed.within_standard


def test_a_risk_assessment_covers_every_report_awaiting_one(records, case, clock):
    first = records.log_report(report("r-1")).report_id
    second = records.log_report(report("r-2")).report_id
    clock.now = DUE + timedelta(hours=1)
    records.assess_risk(AssessRisk("r-risk", case, RiskLevel.HIGH, RiskTool.PROFESSIONAL_JUDGEMENT))
    third = records.log_report(report("r-3", received_at=clock.now)).report_id

    assessed = records.get_case(case)
    assert assessed.status(first, RISK, clock.now) is LandlordResponseStatus.LATE
    assert assessed.status(second, RISK, clock.now) is LandlordResponseStatus.LATE
    assert assessed.status(third, RISK, clock.now) is LandlordResponseStatus.AWAITING
    assert [t.step for t in payloads(records, "response_timed")] == [
        pb.RESPONSE_STEP_RISK_ASSESSMENT
    ] * 2


def test_a_report_is_acknowledged_once(records, case):
    report_id = records.log_report(report()).report_id
    records.acknowledge_report(AcknowledgeReport("r-ack", case, report_id))
    with pytest.raises(FailedPrecondition):
        records.acknowledge_report(AcknowledgeReport("r-ack-again", case, report_id))
    with pytest.raises(NotFound):
        records.acknowledge_report(AcknowledgeReport("r-ack-x", case, "no-such-report"))


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
    records.acknowledge_report(AcknowledgeReport("r-ack", case, report_id))
    assert overdue(records) == [(case, RISK, True)]
    late = payloads(records, "response_timed")[-1]
    assert (late.within_standard, late.HasField("done_at")) == (False, True)
    assert records.get_case(case).status(report_id, RISK, clock.now) is (
        LandlordResponseStatus.OVERDUE
    )


def test_the_service_records_breaches_as_they_fall_due(records, case, clock):
    records.log_report(report())
    clock.now = DUE
    stop = start_sweeping(records, logging.getLogger("test"), interval=0.01)
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
    records.assign_case_officer(AssignCaseOfficer("r-officer", case, "Jo Officer"))
    assert overdue(records) == []
    items, _ = records.list_overdue_reports(ListOverdueReports(DUE))
    assert [(i.step, i.due_at, i.case_officer) for i in items] == [
        (ACK, DUE, "Jo Officer"),
        (RISK, DUE, "Jo Officer"),
    ]


def test_the_work_list_pages_soonest_due_first(records, clock):
    for day, reference in enumerate(["HC-3", "HC-1", "HC-2"]):
        records.open_case(OpenCase(f"r-open-{reference}", reference, ANN))
        received = RECEIVED - timedelta(days=7 - day)
        records.log_report(report(f"r-{reference}", reference, received_at=received))

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
    records.open_case(OpenCase("r-open-1", "HC-1", ANN))
    records.open_case(OpenCase("r-open-2", "HC-2", ANN))
    overdue_report = records.log_report(report("r-1", "HC-1")).report_id
    clock.now = DUE + timedelta(hours=1)
    fresh_report = records.log_report(report("r-2", "HC-2", received_at=clock.now)).report_id

    records.close_case(CloseCase("r-close-1", "HC-1", CaseOutcome.RESOLVED))
    records.review_and_close_case(
        ReviewAndCloseCase(CloseCase("r-close-2", "HC-2", CaseOutcome.VICTIM_WITHDREW), False)
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
    records.log_report(report("r-1"))
    refusing = Consent(scopes=MARAC_ONLY.scopes, refused=(Recipient.POLICE,))
    records.log_report(report("r-2", consent=refusing))

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
    records.acknowledge_report(AcknowledgeReport("r-ack", case, first))
    records.acknowledge_report(AcknowledgeReport("r-ack", case, first))
    step = StartEnforcement("r-warn", case, EnforcementType.WARNING, Perpetrator("Rob Neighbour"))
    warning = records.start_enforcement(step).enforcement_id
    assert records.start_enforcement(step).enforcement_id == warning
    escalation = EscalateEnforcement("r-aba", case, warning, EnforcementType.INJUNCTION)
    injunction = records.escalate_enforcement(escalation).enforcement_id
    assert records.escalate_enforcement(escalation).enforcement_id == injunction
    referral = ReferForSupport(
        "r-refer", case, AgencyKind.VICTIM_SUPPORT, None, (SupportArea.EMOTIONAL,)
    )
    assert records.refer_for_support(referral) == records.refer_for_support(referral)
    plan = AgreeActionPlan("r-plan", case, "Weekly calls; CCTV.", DUE + timedelta(days=28))
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


def later(days: int) -> datetime:
    return RECEIVED + timedelta(days=days)


AGREEMENT = CommunicationAgreement((LandlordContactMethod.TEXT_MESSAGE,), 7)


@pytest.mark.parametrize(
    ("submit", "command", "field"),
    [
        ("agree_action_plan", AgreeActionPlan("r", "HC-1", "Plan", None), "review_by"),
        ("agree_action_plan", AgreeActionPlan("r", "HC-1", "Plan", later(-1)), "review_by"),
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
            "due_by",
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


# Enforcement against a perpetrator


def enforcement_changes(records) -> list[tuple[int, bool]]:
    return [(e.type, e.open) for e in payloads(records, "enforcement_changed")]


def test_enforcement_escalates_up_the_ladder_and_concludes(records, case):
    rob = Perpetrator("Rob Neighbour", "14 Example Walk", "T-1001")
    warning = records.start_enforcement(
        StartEnforcement("r-1", case, EnforcementType.WARNING, rob)
    ).enforcement_id
    agreement = records.escalate_enforcement(
        EscalateEnforcement("r-2", case, warning, EnforcementType.ACCEPTABLE_BEHAVIOUR_AGREEMENT)
    ).enforcement_id
    notice = records.escalate_enforcement(
        EscalateEnforcement("r-3", case, agreement, EnforcementType.NOTICE_OF_POSSESSION)
    ).enforcement_id
    proceedings = records.escalate_enforcement(
        EscalateEnforcement("r-4", case, notice, EnforcementType.POSSESSION_PROCEEDINGS)
    ).enforcement_id
    records.conclude_enforcement(
        ConcludeEnforcement("r-5", case, proceedings, EnforcementOutcome.ORDER_GRANTED)
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
    step = records.start_enforcement(StartEnforcement("r-1", case, start, rob)).enforcement_id
    with pytest.raises(REFUSED) as error:
        records.escalate_enforcement(EscalateEnforcement("r-2", case, step, escalate_to))
    assert violated_fields(error) == {"type"}
    assert [s["open"] for s in records.get_case(case).enforcement.values()] == [True]


def test_possession_follows_a_notice_and_needs_a_tenancy(records, case):
    visitor = Perpetrator("Val Visitor")
    with pytest.raises(REFUSED) as error:
        records.start_enforcement(
            StartEnforcement("r-1", case, EnforcementType.POSSESSION_PROCEEDINGS, visitor)
        )
    assert violated_fields(error) == {"type"}
    with pytest.raises(REFUSED) as error:
        records.start_enforcement(
            StartEnforcement("r-2", case, EnforcementType.NOTICE_OF_POSSESSION, visitor)
        )
    assert violated_fields(error) == {"perpetrator.tenancy_reference"}
    injunction = records.start_enforcement(
        StartEnforcement("r-3", case, EnforcementType.INJUNCTION, visitor)
    ).enforcement_id
    with pytest.raises(REFUSED) as error:
        records.escalate_enforcement(
            EscalateEnforcement("r-4", case, injunction, EnforcementType.NOTICE_OF_POSSESSION)
        )
    assert violated_fields(error) == {"type"}


def test_only_a_court_step_ends_in_an_order(records, case):
    warning = records.start_enforcement(
        StartEnforcement("r-1", case, EnforcementType.WARNING, Perpetrator("Rob"))
    ).enforcement_id
    with pytest.raises(REFUSED) as error:
        records.conclude_enforcement(
            ConcludeEnforcement("r-2", case, warning, EnforcementOutcome.ORDER_REFUSED)
        )
    assert violated_fields(error) == {"outcome"}
    records.conclude_enforcement(
        ConcludeEnforcement("r-3", case, warning, EnforcementOutcome.COMPLIED)
    )


def test_a_concluded_step_takes_no_more_changes(records, case):
    warning = records.start_enforcement(
        StartEnforcement("r-1", case, EnforcementType.WARNING, Perpetrator("Rob"))
    ).enforcement_id
    records.conclude_enforcement(
        ConcludeEnforcement("r-2", case, warning, EnforcementOutcome.PERPETRATOR_LEFT)
    )
    with pytest.raises(FailedPrecondition):
        records.conclude_enforcement(
            ConcludeEnforcement("r-3", case, warning, EnforcementOutcome.COMPLIED)
        )
    with pytest.raises(FailedPrecondition):
        records.escalate_enforcement(
            EscalateEnforcement("r-4", case, warning, EnforcementType.INJUNCTION)
        )
    with pytest.raises(NotFound):
        records.conclude_enforcement(
            ConcludeEnforcement("r-5", case, "no-such-step", EnforcementOutcome.COMPLIED)
        )


# Actions agreed with the victim, practical help and rehousing


def action_changes(records) -> list[tuple[str, int, bool]]:
    return [(a.action_id, a.type, a.open) for a in payloads(records, "action_changed")]


def test_an_action_plan_is_agreed_revised_and_finished(records, case):
    plan = records.agree_action_plan(
        AgreeActionPlan("r-1", case, "Weekly calls.", later(28))
    ).action_id
    revised = records.agree_action_plan(
        AgreeActionPlan("r-2", case, "Weekly calls; CCTV.", later(14))
    ).action_id
    assert revised == plan
    assert records.get_case(case).actions[plan]["due_at"] == later(14)
    records.finish_housing_action(
        FinishHousingAction("r-3", case, plan, LandlordActionOutcome.COMPLETED)
    )
    new_plan = records.agree_action_plan(
        AgreeActionPlan("r-4", case, "Review.", later(60))
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
        AgreeCommunicationAgreement("r-1", case, agreement)
    ).action_id

    details = records.get_case(case).actions[action_id]["details"]
    assert details["contact_methods"] == ["text_message", "home_visit"]
    assert details["communication_needs"] == ["british_sign_language"]
    assert action_changes(records) == [(action_id, vocab.ACTION_TYPE_COMMUNICATION_AGREEMENT, True)]


def test_target_hardening_repairs_and_rehousing_go_from_open_to_finished(records, case):
    started = {
        kind: records.start_housing_action(
            StartHousingAction(f"r-{kind}", case, kind, "Agreed with the tenant.", None, True)
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
            "r-done", case, started[ActionType.REPAIR], LandlordActionOutcome.COMPLETED
        )
    )
    with pytest.raises(FailedPrecondition):
        records.finish_housing_action(
            FinishHousingAction(
                "r-again", case, started[ActionType.REPAIR], LandlordActionOutcome.COMPLETED
            )
        )
    with pytest.raises(NotFound):
        records.finish_housing_action(
            FinishHousingAction("r-x", case, "no-such-action", LandlordActionOutcome.COMPLETED)
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
            "r-1",
            case,
            AgencyKind.VICTIM_SUPPORT,
            None,
            (SupportArea.EMOTIONAL, SupportArea.PRACTICAL),
        )
    ).referral_id
    to_health = records.refer_for_support(
        ReferForSupport("r-2", case, None, ReferralSource.HEALTH, (SupportArea.EMOTIONAL,))
    ).referral_id
    records.end_support_referral(EndSupportReferral("r-3", case, to_victim_support))
    assert records.get_case(case).support_in_place == {"emotional"}
    records.end_support_referral(EndSupportReferral("r-4", case, to_health))
    with pytest.raises(FailedPrecondition):
        records.end_support_referral(EndSupportReferral("r-5", case, to_health))

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
        CloseCase("r-close", case, CaseOutcome.RESOLVED, 4),
        reviewed_with_victim=True,
        ongoing_support=(SupportArea.EMOTIONAL,),
        follow_up_by=later(42),
        learning="Earlier CCTV would have helped.",
    )
    records.review_and_close_case(review)
    records.review_and_close_case(review)  # a retry

    closed = records.get_case(case)
    assert closed.closed
    assert closed.closure_review["ongoing_support"] == ["emotional"]
    assert closed.closure_review["follow_up_by"] == later(42)
    [closure] = payloads(records, "case_closed")
    assert (closure.outcome, closure.satisfaction) == (vocab.CASE_OUTCOME_RESOLVED, 4)
    with pytest.raises(FailedPrecondition):
        records.log_report(report("r-after"))


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
    records.open_case(OpenCase("r-open", "HC-1", subject, MARAC_ONLY))
    report_id = records.log_report(
        report(
            location_address=canaries["address"],
            incident={"narrative": canaries["narrative"], "location_postcode": "ZZ99 9ZZ"},
        )
    ).report_id
    records.acknowledge_report(AcknowledgeReport("r-ack", "HC-1", report_id))
    records.assign_case_officer(AssignCaseOfficer("r-officer", "HC-1", canaries["officer"]))
    records.agree_action_plan(AgreeActionPlan("r-plan", "HC-1", canaries["plan"], later(28)))
    records.agree_communication_agreement(
        AgreeCommunicationAgreement(
            "r-comms",
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
        StartHousingAction("r-repair", "HC-1", ActionType.REPAIR, canaries["action"])
    )
    records.refer_for_support(
        ReferForSupport("r-refer", "HC-1", AgencyKind.DDPO, None, (SupportArea.ADVOCACY,))
    )
    perpetrator = Perpetrator(
        canaries["perpetrator"], canaries["perpetrator address"], canaries["tenancy"]
    )
    step = records.start_enforcement(
        StartEnforcement("r-warn", "HC-1", EnforcementType.NOTICE_OF_POSSESSION, perpetrator)
    ).enforcement_id
    records.conclude_enforcement(
        ConcludeEnforcement("r-end", "HC-1", step, EnforcementOutcome.COMPLIED)
    )
    clock.now = DUE + timedelta(hours=1)
    records.record_overdue_responses()
    records.review_and_close_case(
        ReviewAndCloseCase(
            CloseCase("r-close", "HC-1", CaseOutcome.RESOLVED, 5),
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
    assert incident.source == vocab.REPORT_SOURCE_VICTIM
    wire = b"".join(e.SerializeToString() for e in shared).lower()
    for what, canary in canaries.items():
        assert canary.lower().encode() not in wire, what
    assert b"zz999zz" not in wire
