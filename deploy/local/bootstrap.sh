#!/usr/bin/env bash
# Installs what the project runs with, from the package registries, into .local/:
# the Python virtualenv (the project and its pinned dependencies), buf (npm) and
# grpcurl, ghz and helm (Go module proxy). Idempotent: a second run only checks the stamps.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$MARAC_REPO_DIR"

BUF_VERSION=1.75.0
# Must be the version services/web's govuk-frontend-jinja (pyproject.toml) ports.
GOVUK_FRONTEND_VERSION=6.3.0
GRPCURL_VERSION=v1.9.4
GHZ_VERSION=v0.120.0
HELM_VERSION=v3.22.0
TOXIPROXY_VERSION=v2.12.0
VENV="$MARAC_LOCAL_DIR/venv"
TOOLS="$MARAC_LOCAL_DIR/tools"
mkdir -p "$TOOLS/bin"

stamp="$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "bootstrap: installing Python dependencies into $VENV"
  python3.11 -m venv "$VENV" 2>/dev/null || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet --progress-bar off -e '.[dev]'
  echo "$stamp" >"$VENV/.stamp"
fi

if [ ! -x "$TOOLS/node_modules/.bin/buf" ]; then
  echo "bootstrap: installing buf $BUF_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "@bufbuild/buf@$BUF_VERSION" >/dev/null
fi

# The web app's GOV.UK Frontend assets, served by the app itself.
WEB="$MARAC_LOCAL_DIR/web"
if [ "$(cat "$WEB/.version" 2>/dev/null)" != "$GOVUK_FRONTEND_VERSION" ]; then
  echo "bootstrap: installing govuk-frontend $GOVUK_FRONTEND_VERSION"
  mkdir -p "$WEB"
  npm install --silent --no-audit --no-fund --save-exact --prefix "$WEB" \
    "govuk-frontend@$GOVUK_FRONTEND_VERSION" >/dev/null
  echo "$GOVUK_FRONTEND_VERSION" >"$WEB/.version"
fi

# The browser tests drive Debian's Chromium (never a browser Playwright downloads).
if [ ! -x /usr/bin/chromium ]; then
  echo "bootstrap: installing Debian's chromium (apt)"
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi

if [ ! -x "$TOOLS/bin/grpcurl" ]; then
  echo "bootstrap: building grpcurl $GRPCURL_VERSION"
  GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install \
    "github.com/fullstorydev/grpcurl/cmd/grpcurl@$GRPCURL_VERSION"
fi
if [ ! -x "$TOOLS/bin/ghz" ]; then
  echo "bootstrap: building ghz $GHZ_VERSION (gRPC load generator for the benchmarks)"
  GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install "github.com/bojand/ghz/cmd/ghz@$GHZ_VERSION"
fi
if [ ! -x "$TOOLS/bin/helm" ]; then
  echo "bootstrap: building helm $HELM_VERSION (renders deploy/kubernetes for its tests)"
  GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi
if [ ! -x "$TOOLS/bin/toxiproxy-server" ]; then
  echo "bootstrap: building toxiproxy $TOXIPROXY_VERSION (network faults for tests/faults)"
  GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install \
    "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION"
  mv "$TOOLS/bin/server" "$TOOLS/bin/toxiproxy-server"
fi
echo "bootstrap: ready ($VENV)"
