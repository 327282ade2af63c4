/**
 * The dependency audit `npm test` runs: `npm audit --omit=dev` against the registry's advisory database, compared
 * with the reviewed allow-list (security/audit-allowlist.json). Fails on any advisory in a production dependency
 * that no current review accepts, and when there is no report to read: an audit that could not run is no pass.
 *
 * DOCKYARD_AUDIT_OFFLINE=skip turns "the advisory database could not be reached" into a loud warning instead, for
 * machines without it (an air-gapped mirror); a report that was obtained is always enforced.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  ALLOW_LIST_FILE,
  compareWithAllowList,
  describeFindings,
  describeSuccess,
  parseAllowList,
  readAuditOutput,
} from "./audit/advisories";

const root = path.resolve(import.meta.dirname, "..");
const today = new Date().toISOString().slice(0, 10);

function main(): number {
  const allowList = parseAllowList(readFileSync(path.join(root, ALLOW_LIST_FILE), "utf8"));
  const npm = spawnSync("npm", ["audit", "--omit=dev", "--json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (npm.error) return unavailable(`npm could not be started: ${npm.error.message}`);
  const outcome = readAuditOutput(npm.stdout);
  if (outcome.kind === "unavailable") return unavailable(outcome.reason);

  const comparison = compareWithAllowList(outcome.advisories, allowList, today);
  if (comparison.findings.length > 0) {
    console.error(describeFindings(comparison.findings, today));
    return 1;
  }
  console.log(describeSuccess(comparison));
  return 0;
}

function unavailable(reason: string): number {
  const skip = process.env.DOCKYARD_AUDIT_OFFLINE === "skip";
  console.error(
    [
      `dependency audit ${skip ? "SKIPPED" : "FAILED"}: npm could not get the advisories for the production ` +
        "dependencies from the registry, so nothing was checked.",
      `  npm said: ${reason}`,
      "  The audit needs the npm registry's advisory endpoint (POST /-/npm/v1/security/advisories/bulk); a mirror",
      "  that only serves packages does not answer it.",
      skip
        ? "  DOCKYARD_AUDIT_OFFLINE=skip is set, so this run goes on UNAUDITED: audit on a machine that reaches it."
        : "  Run it where the registry is reachable, or set DOCKYARD_AUDIT_OFFLINE=skip to go on without the audit.",
    ].join("\n"),
  );
  return skip ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`dependency audit FAILED: ${(err as Error).message}`);
  process.exitCode = 1;
}
