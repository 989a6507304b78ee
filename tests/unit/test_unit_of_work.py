"""The unit of work for writes (services.common.unit_of_work), through the kernel's
records on in-memory persistence: a refused change leaves its case as it was even
when it had raised events, a change whose caller stopped waiting is not made, and a
retried request records nothing new."""

import threading
from datetime import UTC, datetime

import pytest

from services.common.case import Case, Incident, Subject
from services.common.commands import OpenCase
from services.common.errors import DeadlineExceeded, NoSuchCase, RuleBroken
from services.common.unit_of_work import waiting_at_most
from services.common.vocabulary import HateClassification
from services.police.application import PoliceCaseRecords

ANN = Subject("Ann", "Smith", "1980-02-03", "L4 0TH")
INCIDENT = Incident(
    datetime(2026, 11, 1, tzinfo=UTC), (), HateClassification.NOT_HATE_RELATED, (), "", ""
)


class HalfWay(RuleBroken):
    def __init__(self) -> None:
        super().__init__("refused after recording part of the change")


@pytest.fixture
def records():
    app = PoliceCaseRecords(env={"LINKING_KEY": "11" * 32, "AGENCY_ID": "test-uow"})
    yield app
    app.close()


def test_a_change_refused_halfway_leaves_the_case_as_it_was(records):
    records.open_case(OpenCase("r-open", "CR-1", ANN))

    def halfway(case: Case, session):
        case.record_incident("i-1", INCIDENT)
        raise HalfWay()

    with pytest.raises(HalfWay):
        records.change("CR-1", halfway)

    def count(case: Case, session):
        return case, (case.version, len(case.incidents))

    # The writer's own copy is as stored, and so is what is committed.
    assert records.change("CR-1", count) == (1, 0)
    assert records.get_case("CR-1").incidents == {}


def test_a_case_opened_by_a_refused_change_does_not_exist(records):
    def opened_then_refused(case, session):
        case = Case.open("test-uow", "CR-9", ANN, "k")
        case.record_incident("i-1", INCIDENT)
        raise HalfWay()

    with pytest.raises(HalfWay):
        records.change("CR-9", opened_then_refused)
    with pytest.raises(NoSuchCase):
        records.get_case("CR-9")


def test_a_change_whose_caller_stopped_waiting_is_not_made(records):
    with waiting_at_most(-1), pytest.raises(DeadlineExceeded):
        records.open_case(OpenCase("r-open", "CR-1", ANN))
    with pytest.raises(NoSuchCase):
        records.get_case("CR-1")


def test_many_callers_at_once_share_commits_and_each_request_applies_once(records):
    records.open_case(OpenCase("r-open", "CR-1", ANN))

    def record(n: int):
        def change(case: Case, session):
            done, _ = case.answer_to(f"r-{n % 20}")
            if not done:
                mark = len(case.pending_events)
                case.record_incident(f"i-{n % 20}", INCIDENT)
                case.remember(f"r-{n % 20}", None, since=mark)
            return case, None

        records.change("CR-1", change)

    threads = [threading.Thread(target=record, args=(n,)) for n in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    case = records.get_case("CR-1")
    assert (len(case.incidents), case.version) == (20, 21)
