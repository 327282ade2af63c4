import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ifErrno } from "../lib/errors/errno";
import { createGradingHarness } from "./testing/grading-harness";

let harness: Awaited<ReturnType<typeof createGradingHarness>>;

beforeAll(async () => {
  // The fixture exercise lowers the build limits to 10 s and 128 MB.
  process.env.CONTENT_DIR = path.resolve(import.meta.dirname, "testing/content");
  harness = await createGradingHarness("limits");
});

afterAll(async () => {
  await harness?.close();
  delete process.env.CONTENT_DIR;
});

describe("build limits against the real engine", () => {
  it("stops a build that runs past the exercise's wall-clock limit and leaves nothing running", async () => {
    const started = Date.now();
    const outcome = await harness.grade("tight-limits", [
      { path: "Dockerfile", content: "FROM python:3.11-slim\nRUN sleep 600\n" },
    ]);
    expect(outcome.status).toBe("failed");
    expect(Date.now() - started).toBeLessThan(60_000);
    const check = outcome.result!.checks.find((c) => c.id === "correctness.image-builds")!;
    expect(check.message).toContain("The build was stopped after 10 s, the time limit for a build.");
    expect(check.location).toBe("Dockerfile:2");
    // BuildKit's step is no Docker container: look for its process on the machine itself.
    await expect.poll(() => processesRunning("sleep 600"), { timeout: 20_000 }).toEqual([]);
    expect(await harness.leftovers(outcome.id)).toBe(0);
  });

  it("kills a build step that uses more memory than the exercise allows", async () => {
    const outcome = await harness.grade("tight-limits", [
      {
        path: "Dockerfile",
        content: 'FROM python:3.11-slim\nRUN python -c "b = bytearray(512 * 1024 * 1024); print(len(b))"\n',
      },
    ]);
    expect(outcome.status).toBe("failed");
    const check = outcome.result!.checks.find((c) => c.id === "correctness.image-builds")!;
    expect(check.message).toContain("A build step used more than 128 MiB of memory and was killed");
    expect(check.location).toBe("Dockerfile:2");
    expect(check.fix).toContain("Lower the step's memory use");
  });
});

/** Command lines of this machine's processes that contain `text`. */
async function processesRunning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir("/proc")).filter((p) => /^\d+$/.test(p))) {
    // The process may exit between listing /proc and reading it.
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(ifErrno(["ENOENT", "ESRCH"], ""));
    if (cmdline.replace(/\0/g, " ").includes(text)) found.push(cmdline.replace(/\0/g, " ").trim());
  }
  return found;
}
