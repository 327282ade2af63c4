#!/usr/bin/env bash
# Make sure a Docker engine answers, installing and starting one if we can.
#
# stdout is a machine-readable channel: when (and only when) this script
# started dockerd itself it prints one line `DOCKYARD_STARTED_DOCKERD=<pid>`, so
# a caller can stop that daemon again on exit (scripts/stop-docker.sh). All
# human-facing output goes to stderr.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO_ROOT="$PWD"
DATA_DIR="${DATA_DIR:-.data}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$REPO_ROOT/$DATA_DIR" ;; esac
PID_FILE="$DATA_DIR/dockerd.pid"
LOG_FILE="$DATA_DIR/dockerd.log"
START_TIMEOUT_S=60
# Long enough for a concurrent caller to download and install docker.io.
LOCK_TIMEOUT_S=600

# Non-login root shells (sudo, cron, su) often lack the sbin directories that
# hold dockerd.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

say() { printf 'ensure-docker: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

engine_answers() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

is_dockerd() { [ "$(cat "/proc/$1/comm" 2>/dev/null || true)" = dockerd ]; }

# A dockerd that is running but not answering yet (started a moment ago by a
# concurrent caller, or by systemd) must be waited for, not duplicated: two
# daemons on one /var/lib/docker corrupt each other.
running_dockerd_pid() {
  local pid
  for f in "$PID_FILE" /var/run/docker.pid; do
    pid="$(cat "$f" 2>/dev/null || true)"
    if alive "$pid" && is_dockerd "$pid"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# Exits 0 if an already-running daemon comes up; returns if there is none.
wait_for_running_daemon() {
  local pid
  pid="$(running_dockerd_pid)" || return 0
  say "dockerd (pid $pid) is running but not answering yet; waiting"
  wait_for_engine "$pid" && exit 0
  die "dockerd (pid $pid) did not answer within ${START_TIMEOUT_S}s"
}

wait_for_engine() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    engine_answers && return 0
    alive "$pid" || return 1
    sleep 1
  done
  return 1
}

log_tail() {
  if [ -f "$LOG_FILE" ]; then
    say "last lines of $LOG_FILE:"
    tail -n 15 "$LOG_FILE" >&2 || true
  fi
}

apt_has_candidate() {
  apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'
}

install_docker() {
  command -v apt-get >/dev/null 2>&1 || die "dockerd is not installed and this is not a Debian-like system; install Docker Engine yourself."
  say "dockerd not found; installing Debian's docker.io package"
  # Skip the slow index download when the lists already know the package.
  if ! apt_has_candidate docker.io; then
    DEBIAN_FRONTEND=noninteractive apt-get update >&2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io >&2
}

start_dockerd() {
  mkdir -p "$DATA_DIR"
  say "starting dockerd (log: $LOG_FILE)"
  printf '\n=== %s ensure-docker: starting dockerd\n' "$(date -Is)" >>"$LOG_FILE"
  # setsid: the daemon must not share the caller's process group, or a Ctrl-C in
  # the terminal that ran `npm start` would kill it half-way through a grade.
  # 9>&-: the daemon must not inherit the lock, or it would hold it forever.
  setsid dockerd --bridge=none --iptables=false </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  if ! wait_for_engine "$pid"; then
    rm -f "$PID_FILE"
    if alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      log_tail
      die "dockerd did not answer within ${START_TIMEOUT_S}s; stopped it (see $LOG_FILE)"
    fi
    log_tail
    die "dockerd exited during start-up (see $LOG_FILE)"
  fi
  say "dockerd is up (pid $pid)"
  echo "DOCKYARD_STARTED_DOCKERD=$pid"
}

main() {
  engine_answers && exit 0

  if [ -n "${DOCKER_HOST:-}" ]; then
    # Starting a local daemon would not help: the CLI keeps talking to DOCKER_HOST.
    die "DOCKER_HOST=$DOCKER_HOST is set but no Docker engine answers there. Start that engine or unset DOCKER_HOST."
  fi

  if [ "$(id -u)" -ne 0 ]; then
    die "no Docker engine answers and I am not root, so I cannot start one.
  Install Docker (Debian: sudo apt-get install docker.io), start it (sudo systemctl start docker),
  and make sure you may use it (sudo usermod -aG docker \"\$USER\", then log in again),
  or run this script as root."
  fi

  mkdir -p "$DATA_DIR"
  # Serialise concurrent callers so only one of them installs/starts a daemon.
  exec 9>"$DATA_DIR/dockerd.lock"
  flock -w "$LOCK_TIMEOUT_S" 9 || die "timed out waiting for another ensure-docker run (lock $DATA_DIR/dockerd.lock)"

  engine_answers && exit 0

  wait_for_running_daemon

  if ! command -v dockerd >/dev/null 2>&1; then
    install_docker
    command -v dockerd >/dev/null 2>&1 || die "dockerd is still missing after installing docker.io"
    # On systemd hosts the package starts a daemon itself; that one is not ours to stop.
    engine_answers && exit 0
    wait_for_running_daemon
  fi

  start_dockerd
}

main "$@"
