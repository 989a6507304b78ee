"""Starts the whole local stack, plays the cross-agency scenario through the
agency gRPC APIs, waits for the shared risk view and prints where to look.

Run through deploy/local/demo.sh, which installs and starts Postgres and Kafka first.
"""

import json
import signal
import sys
import threading
import time
import urllib.parse
import uuid
from datetime import UTC, date, datetime, timedelta

from deploy.local.scenario import play
from deploy.local.stack import LOCAL, Stack
from marac.v1 import meeting_pb2, meeting_pb2_grpc, riskview_pb2, riskview_pb2_grpc
from services.common.contract import timestamp
from services.common.principals import DEMO_CLIENT, agency_system

WAIT_SECONDS = 60
# The demo partnership's MARAC areas: its meeting is of the north, whose districts
# include the scenario's (L4); the south's agenda would not hold its subject.
DEMO_AREA = "DEMO-NORTH"
DEMO_AREAS = f"{DEMO_AREA}=L4,L5,L6,L9;DEMO-SOUTH=L8,L17,L19"


def say(line: str) -> None:
    print(f"[demo] {line}", flush=True)


def as_user(stack: Stack, username: str) -> tuple[tuple[str, str], ...]:
    """The call metadata of a demo user: a token the stack's directory signs."""
    return (("authorization", f"Bearer {stack.people.token(username)}"),)


def wait_for_agenda(view: riskview_pb2_grpc.RiskViewServiceStub, stack: Stack, key: str):
    chair = as_user(stack, "chair")
    handle = stack.people.handle(key)  # what RiskView names the subject's item
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        agenda = view.ListAgenda(riskview_pb2.ListAgendaRequest(page_size=500), metadata=chair)
        for item in agenda.items:
            if item.handle == handle and len(item.reasons) > 0:
                return view.GetAgendaItem(
                    riskview_pb2.GetAgendaItemRequest(handle=handle, meeting_id="MARAC-DEMO"),
                    metadata=chair,
                )
        time.sleep(0.2)
    raise SystemExit(f"the subject did not reach the MARAC agenda within {WAIT_SECONDS}s")


def schedule_meeting(stack: Stack) -> meeting_pb2.Meeting:
    """The demo's meeting a week from today, its agenda closing a few seconds from now
    (the one already scheduled, when the demo is run again today), once its agenda
    closed."""
    chair = as_user(stack, "chair")
    day = (date.today() + timedelta(days=7)).isoformat()
    with stack.channel("marac", DEMO_CLIENT) as channel:
        meetings = meeting_pb2_grpc.MeetingServiceStub(channel)
        listed = meetings.ListMeetings(
            meeting_pb2.ListMeetingsRequest(page_size=200), metadata=chair
        ).meetings
        earlier = [m for m in listed if m.area == DEMO_AREA and m.date == day]
        meeting = (
            earlier[0]
            if earlier
            else meetings.ScheduleMeeting(
                meeting_pb2.ScheduleMeetingRequest(
                    request_id=str(uuid.uuid4()),
                    date=day,
                    area=DEMO_AREA,
                    agenda_cutoff=timestamp(datetime.now(UTC) + timedelta(seconds=3)),
                ),
                metadata=chair,
            ).meeting
        )
        deadline = time.monotonic() + WAIT_SECONDS
        while meeting.stage == meeting_pb2.MEETING_STAGE_SCHEDULED:
            if time.monotonic() > deadline:
                raise SystemExit(f"the meeting's agenda did not close within {WAIT_SECONDS}s")
            time.sleep(0.5)
            meeting = meetings.GetMeeting(
                meeting_pb2.GetMeetingRequest(meeting_id=meeting.meeting_id), metadata=chair
            ).meeting
        return meeting


def main() -> None:
    stack = Stack(
        prefix="marac",
        log_dir=LOCAL / "log" / "stack",
        secrets_file=LOCAL / "stack" / "secrets.json",
        fixed_ports=True,
        areas=DEMO_AREAS,
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    stack.provision()
    try:
        stack.start(progress=say)
        played = play(stack.agency_channel)
        say(
            "played the scenario: landlord ASB report, DDPO third-party report (no police), "
            "victim support referral, police criminal damage; cases "
            + ", ".join(f"{a}={r}" for a, r in played.case_references.items())
        )
        key = stack.match_key(played.subject)  # as the operator, who holds the linking key
        riskview = stack.grpc_address("riskview")
        with stack.channel("riskview", DEMO_CLIENT) as channel:
            view = riskview_pb2_grpc.RiskViewServiceStub(channel)
            started = time.monotonic()
            item = wait_for_agenda(view, stack, key)
            say(f"on the MARAC agenda after {time.monotonic() - started:.1f}s:")
            print(item, flush=True)
            police = view.GetCaseView(
                riskview_pb2.GetCaseViewRequest(case_reference=played.case_references["police"]),
                metadata=as_user(stack, "police-rep"),
            )
            say("what the police representative sees (no DDPO contribution: she refused):")
            print(police, flush=True)
        meeting = schedule_meeting(stack)
        say(
            f"MARAC meeting {meeting.meeting_id} on {meeting.date} ({meeting.area}): its agenda "
            f"closed with {len(meeting.items)} subject(s), ready for the chair to run"
        )
        demo = stack.certificates[DEMO_CLIENT]
        landlord = stack.certificates[agency_system("social_landlord")]
        grpcurl = LOCAL / "tools" / "bin" / "grpcurl"
        as_demo = f"-cacert {demo.authority} -cert {demo.certificate} -key {demo.key}"
        as_landlord = (
            f"-cacert {landlord.authority} -cert {landlord.certificate} -key {landlord.key}"
        )
        people = stack.people
        users = ", ".join(json.loads((people.home / "passwords.json").read_text()))
        password_of = (
            f"{sys.executable} -c \"import json; print(json.load(open('{people.home}/"
            f"passwords.json'))['chair'], end='')\""
        )
        stack.processes["web"].wait_serving()
        say(
            f"the web app: {stack.web_url} (the local authority's certificate, "
            f"{demo.authority}); sign in as the chair (chair) to run meeting "
            f"{meeting.meeting_id}, or as the landlord's representative (social_landlord-rep) "
            "for their agency's cases and actions, or any demo user, with their password "
            f"from {people.home}/passwords.json"
        )
        landlord_case = played.case_references["social_landlord"]
        report_page = (
            f"{stack.web_url}/governance/subject/report?agency-id=local-social_landlord"
            f"&case-reference={urllib.parse.quote(landlord_case, safe='')}"
        )
        say(
            "information governance: sign in as ig (an IG officer) to search the audit "
            f"ledger ({stack.web_url}/governance), see a subject's history and their subject "
            f"access report, e.g. the landlord's case's subject: {report_page}; the log of "
            f"disclosures as CSV: {stack.web_url}/governance/disclosures"
        )
        say(
            "partnership figures: sign in as analyst (a partnership analyst) for the hotspots, "
            f"trends and KPIs, each figure as CSV ({stack.web_url}/figures; the chair sees "
            f"them too) and the ASB case reviews ({stack.web_url}/figures/case-reviews)"
        )
        say(f"sign in as a demo user ({users}; passwords in {people.home}/passwords.json):")
        print(
            # The directory's settings are read from their file into the subshell's
            # environment, never put on a command line.
            f"  TOKEN=$({password_of} | (set -a; . {people.env_file}; {sys.executable} "
            "-m services.identity token chair))",
            flush=True,
        )
        bearer = '-H "authorization: Bearer $TOKEN"'
        say("query it yourself, as that person (tokens last 15 minutes):")
        print(
            f"  {grpcurl} {as_demo} {bearer} -d '{{}}' {riskview} "
            "marac.v1.RiskViewService/ListAgenda\n"
            f'  {grpcurl} {as_demo} {bearer} -d \'{{"handle": "{item.item.handle}"}}\' '
            f"{riskview} marac.v1.RiskViewService/GetAgendaItem\n"
            f"  {grpcurl} {as_landlord} {stack.grpc_address('social_landlord')} list\n"
            "  as ig (TOKEN=... token ig): "
            f'{grpcurl} {as_demo} {bearer} -d \'{{"agency_id": "local-social_landlord", '
            f'"case_reference": "{landlord_case}"}}\' {stack.grpc_address("audit")} '
            "marac.v1.AuditService/GetSubjectAccessReport\n"
            f"  disclosures: topic {stack.disclosure_topic}; logs: {stack.log_dir}/\n"
            "  how each process is: deploy/local/status.sh",
            flush=True,
        )
        say("running; press Ctrl-C to stop")
        stopping.wait()
    except KeyboardInterrupt:
        pass
    finally:
        say("stopping services")
        stack.stop()


if __name__ == "__main__":
    main()
