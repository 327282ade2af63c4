#!/usr/bin/env bash
# `npm test [-- TIER...]`: every test — type check and lint, unit, integration against real PostgreSQL and Docker,
# every exercise and lab verified for real, and end-to-end in Debian's Chromium — doing its own set-up first.
# With tier names, only those run (with the set-up they need): checks, unit, pg, docker, verify, e2e.
# It ends with where the time went (one row a phase) and one closing "N passed, N failed" line.
source "$(dirname "$0")/common.sh"

ALL_TIERS=(checks unit pg docker verify e2e)
if [ $# -eq 0 ]; then tiers=("${ALL_TIERS[@]}"); else tiers=("$@"); fi
for tier in "${tiers[@]}"; do
  if [[ " ${ALL_TIERS[*]} " != *" $tier "* ]]; then
    say "unknown tier '$tier': the tiers are ${ALL_TIERS[*]}"
    exit 2
  fi
done
wants() { [[ " ${tiers[*]} " == *" $1 "* ]]; }
wants_any() { for t in "$@"; do wants "$t" && return 0; done; return 1; }

reports="$DATA_DIR/test-reports"
rm -rf "$reports" && mkdir -p "$reports"
phases="$reports/phases.tsv"
started_at=$SECONDS
status=0

# timed NAME COMMAND...: runs the command, records how long it took and whether it passed (its status is returned).
timed() {
  local name=$1 t0=$SECONDS rc=0
  shift
  "$@" || rc=$?
  printf '%s\t%s\t%s\t%s\n' "$name" "$((t0 - started_at))" "$((SECONDS - t0))" "$rc" >>"$phases"
  return $rc
}

# in_background NAME LOG COMMAND...: timed, its output kept in LOG until show_background prints it whole.
in_background() {
  local name=$1 log=$2
  shift 2
  timed "$name" "$@" >"$log" 2>&1 &
}

# The e2e tests drive the headless shell (e2e/browser.ts); Lighthouse's benchmark the full browser.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromium-headless-shell ]; then return; fi
  if [ "$(id -u)" != 0 ]; then
    say "end-to-end tests need Debian's chromium: apt-get install chromium chromium-headless-shell"
    exit 1
  fi
  say "installing Debian's chromium for the end-to-end tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell >/dev/null
}

set_up() {
  ensure_node_modules
  if wants e2e; then ensure_chromium; fi
  if wants_any docker verify e2e; then
    ensure_docker
    # The lab engines' tests need Debian's rootlesskit, uidmap and bubblewrap and the lab accounts (docs/labs.md).
    bash scripts/labs/ensure-lab-host.sh
  fi
  ensure_prisma_client
}
say "set-up"
timed "set-up" set_up
trap stop_started_docker EXIT

# vitest_tier TIER: one vitest project (vitest.config.ts), its JSON report kept for the closing lines.
vitest_tier() {
  npx --no-install vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$reports/$1.json"
}

lint_failed=0
audit_failed=0
if wants checks; then
  say "type check, lint (Biome) and unused code (knip), and the dependency audit, side by side"
  in_background "type check" "$reports/typecheck.log" npx --no-install tsc --noEmit -p .
  typecheck=$!
  # Formatting, lint rules and dead code (biome.jsonc, knip.json): reported, and the run goes on to the tests.
  in_background "lint" "$reports/lint.log" npm run --silent lint
  lint=$!
  # Known advisories in production dependencies, against the reviewed allow-list (security/audit-allowlist.json).
  # Fails when the registry's advisory database cannot be reached, unless DOCKYARD_AUDIT_OFFLINE=skip.
  in_background "audit" "$reports/audit.log" npx --no-install tsx scripts/audit.ts
  audit=$!
  show_background $typecheck "$reports/typecheck.log" || { status=1; typecheck_failed=1; }
  show_background $lint "$reports/lint.log" || { status=1; lint_failed=1; }
  show_background $audit "$reports/audit.log" || { status=1; audit_failed=1; }
fi

if wants_any docker verify e2e; then
  say "seeding base images (cached)"
  timed "seed images" bash sandbox-runner/images/seed/seed-base-images.sh || status=1
fi

# The web build (kept between runs while its sources are unchanged) and the content cache are only for the e2e
# tier. They are made beside the unit and pg tiers and finished before the Docker tiers, whose checks read the clock
# (a disk-filling container's watchdog, health checks, a burst of gradings against a deadline) and fail for a
# platform reason when a build takes the CPU from under them. After the type check, which reads what the build
# writes (.next/types).
if wants e2e; then
  build_web() { ensure_app_build && npx --no-install tsx scripts/build-content.ts; }
  in_background "web build and content" "$reports/web-build.log" build_web
  web_build=$!
fi

# Pure tests and PostgreSQL tests side by side: the pg files spend most of their time waiting on the database.
if wants_any unit pg; then
  say "unit and PostgreSQL tiers (vitest projects unit, pg), side by side"
  for tier in unit pg; do
    if wants $tier; then
      in_background "$tier" "$reports/$tier.log" vitest_tier $tier
      eval "pid_$tier=$!"
    fi
  done
  if wants unit; then show_background "$pid_unit" "$reports/unit.log" || status=1; fi
  if wants pg; then show_background "$pid_pg" "$reports/pg.log" || status=1; fi
fi

e2e_built=0
if wants e2e; then
  show_background $web_build "$reports/web-build.log" && e2e_built=1 || status=1
fi

if wants docker; then
  say "Docker tier (vitest project docker), one file at a time, unless it passed here under the same key"
  timed "docker" npx --no-install tsx test-support/remembered-tier.ts docker "$reports/docker.json" || status=1
fi
if wants verify; then
  say "every exercise and lab, verified for real unless it passed here under the same key (vitest project verify)"
  timed "verify" npx --no-install tsx test-support/remembered-tier.ts verify "$reports/verify.json" || status=1
fi

if wants e2e; then
  if [ $e2e_built = 1 ]; then
    say "end-to-end tests (Chromium)"
    timed "e2e" npx --no-install vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json \
      --outputFile.json="$reports/e2e.json" || status=1
  fi
fi
printf 'total\t0\t%s\t%s\n' "$((SECONDS - started_at))" "$status" >>"$phases"

# Where the time went, then the name of every failed test and one closing line over every tier, in the plain
# "N passed, N failed" form: CI shows only the run's tail, and a failure scrolled out of it would otherwise be a
# number without a name.
TIERS="${tiers[*]}" TYPECHECK_FAILED=${typecheck_failed:-0} LINT_FAILED=$lint_failed AUDIT_FAILED=$audit_failed \
  REPORTS="$reports" node scripts/test-summary.mjs
exit $status
