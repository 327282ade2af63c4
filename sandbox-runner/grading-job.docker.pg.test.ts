import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultDocumentSchema } from "../lib/grading/result-schema";
import { NO_NETWORK } from "./docker/build-network";
import { handleGradeJob } from "./grading-job";
import { createGradingHarness } from "./testing/grading-harness";

let harness: Awaited<ReturnType<typeof createGradingHarness>>;
const grade = (files: { path: string; content: string }[]) => harness.grade("first-image", files);
const leftovers = (id: string) => harness.leftovers(id);

beforeAll(async () => {
  harness = await createGradingHarness("runner");
});

afterAll(async () => {
  await harness?.close();
});

const app = { path: "app/main.py", content: 'print("prediction: hello from the model")\n' };

describe("handleGradeJob against the real engine", () => {
  it("builds a good Dockerfile, streams its log, stores a valid passing result and removes the image", async () => {
    const outcome = await grade([
      { path: "Dockerfile", content: 'FROM python:3.11-slim\nCOPY app/ /app/\nCMD ["python", "/app/main.py"]\n' },
      app,
    ]);
    expect(outcome.status).toBe("passed");
    const checks = resultDocumentSchema.parse(outcome.result).checks;
    expect(checks.find((c) => c.id === "correctness.dockerfile-syntax")!.status).toBe("pass");
    expect(checks.find((c) => c.id === "correctness.image-builds")!.status).toBe("pass");
    expect(checks.filter((c) => c.status === "fail")).toEqual([]);
    // Static and image checks ran, and the image was run as the exercise's job; it has no cache section.
    expect(checks.some((c) => c.method === "static" && c.id === "security.pin-base-image-version")).toBe(true);
    expect(checks.some((c) => c.method === "image" && c.id === "size.wasted-bytes")).toBe(true);
    expect(checks.find((c) => c.id === "correctness.job-output")!.status).toBe("pass");
    expect(outcome.log).toMatch(/^#\d+ \[2\/\d+\] COPY app\/ \/app\//m);
    expect(outcome.events.map((e) => e.type)).toEqual(expect.arrayContaining(["status", "phase", "log", "result"]));
    expect(outcome.events.at(-1)).toEqual({ type: "status", data: { status: "passed" } });
    expect(outcome.result!.phases.map((p) => p.name)).toEqual([
      "validate",
      "static",
      "build",
      "inspect",
      "run",
      "report",
    ]);
    expect(await leftovers(outcome.id)).toBe(0);
  });

  it("fails a build whose RUN exits non-zero, naming the Dockerfile line", async () => {
    const outcome = await grade([
      { path: "Dockerfile", content: "FROM python:3.11-slim\n\n# a comment\nRUN echo doomed && exit 7\n" },
      app,
    ]);
    expect(outcome.status).toBe("failed");
    const check = outcome.result!.checks.find((c) => c.id === "correctness.image-builds")!;
    expect(check).toMatchObject({ status: "fail", location: "Dockerfile:4" });
    expect(check.message).toContain("while running `RUN echo doomed && exit 7`");
    expect(check.message).toContain("did not complete successfully: exit code: 7");
    // The failing step's own output, not the whole log, is quoted as evidence.
    expect(check.evidence).toMatch(/^#\d+ [\d.]+ doomed$/m);
    expect(outcome.log).toContain("doomed");
    expect(await leftovers(outcome.id)).toBe(0);
  });

  it("says which COPY source is missing from the submission, in the learner's terms", async () => {
    const outcome = await grade([{ path: "Dockerfile", content: "FROM python:3.11-slim\nCOPY model/ /model/\n" }, app]);
    const check = outcome.result!.checks.find((c) => c.id === "correctness.image-builds")!;
    expect(check).toMatchObject({ status: "fail", location: "Dockerfile:2" });
    expect(check.message).toContain('COPY or ADD names "model", but the build context has no such file or folder.');
    expect(check.message).not.toContain("checksum of ref");
    expect(check.fix).toContain("relative to the build context");
    expect(await leftovers(outcome.id)).toBe(0);
  });

  it("cannot reach the network during a build", async () => {
    const outcome = await grade([
      {
        path: "Dockerfile",
        content:
          'FROM python:3.11-slim\nRUN python -c "import socket; ' +
          "socket.create_connection(('1.1.1.1', 80), timeout=3)\"\n",
      },
      app,
    ]);
    expect(outcome.status).toBe("failed");
    expect(outcome.log).toMatch(/Network is unreachable|OSError/);
  });

  it("fails a malformed Dockerfile in the static phase without building", async () => {
    const outcome = await grade([{ path: "Dockerfile", content: "FROM python:3.11-slim\nRUNN echo hi\n" }, app]);
    expect(outcome.status).toBe("failed");
    expect(outcome.result!.phases.map((p) => p.name)).toEqual(["validate", "static", "report"]);
    expect(outcome.result!.checks[0]).toMatchObject({ status: "fail", location: "Dockerfile:2" });
  });

  it("fails a base image that does not exist locally, without pulling", async () => {
    const outcome = await grade([{ path: "Dockerfile", content: "FROM dockyard-no-such-image:1.0\n" }, app]);
    expect(outcome.status).toBe("failed");
    expect(outcome.result!.checks.find((c) => c.id === "correctness.image-builds")!.location).toBe("Dockerfile:1");
  });

  it("leaves a finished submission alone when its job is delivered again", async () => {
    const outcome = await grade([{ path: "Dockerfile", content: "FROM python:3.11-slim\n" }, app]);
    const before = outcome.events.length;
    await handleGradeJob(
      harness.db,
      harness.docker,
      { id: "test-runner", gpus: 0, buildNetwork: async () => NO_NETWORK },
      outcome.id,
    );
    const after = (
      await harness.db.query(`SELECT count(*)::int AS n FROM submission_event WHERE "submissionId" = $1`, [outcome.id])
    ).rows[0].n;
    expect(after).toBe(before);
  });
});
