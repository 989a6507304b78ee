#!/usr/bin/env bash
# The test command: installs what is missing, starts PostgreSQL and Kafka on
# loopback, runs the whole test suite, and stops the servers, pass or fail.
# Extra arguments go to pytest (for example: deploy/local/test.sh tests/unit).
# With none, the tests outside tests/faults run in MARAC_TEST_PROCESSES (2) pytest
# processes, a module's tests in one (each a session of its own databases, topics
# and stacks, so they share nothing), then tests/faults alone: those stop the
# servers every other test uses, and time what they recover.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
. "$here/env.sh"
cd "$MARAC_REPO_DIR"

bash "$here/bootstrap.sh"
trap 'bash "$here/infra.sh" stop' EXIT
bash "$here/infra.sh" start
export PATH="$MARAC_LOCAL_DIR/tools/bin:$PATH"
pytest=("$MARAC_LOCAL_DIR/venv/bin/python" -m pytest)
status=0
if [ $# -gt 0 ]; then  # not exec: the trap stops the servers
  "${pytest[@]}" "$@" || status=$?
  exit "$status"
fi
"${pytest[@]}" -n "${MARAC_TEST_PROCESSES:-2}" --dist loadfile \
  tests/unit tests/integration tests/e2e || status=$?
"${pytest[@]}" tests/faults || status=$?
exit "$status"
