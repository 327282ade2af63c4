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
# runner and web server; it stops them all on Ctrl-C.
set +e
npx --no-install tsx scripts/platform.ts &
platform=$!
trap 'kill -TERM $platform 2>/dev/null' INT TERM
wait $platform
status=$?
# A signal interrupts the first wait; wait again for the orderly shutdown.
if kill -0 $platform 2>/dev/null; then wait $platform; status=$?; fi
exit $status
