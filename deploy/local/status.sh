#!/usr/bin/env bash
# How each process of the running local stack is, and since when.
#   deploy/local/status.sh [log dir]   (default: the demo's, .local/log/stack)
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
. "$here/env.sh"
cd "$MARAC_REPO_DIR"
exec "$MARAC_LOCAL_DIR/venv/bin/python" -m deploy.local.status "$@"
