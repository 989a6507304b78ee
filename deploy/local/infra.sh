#!/usr/bin/env bash
# Local infrastructure for development and tests: PostgreSQL, then Kafka.
#   deploy/local/infra.sh start|stop|status
# Both are idempotent; see postgres.sh / kafka.sh and env.sh for settings.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

case "${1:-}" in
  start)
    "$HERE/postgres.sh" start
    "$HERE/kafka.sh" start
    ;;
  stop)
    # Reverse order of start; try both even if the first one fails.
    rc=0
    "$HERE/kafka.sh" stop || rc=$?
    "$HERE/postgres.sh" stop || rc=$?
    exit "$rc"
    ;;
  status)
    rc=0
    "$HERE/postgres.sh" status || rc=1
    "$HERE/kafka.sh" status || rc=1
    exit "$rc"
    ;;
  *)
    echo "usage: $0 {start|stop|status}" >&2
    exit 2
    ;;
esac
