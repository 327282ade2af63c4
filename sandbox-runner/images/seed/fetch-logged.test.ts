import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const seedLib = path.join(import.meta.dirname, "seed-lib.sh");
const logs = mkdtempSync(path.join(tmpdir(), "seed-logs-"));
afterAll(() => rmSync(logs, { recursive: true, force: true }));

/** Runs a snippet with seed-lib.sh sourced, as seed-base-images.sh does, with pauses of nothing. */
function seeding(script: string) {
  const run = spawnSync(
    "bash",
    ["-c", `set -euo pipefail\nIMAGE_PATH=/usr/bin:/bin\nLOG_DIR=${logs}\nsource ${seedLib}\n${script}`],
    { encoding: "utf8", env: { ...process.env, DOCKYARD_RETRY_PAUSES: "0 0" } },
  );
  return { status: run.status, stderr: run.stderr };
}

describe("fetch_logged: a download from Debian's archive", () => {
  it("is tried again when it fails for a moment, its output kept in its log", () => {
    const run = seeding(
      `rm -f ${logs}/n\nflaky() { echo try >> ${logs}/n; [ "$(wc -l < ${logs}/n)" -ge 2 ] || ` +
        `{ echo "E: Failed to fetch http://deb.debian.org/debian/dists/trixie/InRelease  503" >&2; return 100; }; ` +
        `echo fetched; }\nfetch_logged pgvector-apt-update flaky\necho "after" >&2`,
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      "seed-base-images: pgvector-apt-update failed (E: Failed to fetch " +
        "http://deb.debian.org/debian/dists/trixie/InRelease  503); trying again in 0 s",
    );
    expect(run.stderr).toContain("after");
    expect(readFileSync(path.join(logs, "pgvector-apt-update.log"), "utf8")).toBe("fetched\n");
  });

  it("stops the seeding when every try fails, naming the step and its cause, and saying how to resume", () => {
    const run = seeding(`fetch_logged rootfs-debootstrap bash -c 'echo "E: Could not download perl" >&2; exit 1'`);
    expect(run.status).toBe(1);
    expect(run.stderr.match(/trying again/g)).toHaveLength(2);
    expect(run.stderr).toContain(
      "seed-base-images: error: rootfs-debootstrap failed on every try: E: Could not download perl. " +
        "Running npm start (or npm test) again resumes from there.",
    );
  });
});
