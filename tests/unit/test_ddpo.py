"""The DDPO's case records on in-memory persistence (no I/O): reports named,
third-party and anonymous, the wish not to involve the police, access needs and
interpreters, support areas, advocacy time and the waiting list, and what of it
the relay publishes.

tests/integration/test_ddpo_postgres.py runs these same tests on Postgres with
encryption at rest.
"""

import logging
from dataclasses import astuple
from datetime import UTC, datetime, timedelta

import pytest
from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from marac.v1 import case_events_pb2, vocabulary_pb2
from services.common.case import Consent, Subject
from services.common.commands import (
    CloseCase,
    RecordConsent,
    RecordIncident,
    RecordOverride,
    ReferToMarac,
)
from services.common.errors import FailedPrecondition, NotFound
from services.common.matching import subject_key
from services.common.relay import Relay
from services.common.vocabulary import (
    AuthoriserRole,
    CaseOutcome,
    HateClassification,
    LawfulBasis,
    MaracReferralGround,
    Perceiver,
    Purpose,
    Recipient,
    ReportSource,
    Strand,
    SupportArea,
)
from services.ddpo.agency import AGENCY as DDPO
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.commands import (
    AccessArrangement,
    ChangeSupport,
    Interpreter,
    JoinWaitingList,
    LeaveWaitingList,
    ListWaitingList,
    RecordAccessNeeds,
    RecordAdvocacyTime,
    RecordPoliceWish,
    RecordReport,
    StartAdvocacy,
)
from services.ddpo.vocabulary import (
    AccessNeed,
    AdvocacyStatus,
    DdpoIncidentCategory,
    InterpreterRelationship,
    PoliceInvolvement,
    PoliceReluctance,
    ReporterRelationship,
    WaitingListExit,
)
from tests.refusals import REFUSED, fields_named

LINKING_KEY = "22" * 32
ANN = Subject("Ann", "Smith", "1980-02-03", "E1 6AN")
PANEL = Consent(scopes=((Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),))
PROFESSIONAL = Interpreter(InterpreterRelationship.PROFESSIONAL, confirmed_adult=True)
POLICE = vocabulary_pb2.RECIPIENT_POLICE


@pytest.fixture
def records():
    app = DdpoCaseRecords(env={"LINKING_KEY": LINKING_KEY, "AGENCY_ID": "test-ddpo"})
    yield app
    app.close()


def report(request_id="r-report", case_reference="DD-1", **changes) -> RecordReport:
    """The victim's own report of verbal abuse, by default."""
    fields = dict(
        request_id=request_id,
        case_reference=case_reference,
        subject=ANN,
        consent=PANEL,
        source=ReportSource.VICTIM,
        reporter=None,
        police_involvement=PoliceInvolvement.UNDECIDED,
        police_reluctance=(),
        category=DdpoIncidentCategory.VERBAL_ABUSE,
        occurred_at=datetime(2026, 3, 14, 18, 0, tzinfo=UTC),
        strands=(Strand.DISABILITY,),
        classification=HateClassification.HATE_INCIDENT,
        perceived_by=(Perceiver.VICTIM,),
        location_postcode="E1 6AN",
        narrative="The neighbour upstairs threw rubbish into her garden and mocked her.",
    )
    fields.update(changes)
    return RecordReport(**fields)


def anonymous(request_id="r-report", case_reference="DD-1", **changes) -> RecordReport:
    fields = dict(
        subject=None,
        source=ReportSource.ANONYMOUS,
        perceived_by=(Perceiver.THIRD_PARTY,),
        consent=Consent(),
    )
    fields.update(changes)
    return report(request_id, case_reference, **fields)


def violated_fields(error: pytest.ExceptionInfo) -> set[str]:
    return fields_named(error.value, DDPO.refusals)


class SentRecords:
    """Stands in for the Kafka producer: keeps what the relay sends, acknowledged."""

    def __init__(self) -> None:
        self.sent: list[tuple[bytes, bytes]] = []

    def send(self, topic: str, key: bytes, value: bytes):
        self.sent.append((key, value))
        return self

    def get(self, timeout: float | None = None) -> None:
        return None


def published(records: DdpoCaseRecords) -> list[tuple[bytes, case_events_pb2.CaseEvent]]:
    """What the DDPO's relay publishes of everything recorded so far: (key, event)."""
    producer = SentRecords()
    relay = Relay(
        records,
        POPOTrackingRecorder(),
        producer,  # type: ignore[arg-type]
        "ddpo-topic",
        DDPO.allow_list,
        DDPO.agency.kind,
        logging.getLogger("test"),
    )
    batch = [
        (records.mapper.to_domain_event(n), Tracking(records.name, n.id))
        for n in records.recorder.select_notifications(start=1, limit=10_000)
    ]
    relay.publish(batch)
    return [(key, case_events_pb2.CaseEvent.FromString(value)) for key, value in producer.sent]


def payloads(records: DdpoCaseRecords, kind: str) -> list:
    return [getattr(e, kind) for _, e in published(records) if e.WhichOneof("payload") == kind]


# Reports named, third-party and anonymous


def test_an_anonymous_report_names_no_one_and_still_counts_in_hotspot_figures(records):
    accepted = records.record_report(
        anonymous(strands=(Strand.DISABILITY, Strand.RACE), location_postcode="E1 6AN")
    )

    assert accepted.subject_key == ""
    case = records.get_case("DD-1")
    assert case.subject is None
    sent = published(records)
    assert [e.WhichOneof("payload") for _, e in sent] == [
        "case_opened",
        "consent_recorded",
        "incident_reported",
    ]
    assert {key for key, _ in sent} == {b""}
    assert {e.subject_key for _, e in sent} == {""}
    incident = sent[-1][1].incident_reported
    assert incident.postcode_district == "E1"
    assert list(incident.strands) == [vocabulary_pb2.STRAND_DISABILITY, vocabulary_pb2.STRAND_RACE]
    assert incident.source == vocabulary_pb2.REPORT_SOURCE_ANONYMOUS
    assert incident.incident_category == vocabulary_pb2.INCIDENT_CATEGORY_VERBAL_ABUSE
    assert sent[-1][1].occurred_at.ToDatetime(tzinfo=UTC) == datetime(2026, 3, 14, 18, tzinfo=UTC)


def test_a_third_party_report_links_the_victim_by_the_same_match_key_as_other_agencies(records):
    accepted = records.record_report(
        report(source=ReportSource.THIRD_PARTY, reporter=ReporterRelationship.CARER)
    )

    assert accepted.subject_key == subject_key(bytes.fromhex(LINKING_KEY), *astuple(ANN))
    case = records.get_case("DD-1")
    assert case.reporters[accepted.incident_id] == "carer"
    sent = published(records)
    assert {key for key, _ in sent} == {accepted.subject_key.encode()}
    [incident] = payloads(records, "incident_reported")
    assert incident.source == vocabulary_pb2.REPORT_SOURCE_THIRD_PARTY


def test_a_third_party_who_cannot_name_the_victim_makes_a_report_that_names_no_one(records):
    accepted = records.record_report(
        report(subject=None, source=ReportSource.THIRD_PARTY, reporter=ReporterRelationship.WITNESS)
    )
    assert accepted.subject_key == ""
    assert not records.get_case("DD-1").named


def test_a_case_that_names_no_one_takes_further_reports_but_no_name(records):
    records.record_report(anonymous())
    with pytest.raises(REFUSED) as named:
        records.record_report(
            report("r-2", source=ReportSource.THIRD_PARTY, reporter=ReporterRelationship.FRIEND)
        )
    assert violated_fields(named) == {"subject"}
    with pytest.raises(REFUSED) as own:
        records.record_report(report("r-3", subject=None))
    assert violated_fields(own) == {"source"}

    records.record_report(anonymous("r-4"))
    assert len(records.get_case("DD-1").incidents) == 2


def test_a_report_on_a_named_case_may_not_name_someone_else(records):
    records.record_report(report())
    with pytest.raises(FailedPrecondition):
        records.record_report(
            report("r-2", subject=Subject("Bob", "Jones", "1975-05-05", "E2 7AB"))
        )


def test_a_retried_report_is_applied_once(records):
    first = records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED))
    version = records.get_case("DD-1").version

    assert records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED)) == first
    case = records.get_case("DD-1")
    assert case.version == version
    assert list(case.incidents) == [first.incident_id]


# Consent and the wish not to involve the police


def test_consent_is_recorded_with_each_report(records):
    records.record_report(report(consent=PANEL))
    later = Consent(
        scopes=(
            (Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),
            (Recipient.SOCIAL_LANDLORD, Purpose.RISK_ASSESSMENT),
        )
    )
    records.record_report(report("r-2", consent=later, police_involvement=None))

    consents = payloads(records, "consent_recorded")
    assert [len(c.scopes) for c in consents] == [1, 2]
    assert consents[1].change == case_events_pb2.CONSENT_CHANGE_WIDENED
    assert records.get_case("DD-1").consent.scopes == (
        ("marac_panel", "marac_discussion"),
        ("social_landlord", "risk_assessment"),
    )


def test_the_wish_not_to_involve_the_police_refuses_them_in_every_shared_consent(records):
    records.record_report(
        report(
            police_involvement=PoliceInvolvement.NOT_WANTED,
            police_reluctance=(
                PoliceReluctance.EVIDENCE_THRESHOLD,
                PoliceReluctance.POOR_PREVIOUS_EXPERIENCE,
            ),
        )
    )
    # Neither the kernel's RecordConsent nor a later report has to repeat the refusal.
    records.record_consent(
        RecordConsent(
            "r-consent",
            "DD-1",
            Consent(scopes=((Recipient.VICTIM_SUPPORT, Purpose.REFERRAL),)),
        )
    )
    records.record_report(report("r-2", police_involvement=None))

    consents = payloads(records, "consent_recorded")
    assert len(consents) == 3
    for consent in consents:
        assert list(consent.refused_recipients) == [POLICE]
        assert POLICE not in {s.recipient for s in consent.scopes}
    case = records.get_case("DD-1")
    assert case.police_reluctance == ("evidence_threshold", "poor_previous_experience")


def test_the_refusal_reaches_the_topic_before_the_incident_it_covers(records):
    records.record_report(anonymous(police_involvement=PoliceInvolvement.NOT_WANTED))
    kinds = [e.WhichOneof("payload") for _, e in published(records)]
    assert kinds.index("consent_recorded") < kinds.index("incident_reported")


@pytest.mark.parametrize(
    "record",
    [
        lambda records: records.record_report(
            report(
                "r-2",
                police_involvement=None,
                consent=Consent(((Recipient.POLICE, Purpose.REFERRAL),)),
            )
        ),
        lambda records: records.record_consent(
            RecordConsent("r-2", "DD-1", Consent(((Recipient.POLICE, Purpose.RISK_ASSESSMENT),)))
        ),
    ],
    ids=["report", "kernel RecordConsent"],
)
def test_nothing_is_consented_to_the_police_while_the_victim_does_not_want_them(records, record):
    records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED))
    with pytest.raises(REFUSED) as error:
        record(records)
    assert violated_fields(error) == {"consent.scopes[0].recipient"}
    case = records.get_case("DD-1")
    assert case.consent.scopes == (("marac_panel", "marac_discussion"),)
    assert len(case.incidents) == 1


def test_a_report_cannot_both_refuse_the_police_and_want_them(records):
    contradiction = Consent(refused=(Recipient.POLICE,))
    with pytest.raises(REFUSED) as error:
        records.record_report(
            report(police_involvement=PoliceInvolvement.WANTED, consent=contradiction)
        )
    assert violated_fields(error) == {"consent.refused_recipients[0]"}
    with pytest.raises(REFUSED) as not_wanted:
        records.record_report(
            report(
                police_involvement=PoliceInvolvement.NOT_WANTED,
                consent=Consent(((Recipient.POLICE, Purpose.REFERRAL),)),
            )
        )
    assert violated_fields(not_wanted) == {"consent.scopes[0].recipient"}


def test_a_changed_wish_changes_what_the_consent_refuses(records):
    both = Consent(
        scopes=(
            (Recipient.POLICE, Purpose.RISK_ASSESSMENT),
            (Recipient.MARAC_PANEL, Purpose.MARAC_DISCUSSION),
        )
    )
    records.record_report(report(consent=both))

    not_wanted = RecordPoliceWish(
        "r-wish", "DD-1", PoliceInvolvement.NOT_WANTED, (PoliceReluctance.FEAR_OF_REPRISAL,)
    )
    assert records.record_police_wish(not_wanted).consent_change == "narrowed"
    # A retry changes nothing.
    assert records.record_police_wish(not_wanted).consent_change == "narrowed"
    case = records.get_case("DD-1")
    assert case.consent.scopes == (("marac_panel", "marac_discussion"),)
    assert case.consent.refused == ("police",)

    records.record_police_wish(RecordPoliceWish("r-wish-2", "DD-1", PoliceInvolvement.WANTED))
    case = records.get_case("DD-1")
    assert case.consent.refused == ()
    assert case.police_reluctance == ()
    assert [list(c.refused_recipients) for c in payloads(records, "consent_recorded")] == [
        [],
        [POLICE],
        [],
    ]


def test_only_a_lawful_basis_override_shares_with_the_police_against_the_wish(records):
    records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED))
    records.record_override(
        RecordOverride(
            "r-override", "DD-1", LawfulBasis.SAFEGUARDING_INDIVIDUALS_AT_RISK,
            ((Recipient.POLICE, Purpose.RISK_ASSESSMENT),), "Pat Lead",
            AuthoriserRole.DESIGNATED_SAFEGUARDING_LEAD, "Threats to kill.",
            datetime.now(UTC) + timedelta(days=7),
        )
    )  # fmt: skip
    [shared] = payloads(records, "override_recorded")
    assert [s.recipient for s in shared.scopes] == [POLICE]
    assert shared.basis == vocabulary_pb2.LAWFUL_BASIS_SAFEGUARDING_INDIVIDUALS_AT_RISK
    # The override is recorded beside the consent, which still refuses the police.
    assert records.get_case("DD-1").consent.refused == ("police",)


def test_restating_the_wish_records_no_consent_change(records):
    records.record_report(report(police_involvement=PoliceInvolvement.NOT_WANTED))
    again = RecordPoliceWish("r-wish", "DD-1", PoliceInvolvement.NOT_WANTED)
    assert records.record_police_wish(again).consent_change is None
    assert len(payloads(records, "consent_recorded")) == 1


# Access needs and interpreters


def test_access_needs_are_recorded_and_replaced(records):
    records.record_report(report())
    records.record_access_needs(
        RecordAccessNeeds(
            "r-needs",
            "DD-1",
            (
                AccessArrangement(AccessNeed.BSL_INTERPRETER, interpreter=PROFESSIONAL),
                AccessArrangement(AccessNeed.SPOKEN_LANGUAGE_INTERPRETER, "syl", PROFESSIONAL),
                AccessArrangement(AccessNeed.SPOKEN_LANGUAGE_INTERPRETER, "bn"),
                AccessArrangement(AccessNeed.EASY_READ),
                AccessArrangement(AccessNeed.BRAILLE),
            ),
        )
    )
    case = records.get_case("DD-1")
    assert [(n["need"], n["language"]) for n in case.access_needs] == [
        ("bsl_interpreter", ""),
        ("spoken_language_interpreter", "syl"),
        ("spoken_language_interpreter", "bn"),
        ("easy_read", ""),
        ("braille", ""),
    ]
    assert case.access_needs[0]["interpreter"] == {
        "relationship": "professional",
        "confirmed_adult": True,
    }

    records.record_access_needs(
        RecordAccessNeeds("r-needs-2", "DD-1", (AccessArrangement(AccessNeed.LARGE_PRINT),))
    )
    assert [n["need"] for n in records.get_case("DD-1").access_needs] == ["large_print"]


def test_a_sign_language_interpreter_may_name_the_sign_language(records):
    records.record_report(report())
    irish = AccessArrangement(AccessNeed.BSL_INTERPRETER, "isg", PROFESSIONAL)
    records.record_access_needs(RecordAccessNeeds("r-needs", "DD-1", (irish,)))
    assert [(n["need"], n["language"]) for n in records.get_case("DD-1").access_needs] == [
        ("bsl_interpreter", "isg")
    ]
    with pytest.raises(REFUSED) as error:
        records.record_access_needs(
            RecordAccessNeeds(
                "r-needs-2", "DD-1", (AccessArrangement(AccessNeed.BSL_INTERPRETER, "BSL!"),)
            )
        )
    assert violated_fields(error) == {"access_needs[0].language"}


@pytest.mark.parametrize(
    ("interpreter", "fields"),
    [
        (
            Interpreter(InterpreterRelationship.CHILD, confirmed_adult=False),
            {
                "access_needs[0].interpreter.relationship",
                "access_needs[0].interpreter.confirmed_adult",
            },
        ),
        (
            Interpreter(InterpreterRelationship.CHILD, confirmed_adult=True),
            {"access_needs[0].interpreter.relationship"},
        ),
        (
            Interpreter(InterpreterRelationship.PROFESSIONAL, confirmed_adult=False),
            {"access_needs[0].interpreter.confirmed_adult"},
        ),
        (
            Interpreter(InterpreterRelationship.FAMILY_MEMBER, confirmed_adult=True),
            {"access_needs[0].interpreter.relationship"},
        ),
        (
            Interpreter(InterpreterRelationship.CARER, confirmed_adult=True),
            {"access_needs[0].interpreter.relationship"},
        ),
        (Interpreter(None, confirmed_adult=True), {"access_needs[0].interpreter.relationship"}),
    ],
    ids=[
        "child",
        "child said to be adult",
        "age unconfirmed",
        "family",
        "carer",
        "no relationship",
    ],
)
def test_an_interpreter_is_never_a_child_and_always_an_independent_professional(
    records, interpreter, fields
):
    records.record_report(report())
    with pytest.raises(REFUSED) as error:
        records.record_access_needs(
            RecordAccessNeeds(
                "r-needs", "DD-1", (AccessArrangement(AccessNeed.BSL_INTERPRETER, "", interpreter),)
            )
        )
    assert violated_fields(error) == fields
    assert records.get_case("DD-1").access_needs == []


def test_a_child_interpreter_is_refused_in_words_that_say_so(records):
    records.record_report(report())
    child = Interpreter(InterpreterRelationship.CHILD, confirmed_adult=False)
    with pytest.raises(REFUSED) as error:
        records.record_access_needs(
            RecordAccessNeeds(
                "r-needs",
                "DD-1",
                (AccessArrangement(AccessNeed.SPOKEN_LANGUAGE_INTERPRETER, "bn", child),),
            )
        )
    assert all("never a child" in v.description for v in error.value.violations)


@pytest.mark.parametrize(
    ("needs", "field"),
    [
        ((AccessArrangement(AccessNeed.SPOKEN_LANGUAGE_INTERPRETER),), "access_needs[0].language"),
        (
            (AccessArrangement(AccessNeed.SPOKEN_LANGUAGE_INTERPRETER, "Bengali"),),
            "access_needs[0].language",
        ),
        ((AccessArrangement(AccessNeed.EASY_READ, "en"),), "access_needs[0].language"),
        (
            (AccessArrangement(AccessNeed.BRAILLE, interpreter=PROFESSIONAL),),
            "access_needs[0].interpreter",
        ),
        (
            (AccessArrangement(AccessNeed.EASY_READ), AccessArrangement(AccessNeed.EASY_READ)),
            "access_needs[1]",
        ),
        ((AccessArrangement(None),), "access_needs[0].need"),
    ],
    ids=[
        "no language",
        "language not a tag",
        "language on easy read",
        "interpreter on braille",
        "repeated",
        "no need",
    ],
)
def test_bad_access_needs_name_the_field_and_record_nothing(records, needs, field):
    records.record_report(report())
    with pytest.raises(REFUSED) as error:
        records.record_access_needs(RecordAccessNeeds("r-needs", "DD-1", needs))
    assert field in violated_fields(error)
    assert records.get_case("DD-1").access_needs == []


@pytest.mark.parametrize(
    "command",
    [
        RecordAccessNeeds("r-x", "DD-1", (AccessArrangement(AccessNeed.EASY_READ),)),
        ReferToMarac("r-x", "DD-1", MaracReferralGround.PROFESSIONAL_JUDGEMENT, "Repeat reports."),
        # The kernel's incident is the victim's own report.
        RecordIncident(
            "r-x",
            "DD-1",
            datetime(2026, 3, 15, tzinfo=UTC),
            (Strand.DISABILITY,),
            HateClassification.HATE_INCIDENT,
            (Perceiver.VICTIM,),
        ),
        ChangeSupport("r-x", "DD-1", SupportArea.HOUSING, open=True),
        RecordAdvocacyTime("r-x", "DD-1", "2026-03-16", 60),
        JoinWaitingList("r-x", "DD-1"),
        StartAdvocacy("r-x", "DD-1"),
    ],
    ids=lambda command: type(command).__name__,
)
def test_a_case_that_names_no_one_has_no_one_to_advocate_for(records, command):
    records.record_report(anonymous())
    run = {
        RecordAccessNeeds: records.record_access_needs,
        ChangeSupport: records.change_support,
        RecordAdvocacyTime: records.record_advocacy_time,
        JoinWaitingList: records.join_waiting_list,
        StartAdvocacy: records.start_advocacy,
        ReferToMarac: records.refer_to_marac,
        RecordIncident: records.record_incident,
    }[type(command)]
    version = records.get_case("DD-1").version
    with pytest.raises(REFUSED) as error:
        run(command)
    assert violated_fields(error) == {"case_reference"}
    assert records.get_case("DD-1").version == version


# Support areas and advocacy time


def test_support_areas_open_and_end_and_are_shared(records):
    records.record_report(report())
    records.change_support(ChangeSupport("r-1", "DD-1", SupportArea.HOUSING, open=True))
    records.change_support(ChangeSupport("r-2", "DD-1", SupportArea.EMOTIONAL, open=True))
    records.change_support(ChangeSupport("r-3", "DD-1", SupportArea.HOUSING, open=False))
    # Opening what is already open records nothing.
    records.change_support(ChangeSupport("r-4", "DD-1", SupportArea.EMOTIONAL, open=True))

    assert records.get_case("DD-1").open_support == ["emotional"]
    assert [(s.area, s.open) for s in payloads(records, "support_changed")] == [
        (vocabulary_pb2.SUPPORT_AREA_HOUSING, True),
        (vocabulary_pb2.SUPPORT_AREA_EMOTIONAL, True),
        (vocabulary_pb2.SUPPORT_AREA_HOUSING, False),
    ]


@pytest.mark.parametrize("area", [SupportArea.ADVOCACY, SupportArea.PRACTICAL, None])
def test_support_is_in_the_ddpo_areas(records, area):
    records.record_report(report())
    with pytest.raises(REFUSED) as error:
        records.change_support(ChangeSupport("r-1", "DD-1", area, open=True))
    assert violated_fields(error) == {"area"}


def test_advocacy_time_adds_up_and_stays_with_the_ddpo(records):
    records.record_report(report())
    first = RecordAdvocacyTime("r-1", "DD-1", "2026-03-16", 90, SupportArea.HOUSING)
    assert records.record_advocacy_time(first).total_minutes == 90
    second = RecordAdvocacyTime("r-2", "DD-1", "2026-03-17", 30)
    assert records.record_advocacy_time(second).total_minutes == 120
    # A retry answers as the first time.
    assert records.record_advocacy_time(first).total_minutes == 90
    assert records.get_case("DD-1").advocacy_minutes == 120
    assert [e.WhichOneof("payload") for _, e in published(records)] == [
        "case_opened",
        "consent_recorded",
        "incident_reported",
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 721}, "minutes"),
        ({"worked_on": "16/03/2026"}, "worked_on"),
        ({"worked_on": ""}, "worked_on"),
        ({"worked_on": (datetime.now(UTC) + timedelta(days=3)).date().isoformat()}, "worked_on"),
        ({"area": SupportArea.ADVOCACY}, "area"),
    ],
)
def test_bad_advocacy_time_names_the_field(records, changes, field):
    records.record_report(report())
    fields = dict(request_id="r-1", case_reference="DD-1", worked_on="2026-03-16", minutes=60)
    fields.update(changes)
    with pytest.raises(REFUSED) as error:
        records.record_advocacy_time(RecordAdvocacyTime(**fields))
    assert violated_fields(error) == {field}
    assert records.get_case("DD-1").advocacy_minutes == 0


# The waiting list


def open_cases(records, *references: str) -> None:
    for n, reference in enumerate(references):
        person = Subject("Person", f"Number{n}", "1970-01-01", "E1 6AN")
        records.record_report(report(f"r-{reference}", reference, subject=person))


def test_the_waiting_list_pages_in_joining_order_as_people_come_and_go(records):
    open_cases(records, "DD-1", "DD-2", "DD-3", "DD-4", "DD-5", "DD-6")
    for reference in ("DD-1", "DD-2", "DD-3", "DD-4", "DD-5"):
        records.join_waiting_list(JoinWaitingList(f"j-{reference}", reference))

    first = records.waiting_list(ListWaitingList(page_size=2))
    assert [(e.case_reference, e.place) for e in first.entries] == [("DD-1", 1), ("DD-2", 2)]
    assert first.total_waiting == 5
    assert first.next_page_token

    # Between pages one person is taken on and another joins.
    records.start_advocacy(StartAdvocacy("s-3", "DD-3"))
    records.join_waiting_list(JoinWaitingList("j-DD-6", "DD-6"))

    second = records.waiting_list(ListWaitingList(2, first.next_page_token))
    assert [(e.case_reference, e.place) for e in second.entries] == [("DD-4", 3), ("DD-5", 4)]
    last = records.waiting_list(ListWaitingList(2, second.next_page_token))
    assert [(e.case_reference, e.place) for e in last.entries] == [("DD-6", 5)]
    assert last.next_page_token == ""


def test_the_waiting_list_shows_what_to_arrange_before_first_contact(records):
    open_cases(records, "DD-1")
    records.record_access_needs(
        RecordAccessNeeds(
            "r-needs", "DD-1", (AccessArrangement(AccessNeed.BSL_INTERPRETER, "", PROFESSIONAL),)
        )
    )
    joined = records.join_waiting_list(JoinWaitingList("j-1", "DD-1"))
    assert joined.place == 1

    [entry] = records.waiting_list(ListWaitingList()).entries
    assert entry.access_needs == ("bsl_interpreter",)
    assert entry.joined_at == joined.joined_at


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (ListWaitingList(page_size=-1), "page_size"),
        (ListWaitingList(page_token="not-a-token"), "page_token"),
        (ListWaitingList(page_token="W1siY3JpbWVzIiwgM10"), "page_token"),
        (ListWaitingList(page_token="x" * 500), "page_token"),
    ],
)
def test_bad_page_requests_name_the_field(records, query, field):
    with pytest.raises(REFUSED) as error:
        records.waiting_list(query)
    assert violated_fields(error) == {field}


def test_starting_advocacy_or_closing_the_case_takes_it_off_the_waiting_list(records):
    open_cases(records, "DD-1", "DD-2", "DD-3")
    for reference in ("DD-1", "DD-2"):
        records.join_waiting_list(JoinWaitingList(f"j-{reference}", reference))

    records.start_advocacy(StartAdvocacy("s-1", "DD-1"))
    records.close_case(CloseCase("c-2", "DD-2", CaseOutcome.UNABLE_TO_CONTACT))
    # Urgent cases need not wait.
    records.start_advocacy(StartAdvocacy("s-3", "DD-3"))

    assert records.waiting_list(ListWaitingList()).entries == []
    assert records.get_case("DD-1").advocacy_status == AdvocacyStatus.ACTIVE
    assert records.get_case("DD-2").advocacy_status == AdvocacyStatus.NOT_STARTED
    assert [(s.area, s.open) for s in payloads(records, "support_changed")] == [
        (vocabulary_pb2.SUPPORT_AREA_ADVOCACY, True),
        (vocabulary_pb2.SUPPORT_AREA_ADVOCACY, True),
    ]
    records.close_case(CloseCase("c-1", "DD-1", CaseOutcome.RESOLVED, satisfaction=5))
    assert records.get_case("DD-1").advocacy_status == AdvocacyStatus.ENDED


def test_leaving_the_waiting_list_and_joining_again_goes_to_the_back(records):
    open_cases(records, "DD-1", "DD-2")
    records.join_waiting_list(JoinWaitingList("j-1", "DD-1"))
    records.join_waiting_list(JoinWaitingList("j-2", "DD-2"))
    records.leave_waiting_list(LeaveWaitingList("l-1", "DD-1", WaitingListExit.DECLINED))
    assert records.join_waiting_list(JoinWaitingList("j-1b", "DD-1")).place == 2
    assert [e.case_reference for e in records.waiting_list(ListWaitingList()).entries] == [
        "DD-2",
        "DD-1",
    ]


def test_the_waiting_list_refuses_what_cannot_be(records):
    open_cases(records, "DD-1")
    with pytest.raises(NotFound):
        records.leave_waiting_list(LeaveWaitingList("l-1", "DD-1", WaitingListExit.DECLINED))
    records.join_waiting_list(JoinWaitingList("j-1", "DD-1"))
    with pytest.raises(FailedPrecondition):
        records.join_waiting_list(JoinWaitingList("j-2", "DD-1"))
    records.start_advocacy(StartAdvocacy("s-1", "DD-1"))
    with pytest.raises(FailedPrecondition):
        records.join_waiting_list(JoinWaitingList("j-3", "DD-1"))
    with pytest.raises(FailedPrecondition):
        records.start_advocacy(StartAdvocacy("s-2", "DD-1"))
    with pytest.raises(REFUSED) as error:
        records.leave_waiting_list(LeaveWaitingList("l-2", "DD-1", None))
    assert violated_fields(error) == {"reason"}
    with pytest.raises(NotFound):
        records.join_waiting_list(JoinWaitingList("j-4", "DD-404"))


def test_a_retried_join_is_applied_once(records):
    open_cases(records, "DD-1")
    first = records.join_waiting_list(JoinWaitingList("j-1", "DD-1"))
    version = records.get_case("DD-1").version
    assert records.join_waiting_list(JoinWaitingList("j-1", "DD-1")) == first
    assert records.get_case("DD-1").version == version
    assert records.waiting_list(ListWaitingList()).total_waiting == 1


# Validation and privacy


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"request_id": ""}, "request_id"),
        ({"case_reference": "C" * 65}, "case_reference"),
        ({"consent": None}, "consent"),
        ({"source": None}, "source"),
        ({"source": ReportSource.THIRD_PARTY}, "reporter_relationship"),
        ({"reporter": ReporterRelationship.CARER}, "reporter_relationship"),
        ({"source": ReportSource.ANONYMOUS}, "subject"),
        ({"subject": None}, "subject"),
        ({"subject": Subject("", "Smith", "1980-02-03", "E1 6AN")}, "subject.given_name"),
        ({"subject": Subject("Ann", "Smith", "3/2/1980", "E1 6AN")}, "subject.date_of_birth"),
        ({"police_involvement": None}, "police_involvement"),
        ({"police_reluctance": (PoliceReluctance.DISTRUST_OF_POLICE,)}, "police_reluctance"),
        ({"category": None}, "category"),
        ({"classification": None}, "classification"),
        ({"strands": ()}, "strands"),
        ({"perceived_by": ()}, "perceived_by"),
        ({"occurred_at": None}, "occurred_at"),
        ({"occurred_at": datetime.now(UTC) + timedelta(days=2)}, "occurred_at"),
        ({"location_postcode": "nowhere"}, "location_postcode"),
        ({"narrative": "x" * 10_001}, "narrative"),
        (
            {"category": None, "unknown_values": (("category", "is not a known category"),)},
            "category",
        ),
    ],
)
def test_bad_reports_name_the_field_and_record_nothing(records, changes, field):
    with pytest.raises(REFUSED) as error:
        records.record_report(report(**changes))
    assert field in violated_fields(error)
    with pytest.raises(NotFound):
        records.get_case("DD-1")


def test_error_messages_do_not_repeat_what_was_submitted(records):
    canary = "Zebedee-Canary-7731"
    with pytest.raises(REFUSED) as error:
        records.record_report(
            report(
                subject=Subject(canary * 10, canary, canary, canary),
                location_postcode=canary,
                source=ReportSource.ANONYMOUS,
            )
        )
    assert canary not in str(error.value)


def test_no_name_address_narrative_or_advocacy_detail_is_published(records):
    canaries = ["Quillon", "Zephyrsmith", "1961-07-19", "ZZ99 9ZZ", "ZZ999ZZ",
                "Kettle-Canary-4471", "evidence_threshold", "bsl_interpreter", "carer",
                "declined"]  # fmt: skip
    subject = Subject("Quillon", "Zephyrsmith", "1961-07-19", "ZZ99 9ZZ")
    narrative = "Kettle-Canary-4471: he threw things from the balcony."
    records.record_report(
        report(
            subject=subject,
            source=ReportSource.THIRD_PARTY,
            reporter=ReporterRelationship.CARER,
            police_involvement=PoliceInvolvement.NOT_WANTED,
            police_reluctance=(PoliceReluctance.EVIDENCE_THRESHOLD,),
            location_postcode="ZZ99 9ZZ",
            narrative=narrative,
        )
    )
    records.record_report(
        anonymous("r-anon", "DD-2", location_postcode="ZZ99 9ZZ", narrative=narrative)
    )
    records.record_access_needs(
        RecordAccessNeeds(
            "r-needs", "DD-1", (AccessArrangement(AccessNeed.BSL_INTERPRETER, "", PROFESSIONAL),)
        )
    )
    records.join_waiting_list(JoinWaitingList("j-1", "DD-1"))
    records.leave_waiting_list(LeaveWaitingList("l-1", "DD-1", WaitingListExit.DECLINED))
    records.start_advocacy(StartAdvocacy("s-1", "DD-1"))
    records.change_support(ChangeSupport("r-s", "DD-1", SupportArea.FINANCIAL, open=True))
    records.record_advocacy_time(RecordAdvocacyTime("r-t", "DD-1", "2026-03-16", 45))
    records.close_case(CloseCase("r-close", "DD-1", CaseOutcome.RESOLVED, satisfaction=4))

    sent = published(records)
    assert {e.WhichOneof("payload") for _, e in sent} == {
        "case_opened",
        "consent_recorded",
        "incident_reported",
        "support_changed",
        "case_closed",
    }
    incidents = [e.incident_reported for _, e in sent if e.HasField("incident_reported")]
    assert {incident.postcode_district for incident in incidents} == {"ZZ99"}
    wire = b"".join(key + value.SerializeToString() for key, value in sent).lower()
    for canary in canaries:
        assert canary.lower().encode() not in wire, canary
