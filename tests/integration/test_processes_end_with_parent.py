"""A process a test (or the local stack) starts ends when the test process ends,
however it ends: a test run that is SIGKILLed leaves none of its stack's processes
holding ports for the next run, nor one its supervisor restarted from a thread."""

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from deploy.local.processes import REPO

# Starts a sleeper as the tests start a process beside them (python_process, on the
# main thread) and one the supervisor restarts after a crash (from its own thread),
# prints both pids, then waits to be killed.
STARTER = """
import json, sys, time
from pathlib import Path
from deploy.local.processes import Process, Supervisor
from tests.support import python_process

logs = Path(sys.argv[1])
sleeper = ["-c", "import time; time.sleep(120)"]
with python_process("beside", sleeper, {}, logs / "beside.log") as beside:
    restarted = Process("restarted", sleeper, {}, logs / "restarted.log")
    restarted.start()
    Supervisor(lambda: [restarted], logs / "supervision.log", poll=0.05).start()
    first = restarted.popen.pid
    restarted.kill()
    while not (restarted.alive() and restarted.popen.pid != first):
        time.sleep(0.05)
    print(json.dumps([beside.pid, restarted.popen.pid]), flush=True)
    time.sleep(120)
"""


def running(pid: int) -> bool:
    """Whether `pid` is a process that has not exited (a zombie has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_a_killed_test_process_leaves_none_of_its_processes_running(tmp_path):
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER, str(tmp_path)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    pids: list[int] = []
    try:
        assert select.select([starter.stdout], [], [], 60)[0], "the starter printed no pids"
        pids = json.loads(starter.stdout.readline())
        assert all(running(pid) for pid in pids)

        starter.send_signal(signal.SIGKILL)
        starter.wait(10)
        # Signalled as the starter ends; 10 s leaves room for a machine under load.
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = {pid: Path(f"/proc/{pid}/stat").read_text() for pid in pids if running(pid)}
        assert not left, f"outlived the process that started them: {left}"
    finally:
        starter.kill()
        starter.wait()
        for pid in pids:  # so that a failure here leaves nothing behind either
            if running(pid):
                os.kill(pid, signal.SIGKILL)
