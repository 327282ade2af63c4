#!/usr/bin/env bash
# `npm start`: everything needed to run Dockyard on http://localhost:3000.
source "$(dirname "$0")/common.sh"

ensure_node_modules
ensure_docker
trap stop_started_docker EXIT
ensure_prisma_client
ensure_app_build
say "checking course content"
npx --no-install tsx scripts/build-content.ts

# The supervisor starts PostgreSQL, migrates, seeds base images, and runs the
# runner and web server, starting again any part that dies (the engine too,
# when this script started it: DOCKYARD_ENGINE_PID). It runs in its own
# session so a terminal's Ctrl-C reaches only this script, which then asks the
# supervisor to stop everything in order (runner and web server, then
# PostgreSQL and the engine), which takes at most 10 s.
set +e
DOCKYARD_ENGINE_PID="${DOCKYARD_STARTED_DOCKERD_PID:-}" setsid node --import tsx scripts/platform.ts &
platform=$!
trap 'kill -TERM $platform 2>/dev/null' INT TERM
wait $platform
status=$?
# A signal interrupts the first wait; wait again for the orderly shutdown.
if kill -0 $platform 2>/dev/null; then wait $platform; status=$?; fi
exit $status
