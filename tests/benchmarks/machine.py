"""How busy the machine and a process were, from /proc: the benchmarks share two
cores with other work, so each prints how busy the machine was beside its figures."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its children now running (a child that ends
    while it is looked at counts nothing)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += (task / "children").read_text().split()
        except OSError:
            continue
    total = own_cpu_seconds(pid)
    for child in children:
        try:
            total += cpu_seconds(int(child))
        except OSError:
            continue
    return total


def own_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def machine_busy() -> tuple[float, float]:
    """(busy, all) CPU seconds of the machine since it started."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    return (sum(ticks) - idle) / TICKS, sum(ticks) / TICKS


def load() -> str:
    """The load averages over 1, 5 and 15 minutes, as uptime shows them."""
    return ", ".join(f"{n:.2f}" for n in os.getloadavg())


def infrastructure_pids(local: Path) -> dict[str, int]:
    """The shared Postgres's and Kafka broker's process ids, from their pid files."""
    found = {}
    for name, pid_file in (("postgres", "pgdata/postmaster.pid"), ("kafka", "kafka/kafka.pid")):
        try:
            found[name] = int((local / pid_file).read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return found


class CpuAccount:
    """CPU seconds each named process (with its children, but for those in
    `without_children`) used between two looks, and how busy the whole machine was
    meanwhile."""

    def __init__(self, pids: dict[str, int], without_children: frozenset[str] = frozenset()):
        self._pids = pids
        self._without_children = without_children
        self._before = self._sample()
        self._busy_before = machine_busy()

    def _sample(self) -> dict[str, float]:
        seconds = {}
        for name, pid in self._pids.items():
            try:
                own = name in self._without_children
                seconds[name] = own_cpu_seconds(pid) if own else cpu_seconds(pid)
            except (OSError, ValueError):
                continue  # ended meanwhile
        return seconds

    def used(self) -> tuple[dict[str, float], float]:
        """(CPU seconds by process, the machine's busy share between the looks)."""
        now = self._sample()
        used = {n: now[n] - self._before[n] for n in now if n in self._before}
        busy, total = (a - b for a, b in zip(machine_busy(), self._busy_before, strict=True))
        return used, busy / total if total else 0.0
