#!/usr/bin/env bash
# Stops Dockyard's own engine if scripts/ensure-docker.sh started it (an
# operator's engine, named by DOCKER_HOST, is never ours to stop).
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/engine/engine-env.sh
STOP_TIMEOUT_S=30

say() { printf 'stop-docker: %s\n' "$*" >&2; }
# A zombie (dead, not yet reaped by init) counts as stopped.
alive() { kill -0 "$1" 2>/dev/null && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]; }

[ "$DOCKYARD_OWN_ENGINE" = 1 ] || exit 0
pid="$(cat "$DOCKYARD_ENGINE_PIDFILE" 2>/dev/null || true)"
# The pid may have been recycled since dockerd died; never signal a stranger.
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! alive "$pid" \
  || [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != dockerd ]; then
  exit 0
fi

say "stopping dockerd (pid $pid)"
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + STOP_TIMEOUT_S))
while alive "$pid"; do
  if ((SECONDS >= deadline)); then
    say "dockerd (pid $pid) is still running after ${STOP_TIMEOUT_S}s; giving up"
    exit 1
  fi
  sleep 0.5
done
say "dockerd stopped"
