"""A chair corrects an action in the web app, in a browser, against the e2e
session's stack: reassigns the landlord's action to Victim Support (a choice left out
gives the error summary and the message at the field, and records nothing; the
form sent with JavaScript off), and the tracker shows both, the landlord's
withdrawn as reassigned and Victim Support's open; each agency's case records its own;
the landlord's representative sees theirs withdrawn, with nothing to report; then
the chair withdraws the new one with a reason. Every page passes axe-core's WCAG 2.2
A/AA rules."""

import uuid
from datetime import timedelta

from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import agency_case_pb2_grpc as case_grpc
from marac.v1 import meeting_actions_pb2 as pb
from tests.e2e import test_web_meetings as meetings_flow
from tests.e2e.test_web import accessible, screenshot, sign_in, url
from tests.e2e.test_web_meetings import LANDLORD, errors_shown, eventually, press, tomorrow

# The meetings flow's fixtures: the meeting service as the chair, and a subject of
# the test's own on the agenda.
chair, subject = meetings_flow.chair, meetings_flow.subject
VICTIM_SUPPORT = "local-victim_support"


def case_actions(stack, agency: str, reference: str) -> dict[str, case_pb.CaseMeetingAction]:
    with stack.agency_channel(agency) as channel:
        case = case_grpc.AgencyCaseServiceStub(channel).GetCase(
            case_pb.GetCaseRequest(case_reference=reference), timeout=10
        )
    return {a.action_id: a for a in case.meeting_actions}


def test_a_chair_reassigns_an_action_and_the_tracker_shows_both(
    stack, chair, subject, page, browser
):
    played, handle = subject
    landlord = played.case_references["social_landlord"]
    support = played.case_references["victim_support"]  # its case shared with the panel
    meeting = chair.open_meeting(handle)
    due = (tomorrow() + timedelta(days=7)).isoformat()
    agreed = chair(
        "AgreeAction",
        request_id=str(uuid.uuid4()),
        meeting_id=meeting.meeting_id,
        handle=handle,
        owner_agency_id=LANDLORD,
        type=pb.MEETING_ACTION_TYPE_WELFARE_CHECK,
        due_date=due,
        note="Call weekly.",
    ).meeting
    action_id = next(a.action_id for i in agreed.items for a in i.actions)

    sign_in(page, stack, "chair")
    page.goto(url(stack, "/actions"))
    row = page.locator("tr", has_text=landlord)
    press(page, row.get_by_role("link", name="Reassign"))
    accessible(page)
    press(page, "Reassign the action")  # no agency chosen
    assert errors_shown(page) == {"#owner": "Select the agency the action is reassigned to"}
    assert (
        "Select the agency the action is reassigned to" in page.locator("#owner-error").inner_text()
    )
    accessible(page)
    screenshot(page, "reassign-action-errors")
    assert [a.status for a in chair("ListActions", meeting_id=meeting.meeting_id).actions] == [
        pb.MEETING_ACTION_STATUS_OPEN
    ]

    # Reassigned with JavaScript off: the form needs none.
    plain = browser.new_context(ignore_https_errors=True, java_script_enabled=False).new_page()
    sign_in(plain, stack, "chair")
    plain.goto(url(stack, f"/actions/{action_id}/reassign"))
    plain.get_by_label("Victim Support").check()
    press(plain, "Reassign the action")
    assert "The action was reassigned" in plain.inner_text("main"), plain.inner_text("main")
    plain.context.close()

    page.goto(url(stack, "/actions"))
    old_row, new_row = page.locator("tr", has_text=landlord), page.locator("tr", has_text=support)
    assert "Withdrawn" in old_row.inner_text()
    assert "Reassigned to another agency" in old_row.inner_text()
    assert not old_row.get_by_role("link", name="Withdraw").count()
    assert "Open" in new_row.inner_text() and "Welfare check" in new_row.inner_text()
    assert "Reassigned from another agency" in new_row.inner_text()
    assert new_row.get_by_role("link", name="Withdraw").count() == 1
    accessible(page)
    screenshot(page, "tracker-reassigned")

    listed = {a.action_id: a for a in chair("ListActions", meeting_id=meeting.meeting_id).actions}
    old = listed.pop(action_id)
    (new,) = listed.values()
    assert (old.status, old.withdrawal_reason, old.reassigned_to) == (
        pb.MEETING_ACTION_STATUS_WITHDRAWN,
        pb.ACTION_WITHDRAWAL_REASON_REASSIGNED,
        new.action_id,
    )
    assert (new.owner_agency_id, new.case_reference, new.type, new.due_date, new.note) == (
        VICTIM_SUPPORT, support, pb.MEETING_ACTION_TYPE_WELFARE_CHECK, due, "",
    )  # fmt: skip

    # Each agency's case records its own: the landlord's withdrawn, Victim Support's open.
    eventually(
        lambda: (
            case_actions(stack, "social_landlord", landlord)[action_id].status
            == pb.MEETING_ACTION_STATUS_WITHDRAWN
        ),
        "the landlord's case records the withdrawal",
        20,
    )
    eventually(
        lambda: new.action_id in case_actions(stack, "victim_support", support),
        "Victim Support's case records the new action",
        20,
    )

    representative = browser.new_context(ignore_https_errors=True).new_page()
    sign_in(representative, stack, "social_landlord-rep")
    representative.goto(url(stack, "/actions"))
    mine = representative.locator("tr", has_text=landlord)
    assert "Withdrawn" in mine.inner_text()
    assert not mine.get_by_role("link", name="Report").count()
    accessible(representative)
    representative.context.close()

    # The new one withdrawn too: its reason asked for, then shown.
    page.goto(url(stack, "/actions"))
    press(page, page.locator("tr", has_text=support).get_by_role("link", name="Withdraw"))
    press(page, "Withdraw the action")
    assert errors_shown(page) == {"#reason": "Select why the action is withdrawn"}
    accessible(page)
    page.get_by_label("Agreed twice (a duplicate)").check()
    press(page, "Withdraw the action")
    page.get_by_text("The action was withdrawn").wait_for()
    assert "Agreed twice (a duplicate)" in page.locator("tr", has_text=support).inner_text()
