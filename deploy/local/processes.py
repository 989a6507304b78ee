"""The local stack's processes, and their supervision: a process that exits while
it should be running is started again (after a pause that grows while it keeps
exiting), and each exit and restart is a line in the supervision log. The
supervisor also asks each process's health service how it is, and keeps what it
found, and since when, in status.json beside the log (`deploy/local/status.sh`
shows it). Every process ends when the one that started it ends, however that
ends (deploy.local.spawning)."""

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from deploy.local.pki import Pki
from deploy.local.spawning import spawn
from services.common.files import replace_file
from services.common.metrics import ADDRESS_VARIABLE as METRICS_ADDRESS
from services.common.principals import SUPERVISOR

REPO = Path(__file__).resolve().parents[2]
# A process that ran this long before exiting is restarted at once again.
STEADY_SECONDS = 60.0
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 15.0
HEALTH_EVERY_SECONDS = 1.0
STATUS_FILE = "status.json"
HEALTH_TIMEOUT_SECONDS = 0.5
# What a process takes from the environment of whoever starts it (the system's);
# the rest it is given (Process.env), so that no process holds another's secrets,
# or the database superuser's.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "VIRTUAL_ENV")


def health_channel(address: str) -> grpc.Channel:
    """A channel as the stack's supervisor, who may ask each process's health and
    nothing else (it holds no grant on Kafka or Postgres either)."""
    credentials = Pki().issued(SUPERVISOR).channel_credentials()
    return grpc.secure_channel(address, credentials)


@dataclass
class Process:
    name: str
    args: list[str]
    env: dict[str, str]
    log_path: Path
    grpc_address: str | None = None
    # Where it answers grpc.health.v1: its API's address, or one of its own.
    health_address: str | None = None
    popen: subprocess.Popen | None = None
    # Whether it should be running: set by start, cleared by stop.
    wanted: bool = False
    started_at: float = 0.0
    down_since: float | None = None
    restarts: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def start(self) -> None:
        with self.lock:
            if self.alive():
                return
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            log = self.log_path.open("ab")
            # It ends with this process (deploy.local.spawning), so that a test run or
            # demo that is killed leaves no service holding its ports; in a session of
            # its own, so that Ctrl-C at the demo's terminal reaches the demo alone,
            # which stops the services in order.
            self.popen = spawn(
                [sys.executable, *self.args],
                cwd=REPO,
                env={**{v: os.environ[v] for v in INHERITED if v in os.environ}, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()
            self.wanted = True
            self.started_at = time.time()
            self.down_since = None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash: no chance to finish in-flight work. The supervisor
        (if one runs) starts it again."""
        with self.lock:
            if self.alive():
                self.popen.kill()
                self.popen.wait()

    def stop(self, timeout: float = 10) -> None:
        with self.lock:
            self.wanted = False
            if self.alive():
                self.popen.terminate()
                try:
                    self.popen.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.popen.kill()
                    self.popen.wait()

    def wait_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        with health_channel(self.health_address or self.grpc_address) as channel:
            health = health_pb2_grpc.HealthStub(channel)
            while time.monotonic() < deadline:
                if not self.alive():
                    raise RuntimeError(f"{self.name} exited; see {self.log_path}")
                try:
                    reply = health.Check(health_pb2.HealthCheckRequest(), timeout=1)
                    if reply.status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                time.sleep(0.2)
        raise TimeoutError(f"{self.name} not serving after {timeout}s; see {self.log_path}")


class Supervisor:
    """Watches processes from a thread of its own and restarts those that exited
    while wanted."""

    def __init__(
        self,
        processes: Callable[[], Iterable[Process]],
        log_path: Path,
        poll: float = 0.25,
        status_path: Path | None = None,
    ) -> None:
        self.processes = processes
        self.log_path = log_path
        self.poll = poll
        self.status_path = status_path
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pause: dict[str, float] = {}
        self._states: dict[str, tuple[str, float]] = {}
        self._channels: dict[str, grpc.Channel] = {}
        self._last_look = 0.0

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        for channel in self._channels.values():
            channel.close()

    def _watch(self) -> None:
        while not self._stopping.wait(self.poll):
            for process in self.processes():
                self._check(process)
            if time.monotonic() - self._last_look >= HEALTH_EVERY_SECONDS:
                self._last_look = time.monotonic()
                self._look_at_health()

    def state_of(self, process: Process) -> str:
        """down, stopped, starting, serving, not serving, or running (no health)."""
        if not process.alive():
            return "down" if process.wanted else "stopped"
        if process.health_address is None:
            return "running"
        channel = self._channels.get(process.health_address)
        if channel is None:
            channel = health_channel(process.health_address)
            self._channels[process.health_address] = channel
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=HEALTH_TIMEOUT_SECONDS
            )
        except grpc.RpcError:
            return "starting" if time.time() - process.started_at < STEADY_SECONDS else "silent"
        serving = reply.status == health_pb2.HealthCheckResponse.SERVING
        return "serving" if serving else "not serving"

    def _look_at_health(self) -> None:
        now = time.time()
        rows = []
        for process in self.processes():
            state = self.state_of(process)
            before = self._states.get(process.name)
            if before is None or before[0] != state:
                since = process.down_since if state == "down" and process.down_since else now
                self._states[process.name] = (state, since)
                if before is not None:
                    self._say("state", process, state=state, was=before[0])
            state, since = self._states[process.name]
            rows.append(
                {
                    "process": process.name,
                    "state": state,
                    "since": since,
                    "pid": process.popen.pid if process.alive() else None,
                    "restarts": process.restarts,
                    "health": process.health_address,
                    "metrics": process.env.get(METRICS_ADDRESS),
                }
            )
        if self.status_path is not None:
            # Rewritten each look, so its age says whether the supervisor runs; at once,
            # as the status command or a test may be reading it meanwhile.
            replace_file(self.status_path, json.dumps({"written_at": now, "processes": rows}))

    def _check(self, process: Process) -> None:
        with process.lock:
            if not process.wanted or process.alive() or process.popen is None:
                return
            now = time.time()
            if process.down_since is None:
                process.down_since = now
                ran = now - process.started_at
                pause = self._pause.get(process.name, 0.0)
                pause = 0.0 if ran >= STEADY_SECONDS else max(FIRST_PAUSE_SECONDS, pause * 2)
                self._pause[process.name] = min(pause, LONGEST_PAUSE_SECONDS)
                self._say(
                    "exited",
                    process,
                    status=process.popen.returncode,
                    ran_seconds=round(ran, 1),
                    restart_in=self._pause[process.name],
                )
            if now - process.down_since < self._pause[process.name]:
                return
            down = now - process.down_since
            process.start()
            process.restarts += 1
            self._say("restarted", process, down_seconds=round(down, 1), restarts=process.restarts)

    def _say(self, event: str, process: Process, **fields: object) -> None:
        line = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "event": event,
            "process": process.name,
            **fields,
        }
        with self.log_path.open("a") as log:
            log.write(json.dumps(line) + "\n")
