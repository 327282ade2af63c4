#!/usr/bin/env bash
# `npm test`: every test — unit, integration against real Docker and PostgreSQL,
# and end-to-end in Debian's Chromium — doing its own set-up first.
source "$(dirname "$0")/common.sh"

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" != 0 ]; then say "end-to-end tests need Debian's chromium: apt-get install chromium"; exit 1; fi
  say "installing Debian's chromium for the end-to-end tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

ensure_node_modules
ensure_chromium
ensure_docker
trap stop_started_docker EXIT
# The lab engines' tests need Debian's rootlesskit, uidmap and bubblewrap and the lab accounts (docs/labs.md).
bash scripts/labs/ensure-lab-host.sh
ensure_prisma_client

say "type-checking"
npx --no-install tsc --noEmit -p .

reports="$DATA_DIR/test-reports"
rm -rf "$reports" && mkdir -p "$reports"
status=0

# Formatting, lint rules and dead code (biome.jsonc, knip.json): reported, and the run goes on to the tests.
say "lint (Biome) and unused code (knip)"
lint_failed=0
npm run --silent lint || { status=1; lint_failed=1; }

# Known advisories in production dependencies, against the reviewed allow-list (security/audit-allowlist.json).
# Fails when the registry's advisory database cannot be reached, unless DOCKYARD_AUDIT_OFFLINE=skip.
say "dependency audit (npm audit --omit=dev)"
audit_failed=0
npx --no-install tsx scripts/audit.ts || { status=1; audit_failed=1; }

say "seeding base images (cached)"
bash sandbox-runner/images/seed/seed-base-images.sh

say "unit and integration tests (vitest)"
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json="$reports/unit.json" || status=1

ensure_app_build
say "course content"
npx --no-install tsx scripts/build-content.ts || status=1

say "end-to-end tests (Chromium)"
npx --no-install vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$reports/e2e.json" || status=1

# One closing line over both runs, in the plain "N passed, N failed" form, after the name of every failed test: CI
# shows only the run's tail, and a failure scrolled out of it would otherwise be a number without a name.
LINT_FAILED=$lint_failed AUDIT_FAILED=$audit_failed node -e '
  const fs = require("fs");
  const path = require("path");
  const names = [];
  if (process.env.LINT_FAILED === "1") names.push("lint (Biome) or unused code (knip): see its output above");
  if (process.env.AUDIT_FAILED === "1") names.push("dependency audit (npm audit --omit=dev): see its output above");
  let passed = 0, failed = names.length, skipped = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed++; console.error("missing report " + f); continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + (r.success ? 0 : (r.numFailedTests ? 0 : 1));
    skipped += r.numPendingTests + r.numTodoTests;
    for (const file of r.testResults) {
      const where = path.relative(process.cwd(), file.name);
      const bad = file.assertionResults.filter((a) => a.status === "failed");
      for (const a of bad) names.push(`${where} > ${a.fullName}`);
      if (!bad.length && file.status === "failed") names.push(`${where} (${(file.message || "failed").split("\n")[0]})`);
    }
  }
  for (const n of names) console.log("FAILED " + n);
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$reports/unit.json" "$reports/e2e.json"
exit $status
