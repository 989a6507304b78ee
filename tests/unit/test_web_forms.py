"""The web app's forms without a browser or services: a service's field violations
become messages at the form's fields, in plain words that never repeat the value
sent; refusals that are not the person's to put right are left to the problem
pages; dates and times are read as people type them."""

from datetime import UTC, datetime

import grpc
from grpc_status import rpc_status
from starlette.datastructures import FormData

from services.common.grpc_errors import bad_request_status
from services.common.validation import FieldViolation
from services.web.forms import RELOAD, WHOLE_FORM, Field, Form, day_sent, moment

ACTION = Form(
    {
        "owner_agency_id": Field("owner", "Owner agency", "Select the agency that owns the action"),
        "due_date": Field(
            "due-day",
            "Due date",
            say={"must not be in the past": "Due date must be today or later"},
        ),
        "note": Field("note", "Note"),
    },
    not_found=("owner", "Select an agency with a case the panel may be told of"),
)


def refused(code: grpc.StatusCode, details: str = "", violations=()) -> grpc.aio.AioRpcError:
    trailing = grpc.aio.Metadata()
    if violations:
        details = "bad request"
        status = bad_request_status(list(violations), details)
        for key, value in rpc_status.to_status(status).trailing_metadata:
            trailing.add(key, value)
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), trailing, details)


def test_field_violations_become_messages_at_the_forms_fields():
    error = refused(
        grpc.StatusCode.INVALID_ARGUMENT,
        violations=[
            FieldViolation("owner_agency_id", "is required"),
            FieldViolation("due_date", "must not be in the past"),
            FieldViolation("note", "must be at most 500 characters"),
        ],
    )
    assert ACTION.errors(error) == {
        "owner": "Select the agency that owns the action",
        "due-day": "Due date must be today or later",
        "note": "Note must be at most 500 characters",
    }


def test_a_violation_of_a_field_the_form_does_not_have_asks_to_reload():
    error = refused(
        grpc.StatusCode.INVALID_ARGUMENT, violations=[FieldViolation("request_id", "is used")]
    )
    assert ACTION.errors(error) == {WHOLE_FORM: RELOAD}


def test_not_found_is_the_forms_named_thing_and_a_precondition_the_services_words():
    assert ACTION.errors(refused(grpc.StatusCode.NOT_FOUND)) == {
        "owner": "Select an agency with a case the panel may be told of"
    }
    stage = refused(grpc.StatusCode.FAILED_PRECONDITION, "the meeting must be in progress")
    assert ACTION.errors(stage) == {WHOLE_FORM: "The meeting must be in progress"}


def test_refusals_that_are_not_the_persons_to_put_right_are_left_to_the_problem_pages():
    for code in (
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.UNAUTHENTICATED,
    ):
        assert ACTION.errors(refused(code)) is None
    assert Form({}).errors(refused(grpc.StatusCode.NOT_FOUND)) is None


def test_dates_are_read_from_the_three_fields_and_a_cut_off_in_uk_time():
    typed = FormData({"due-day": "7", "due-month": "3", "due-year": "2026"})
    assert day_sent(typed, "due") == "2026-03-07"
    assert day_sent(FormData({}), "due") == ""
    assert day_sent(FormData({"due-day": "31", "due-month": "2", "due-year": "2026"}), "due") == (
        "not-a-date"
    )
    # 17:00 in London is 16:00 UTC in summer, 17:00 in winter.
    assert moment("2026-07-01", "17:00") == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    assert moment("2026-12-01", "17:00:05") == datetime(2026, 12, 1, 17, 0, 5, tzinfo=UTC)
    assert moment("2026-12-01", "5pm") is None
    assert moment("not-a-date", "17:00") is None
