#!/usr/bin/env bash
# Private PostgreSQL cluster for local development and tests.
#   deploy/local/postgres.sh start|stop|crash|status
# Never touches the Debian default cluster: own data dir, own port, own socket dir.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"

log() { printf '[postgres] %s\n' "$*"; }
die() { printf '[postgres] ERROR: %s\n' "$*" >&2; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# Run a command as root (apt). Falls back to sudo for non-root developers.
as_root() {
  if [ "$IS_ROOT" -eq 1 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}

# initdb/pg_ctl refuse to run as root, so as root we use the 'postgres' OS user
# the Debian package creates. cd / first: the caller's cwd (e.g. /root) may be
# unreadable for that user, which makes every PG binary print warnings.
as_pg() {
  if [ "$IS_ROOT" -eq 1 ]; then (cd / && runuser -u postgres -- "$@")
  else "$@"; fi
}

# Owner of the files PostgreSQL writes (data dir, socket dir, log file).
pg_owner() { if [ "$IS_ROOT" -eq 1 ]; then echo postgres; else id -un; fi; }

ensure_installed() {
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    log "PostgreSQL server not installed; installing the Debian package (apt)..."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  fi
  if [ "$IS_ROOT" -eq 1 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root but the 'postgres' OS user does not exist (broken postgresql install?)"
  fi
}

# The private cluster normally lives in $MARAC_LOCAL_DIR. If the repo sits
# somewhere the postgres OS user cannot traverse (e.g. under /root, mode 700),
# fall back to a per-checkout dir in that user's home (/var/lib/postgresql),
# keyed by a hash of MARAC_LOCAL_DIR so the choice is stable across runs.
fallback_base() {
  local home hash
  home="$(getent passwd postgres | cut -d: -f6)"
  hash="$(printf '%s' "$MARAC_LOCAL_DIR" | cksum | cut -d' ' -f1)"
  echo "${home:-/var/lib/postgresql}/marac-hub/$hash"
}

# Sets PG_BASE, PGDATA_DIR, PG_SOCK_DIR, PG_LOG_FILE. With create=1 (start) it
# may create dirs and decide on the fallback; otherwise it only looks.
resolve_dirs() {
  local create="$1" fb=""
  PG_BASE="$MARAC_LOCAL_DIR"
  [ "$IS_ROOT" -eq 1 ] && fb="$(fallback_base)"
  if [ -n "$fb" ] && [ ! -e "$MARAC_LOCAL_DIR/pgdata/PG_VERSION" ] && [ -e "$fb/pgdata" ]; then
    PG_BASE="$fb"
  elif [ "$create" -eq 1 ]; then
    mkdir -p "$MARAC_LOCAL_DIR"
    # 755 so the postgres user can traverse into .local (a umask of 077 would
    # otherwise lock it out); only chmod what we own.
    [ -O "$MARAC_LOCAL_DIR" ] && chmod 755 "$MARAC_LOCAL_DIR"
    if [ "$IS_ROOT" -eq 1 ] && ! runuser -u postgres -- test -x "$MARAC_LOCAL_DIR" 2>/dev/null; then
      log "postgres OS user cannot reach $MARAC_LOCAL_DIR (a parent dir lacks o+x); using $fb instead"
      PG_BASE="$fb"
    fi
  fi
  PGDATA_DIR="$PG_BASE/pgdata"
  PG_SOCK_DIR="$PG_BASE/pgsock"
  PG_LOG_FILE="$PG_BASE/log/postgres.log"
  # Unix socket paths are limited to 107 bytes; in a deep checkout go TCP-only
  # rather than fail (all clients here connect over 127.0.0.1 anyway).
  if [ $(( ${#PG_SOCK_DIR} + ${#MARAC_PG_PORT} + 12 )) -gt 107 ]; then
    [ "$create" -eq 1 ] && log "path too long for a unix socket; TCP only ($PG_SOCK_DIR)"
    PG_SOCK_DIR=""
  fi
  return 0
}

# Pick the server binaries: the version that created the cluster if it exists,
# otherwise the newest installed one.
resolve_bin() {
  local ver=""
  [ -f "$PGDATA_DIR/PG_VERSION" ] && ver="$(cat "$PGDATA_DIR/PG_VERSION")"
  if [ -n "$ver" ]; then
    PG_BIN="/usr/lib/postgresql/$ver/bin"
    [ -x "$PG_BIN/pg_ctl" ] || die "cluster in $PGDATA_DIR is PostgreSQL $ver but $PG_BIN is missing"
  else
    PG_BIN="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
    [ -x "$PG_BIN/pg_ctl" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
  fi
}

pg_running() {
  [ -f "$PGDATA_DIR/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

pg_ready() {
  "$PG_BIN/pg_isready" -q -h "$MARAC_PG_HOST" -p "$MARAC_PG_PORT" -t 2 >/dev/null 2>&1
}

port_in_use() { (: <>"/dev/tcp/$MARAC_PG_HOST/$MARAC_PG_PORT") 2>/dev/null; }

# Bounded readiness wait; bails out early if the postmaster died.
wait_ready() {
  local timeout=60 start=$SECONDS next=$((SECONDS + 5))
  log "waiting for PostgreSQL on $MARAC_PG_HOST:$MARAC_PG_PORT ..."
  until pg_ready; do
    if [ $((SECONDS - start)) -ge 3 ] && ! pg_running; then
      tail -n 30 "$PG_LOG_FILE" >&2 || true
      die "postmaster exited during startup (log: $PG_LOG_FILE)"
    fi
    if [ $((SECONDS - start)) -ge "$timeout" ]; then
      tail -n 30 "$PG_LOG_FILE" >&2 || true
      die "PostgreSQL not ready after ${timeout}s (log: $PG_LOG_FILE)"
    fi
    if [ "$SECONDS" -ge "$next" ]; then
      log "  still waiting ($((SECONDS - start))s)"; next=$((SECONDS + 5))
    fi
    sleep 0.2
  done
  log "ready on $MARAC_PG_HOST:$MARAC_PG_PORT after $((SECONDS - start))s"
}

init_cluster() {
  local owner tmpdir pwfile
  owner="$(pg_owner)"
  # initdb into a temp dir and rename on success, so an interrupted initdb never
  # leaves a half-built cluster that later starts would try to reuse.
  # Created by us and handed over: the server user may not be allowed to create
  # entries in $PG_BASE itself (.local is owned by the invoking user).
  tmpdir="$PGDATA_DIR.initdb-tmp"
  rm -rf "$tmpdir"
  mkdir -m 700 "$tmpdir"
  chown "$owner" "$tmpdir"
  pwfile="$(mktemp)"
  # shellcheck disable=SC2064
  trap "rm -f '$pwfile'; rm -rf '$tmpdir'" EXIT
  cat "$MARAC_PG_SUPERPASSWORD_FILE" >"$pwfile"
  chown "$owner" "$pwfile"
  chmod 600 "$pwfile"
  log "initdb: new private cluster in $PGDATA_DIR (superuser $MARAC_PG_SUPERUSER)"
  # scram-sha-256 for every connection type (host and local socket): the same
  # password works whichever way a client connects, whatever its OS user.
  # C.UTF-8 is built into glibc >= 2.35, so no locales package is needed.
  as_pg "$PG_BIN/initdb" -D "$tmpdir" -U "$MARAC_PG_SUPERUSER" --pwfile="$pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  # Our settings go in a separate file rewritten on every start (see write_conf).
  printf "\n# marac-hub local overrides (rewritten by deploy/local/postgres.sh)\ninclude_if_exists = 'marac_local.conf'\n" \
    | as_pg tee -a "$tmpdir/postgresql.conf" >/dev/null
  mv "$tmpdir" "$PGDATA_DIR"
  rm -f "$pwfile"
  trap - EXIT
}

# Rewritten each start so changes to MARAC_PG_PORT etc. take effect on restart.
# A random password for the superuser, made once, readable only by its owner.
ensure_superpassword() {
  [ -s "$MARAC_PG_SUPERPASSWORD_FILE" ] && return 0
  local dir
  dir="$(dirname "$MARAC_PG_SUPERPASSWORD_FILE")"
  mkdir -p "$dir"
  chmod 700 "$dir"
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$MARAC_PG_SUPERPASSWORD_FILE.new")
  mv "$MARAC_PG_SUPERPASSWORD_FILE.new" "$MARAC_PG_SUPERPASSWORD_FILE"
}

# A cluster made before passwords were generated has the old fixed one: replace it.
LEGACY_SUPERPASSWORD=marac-local-admin
replace_legacy_superpassword() {
  [ -f "$PGDATA_DIR/.superpassword-generated" ] && return 0
  # psql reads the new password from its file itself (never on a command line)
  # and interpolates :'pw' only in what it reads, not in -c.
  if printf '%s\n' "\\set pw \`cat '$MARAC_PG_SUPERPASSWORD_FILE'\`" \
      "ALTER ROLE CURRENT_USER PASSWORD :'pw';" \
      | PGPASSWORD="$LEGACY_SUPERPASSWORD" "$PG_BIN/psql" -q -X -v ON_ERROR_STOP=1 \
        -h "$MARAC_PG_HOST" -p "$MARAC_PG_PORT" -U "$MARAC_PG_SUPERUSER" -d postgres \
        >/dev/null 2>&1; then
    log "replaced the superuser's fixed password with a generated one"
  fi
  # Either replaced now, or the fixed one no longer opens it: nothing left to do.
  as_pg touch "$PGDATA_DIR/.superpassword-generated"
}

# The server's certificate and key from the local PKI, copied into the data
# directory: the server reads them as its own OS user, and only a 0600 key.
install_certificate() {
  local py="$MARAC_LOCAL_DIR/venv/bin/python" owner
  [ -x "$py" ] || die "no Python environment at $MARAC_LOCAL_DIR/venv; run deploy/local/bootstrap.sh"
  (cd "$MARAC_REPO_DIR" && "$py" -m deploy.local.pki postgres/server >/dev/null)
  owner="$(pg_owner)"
  install -m 600 -o "$owner" "$MARAC_PKI_DIR/postgres/server/key.pem" "$PGDATA_DIR/server.key"
  install -m 644 -o "$owner" "$MARAC_PKI_DIR/postgres/server/cert.pem" "$PGDATA_DIR/server.crt"
}

write_conf() {
  local sock="${PG_SOCK_DIR//\'/\'\'}"
  as_pg tee "$PGDATA_DIR/marac_local.conf" >/dev/null <<EOF
# Generated by deploy/local/postgres.sh on every start; edits are overwritten.
listen_addresses = '$MARAC_PG_HOST'
port = $MARAC_PG_PORT
unix_socket_directories = '$sock'
max_connections = 400
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
ssl_min_protocol_version = 'TLSv1.2'
password_encryption = 'scram-sha-256'
EOF
  # Loopback only, TLS only, SCRAM only: no plaintext TCP, no trust, no md5.
  as_pg tee "$PGDATA_DIR/pg_hba.conf" >/dev/null <<EOF
# Written by deploy/local/postgres.sh on every start; edits are overwritten.
local   all all              scram-sha-256
hostssl all all 127.0.0.1/32 scram-sha-256
EOF
}

cmd_start() {
  ensure_installed
  resolve_dirs 1
  local owner
  owner="$(pg_owner)"
  mkdir -p "$PG_BASE/log"
  # One start at a time (concurrent test runners may all call start).
  exec 9>"$PG_BASE/log/.postgres.lock"
  flock -w 120 9 || die "timed out waiting for another postgres.sh start"

  resolve_bin
  if pg_running; then
    if pg_ready; then
      log "already running ($PGDATA_DIR, $MARAC_PG_HOST:$MARAC_PG_PORT)"
      return 0
    fi
    wait_ready
    return 0
  fi

  if port_in_use; then
    die "port $MARAC_PG_HOST:$MARAC_PG_PORT is taken by another process; set MARAC_PG_PORT"
  fi

  ensure_superpassword
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    init_cluster
    as_pg touch "$PGDATA_DIR/.superpassword-generated"
  fi
  install_certificate
  [ -n "$PG_SOCK_DIR" ] && mkdir -p "$PG_SOCK_DIR" && chown "$owner" "$PG_SOCK_DIR" && chmod 755 "$PG_SOCK_DIR"
  # pg_ctl opens the log as the server user, so the file must be theirs.
  touch "$PG_LOG_FILE"
  chown "$owner" "$PG_LOG_FILE"
  chmod 600 "$PG_LOG_FILE"  # the server's log is its operator's alone
  write_conf

  log "starting PostgreSQL $(basename "$(dirname "$PG_BIN")") (data $PGDATA_DIR, log $PG_LOG_FILE)"
  # -W: don't let pg_ctl wait; we poll pg_isready ourselves with a bound.
  # 9>&-: the postmaster must not inherit the lock fd, or it would hold the
  # start lock for its whole life and block every later start.
  as_pg "$PG_BIN/pg_ctl" start -D "$PGDATA_DIR" -l "$PG_LOG_FILE" -W -s 9>&-
  wait_ready
  replace_legacy_superpassword
}

# stop_in MODE DOING: pg_ctl's shutdown MODE, logged as DOING.
stop_in() {
  resolve_dirs 0
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    log "not running (no cluster at $PGDATA_DIR)"
    return 0
  fi
  resolve_bin
  if pg_running; then
    log "$2 ($PGDATA_DIR)"
    as_pg "$PG_BIN/pg_ctl" stop -D "$PGDATA_DIR" -m "$1" -w -t 60 -s
    log "stopped"
  else
    log "not running"
  fi
}

cmd_stop() { stop_in fast stopping; }

# Stops at once, as a crash or power loss would (the next start recovers from
# the WAL); for fault tests.
cmd_crash() { stop_in immediate crashing; }

cmd_status() {
  resolve_dirs 0
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    log "not running (no cluster at $PGDATA_DIR)"
    return 1
  fi
  resolve_bin
  if pg_running && pg_ready; then
    log "running: $MARAC_PG_HOST:$MARAC_PG_PORT (data $PGDATA_DIR)"
    return 0
  elif pg_running; then
    log "process up but not accepting connections on $MARAC_PG_HOST:$MARAC_PG_PORT"
    return 1
  fi
  log "not running"
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  crash) cmd_crash ;;
  status) cmd_status ;;
  *) echo "usage: $0 {start|stop|crash|status}" >&2; exit 2 ;;
esac
