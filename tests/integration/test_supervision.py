"""The local stack's supervision: a process that dies while it should be running is
started again and both are logged; one stopped on purpose stays stopped; the status
command says which process is down and since when."""

import json
import time

from deploy.local import status
from deploy.local.processes import STATUS_FILE, Process, Supervisor

SLEEPER = ["-c", "import time; time.sleep(60)"]


def events(log, kinds=("exited", "restarted")) -> list[dict]:
    """The supervision log's exits and restarts (or other kinds of line)."""
    if not log.exists():
        return []
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    return [line for line in lines if line["event"] in kinds]


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_process_that_dies_is_restarted_and_the_exit_logged(tmp_path):
    process = Process("sleeper", SLEEPER, {}, tmp_path / "sleeper.log")
    supervision = tmp_path / "supervision.log"
    supervisor = Supervisor(lambda: [process], supervision, poll=0.05)
    process.start()
    supervisor.start()
    try:
        first = process.popen.pid
        process.kill()  # as a crash
        wait_for(lambda: process.alive() and process.popen.pid != first)
        wait_for(lambda: len(events(supervision)) == 2)  # logged just after the restart
        exited, restarted = events(supervision)
        assert (exited["event"], exited["process"], exited["status"]) == ("exited", "sleeper", -9)
        assert (restarted["event"], restarted["restarts"]) == ("restarted", 1)

        process.stop()
        states = lambda: [e["state"] for e in events(supervision, kinds=("state",))]  # noqa: E731
        wait_for(lambda: states()[-1:] == ["stopped"])
        time.sleep(0.5)
        assert not process.alive()
        assert len(events(supervision)) == 2  # stopped on purpose: not restarted
    finally:
        supervisor.stop()
        process.stop()


def test_a_process_that_keeps_dying_is_restarted_less_often(tmp_path):
    process = Process("crasher", ["-c", "raise SystemExit(3)"], {}, tmp_path / "crasher.log")
    supervision = tmp_path / "supervision.log"
    supervisor = Supervisor(lambda: [process], supervision, poll=0.05)
    process.start()
    supervisor.start()
    try:
        wait_for(lambda: sum(e["event"] == "exited" for e in events(supervision)) >= 3)
    finally:
        supervisor.stop()
        process.stop()
    pauses = [e["restart_in"] for e in events(supervision) if e["event"] == "exited"]
    assert pauses[:3] == [0.5, 1.0, 2.0]
    assert {e["status"] for e in events(supervision) if e["event"] == "exited"} == {3}


def test_the_status_command_says_which_process_is_down_and_since_when(tmp_path):
    sleeper = Process("sleeper", SLEEPER, {}, tmp_path / "sleeper.log")
    crasher = Process("crasher", ["-c", "raise SystemExit(3)"], {}, tmp_path / "crasher.log")
    supervisor = Supervisor(
        lambda: [sleeper, crasher],
        tmp_path / "supervision.log",
        poll=0.05,
        status_path=tmp_path / STATUS_FILE,
    )
    sleeper.start()
    crasher.start()
    supervisor.start()
    try:
        wait_for(lambda: status.report(tmp_path)[0] == 1 and "down" in status.report(tmp_path)[1])
        code, text = status.report(tmp_path)
    finally:
        supervisor.stop()
        sleeper.stop()
        crasher.stop()
    lines = dict(line.split(maxsplit=1) for line in text.splitlines())
    assert lines["sleeper"].startswith("running")
    assert lines["crasher"].startswith("down") and " since 20" in lines["crasher"]
    assert code == 1
    # Once the supervisor has gone, the status says the stack is not running.
    later = json.loads((tmp_path / STATUS_FILE).read_text())["written_at"] + 60
    assert status.report(tmp_path, now=later)[1].startswith("the stack is not running")
