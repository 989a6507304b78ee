"""How busy the machine and a process were, from /proc: the benchmarks share two
cores with other work, so each prints how busy the machine was beside its figures."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its children now running."""
    children = [
        c for t in Path(f"/proc/{pid}/task").glob("*") for c in (t / "children").read_text().split()
    ]
    return own_cpu_seconds(pid) + sum(cpu_seconds(int(child)) for child in children)


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
