# Shared set-up steps for scripts/run.sh and scripts/test.sh. Each step is
# idempotent and cached, so a second run skips straight past it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DATA_DIR="${DATA_DIR:-$ROOT/.data}"
export NEXT_TELEMETRY_DISABLED=1
export PRISMA_HIDE_UPDATE_MESSAGE=1
export CHECKPOINT_DISABLE=1
mkdir -p "$DATA_DIR"
# DOCKER_HOST, DOCKER_CONFIG and PATH for the grading engine (docs/engine.md).
source "$ROOT/scripts/engine/engine-env.sh"

say() { printf '[dockyard] %s\n' "$*" >&2; }

hash_of() { # hash_of PATH... : one hash over the contents of the given files/dirs (missing ones skipped)
  local existing=()
  for p in "$@"; do [ -e "$p" ] && existing+=("$p"); done
  find "${existing[@]}" -type f -not -path '*/node_modules/*' -not -path 'lib/generated/*' -print0 2>/dev/null \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}

ensure_node_modules() {
  local want have stamp=node_modules/.dockyard-lock-hash
  want=$(hash_of package-lock.json package.json)
  have=$(cat "$stamp" 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    say "installing dependencies (npm ci)"
    npm ci --no-audit --no-fund
    echo "$want" > "$stamp"
  fi
}

ensure_prisma_client() {
  local want stamp=lib/generated/.schema-hash
  want=$(hash_of prisma/schema.prisma package-lock.json)
  if [ "$want" != "$(cat "$stamp" 2>/dev/null || true)" ]; then
    say "generating the Prisma client"
    bash scripts/prisma-generate.sh >/dev/null
    echo "$want" > "$stamp"
  fi
}

# Starts a Docker engine when none answers; an engine we started is stopped
# again when the calling script exits (stop_started_docker, in its trap), and
# DOCKYARD_STARTED_DOCKERD_PID names it (`npm start`'s supervisor watches it).
ensure_docker() {
  local out
  out=$(bash scripts/ensure-docker.sh)
  if grep -q '^DOCKYARD_STARTED_DOCKERD=' <<<"$out"; then
    DOCKYARD_STOP_DOCKER=1
    DOCKYARD_STARTED_DOCKERD_PID=$(sed -n 's/^DOCKYARD_STARTED_DOCKERD=//p' <<<"$out")
  fi
}

stop_started_docker() {
  if [ "${DOCKYARD_STOP_DOCKER:-0}" = 1 ]; then
    say "stopping the Docker engine this script started"
    bash scripts/stop-docker.sh || true
  fi
}

ensure_app_build() {
  local want stamp=.next/.dockyard-build-hash
  want=$(hash_of app components lib public next.config.mjs postcss.config.mjs tsconfig.json package-lock.json)
  if [ "$want" != "$(cat "$stamp" 2>/dev/null || true)" ]; then
    say "building the web app (next build)"
    npx --no-install next build
    echo "$want" > "$stamp"
  fi
}
