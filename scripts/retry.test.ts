import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(path.join(tmpdir(), "retry-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a bash snippet as the set-up scripts do (set -euo pipefail), with pauses of nothing. */
function bash(script: string, env: Record<string, string> = {}) {
  const run = spawnSync("bash", ["-c", `set -euo pipefail\n${script}`], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DOCKYARD_RETRY_PAUSES: "0 0", DATA_DIR: scratch, ...env },
  });
  return { status: run.status, stderr: run.stderr };
}

/** A command that fails `n` times, then works (its count kept in a file). */
const flaky = (n: number) =>
  `flaky() { local c; c=$(cat ${scratch}/count 2>/dev/null || echo 0); echo $((c + 1)) > ${scratch}/count; ` +
  `[ "$c" -ge ${n} ]; }\nrm -f ${scratch}/count\n`;

describe("retried (scripts/retry.sh)", () => {
  const prelude = `say() { echo "said: $*" >&2; }\nsource scripts/retry.sh\n`;

  it("tries a failing download again after a pause, and is done once it works", () => {
    const run = bash(`${prelude}${flaky(2)}retried "npm ci" flaky\necho "tries: $(cat ${scratch}/count)" >&2`);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("said: npm ci failed (exit 1); trying again in 0 s");
    expect(run.stderr).toContain("tries: 3");
  });

  it("gives up after the last pause with the command's own status", () => {
    const run = bash(`${prelude}retried "apt-get update" bash -c 'exit 7' || echo "status $?" >&2`);
    expect(run.stderr.match(/trying again/g)).toHaveLength(2);
    expect(run.stderr).toContain("status 7");
  });
});

describe("a set-up step that stops npm start (scripts/common.sh)", () => {
  it("says which step, and that running the same command again resumes there", () => {
    const run = bash(
      `source scripts/common.sh\ntrap explain_stop EXIT\nrun_step "generating the Prisma client" false\n`,
      { npm_lifecycle_event: "start" },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "[dockyard] stopped while generating the Prisma client (exit 1); the lines above say why. " +
        "Run npm start again: it resumes from this step.",
    );
  });

  it("says nothing of steps that passed", () => {
    const run = bash(`source scripts/common.sh\ntrap explain_stop EXIT\nrun_step "checking" true\nexit 3\n`);
    expect(run.status).toBe(3);
    expect(run.stderr).not.toContain("stopped while");
  });
});
