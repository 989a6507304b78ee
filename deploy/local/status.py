"""`deploy/local/status.sh [log dir]`: each process of a running local stack, how it
is (serving, not serving, down, ...) and since when, as its supervisor last saw it
(deploy/local/processes.py). Reads the demo stack's status unless told another
stack's log directory."""

import json
import sys
import time
from pathlib import Path

from deploy.local.processes import STATUS_FILE
from deploy.local.stack import LOCAL

# The supervisor rewrites its status every second; older means it is not running.
STALE_SECONDS = 5.0


def when(moment: float, now: float) -> str:
    at = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(moment))
    return f"{at} ({now - moment:.0f}s ago)"


def report(log_dir: Path, now: float | None = None) -> tuple[int, str]:
    """The exit status (0: every process serving or running) and the text."""
    now = time.time() if now is None else now
    path = log_dir / STATUS_FILE
    if not path.exists():
        return 3, f"no stack has run with logs in {log_dir}"
    status = json.loads(path.read_text())
    lines = []
    stale = now - status["written_at"] > STALE_SECONDS
    if stale:
        lines.append(f"the stack is not running; last seen {when(status['written_at'], now)}")
    width = max(len(row["process"]) for row in status["processes"])
    healthy = True
    for row in status["processes"]:
        healthy &= row["state"] in ("serving", "running")
        restarts = f", {row['restarts']} restarts" if row["restarts"] else ""
        metrics = f", metrics http://{row['metrics']}/metrics" if row.get("metrics") else ""
        lines.append(
            f"{row['process']:<{width}}  {row['state']:<11}  since {when(row['since'], now)}"
            + restarts
            + metrics
        )
    return (0 if healthy and not stale else 1), "\n".join(lines)


def main() -> None:
    log_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else LOCAL / "log" / "stack"
    code, text = report(log_dir)
    print(text)
    raise SystemExit(code)


if __name__ == "__main__":
    main()
