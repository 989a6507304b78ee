#!/usr/bin/env bash
# Shared defaults for the local infrastructure (PostgreSQL + Kafka) used by
# development and tests. Source it:  . deploy/local/env.sh
# Every value can be overridden by exporting it before sourcing.
#
# No `set -euo pipefail` here on purpose: this file is sourced, and flipping
# shell options would leak into (and could kill) an interactive caller shell.
# It is written to be safe under `set -u` though.

# Repo root = two levels above this file, so the scripts work from any cwd.
_marac_env_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MARAC_REPO_DIR="${MARAC_REPO_DIR:-$(cd "$_marac_env_dir/../.." && pwd)}"
unset _marac_env_dir

# All mutable state (data dirs, logs, pid files) lives here; it is gitignored.
MARAC_LOCAL_DIR="${MARAC_LOCAL_DIR:-$MARAC_REPO_DIR/.local}"

# PostgreSQL: a private cluster on a non-default port so it never collides
# with the Debian "main" cluster on 5432. The default ports sit below the
# kernel's ephemeral range (32768+), so no client connection can hold them.
MARAC_PG_HOST="${MARAC_PG_HOST:-127.0.0.1}"
MARAC_PG_PORT="${MARAC_PG_PORT:-25432}"
MARAC_PG_SUPERUSER="${MARAC_PG_SUPERUSER:-postgres}"
# The superuser's password is made at random when the cluster is made, and kept
# only in this file (0600); no service is given it.
MARAC_PG_SUPERPASSWORD_FILE="${MARAC_PG_SUPERPASSWORD_FILE:-$MARAC_LOCAL_DIR/secrets/postgres-superuser}"

# The local certificate authority and every principal's certificate
# (deploy/local/pki.py). Every libpq client of the local cluster speaks TLS and
# checks the server's certificate against it.
MARAC_PKI_DIR="$MARAC_LOCAL_DIR/pki"
PGSSLMODE="${PGSSLMODE:-verify-full}"
PGSSLROOTCERT="${PGSSLROOTCERT:-$MARAC_PKI_DIR/ca.pem}"

# Kafka (KRaft, single combined broker+controller node).
MARAC_KAFKA_PORT="${MARAC_KAFKA_PORT:-29092}"
MARAC_KAFKA_CONTROLLER_PORT="${MARAC_KAFKA_CONTROLLER_PORT:-29093}"
# A third listener, advertised at a proxy's port: clients that bootstrap through
# the proxy (tests/faults/test_network.py's Toxiproxy) are told to stay on it.
MARAC_KAFKA_PROXIED_PORT="${MARAC_KAFKA_PROXIED_PORT:-29094}"
MARAC_KAFKA_PROXY_PORT="${MARAC_KAFKA_PROXY_PORT:-29095}"
# Jar cache lives outside the repo so fresh clones/worktrees share one fetch.
MARAC_KAFKA_CACHE="${MARAC_KAFKA_CACHE:-${HOME:-/root}/.cache/marac-hub/kafka-3.9.1}"
MARAC_KAFKA_BOOTSTRAP="${MARAC_KAFKA_BOOTSTRAP:-127.0.0.1:$MARAC_KAFKA_PORT}"

export MARAC_REPO_DIR MARAC_LOCAL_DIR \
  MARAC_PG_HOST MARAC_PG_PORT MARAC_PG_SUPERUSER MARAC_PG_SUPERPASSWORD_FILE \
  MARAC_PKI_DIR PGSSLMODE PGSSLROOTCERT \
  MARAC_KAFKA_PORT MARAC_KAFKA_CONTROLLER_PORT MARAC_KAFKA_CACHE MARAC_KAFKA_BOOTSTRAP \
  MARAC_KAFKA_PROXIED_PORT MARAC_KAFKA_PROXY_PORT
