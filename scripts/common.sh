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
source "$ROOT/scripts/retry.sh"

# The command that was run, for "run it again" advice: npm names its script in npm_lifecycle_event.
RERUN="npm ${npm_lifecycle_event:-start}"
# The set-up step under way (run_step), named if the script stops in it.
STEP=""

# run_step <what> <command>...: runs one set-up step; if the script stops in it, explain_stop names it.
run_step() {
  STEP="$1"
  shift
  "$@"
  STEP=""
}

# For an EXIT trap: a script that stopped in a set-up step says which step and that running it again resumes there
# (each step is cached, so what is done is skipped). The reason is in the step's own output just above.
explain_stop() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "$STEP" ]; then
    say "stopped while $STEP (exit $status); the lines above say why. Run $RERUN again: it resumes from this step."
  fi
  return "$status"
}

show_background() { # show_background PID LOG: waits for it, prints its output, returns its status
  local rc=0
  wait "$1" || rc=$?
  cat "$2"
  return $rc
}

hash_of() { # hash_of PATH... : one hash over the contents of the given files/dirs (missing ones skipped)
  local existing=()
  for p in "$@"; do [ -e "$p" ] && existing+=("$p"); done
  find "${existing[@]}" -type f -not -path '*/node_modules/*' -not -path 'lib/generated/*' -print0 2>/dev/null \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}

# What `npm ci` installed for one lock file, Node and machine, kept for fresh clones on this machine (CI clones anew
# each run): copying it takes a fraction of the minute or two npm ci takes on two cores. Only a tree npm ci has just
# written is kept, whole and under its key (a copy made mid-way never takes its place), and only the latest.
NODE_MODULES_KEPT="${DOCKYARD_NODE_MODULES_CACHE:-/var/cache/dockyard/node-modules}"

ensure_node_modules() {
  local want have stamp=node_modules/.dockyard-lock-hash
  want="$(hash_of package-lock.json package.json)-$(node --version)-$(uname -m)"
  have=$(cat "$stamp" 2>/dev/null || true)
  if [ "$want" = "$have" ]; then return; fi
  if [ ! -e node_modules ] && [ "$(cat "$NODE_MODULES_KEPT/.dockyard-lock-hash" 2>/dev/null || true)" = "$want" ]; then
    say "copying the dependencies npm ci installed for this lock file earlier on this machine ($NODE_MODULES_KEPT)"
    rm -rf node_modules.partial
    if cp -a "$NODE_MODULES_KEPT" node_modules.partial && mv -T node_modules.partial node_modules; then return; fi
    rm -rf node_modules.partial
  fi
  say "installing dependencies (npm ci)"
  retried "npm ci" npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
  # npm start serves pages first and does not pay for the copy; npm test (and so CI) keeps one.
  if [ "${DOCKYARD_PAGES_FIRST:-0}" != 1 ]; then keep_node_modules; fi
}

keep_node_modules() {
  { mkdir -p "$(dirname "$NODE_MODULES_KEPT")" &&
    rm -rf "$NODE_MODULES_KEPT.new.$$" && cp -a node_modules "$NODE_MODULES_KEPT.new.$$" &&
    rm -rf "$NODE_MODULES_KEPT" && mv -T "$NODE_MODULES_KEPT.new.$$" "$NODE_MODULES_KEPT"; } ||
    { rm -rf "$NODE_MODULES_KEPT.new.$$"; say "could not keep the dependencies in $NODE_MODULES_KEPT"; }
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
  note_started_docker "$out"
}

note_started_docker() {
  if grep -q '^DOCKYARD_STARTED_DOCKERD=' <<<"$1"; then
    DOCKYARD_STOP_DOCKER=1
    DOCKYARD_STARTED_DOCKERD_PID=$(sed -n 's/^DOCKYARD_STARTED_DOCKERD=//p' <<<"$1")
  fi
}

# ensure_docker in two halves, so that something else can run meanwhile: on a fresh machine the engine's download
# and start overlap `npm ci`'s. finish_docker waits for it and fails as it failed; a script that exits before
# calling it (an EXIT trap calls it too) still learns of an engine that was started, to stop it.
DOCKER_JOB=""
start_docker_in_background() {
  DOCKER_JOB_OUT=$(mktemp)
  bash scripts/ensure-docker.sh >"$DOCKER_JOB_OUT" &
  DOCKER_JOB=$!
}

finish_docker() {
  [ -n "$DOCKER_JOB" ] || return 0
  local status=0
  wait "$DOCKER_JOB" || status=$?
  DOCKER_JOB=""
  note_started_docker "$(cat "$DOCKER_JOB_OUT")"
  rm -f "$DOCKER_JOB_OUT"
  return "$status"
}

stop_started_docker() {
  if [ "${DOCKYARD_STOP_DOCKER:-0}" = 1 ]; then
    say "stopping the Docker engine this script started"
    bash scripts/stop-docker.sh || true
  fi
}

# Turbopack keeps what it compiled in .next/cache, and a build that finds it there takes a fraction of the time (62
# s cold, 26 s warm, measured on this 2-core machine; the cache does not depend on where the clone is). A fresh
# clone has none, so a copy is kept per machine, outside the clone, and lent to a clone that lacks one. Writing the
# cache costs a cold build about 25 s, so where pages come first (DOCKYARD_PAGES_FIRST=1, `npm start`) and there is
# nothing to start from, the build writes none, and the copy is kept in the background instead of waited for.
NEXT_CACHE_KEPT="${DOCKYARD_NEXT_CACHE:-/var/cache/dockyard/next-build-cache}"
ensure_app_build() {
  local want stamp=.next/.dockyard-build-hash cache=on
  want=$(hash_of app components lib public next.config.mjs postcss.config.mjs tsconfig.json package-lock.json)
  if [ "$want" != "$(cat "$stamp" 2>/dev/null || true)" ]; then
    if [ ! -d .next/cache ]; then
      if [ -d "$NEXT_CACHE_KEPT" ]; then
        mkdir -p .next && cp -a "$NEXT_CACHE_KEPT" .next/cache
      elif [ "${DOCKYARD_PAGES_FIRST:-0}" = 1 ]; then
        cache=off
      fi
    fi
    say "building the web app (next build)"
    DOCKYARD_NEXT_BUILD_CACHE=$cache npx --no-install next build
    echo "$want" > "$stamp"
    [ "$cache" = on ] || return 0
    if [ "${DOCKYARD_PAGES_FIRST:-0}" = 1 ]; then
      keep_next_cache &
    else
      keep_next_cache
    fi
  fi
}

keep_next_cache() { # replaced whole, so a build that reads it meanwhile never sees half of one
  { mkdir -p "$(dirname "$NEXT_CACHE_KEPT")" &&
    rm -rf "$NEXT_CACHE_KEPT.new.$$" && cp -a .next/cache "$NEXT_CACHE_KEPT.new.$$" &&
    rm -rf "$NEXT_CACHE_KEPT" && mv -T "$NEXT_CACHE_KEPT.new.$$" "$NEXT_CACHE_KEPT"; } ||
    say "could not keep the build cache in $NEXT_CACHE_KEPT (the next fresh clone builds cold)"
}

# Validates the course and compiles its lessons into the content cache, unless neither the content nor the code
# that checks it changed since the last time it passed (the stamp lives in the cache, so a new DATA_DIR checks again).
ensure_content() {
  local want cache="$DATA_DIR/content-cache"
  local stamp="$cache/.dockyard-content-hash"
  want=$(hash_of "${CONTENT_DIR:-content}" lib sandbox-runner scripts/build-content.ts package-lock.json)
  if [ "$want" != "$(cat "$stamp" 2>/dev/null || true)" ] || [ ! -s "$cache/search-index.json" ]; then
    say "checking course content"
    npx --no-install tsx scripts/build-content.ts
    echo "$want" > "$stamp"
  fi
}
