"""What an agency service's processes send each other (commands to the writer,
answers and refusals back) arrives whole, and nothing else is read: a message naming
any type but the kernel's, the agency's own and a few plain ones is refused before
anything is built from it."""

import os
import pickle
from datetime import UTC, datetime

import pytest

from services.common.case import Subject
from services.common.commands import RecordIncident
from services.common.errors import CaseClosed, RuleBroken, rebuilt
from services.common.process_messages import Messages, written
from services.common.results import RecordedIncident
from services.common.validation import FieldViolation, InvalidRequest
from services.common.vocabulary import HateClassification, Perceiver, ReportSource, Strand
from services.police.commands import RecordCrime
from services.police.vocabulary import OffenceCategory, PoliceRecordType

POLICE = Messages("services.police")
INCIDENT = RecordIncident(
    request_id="R-1",
    case_reference="C-1",
    occurred_at=datetime(2026, 11, 30, 18, 0, tzinfo=UTC),
    strands=(Strand.DISABILITY, Strand.RACE),
    classification=HateClassification.HATE_INCIDENT,
    perceived_by=(Perceiver.VICTIM,),
    location_postcode="L8 1AB",
    narrative="Followed home from the bus stop.",
)
CRIME = RecordCrime(
    request_id="R-2",
    case_reference="C-2",
    subject=Subject("Ola", "Nowak", "1975-03-04", "L8 1AB"),
    consent=None,
    crime_reference="CR-1",
    record_type=PoliceRecordType.CRIME,
    offence=OffenceCategory.PUBLIC_ORDER,
    source=ReportSource.VICTIM,
    occurred_at=None,
    hate_flag=True,
)


def sent(message: object, messages: Messages = POLICE) -> object:
    return messages.read(written(message))


def test_a_command_and_its_answer_arrive_as_sent():
    assert sent(("record_incident", (INCIDENT,), 4.5)) == ("record_incident", (INCIDENT,), 4.5)
    assert sent((True, RecordedIncident("i-1"))) == (True, RecordedIncident("i-1"))


def test_the_agencys_own_commands_are_read_by_its_own_processes_only():
    assert sent(CRIME) == CRIME
    with pytest.raises(pickle.UnpicklingError):
        sent(CRIME, Messages("services.ddpo"))


def test_refusals_arrive_with_what_they_say_whatever_their_constructor_takes():
    closed = sent(CaseClosed())
    assert (type(closed), str(closed)) == (CaseClosed, "the case is closed")
    broken = sent(RuleBroken("each strand at most once", index=2))
    assert (str(broken), broken.index) == ("each strand at most once", 2)
    invalid = sent(InvalidRequest([FieldViolation("occurred_at", "is required")]))
    assert invalid.violations == [FieldViolation("occurred_at", "is required")]


@pytest.mark.parametrize("foreign", [os.system, pickle.loads, getattr, Exception("x")])
def test_a_message_naming_any_other_type_is_refused(foreign):
    with pytest.raises(pickle.UnpicklingError, match="not sent between"):
        sent(("record_incident", (foreign,), None))


@pytest.mark.parametrize(
    "reference",
    [
        "services.common.process_messages PLAIN",  # what the reader allows: not to change
        "services.common.agency run_service",  # a function of the kernel's
        "services.common.request_processes Desk",  # a class, but no message
        "services.common.unit_of_work Pending",  # a dataclass that can change
        "services.ddpo.__main__ main",  # a module not imported here
        "builtins eval",
    ],
)
def test_nothing_of_the_kernels_own_is_reached_but_its_message_types(reference):
    module, name = reference.split()
    handmade = f"c{module}\n{name}\n.".encode()  # GLOBAL module name, STOP
    with pytest.raises(pickle.UnpicklingError, match="not sent between"):
        POLICE.read(handmade)


class Disguised:
    """Asks to be rebuilt as something that is no refusal."""

    def __reduce__(self):
        return rebuilt, (Strand, ("race",), {})


def test_only_a_refusal_is_rebuilt_as_one():
    with pytest.raises(TypeError, match="only a refusal"):
        sent(Disguised())
