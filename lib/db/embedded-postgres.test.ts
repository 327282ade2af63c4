import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("loading the embedded PostgreSQL", () => {
  it("keeps a process's exit code, so a failed test run cannot end as a success", () => {
    // vitest's main process loads this module (global setup) and ends with process.exitCode = 1 on a failure.
    const script = 'import "./lib/db/embedded-postgres.ts"; process.exitCode = 3;';
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(3);
  });
});
