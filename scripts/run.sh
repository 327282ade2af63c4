#!/usr/bin/env bash
# `npm start`: everything needed to run Dockyard on http://localhost:3000.
source "$(dirname "$0")/common.sh"
# Pages come first: the steps before the web server skip what only later runs need (common.sh, ensure_app_build).
export DOCKYARD_PAGES_FIRST=1

# A step that fails says which it was and that `npm start` resumes there; the course check running beside the build
# and an engine this script started stop.
content_job=""
trap 'explain_stop; [ -z "$content_job" ] || kill $content_job 2>/dev/null; finish_docker || true; stop_started_docker' EXIT
# The engine is needed only by the platform's warm-up, so it is installed (on a fresh machine) and started while the
# other steps run, and waited for last.
start_docker_in_background
run_step "installing dependencies (npm ci)" ensure_node_modules
run_step "generating the Prisma client" ensure_prisma_client
# The course check runs beside the build, which leaves a core of the two idle for much of its compile: it takes the
# check (about 6 s on a fresh machine) off the way to the first page, and the lessons it compiles into the content
# cache are there for the build's static pages to read. Its output is shown once the build is done.
content_log=$(mktemp)
ensure_content >"$content_log" 2>&1 &
content_job=$!
run_step "building the web app (next build)" ensure_app_build
run_step "checking course content" show_background $content_job "$content_log"
content_job=""
rm -f "$content_log"
run_step "starting the Docker engine (scripts/ensure-docker.sh)" finish_docker

# The supervisor starts PostgreSQL, migrates, starts the web server, and then, once the base images are seeded in
# the background, the runner (scripts/supervisor/warm-up.ts), starting again any part that dies (the engine too,
# when this script started it: DOCKYARD_ENGINE_PID). It runs in its own session so a terminal's Ctrl-C reaches only
# this script, which then asks the supervisor to stop everything in order (runner and web server, then PostgreSQL
# and the engine), which takes at most 10 s.
set +e
DOCKYARD_ENGINE_PID="${DOCKYARD_STARTED_DOCKERD_PID:-}" setsid node --import tsx scripts/platform.ts &
platform=$!
trap 'kill -TERM $platform 2>/dev/null' INT TERM
wait $platform
status=$?
# A signal interrupts the first wait; wait again for the orderly shutdown.
if kill -0 $platform 2>/dev/null; then wait $platform; status=$?; fi
exit $status
