"""The agency service's inbox of meeting actions, on in-memory case records and an
in-memory broker: an offset is committed only once its change committed, and a
database that is down is ridden out by reading again from the committed offset."""

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

import psycopg

from marac.v1 import meeting_actions_pb2 as pb
from services.common.action_inbox import ActionInbox
from services.common.case import Subject
from services.common.commands import OpenCase

AGENCY_ID = "test-police"


@dataclass(frozen=True)
class Record:
    partition: int
    offset: int
    value: bytes


@dataclass
class Broker:
    """One partition of an actions topic and the group's committed offset."""

    values: list[bytes] = field(default_factory=list)
    committed: int = 0
    connections: int = 0

    def connect(self) -> "Consumer":
        self.connections += 1
        return Consumer(self)


class Consumer:
    def __init__(self, broker: Broker) -> None:
        self.broker = broker
        self.position = broker.committed

    def poll(self, timeout_ms: int) -> dict:
        records = [
            Record(0, offset, value)
            for offset, value in enumerate(self.broker.values)
            if offset >= self.position
        ]
        if not records:
            time.sleep(timeout_ms / 1000 / 10)
            return {}
        self.position = records[-1].offset + 1
        return {0: records}

    def assignment(self) -> set[int]:
        return {0}

    def commit(self, offsets: dict) -> None:
        self.broker.committed = offsets[0].offset

    def close(self, autocommit: bool) -> None:
        assert not autocommit


class DatabaseDown:
    """The case records while their database is down for the first `changes` changes."""

    def __init__(self, records, changes: int) -> None:
        self._records = records
        self.failing = changes

    def __getattr__(self, name: str):
        return getattr(self._records, name)

    def receive_meeting_action(self, command):
        if self.failing:
            self.failing -= 1
            raise psycopg.OperationalError("connection refused")
        return self._records.receive_meeting_action(command)


def assigned(action_id: str, agency_id: str = AGENCY_ID) -> bytes:
    return pb.MeetingActionMessage(
        message_id=str(uuid.uuid4()),
        action_id=action_id,
        meeting_id="MARAC-20261215-ABC123",
        agency_id=agency_id,
        case_reference="CR-1",
        assigned=pb.ActionAssigned(type=pb.MEETING_ACTION_TYPE_PATROLS, due_date="2026-12-29"),
    ).SerializeToString()


def running(inbox: ActionInbox):
    stopping = threading.Event()
    thread = threading.Thread(target=inbox.run, args=(stopping,), daemon=True)
    thread.start()
    return stopping, thread


def until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_an_action_is_committed_only_once_recorded_and_read_again_after_an_interruption(
    records,
):
    records.open_case(OpenCase("R-OPEN", "CR-1", Subject("Ann", "Smith", "1980-02-03", "L4 0TH")))
    action = str(uuid.uuid4())
    broker = Broker([assigned(action)])
    down = DatabaseDown(records, changes=1)
    inbox = ActionInbox(down, broker.connect, logging.getLogger("test"))
    assert not inbox.making_progress()  # not reading yet
    stopping, thread = running(inbox)
    try:
        until(lambda: broker.committed == 1)
        assert inbox.making_progress()
    finally:
        stopping.set()
        thread.join()
    assert (inbox.interruptions, broker.connections, inbox.taken) == (1, 2, 1)
    assert list(records.get_case("CR-1").meeting_actions) == [action]


def test_what_cannot_be_recorded_is_skipped_and_committed(records):
    records.open_case(OpenCase("R-OPEN", "CR-1", Subject("Ann", "Smith", "1980-02-03", "L4 0TH")))
    recorded = str(uuid.uuid4())
    asks_nothing = pb.MeetingActionMessage(message_id=str(uuid.uuid4()), agency_id=AGENCY_ID)
    broker = Broker(
        [
            b"\x00\xffnot a message",
            assigned(str(uuid.uuid4()), agency_id="another-agency"),
            asks_nothing.SerializeToString(),
            assigned("not-a-uuid"),
            assigned(recorded),
        ]
    )
    inbox = ActionInbox(records, broker.connect, logging.getLogger("test"))
    stopping, thread = running(inbox)
    try:
        until(lambda: broker.committed == 5)
    finally:
        stopping.set()
        thread.join()
    assert (inbox.skipped, inbox.taken, inbox.interruptions) == (4, 1, 0)
    assert list(records.get_case("CR-1").meeting_actions) == [recorded]
