# Where the grading engine lives, for every script that talks to it. Sourced.
#
# Dockyard grades on its own Docker Engine (>= 26, BuildKit, buildx and Compose
# v2), unpacked from Debian's archive into ENGINE_HOME and run in a network
# namespace of its own that has no uplink: see docs/engine.md. An operator
# who runs their own engine sets DOCKER_HOST, and nothing here is started.
# shellcheck shell=bash

export DOCKYARD_ENGINE_HOME="${DOCKYARD_ENGINE_HOME:-/var/lib/dockyard-engine}"
# Short, fixed paths: a unix socket path may not exceed 107 bytes.
DOCKYARD_ENGINE_RUN="/run/dockyard-engine"
DOCKYARD_ENGINE_SOCKET="$DOCKYARD_ENGINE_RUN/docker.sock"
DOCKYARD_ENGINE_PIDFILE="$DOCKYARD_ENGINE_RUN/dockerd.pid"
DOCKYARD_ENGINE_NETNS="dockyard-engine"

if [ -z "${DOCKER_HOST:-}" ]; then
  export DOCKYARD_OWN_ENGINE=1
  export DOCKER_HOST="unix://$DOCKYARD_ENGINE_SOCKET"
  # The engine's own CLI and plugins (buildx, compose), never the user's ~/.docker.
  export DOCKER_CONFIG="$DOCKYARD_ENGINE_HOME/config"
  case ":$PATH:" in
    *":$DOCKYARD_ENGINE_HOME/bin:"*) ;;
    *) export PATH="$DOCKYARD_ENGINE_HOME/bin:$PATH" ;;
  esac
elif [ "${DOCKYARD_OWN_ENGINE:-0}" != 1 ]; then
  export DOCKYARD_OWN_ENGINE=0
fi
