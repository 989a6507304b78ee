"""What the action tracker makes of a record on an agency's updates topic: an update
when it is one, nothing when it is not, whatever its bytes."""

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from marac.v1 import meeting_actions_pb2 as pb
from services.common.vocabulary import MeetingActionStatus
from services.marac.tracker import ActionUpdates

ACTION = "0b7d6a8e-3c1f-4f6e-9d2a-5a1b2c3d4e5f"


def update(**fields) -> bytes:
    given = {
        "action_id": ACTION,
        "meeting_id": "MARAC-20261215-ABCDEF",
        "agency_id": "local-police",
        "status": pb.MEETING_ACTION_STATUS_DONE,
        "source_sequence": 7,
        "changed_at": Timestamp(seconds=1_796_749_200),
        **fields,
    }
    return pb.MeetingActionUpdate(**given).SerializeToString()


def test_an_update_is_read_with_the_agency_whose_topic_it_came_on():
    read = ActionUpdates.update_of("local-police", update())
    assert read is not None
    assert (read.topic_agency_id, read.agency_id, read.status, read.sequence) == (
        "local-police", "local-police", MeetingActionStatus.DONE, 7,
    )  # fmt: skip
    assert read.changed_at == datetime(2026, 12, 8, 17, 0, tzinfo=UTC)


def test_a_record_that_is_no_update_is_nothing_however_it_is_broken():
    for value in (
        b"\xff\xfe not protobuf",
        None,  # a tombstone
        update(status=99),  # a status the contract does not define
        update(status=0),
        update(action_id=""),
        update(changed_at=Timestamp(seconds=10**12)),  # past year 9999
    ):
        assert ActionUpdates.update_of("local-police", value) is None
    assert ActionUpdates.update_of("", update()) is None  # a topic of no agency
