#!/usr/bin/env bash
# The test command: installs what is missing, starts PostgreSQL and Kafka on
# loopback, runs the whole test suite, and stops the servers, pass or fail.
# Extra arguments go to pytest (for example: deploy/local/test.sh tests/unit).
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
. "$here/env.sh"
cd "$MARAC_REPO_DIR"

bash "$here/bootstrap.sh"
trap 'bash "$here/infra.sh" stop' EXIT
bash "$here/infra.sh" start
PATH="$MARAC_LOCAL_DIR/tools/bin:$PATH" "$MARAC_LOCAL_DIR/venv/bin/python" -m pytest "$@"
