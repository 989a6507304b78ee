"""The local stack's supervision: a process that dies while it should be running is
started again and both are logged; one stopped on purpose stays stopped."""

import json
import time

from deploy.local.processes import Process, Supervisor

SLEEPER = ["-c", "import time; time.sleep(60)"]


def events(log) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


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
        exited, restarted = events(supervision)
        assert (exited["event"], exited["process"], exited["status"]) == ("exited", "sleeper", -9)
        assert (restarted["event"], restarted["restarts"]) == ("restarted", 1)

        process.stop()
        time.sleep(0.5)
        assert not process.alive()
        assert len(events(supervision)) == 2
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
