#!/usr/bin/env bash
# Stop the dockerd that scripts/ensure-docker.sh started (and only that one: a
# daemon run by systemd or by hand has no pid file here and is left alone).
set -euo pipefail

cd "$(dirname "$0")/.."
DATA_DIR="${DATA_DIR:-.data}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$PWD/$DATA_DIR" ;; esac
PID_FILE="$DATA_DIR/dockerd.pid"
STOP_TIMEOUT_S=20

say() { printf 'stop-docker: %s\n' "$*" >&2; }

[ -f "$PID_FILE" ] || exit 0
pid="$(cat "$PID_FILE" 2>/dev/null || true)"

# The pid may have been recycled since dockerd died; never signal a stranger.
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null \
  || [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != dockerd ]; then
  rm -f "$PID_FILE"
  exit 0
fi

say "stopping dockerd (pid $pid)"
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + STOP_TIMEOUT_S))
while kill -0 "$pid" 2>/dev/null; do
  if ((SECONDS >= deadline)); then
    # Keep the pid file so a later run can try again.
    say "dockerd (pid $pid) is still running after ${STOP_TIMEOUT_S}s; giving up"
    exit 1
  fi
  sleep 0.5
done
rm -f "$PID_FILE"
say "dockerd stopped"
