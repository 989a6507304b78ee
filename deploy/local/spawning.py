"""Processes that end when the process that started them ends, however it ends
(SIGKILL included), on Linux: each is started through util-linux's `setpriv
--pdeathsig KILL`, which asks the kernel for SIGKILL when its parent ends and then
execs the program (same pid). No Python runs between fork and exec: a preexec_fn
that called prctl through ctypes crashed pytest workers (forked while other
threads held locks).

The kernel sends that signal when the *thread* that forked the child exits, not the
whole process; the supervisor restarts processes from a thread of its own, which
stops before the stack does. So every child is forked by one daemon thread that
lives as long as the process itself. (A starter that dies in the microseconds
between fork and setpriv's prctl leaves that child behind: setpriv does not check.)"""

import queue
import shutil
import subprocess
import threading
from concurrent.futures import Future

SETPRIV = shutil.which("setpriv") or "/usr/bin/setpriv"
_requests: queue.SimpleQueue = queue.SimpleQueue()
_spawner: threading.Thread | None = None
_spawner_lock = threading.Lock()


def spawn(args: list[str], **options) -> subprocess.Popen:
    """subprocess.Popen(args, **options), the child SIGKILLed when this process ends."""
    global _spawner
    with _spawner_lock:
        # Not alive in a child forked from this process: it starts its own.
        if _spawner is None or not _spawner.is_alive():
            _spawner = threading.Thread(target=_spawn_each, name="spawner", daemon=True)
            _spawner.start()
    started: Future = Future()
    _requests.put(([SETPRIV, "--pdeathsig", "KILL", "--", *args], options, started))
    return started.result()


def _spawn_each() -> None:
    while True:
        args, options, started = _requests.get()
        try:
            started.set_result(subprocess.Popen(args, **options))
        except BaseException as error:  # the caller's to see, not the spawner's to die of
            started.set_exception(error)
