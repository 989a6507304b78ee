"""Victim support's practice: a referral opens the case, then the needs
assessment, the support plan, contacts with the victim and closure; and what
of it is shared. In-memory persistence (no I/O);
tests/integration/test_victim_support_postgres.py runs the same tests on Postgres.
"""

from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.common.case import Consent, Subject
from services.common.commands import CloseCase, OpenCase, RecordIncident
from services.common.errors import AlreadyExists, FailedPrecondition, NotFound
from services.common.validation import InvalidRequest
from services.common.vocabulary import (
    AgencyKind,
    CaseOutcome,
    HateClassification,
    Perceiver,
    Purpose,
    Recipient,
    ReferralSource,
    RiskLevel,
    Strand,
    SupportArea,
)
from services.victim_support.agency import AGENCY as VICTIM_SUPPORT
from services.victim_support.application import VictimSupportCaseRecords
from services.victim_support.commands import (
    AgreeSupportPlan,
    AssessNeeds,
    EndSupportPlan,
    ListSupportContacts,
    ReceiveReferral,
    RecordSupportContact,
)
from services.victim_support.vocabulary import SupportContactMethod
from tests.unit.sharing import shared_events as shared

LINKING_KEY = "11" * 32
ANN = Subject("Ann", "Smith", "1980-02-03", "L4 0TH")
TO_PANEL = Consent(scopes=((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),))
RECEIVED = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def records():
    app = VictimSupportCaseRecords(env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-vs"})
    yield app
    app.close()


def referral(request_id="R-REFERRAL", **changes) -> ReceiveReferral:
    fields = dict(
        request_id=request_id,
        case_reference="VS-1",
        subject=ANN,
        consent=TO_PANEL,
        referring_agency=AgencyKind.POLICE,
        other_source=None,
        received_at=RECEIVED,
    )
    fields.update(changes)
    return ReceiveReferral(**fields)


def plan(request_id="R-PLAN", *areas: SupportArea, **changes) -> AgreeSupportPlan:
    fields = dict(
        request_id=request_id,
        case_reference="VS-1",
        areas=areas or (SupportArea.EMOTIONAL, SupportArea.CRIMINAL_JUSTICE),
        review_due_at=datetime.now(UTC) + timedelta(days=28),
    )
    fields.update(changes)
    return AgreeSupportPlan(**fields)


def contact(request_id="R-CONTACT", **changes) -> RecordSupportContact:
    fields = dict(
        request_id=request_id,
        case_reference="VS-1",
        contacted_at=datetime(2026, 1, 13, 10, 30, tzinfo=UTC),
        method=SupportContactMethod.PHONE,
        notes="Talked through the court process; she is frightened to go out.",
    )
    fields.update(changes)
    return RecordSupportContact(**fields)


def violated_fields(error: pytest.ExceptionInfo[InvalidRequest]) -> set[str]:
    return {v.field for v in error.value.violations}


@pytest.mark.parametrize(
    ("agency", "source", "recorded"),
    [
        (AgencyKind.POLICE, None, ("police", None)),
        (AgencyKind.SOCIAL_LANDLORD, None, ("social_landlord", None)),
        (AgencyKind.DDPO, None, ("ddpo", None)),
        (None, ReferralSource.SELF, (None, "self")),
        (None, ReferralSource.HEALTH, (None, "health")),
        (None, ReferralSource.LOCAL_AUTHORITY, (None, "local_authority")),
        (None, ReferralSource.VOLUNTARY_SECTOR, (None, "voluntary_sector")),
        (None, ReferralSource.OTHER, (None, "other")),
    ],
)
def test_a_referral_from_any_source_opens_the_case_with_consent(records, agency, source, recorded):
    key = records.receive_referral(referral(referring_agency=agency, other_source=source))
    case = records.get_case("VS-1")
    assert case.subject_key == key.subject_key
    assert case.subject.family_name == "Smith"
    assert (case.referral.referring_agency, case.referral.other_source) == recorded
    assert case.referral.received_at == RECEIVED
    assert case.consent.scopes == (("marac_panel", "marac_discussion"),)


def test_a_referral_received_now_when_no_time_is_given(records):
    before = datetime.now(UTC)
    records.receive_referral(referral(received_at=None))
    assert records.get_case("VS-1").referral.received_at >= before


def test_a_retried_referral_opens_one_case_and_a_taken_reference_conflicts(records):
    key = records.receive_referral(referral())
    version = records.get_case("VS-1").version
    assert records.receive_referral(referral()) == key
    assert records.get_case("VS-1").version == version
    with pytest.raises(AlreadyExists):
        records.receive_referral(referral("R-ANOTHER"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"request_id": ""}, "request_id"),
        ({"case_reference": ""}, "case_reference"),
        ({"subject": None}, "subject"),
        ({"subject": Subject("Ann", "Smith", "1980-02-30", "L4 0TH")}, "subject.date_of_birth"),
        ({"consent": None}, "consent"),
        (
            {
                "consent": Consent(
                    scopes=((Recipient.POLICE, Purpose.REFERRAL),), refused=(Recipient.POLICE,)
                )
            },
            "consent.refused_recipients[0]",
        ),
        ({"referring_agency": None}, "referrer"),
        ({"other_source": ReferralSource.SELF}, "referrer"),
        ({"referring_agency": AgencyKind.VICTIM_SUPPORT}, "referring_agency"),
        (
            {
                "referring_agency": None,
                "unknown_values": (("other_source", "is not a known ReferralSource"),),
            },
            "other_source",
        ),
        ({"received_at": datetime.now(UTC) + timedelta(days=1)}, "received_at"),
    ],
)
def test_bad_referrals_name_the_field_and_open_nothing(records, changes, field):
    with pytest.raises(InvalidRequest) as error:
        records.receive_referral(referral(**changes))
    assert field in violated_fields(error)
    with pytest.raises(NotFound):
        records.get_case(changes.get("case_reference") or "VS-1")


def test_a_needs_assessment_records_the_needs_and_the_risk_level(records):
    records.receive_referral(referral())
    needs = (SupportArea.EMOTIONAL, SupportArea.HOUSING, SupportArea.EMOTIONAL)
    records.assess_needs(AssessNeeds("R-NEEDS", "VS-1", needs, RiskLevel.MEDIUM))
    case = records.get_case("VS-1")
    assert case.needs == ("emotional", "housing")
    assert (case.risk_level, case.risk.tool) == (RiskLevel.MEDIUM, "victim_support_needs_and_risk")

    # A reassessment replaces the last; a retried one is applied once.
    reassessment = AssessNeeds("R-AGAIN", "VS-1", (SupportArea.FINANCIAL,), RiskLevel.HIGH)
    records.assess_needs(reassessment)
    version = records.get_case("VS-1").version
    records.assess_needs(reassessment)
    case = records.get_case("VS-1")
    assert (case.needs, case.risk_level, case.version) == (("financial",), RiskLevel.HIGH, version)


def test_bad_needs_assessments_name_the_field(records):
    records.receive_referral(referral())
    with pytest.raises(InvalidRequest) as error:
        records.assess_needs(AssessNeeds("R-NEEDS", "VS-1", (), None))
    assert violated_fields(error) == {"needs", "risk_level"}
    assert records.get_case("VS-1").needs == ()
    with pytest.raises(NotFound):
        records.assess_needs(
            AssessNeeds("R-NEEDS", "VS-404", (SupportArea.ONLINE,), RiskLevel.HIGH)
        )


def test_a_support_plan_is_agreed_revised_and_ended(records):
    records.receive_referral(referral())
    plan_id = records.agree_support_plan(plan()).plan_id
    case = records.get_case("VS-1")
    assert case.support == ["emotional", "criminal_justice"]
    assert case.plan.open is True

    revised = records.agree_support_plan(
        plan("R-REVISE", SupportArea.CRIMINAL_JUSTICE, SupportArea.FINANCIAL)
    )
    assert revised.plan_id == plan_id
    assert records.get_case("VS-1").support == ["criminal_justice", "financial"]

    records.end_support_plan(EndSupportPlan("R-END", "VS-1"))
    case = records.get_case("VS-1")
    assert (case.support, case.plan.open) == ([], False)
    with pytest.raises(FailedPrecondition):
        records.end_support_plan(EndSupportPlan("R-END-AGAIN", "VS-1"))
    # A new plan after the last ended is a new plan.
    assert records.agree_support_plan(plan("R-NEW")).plan_id != plan_id


def test_a_retried_plan_change_is_applied_once(records):
    records.receive_referral(referral())
    agreed = plan()
    plan_id = records.agree_support_plan(agreed).plan_id
    version = records.get_case("VS-1").version
    assert records.agree_support_plan(agreed).plan_id == plan_id
    records.end_support_plan(EndSupportPlan("R-END", "VS-1"))
    records.end_support_plan(EndSupportPlan("R-END", "VS-1"))
    assert records.get_case("VS-1").version == version + 3  # two support areas, the plan


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"areas": ()}, "areas"),
        ({"areas": (SupportArea.EMOTIONAL, SupportArea.HOUSING)}, "areas[1]"),
        ({"review_due_at": datetime.now(UTC) - timedelta(days=1)}, "review_due_at"),
        ({"request_id": ""}, "request_id"),
    ],
)
def test_bad_support_plans_name_the_field_and_change_nothing(records, changes, field):
    records.receive_referral(referral())
    with pytest.raises(InvalidRequest) as error:
        records.agree_support_plan(plan(**changes))
    assert field in violated_fields(error)
    assert records.get_case("VS-1").plan is None


def test_contacts_are_recorded_once_and_listed_a_page_at_a_time(records):
    records.receive_referral(referral())
    methods = list(SupportContactMethod) * 2 + [SupportContactMethod.VISIT]
    ids = [
        records.record_contact(contact(f"R-CONTACT-{n}", method=method)).contact_id
        for n, method in enumerate(methods)
    ]
    assert records.record_contact(contact("R-CONTACT-0")).contact_id == ids[0]
    assert len(set(ids)) == 11

    seen, token, pages = [], "", 0
    while True:
        found = records.list_contacts(ListSupportContacts("VS-1", page_size=4, page_token=token))
        seen += found.contacts
        pages += 1
        token = found.next_page_token
        if not token:
            break
    assert pages == 3
    assert [c.contact_id for c in seen] == ids
    assert [c.method for c in seen] == [m.value for m in methods]
    assert seen[0].notes.startswith("Talked through")
    assert len(records.list_contacts(ListSupportContacts("VS-1")).contacts) == 11


def test_a_contact_page_token_works_only_for_its_case(records):
    records.receive_referral(referral())
    records.receive_referral(referral("R-OTHER", case_reference="VS-2"))
    for n in range(2):
        records.record_contact(contact(f"R-{n}"))
    token = records.list_contacts(ListSupportContacts("VS-1", page_size=1)).next_page_token
    for bad in (token, "%%%", "e30"):
        with pytest.raises(InvalidRequest) as error:
            records.list_contacts(ListSupportContacts("VS-2", page_token=bad))
        assert violated_fields(error) == {"page_token"}
    with pytest.raises(InvalidRequest) as error:
        records.list_contacts(ListSupportContacts("", page_size=-5))
    assert violated_fields(error) == {"case_reference", "page_size"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contacted_at": None}, "contacted_at"),
        ({"contacted_at": datetime.now(UTC) + timedelta(hours=1)}, "contacted_at"),
        ({"method": None}, "method"),
        ({"notes": "x" * 10_001}, "notes"),
        ({"case_reference": ""}, "case_reference"),
    ],
)
def test_bad_contacts_name_the_field_and_record_nothing(records, changes, field):
    records.receive_referral(referral())
    with pytest.raises(InvalidRequest) as error:
        records.record_contact(contact(**changes))
    assert field in violated_fields(error)
    assert records.get_case("VS-1").contacts == []


def test_closing_a_case_ends_its_support_and_takes_no_more_contacts(records):
    records.receive_referral(referral())
    records.agree_support_plan(plan())
    records.close_case(CloseCase("R-CLOSE", "VS-1", CaseOutcome.RESOLVED, satisfaction=5))
    records.close_case(CloseCase("R-CLOSE", "VS-1", CaseOutcome.RESOLVED, satisfaction=5))
    case = records.get_case("VS-1")
    assert (case.closed, case.closure.outcome, case.closure.satisfaction) == (True, "resolved", 5)
    assert (case.support, case.plan.open) == ([], False)
    with pytest.raises(FailedPrecondition):
        records.record_contact(contact())
    with pytest.raises(FailedPrecondition):
        records.agree_support_plan(plan("R-LATE"))


def test_a_case_opened_without_a_referral_has_none(records):
    records.open_case(OpenCase("R-OPEN", "VS-1", ANN))
    case = records.get_case("VS-1")
    assert (case.referral, case.needs, case.plan, case.contacts) == (None, (), None, [])


def test_error_messages_do_not_repeat_what_was_submitted(records):
    canary = "Zebedee-Canary-7731"
    with pytest.raises(InvalidRequest) as error:
        records.receive_referral(referral(subject=Subject(canary * 10, canary, canary, canary)))
    assert canary not in str(error.value)
    records.receive_referral(referral())
    with pytest.raises(InvalidRequest) as error:
        records.record_contact(contact(notes=canary * 1000))
    assert canary not in str(error.value)


# Sharing


def shared_events(records, payload: str | None = None) -> list[pb.CaseEvent]:
    return shared(records, VICTIM_SUPPORT, payload)


@pytest.mark.parametrize(
    ("agency", "source", "counterpart", "other_source"),
    [
        (AgencyKind.DDPO, None, vocab.AGENCY_KIND_DDPO, pb.REFERRAL_SOURCE_UNSPECIFIED),
        (None, ReferralSource.SELF, vocab.AGENCY_KIND_UNSPECIFIED, pb.REFERRAL_SOURCE_SELF),
    ],
)
def test_a_referral_is_shared_as_received_from_its_source(
    records, agency, source, counterpart, other_source
):
    records.receive_referral(referral(referring_agency=agency, other_source=source))
    assert [e.WhichOneof("payload") for e in shared_events(records)] == [
        "case_opened",
        "consent_recorded",
        "referral_made",
    ]
    [event] = shared_events(records, "referral_made")
    made = event.referral_made
    assert (made.direction, made.counterpart, made.other_source) == (
        pb.REFERRAL_DIRECTION_RECEIVED,
        counterpart,
        other_source,
    )
    assert event.occurred_at.ToDatetime(tzinfo=UTC) == RECEIVED


def test_the_support_plan_is_shared_as_an_action_and_each_area_as_support(records):
    records.receive_referral(referral())
    records.assess_needs(
        AssessNeeds("R-NEEDS", "VS-1", (SupportArea.EMOTIONAL, SupportArea.HOUSING), RiskLevel.HIGH)
    )
    review = datetime.now(UTC).replace(microsecond=0) + timedelta(days=28)
    plan_id = records.agree_support_plan(plan(review_due_at=review)).plan_id
    records.agree_support_plan(plan("R-REVISE", SupportArea.CRIMINAL_JUSTICE))
    records.close_case(CloseCase("R-CLOSE", "VS-1", CaseOutcome.RESOLVED, satisfaction=4))

    shared = shared_events(records)[3:]
    assert [e.WhichOneof("payload") for e in shared] == [
        "risk_assessed",
        "action_changed",
        "support_changed",
        "support_changed",
        "action_changed",
        "support_changed",
        "support_changed",
        "action_changed",
        "case_closed",
    ]
    assert shared[0].risk_assessed.level == vocab.RISK_LEVEL_HIGH
    assert shared[0].risk_assessed.assessment_tool == vocab.RISK_TOOL_VICTIM_SUPPORT_NEEDS_AND_RISK
    assert shared[0].risk_assessed.tool == "victim_support_needs_and_risk"
    actions = [
        (e.action_changed.action_id, e.action_changed.type, e.action_changed.open)
        for e in shared
        if e.WhichOneof("payload") == "action_changed"
    ]
    assert actions == [(plan_id, vocab.ACTION_TYPE_SUPPORT_PLAN, True)] * 2 + [
        (plan_id, vocab.ACTION_TYPE_SUPPORT_PLAN, False)
    ]
    assert shared[1].action_changed.due_at.ToDatetime(tzinfo=UTC) == review
    support = [
        (e.support_changed.area, e.support_changed.open)
        for e in shared
        if e.WhichOneof("payload") == "support_changed"
    ]
    assert support == [
        (vocab.SUPPORT_AREA_EMOTIONAL, True),
        (vocab.SUPPORT_AREA_CRIMINAL_JUSTICE, True),
        (vocab.SUPPORT_AREA_EMOTIONAL, False),
        (vocab.SUPPORT_AREA_CRIMINAL_JUSTICE, False),
    ]


def test_no_name_address_needs_or_contact_notes_are_shared(records):
    subject = Subject("Quillon", "Zephyrsmith", "1961-07-19", "ZZ99 9ZZ")
    records.receive_referral(referral(subject=subject))
    records.record_incident(
        RecordIncident(
            "R-INCIDENT",
            "VS-1",
            datetime.now(UTC) - timedelta(days=3),
            (Strand.DISABILITY,),
            HateClassification.HATE_INCIDENT,
            (Perceiver.VICTIM,),
            "ZZ99 9ZZ",
            "They mocked her hearing aid at the bus stop.",
        )
    )
    records.assess_needs(AssessNeeds("R-NEEDS", "VS-1", (SupportArea.HOUSING,), RiskLevel.MEDIUM))
    records.record_contact(
        contact(
            notes="Canary note: cousin Marigold will stay over.", method=SupportContactMethod.EMAIL
        )
    )
    records.agree_support_plan(plan())
    shared = shared_events(records)
    assert not any(
        e.WhichOneof("payload") == "support_changed"
        and e.support_changed.area == vocab.SUPPORT_AREA_HOUSING
        for e in shared
    )
    wire = b"".join(e.SerializeToString() for e in shared).lower()
    for canary in [
        "Quillon",
        "Zephyrsmith",
        "1961-07-19",
        "ZZ99 9ZZ",
        "ZZ999ZZ",
        "hearing aid",
        "Marigold",
        "canary note",
    ]:
        assert canary.lower().encode() not in wire, canary
