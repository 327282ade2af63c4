#!/usr/bin/env bash
# Makes sure the grading engine answers, installing and starting it if needed.
#
# With DOCKER_HOST set by the operator, that engine is used as it is, after
# checking it is new enough (>= 25, with buildx). Otherwise Dockyard runs its
# own engine (scripts/engine/install-engine.sh, docs/engine.md): dockerd 26 in
# the network namespace `dockyard-engine`, which has only a loopback device, so
# build steps on the engine's default bridge reach nothing outside it: not the
# internet, not this machine's ports. Inside it, nftables rules
# (scripts/engine/build-isolation.nft) keep build steps from reaching each
# other: a step reaches the package mirror's published port and nothing else.
# They are loaded on every run, also when the engine already answers.
#
# stdout is a machine-readable channel: when (and only when) this script
# started dockerd itself it prints one line `DOCKYARD_STARTED_DOCKERD=<pid>`, so
# a caller can stop that daemon again on exit (scripts/stop-docker.sh). All
# human-facing output goes to stderr.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/engine/engine-env.sh
START_TIMEOUT_S=60
# Long enough for a concurrent caller to download and install the engine.
LOCK_TIMEOUT_S=600
MIN_ENGINE_MAJOR=25
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

say() { printf 'ensure-docker: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
# A killed dockerd whose parent has gone stays a zombie until init reaps it: dead, though `kill -0` succeeds.
alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}
is_dockerd() { [ "$(cat "/proc/$1/comm" 2>/dev/null || true)" = dockerd ]; }

check_operator_engine() {
  local version
  version="$(docker version --format '{{.Server.Version}}' 2>/dev/null)" ||
    die "DOCKER_HOST=$DOCKER_HOST is set but no Docker engine answers there. Start that engine, or unset DOCKER_HOST to let Dockyard run its own."
  if [ "${version%%.*}" -lt "$MIN_ENGINE_MAJOR" ] 2>/dev/null; then
    die "the engine at DOCKER_HOST=$DOCKER_HOST is Docker $version; grading needs $MIN_ENGINE_MAJOR or newer (BuildKit features learners use). Unset DOCKER_HOST to let Dockyard run its own engine."
  fi
  docker buildx version >/dev/null 2>&1 ||
    die "the docker CLI has no buildx plugin; grading builds through 'docker buildx build'. Install docker-buildx, or unset DOCKER_HOST to let Dockyard run its own engine."
}

wait_for_engine() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    engine_answers && return 0
    alive "$pid" || return 1
    sleep 0.5
  done
  return 1
}

# ensure_tool <command> <Debian package> <what it is for>
ensure_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  say "installing $2 ($3)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2; } ||
    die "could not install $2, which $3"
}

ensure_netns() {
  ensure_tool ip iproute2 "creates the engine's network namespace"
  if ! ip netns list 2>/dev/null | grep -qw "^$DOCKYARD_ENGINE_NETNS"; then
    ip netns add "$DOCKYARD_ENGINE_NETNS"
  fi
  ip -n "$DOCKYARD_ENGINE_NETNS" link set lo up
  # Only loopback, the engine's own bridges (docker0, br-<network id>) and
  # their ports may exist in there: an uplink (a veth or a physical device
  # moved in) would let builds out.
  local links
  links="$(ip -n "$DOCKYARD_ENGINE_NETNS" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -vE '^(lo|docker0|br-[0-9a-f]{12}|veth[0-9a-f]+)$' || true)"
  [ -z "$links" ] || die "the network namespace $DOCKYARD_ENGINE_NETNS has unexpected links ($links): it must have no uplink. Remove them, or delete the namespace (ip netns del $DOCKYARD_ENGINE_NETNS) and run again."
}

# Loads the rules that keep builds apart into the engine's namespace (see
# scripts/engine/build-isolation.nft). Idempotent: one transaction replaces them.
isolate_builds() {
  ensure_tool nft nftables "keeps concurrent builds from reaching each other"
  nsenter --net="/run/netns/$DOCKYARD_ENGINE_NETNS" nft -f scripts/engine/build-isolation.nft ||
    die "could not load scripts/engine/build-isolation.nft into $DOCKYARD_ENGINE_NETNS: builds could reach each other"
}

write_daemon_config() {
  # features.cdi: GPU runners may name CDI devices (nvidia.com/gpu=all).
  # builder.gc: BuildKit's cache is bounded; grading reuses it between attempts.
  # userland-proxy: with no iptables, docker-proxy is what serves the package
  # mirror's port published on the bridge's gateway, the only address build
  # steps may reach (scripts/engine/build-isolation.nft).
  cat >"$DOCKYARD_ENGINE_HOME/daemon.json" <<JSON
{
  "data-root": "$DOCKYARD_ENGINE_HOME/data",
  "exec-root": "$DOCKYARD_ENGINE_RUN/exec",
  "pidfile": "$DOCKYARD_ENGINE_PIDFILE",
  "hosts": ["unix://$DOCKYARD_ENGINE_SOCKET"],
  "iptables": false,
  "ip6tables": false,
  "ip-forward": false,
  "ip-masq": false,
  "userland-proxy": true,
  "userland-proxy-path": "$DOCKYARD_ENGINE_HOME/bin/docker-proxy",
  "features": { "buildkit": true, "cdi": true },
  "builder": { "gc": { "enabled": true, "defaultKeepStorage": "20GB" } },
  "log-driver": "json-file",
  "log-opts": { "max-size": "10m", "max-file": "2" }
}
JSON
}

start_dockerd() {
  local log="$DOCKYARD_ENGINE_HOME/dockerd.log"
  mkdir -p "$DOCKYARD_ENGINE_RUN"
  write_daemon_config
  say "starting dockerd $(dockerd --version | cut -d, -f1 | awk '{print $3}') in network namespace $DOCKYARD_ENGINE_NETNS (log: $log)"
  printf '\n=== %s ensure-docker: starting dockerd\n' "$(date -Is)" >>"$log"
  # nsenter --net, not `ip netns exec`: the latter remounts /sys, hiding the
  # cgroup hierarchies dockerd needs. setsid: a Ctrl-C in the terminal that ran
  # `npm start` must not kill the daemon half-way through a grade. Every
  # descriptor past stderr is closed first: the daemon (and its containerd)
  # outlive this script and must not hold its lock, nor a lock its caller took
  # (`flock FILE bash scripts/ensure-docker.sh` would otherwise stay locked for
  # as long as the engine runs).
  (
    for fd in /proc/self/fd/*; do
      fd="${fd##*/}"
      { [ "$fd" -gt 2 ] && eval "exec $fd>&-"; } 2>/dev/null || true
    done
    exec setsid nsenter --net="/run/netns/$DOCKYARD_ENGINE_NETNS" \
      dockerd --config-file "$DOCKYARD_ENGINE_HOME/daemon.json" </dev/null >>"$log" 2>&1
  ) &
  local pid=$!
  if ! wait_for_engine "$pid"; then
    alive "$pid" && kill -TERM "$pid" 2>/dev/null || true
    say "last lines of $log:"
    tail -n 15 "$log" >&2 || true
    die "dockerd did not answer within ${START_TIMEOUT_S}s (see $log)"
  fi
  say "engine up: $(docker version --format 'Docker {{.Server.Version}}, API {{.Server.APIVersion}}'), $(docker buildx version | awk '{print "buildx", $2}'), $(docker compose version --short | sed 's/^/compose /')"
  echo "DOCKYARD_STARTED_DOCKERD=$pid"
}

main() {
  if [ "$DOCKYARD_OWN_ENGINE" != 1 ]; then
    check_operator_engine
    exit 0
  fi
  [ "$(id -u)" -eq 0 ] || {
    engine_answers && exit 0
    die "Dockyard's engine is not running and only root can start it (it runs containers). Run as root, or set DOCKER_HOST to an engine >= 25 with buildx."
  }
  mkdir -p "$DOCKYARD_ENGINE_HOME"
  exec 9>"$DOCKYARD_ENGINE_HOME/start.lock"
  flock -w "$LOCK_TIMEOUT_S" 9 || die "timed out waiting for another ensure-docker run (lock $DOCKYARD_ENGINE_HOME/start.lock)"

  bash scripts/engine/install-engine.sh
  # Before dockerd starts, so that no build step ever runs without the rules;
  # and on every run, so that an engine started by an older script gets them.
  ensure_netns
  isolate_builds
  engine_answers && exit 0
  local pid
  pid="$(cat "$DOCKYARD_ENGINE_PIDFILE" 2>/dev/null || true)"
  if alive "$pid" && is_dockerd "$pid"; then
    say "dockerd (pid $pid) is running but not answering yet; waiting"
    wait_for_engine "$pid" && exit 0
    die "dockerd (pid $pid) did not answer within ${START_TIMEOUT_S}s"
  fi
  # A dockerd that was killed leaves its pidfile; the next one refuses to start while that pid looks alive.
  rm -f "$DOCKYARD_ENGINE_PIDFILE"
  start_dockerd
}

main "$@"
