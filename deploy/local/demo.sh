#!/usr/bin/env bash
# The main job: installs what is missing, starts PostgreSQL, Kafka and every
# MARAC Hub service on loopback, records a demo scenario and prints where to
# look. Ctrl-C stops everything it started.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
. "$here/env.sh"
cd "$MARAC_REPO_DIR"

bash "$here/bootstrap.sh"
trap 'bash "$here/infra.sh" stop' EXIT
bash "$here/infra.sh" start
"$MARAC_LOCAL_DIR/venv/bin/python" -m deploy.local.demo
