"""The unit of work for writes (services.common.unit_of_work), through the kernel's
records on in-memory persistence: a refused change leaves its case as it was even
when it had raised events, a change whose caller stopped waiting is not made, a
retried request records nothing new, and a case another writer keeps changing first
is refused with ABORTED for the caller to retry."""

import asyncio
import logging
import threading
import time
from datetime import UTC, datetime

import grpc
import pytest
from eventsourcing.persistence import IntegrityError

from services.common.case import Case, Incident, Subject
from services.common.commands import OpenCase
from services.common.errors import DeadlineExceeded, NoSuchCase, RuleBroken
from services.common.grpc_errors import answer
from services.common.unit_of_work import ATTEMPTS, waiting_at_most
from services.common.vocabulary import HateClassification
from services.ddpo.application import DdpoCaseRecords
from services.ddpo.vocabulary import PoliceInvolvement
from services.police.application import PoliceCaseRecords
from tests.unit.ddpo_records import report
from tests.unit.test_case_records import incident

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
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))

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
        records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    with pytest.raises(NoSuchCase):
        records.get_case("CR-1")


def test_many_callers_at_once_each_get_their_answer_and_each_request_applies_once(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    answers: dict[int, str] = {}

    def record(n: int) -> None:
        # Twenty requests, each sent five times by callers racing one another.
        answers[n] = records.record_incident(incident(f"R-{n % 20}")).incident_id

    threads = [threading.Thread(target=record, args=(n,)) for n in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    case = records.get_case("CR-1")
    assert (len(case.incidents), case.version) == (20, 21)
    for n, incident_id in answers.items():
        assert incident_id == answers[n % 20]
    assert set(answers.values()) == set(case.incidents)


def test_a_report_on_a_case_opened_earlier_in_the_same_group_does_not_open_it_again():
    """Whether a report opens its case does not depend on which commit it shares."""
    records = DdpoCaseRecords(env={"LINKING_KEY": "22" * 32, "AGENCY_ID": "test-uow"})
    try:
        records.open_case(OpenCase("R-OPEN", "SLOW", ANN))
        started = threading.Event()

        def slow(case, session):
            started.set()
            time.sleep(0.3)  # the reports below queue meanwhile, and share a group
            return case, None

        blocker = threading.Thread(target=records.change, args=("SLOW", slow))
        blocker.start()
        started.wait()
        answers: dict[str, object] = {}

        def send(request_id: str, wish) -> None:
            try:
                answers[request_id] = records.record_report(
                    report(request_id, "DD-9", police_involvement=wish)
                )
            except Exception as error:
                answers[request_id] = error

        opening = threading.Thread(target=send, args=("R-1", PoliceInvolvement.UNDECIDED))
        opening.start()
        time.sleep(0.05)  # the opening report queues first
        later = threading.Thread(target=send, args=("R-2", None))
        later.start()
        for thread in (blocker, opening, later):
            thread.join()
        assert [type(answers[r]).__name__ for r in ("R-1", "R-2")] == ["AcceptedReport"] * 2
        assert len(records.get_case("DD-9").incidents) == 2
    finally:
        records.close()


class GrpcContext:
    """What a gRPC servicer's context is to the kernel's error table: a deadline,
    and an abort that ends the call with a code."""

    code: grpc.StatusCode | None = None

    def time_remaining(self) -> float | None:
        return None

    async def abort(self, code: grpc.StatusCode, details: str) -> None:
        self.code, self.details = code, details
        raise grpc.aio.AbortError()


def test_a_case_another_writer_keeps_changing_first_is_refused_to_retry(records, monkeypatch):
    records.open_case(OpenCase("R-OPEN", "CR-1", ANN))
    saves = []

    def another_writer_committed_first(*aggregates, **kwargs):
        saves.append(aggregates)
        raise IntegrityError("the case's next version is taken")

    with monkeypatch.context() as contested:
        contested.setattr(records, "save", another_writer_committed_first)
        context = GrpcContext()
        with pytest.raises(grpc.aio.AbortError):
            asyncio.run(
                answer(
                    context,
                    lambda: records.record_incident(incident("R-1")),
                    logging.getLogger("test"),
                    "RecordIncident",
                )
            )
    assert context.code is grpc.StatusCode.ABORTED
    assert "retry" in context.details
    assert len(saves) == 1 + ATTEMPTS  # the group's save, then alone a bounded number of times
    assert records.get_case("CR-1").incidents == {}
    # Once the other writer is gone, the same request applies, once.
    first = records.record_incident(incident("R-1")).incident_id
    assert records.record_incident(incident("R-1")).incident_id == first
    assert len(records.get_case("CR-1").incidents) == 1
