"""The DDPO's advocacy: access needs and interpreters (never a child), support areas,
advocacy time, and the waiting list from joining to an advocate taking the case."""

from datetime import UTC, datetime, timedelta

import pytest

from marac.v1 import vocabulary_pb2
from services.common.commands import (
    CloseCase,
    RecordIncident,
    ReferToMarac,
)
from services.common.errors import FailedPrecondition, NotFound
from services.common.vocabulary import (
    CaseOutcome,
    HateClassification,
    MaracReferralGround,
    Perceiver,
    Strand,
    SupportArea,
)
from services.ddpo.commands import (
    AccessArrangement,
    ChangeSupport,
    Interpreter,
    JoinWaitingList,
    LeaveWaitingList,
    ListWaitingList,
    RecordAccessNeeds,
    RecordAdvocacyTime,
    StartAdvocacy,
)
from services.ddpo.vocabulary import (
    AccessNeed,
    AdvocacyStatus,
    InterpreterRelationship,
    WaitingListExit,
)
from tests.refusals import REFUSED
from tests.unit.ddpo_records import *  # noqa: F403 (its fixture: records)
from tests.unit.ddpo_records import (
    PROFESSIONAL,
    anonymous,
    open_cases,
    payloads,
    published,
    report,
    violated_fields,
)

# Access needs and interpreters


def test_access_needs_are_recorded_and_replaced(records):
    records.record_report(report())
    records.record_access_needs(
        RecordAccessNeeds(
            "R-NEEDS",
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
        RecordAccessNeeds("R-NEEDS-2", "DD-1", (AccessArrangement(AccessNeed.LARGE_PRINT),))
    )
    assert [n["need"] for n in records.get_case("DD-1").access_needs] == ["large_print"]


def test_a_sign_language_interpreter_may_name_the_sign_language(records):
    records.record_report(report())
    irish = AccessArrangement(AccessNeed.BSL_INTERPRETER, "isg", PROFESSIONAL)
    records.record_access_needs(RecordAccessNeeds("R-NEEDS", "DD-1", (irish,)))
    assert [(n["need"], n["language"]) for n in records.get_case("DD-1").access_needs] == [
        ("bsl_interpreter", "isg")
    ]
    with pytest.raises(REFUSED) as error:
        records.record_access_needs(
            RecordAccessNeeds(
                "R-NEEDS-2", "DD-1", (AccessArrangement(AccessNeed.BSL_INTERPRETER, "BSL!"),)
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
                "R-NEEDS", "DD-1", (AccessArrangement(AccessNeed.BSL_INTERPRETER, "", interpreter),)
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
                "R-NEEDS",
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
        records.record_access_needs(RecordAccessNeeds("R-NEEDS", "DD-1", needs))
    assert field in violated_fields(error)
    assert records.get_case("DD-1").access_needs == []


@pytest.mark.parametrize(
    "command",
    [
        RecordAccessNeeds("R-X", "DD-1", (AccessArrangement(AccessNeed.EASY_READ),)),
        ReferToMarac("R-X", "DD-1", MaracReferralGround.PROFESSIONAL_JUDGEMENT, "Repeat reports."),
        # The kernel's incident is the victim's own report.
        RecordIncident(
            "R-X",
            "DD-1",
            datetime(2026, 3, 15, tzinfo=UTC),
            (Strand.DISABILITY,),
            HateClassification.HATE_INCIDENT,
            (Perceiver.VICTIM,),
        ),
        ChangeSupport("R-X", "DD-1", SupportArea.HOUSING, open=True),
        RecordAdvocacyTime("R-X", "DD-1", "2026-03-16", 60),
        JoinWaitingList("R-X", "DD-1"),
        StartAdvocacy("R-X", "DD-1"),
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
    records.change_support(ChangeSupport("R-1", "DD-1", SupportArea.HOUSING, open=True))
    records.change_support(ChangeSupport("R-2", "DD-1", SupportArea.EMOTIONAL, open=True))
    records.change_support(ChangeSupport("R-3", "DD-1", SupportArea.HOUSING, open=False))
    # Opening what is already open records nothing.
    records.change_support(ChangeSupport("R-4", "DD-1", SupportArea.EMOTIONAL, open=True))

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
        records.change_support(ChangeSupport("R-1", "DD-1", area, open=True))
    assert violated_fields(error) == {"area"}


def test_advocacy_time_adds_up_and_stays_with_the_ddpo(records):
    records.record_report(report())
    first = RecordAdvocacyTime("R-1", "DD-1", "2026-03-16", 90, SupportArea.HOUSING)
    assert records.record_advocacy_time(first).total_minutes == 90
    second = RecordAdvocacyTime("R-2", "DD-1", "2026-03-17", 30)
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
    fields = dict(request_id="R-1", case_reference="DD-1", worked_on="2026-03-16", minutes=60)
    fields.update(changes)
    with pytest.raises(REFUSED) as error:
        records.record_advocacy_time(RecordAdvocacyTime(**fields))
    assert violated_fields(error) == {field}
    assert records.get_case("DD-1").advocacy_minutes == 0


# The waiting list


def test_the_waiting_list_pages_in_joining_order_as_people_come_and_go(records):
    open_cases(records, "DD-1", "DD-2", "DD-3", "DD-4", "DD-5", "DD-6")
    for reference in ("DD-1", "DD-2", "DD-3", "DD-4", "DD-5"):
        records.join_waiting_list(JoinWaitingList(f"J-{reference}", reference))

    first = records.waiting_list(ListWaitingList(page_size=2))
    assert [(e.case_reference, e.place) for e in first.entries] == [("DD-1", 1), ("DD-2", 2)]
    assert first.total_waiting == 5
    assert first.next_page_token

    # Between pages one person is taken on and another joins.
    records.start_advocacy(StartAdvocacy("S-3", "DD-3"))
    records.join_waiting_list(JoinWaitingList("J-DD-6", "DD-6"))

    second = records.waiting_list(ListWaitingList(2, first.next_page_token))
    assert [(e.case_reference, e.place) for e in second.entries] == [("DD-4", 3), ("DD-5", 4)]
    last = records.waiting_list(ListWaitingList(2, second.next_page_token))
    assert [(e.case_reference, e.place) for e in last.entries] == [("DD-6", 5)]
    assert last.next_page_token == ""


def test_the_waiting_list_shows_what_to_arrange_before_first_contact(records):
    open_cases(records, "DD-1")
    records.record_access_needs(
        RecordAccessNeeds(
            "R-NEEDS", "DD-1", (AccessArrangement(AccessNeed.BSL_INTERPRETER, "", PROFESSIONAL),)
        )
    )
    joined = records.join_waiting_list(JoinWaitingList("J-1", "DD-1"))
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
        records.join_waiting_list(JoinWaitingList(f"J-{reference}", reference))

    records.start_advocacy(StartAdvocacy("S-1", "DD-1"))
    records.close_case(CloseCase("C-2", "DD-2", CaseOutcome.UNABLE_TO_CONTACT))
    # Urgent cases need not wait.
    records.start_advocacy(StartAdvocacy("S-3", "DD-3"))

    assert records.waiting_list(ListWaitingList()).entries == []
    assert records.get_case("DD-1").advocacy_status == AdvocacyStatus.ACTIVE
    assert records.get_case("DD-2").advocacy_status == AdvocacyStatus.NOT_STARTED
    assert [(s.area, s.open) for s in payloads(records, "support_changed")] == [
        (vocabulary_pb2.SUPPORT_AREA_ADVOCACY, True),
        (vocabulary_pb2.SUPPORT_AREA_ADVOCACY, True),
    ]
    records.close_case(CloseCase("C-1", "DD-1", CaseOutcome.RESOLVED, satisfaction=5))
    assert records.get_case("DD-1").advocacy_status == AdvocacyStatus.ENDED


def test_leaving_the_waiting_list_and_joining_again_goes_to_the_back(records):
    open_cases(records, "DD-1", "DD-2")
    records.join_waiting_list(JoinWaitingList("J-1", "DD-1"))
    records.join_waiting_list(JoinWaitingList("J-2", "DD-2"))
    records.leave_waiting_list(LeaveWaitingList("L-1", "DD-1", WaitingListExit.DECLINED))
    assert records.join_waiting_list(JoinWaitingList("J-1B", "DD-1")).place == 2
    assert [e.case_reference for e in records.waiting_list(ListWaitingList()).entries] == [
        "DD-2",
        "DD-1",
    ]


def test_the_waiting_list_refuses_what_cannot_be(records):
    open_cases(records, "DD-1")
    with pytest.raises(NotFound):
        records.leave_waiting_list(LeaveWaitingList("L-1", "DD-1", WaitingListExit.DECLINED))
    records.join_waiting_list(JoinWaitingList("J-1", "DD-1"))
    with pytest.raises(FailedPrecondition):
        records.join_waiting_list(JoinWaitingList("J-2", "DD-1"))
    records.start_advocacy(StartAdvocacy("S-1", "DD-1"))
    with pytest.raises(FailedPrecondition):
        records.join_waiting_list(JoinWaitingList("J-3", "DD-1"))
    with pytest.raises(FailedPrecondition):
        records.start_advocacy(StartAdvocacy("S-2", "DD-1"))
    with pytest.raises(REFUSED) as error:
        records.leave_waiting_list(LeaveWaitingList("L-2", "DD-1", None))
    assert violated_fields(error) == {"reason"}
    with pytest.raises(NotFound):
        records.join_waiting_list(JoinWaitingList("J-4", "DD-404"))


def test_a_retried_join_is_applied_once(records):
    open_cases(records, "DD-1")
    first = records.join_waiting_list(JoinWaitingList("J-1", "DD-1"))
    version = records.get_case("DD-1").version
    assert records.join_waiting_list(JoinWaitingList("J-1", "DD-1")) == first
    assert records.get_case("DD-1").version == version
    assert records.waiting_list(ListWaitingList()).total_waiting == 1


def test_a_request_that_changed_nothing_is_still_answered_once(records):
    records.record_report(report())
    records.change_support(ChangeSupport("R-1", "DD-1", SupportArea.HOUSING, open=True))
    # Already open: nothing to record, but the request is remembered ...
    again = ChangeSupport("R-2", "DD-1", SupportArea.HOUSING, open=True)
    records.change_support(again)
    records.change_support(ChangeSupport("R-3", "DD-1", SupportArea.HOUSING, open=False))
    # ... so its retry does not open the support again.
    assert records.change_support(again).open_support == (SupportArea.HOUSING,)
    assert records.get_case("DD-1").open_support == []


def test_closing_a_waiting_case_records_why_it_left_the_list(records):
    open_cases(records, "DD-1")
    records.join_waiting_list(JoinWaitingList("J-1", "DD-1"))
    records.close_case(CloseCase("C-1", "DD-1", CaseOutcome.UNABLE_TO_CONTACT))
    [left] = [
        e
        for e in records.events.get(records.case_id("DD-1"))
        if type(e).__name__ == "LeftWaitingList"
    ]
    # Read back from the store, the reason is the vocabulary's, as it was recorded.
    assert left.reason is WaitingListExit.CASE_CLOSED
    with pytest.raises(REFUSED) as error:
        records.leave_waiting_list(LeaveWaitingList("L-1", "DD-1", WaitingListExit.CASE_CLOSED))
    assert violated_fields(error) == {"reason"}
