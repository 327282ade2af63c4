#!/usr/bin/env bash
# A runner pod's life (docs/kubernetes.md, "How a runner's engine lives in its pod"), in the image's working directory.
#
#   runner-pod.sh start   prepares the pod as docs/deploy.md prepares a runner host, then becomes the runner
#   runner-pod.sh ready   the readiness probe: the pod is prepared and its engine answers
#
# The engine runs in the runner's own container, not in a sidecar: the runner creates each build's cgroup beside
# the engine's and reads the processes of build steps, so it needs the engine's cgroup and PID namespaces, as it
# has them on a host.
set -euo pipefail

PREPARED=/run/dockyard-runner/prepared

# In a subshell: the engine's variables are for the docker CLI here. The runner finds its engine through
# lib/config/env.ts, with nothing of this script's environment.
engine_answers() {
  (source scripts/engine/engine-env.sh && docker version --format '{{.Server.Version}}' >/dev/null 2>&1)
}

# stdout would name the dockerd started, for a caller that stops it again; here the pod's end stops it.
start_engine() {
  bash scripts/ensure-docker.sh >/dev/null
}

# On a host, `npm start`'s supervisor or the operator starts a dead engine again; in a pod, this loop does. The
# runner waits for its engine meanwhile (up to five minutes) and grades an interrupted build again from the start.
keep_engine() {
  while sleep 10; do
    engine_answers || start_engine || echo "runner-pod: the engine did not start again; next try in 10 s" >&2
  done
}

serves_labs() {
  case ",${RUNNER_HOSTS:-grade,shell,lab}," in
    *,lab,*) return 0 ;;
    *) return 1 ;;
  esac
}

start() {
  start_engine
  keep_engine &
  # The images exercises build FROM and the package mirror; the seeding script is told which engine by its caller.
  (source scripts/engine/engine-env.sh && bash sandbox-runner/images/seed/seed-base-images.sh)
  if serves_labs; then bash scripts/labs/ensure-lab-host.sh; fi
  mkdir -p "$(dirname "$PREPARED")"
  touch "$PREPARED"
  # tini (the engine's docker-init) as the container's first process: the engine's daemons were started above and
  # left behind, and their exited children come to the first process, which must reap them; node does not. It
  # passes SIGTERM to the runner alone, which drains; the builds it runs are not signalled behind its back.
  exec "${DOCKYARD_ENGINE_HOME:-/var/lib/dockyard-engine}/bin/docker-init" -- node --import tsx sandbox-runner/main.ts
}

case "${1:-}" in
  start) start ;;
  ready) [ -e "$PREPARED" ] && engine_answers ;;
  *)
    echo "usage: runner-pod.sh start|ready" >&2
    exit 2
    ;;
esac
