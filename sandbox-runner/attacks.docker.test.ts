import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError } from "../lib/errors/request-error";
import { type Exercise, loadExercise } from "../lib/exercises/load-exercise";
import type { ResultDocument } from "../lib/grading/result-schema";
import { gradeDirectory, gradeFiles } from "./cli/grade-command";
import { listBuildCgroups } from "./docker/build-cgroup";
import { engineClient } from "./docker/engine";
import { LABEL_SUBMISSION } from "./owner-labels";

/**
 * Hostile submissions against the real engine. Each must end within its limit,
 * explain itself to the learner, and leave no container, image, network or
 * volume behind. The fixture exercise lowers the limits (10 s, 128 MB, 64 MB
 * of disk per step) so the suite stays quick.
 */
const docker = engineClient();
let exercise: Exercise;
let roomy: Exercise;
let runLimits: Exercise;
let log = "";

beforeAll(async () => {
  process.env.CONTENT_DIR = path.resolve(import.meta.dirname, "testing/content");
  exercise = await loadExercise("tight-limits");
  roomy = await loadExercise("roomy-limits");
  runLimits = await loadExercise("run-limits");
});

afterAll(() => {
  delete process.env.CONTENT_DIR;
});

async function attack(
  dockerfile: string,
  on = exercise,
): Promise<{ result: ResultDocument; ms: number; build: ResultDocument["checks"][number] }> {
  const before = new Set((await docker.listImages({ all: true })).map((i) => i.Id));
  log = "";
  const started = Date.now();
  const result = await gradeFiles(on, [{ path: "Dockerfile", content: dockerfile }], {
    err: (t) => (log += t),
    verbose: true,
  });
  const ms = Date.now() - started;
  await expectNothingLeft(result.submissionId, before);
  return { result, ms, build: result.checks.find((c) => c.id === "correctness.image-builds")! };
}

async function expectNothingLeft(submissionId: string, imagesBefore: Set<string>) {
  const filters = { label: [`${LABEL_SUBMISSION}=${submissionId}`] };
  await expect
    .poll(async () => (await docker.listContainers({ all: true, filters })).length, { timeout: 20_000 })
    .toBe(0);
  expect(await docker.listNetworks({ filters })).toHaveLength(0);
  expect((await docker.listVolumes({ filters })).Volumes ?? []).toHaveLength(0);
  // Every image that exists now must have existed before.
  const added = (await docker.listImages({ all: true })).filter((i) => !imagesBefore.has(i.Id));
  expect(added.map((i) => `${i.Id} ${i.RepoTags?.join(",")}`)).toEqual([]);
  // No build step still running (a fork bomb's or a loop's): BuildKit's steps live in the build's cgroup.
  await expect
    .poll(async () => (await listBuildCgroups()).filter((dir) => dir.includes(submissionId)), { timeout: 20_000 })
    .toEqual([]);
}

describe("hostile submissions", () => {
  it("stops a fork bomb at the process limit and says so", async () => {
    const { result, ms, build } = await attack(
      "FROM debian:bookworm-slim\nRUN bomb() { bomb | bomb & }; bomb; sleep 30\n",
    );
    expect(result.status).toBe("failed");
    expect(ms).toBeLessThan(60_000);
    expect(build.message).toContain("started more than 512 processes");
    expect(build.location).toBe("Dockerfile:2");
    expect(build.fix).toContain("must not start processes without bound");
  });

  it("stops a step that fills the disk at the per-step limit", async () => {
    const { result, ms, build } = await attack(
      "FROM debian:bookworm-slim\nRUN dd if=/dev/zero of=/fill bs=1M count=4096\n",
    );
    expect(result.status).toBe("failed");
    expect(ms).toBeLessThan(60_000);
    expect(build.message).toContain("wrote more than 64 MiB");
    expect(build.fix).toContain("Do not write huge files during the build");
  });

  it("stops a step that fills a BuildKit cache mount, which is no part of the image, at the same limit", async () => {
    const { result, ms, build } = await attack(
      "FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/cache dd " +
        "if=/dev/zero of=/cache/fill bs=1M count=4096\n",
    );
    expect(result.status).toBe("failed");
    expect(ms).toBeLessThan(60_000);
    expect(build.message).toContain("wrote more than 64 MiB");
    expect(build.location).toBe("Dockerfile:2");
  });

  it("stops a fork bomb written as a heredoc, too", async () => {
    const { result, build } = await attack(
      "FROM debian:bookworm-slim\nRUN <<EOF\nbomb() { bomb | bomb & }\nbomb\nsleep 30\nEOF\n",
    );
    expect(result.status).toBe("failed");
    expect(build.message).toContain("started more than 512 processes");
    expect(build.location).toBe("Dockerfile:2");
  });

  it("stops an infinite loop at the time limit", async () => {
    const { result, ms, build } = await attack("FROM debian:bookworm-slim\nRUN while true; do :; done\n");
    expect(result.status).toBe("failed");
    expect(ms).toBeLessThan(60_000);
    expect(build.message).toContain("stopped after 10 s");
    expect(build.location).toBe("Dockerfile:2");
  });

  it("kills a running container that fills the disk, and says so", async () => {
    // The start check is decided when the health wait ends, so the watchdog (one look a second) must have stopped
    // the container by then. The fixture's 5 s wait is about the time dd takes to write 1 GiB beside a busy engine
    // on two cores; 20 s makes the test about the watchdog, not the disk's speed. Nothing answers the health path,
    // so the wait always runs to its end or to the container's death.
    const run = runLimits.spec.checks.run!;
    const patient: Exercise = {
      ...runLimits,
      spec: {
        ...runLimits.spec,
        checks: { ...runLimits.spec.checks, run: { ...run, health: { ...run.health, deadlineSeconds: 20 } } },
      },
    };
    const { result, ms } = await attack(
      'FROM debian:bookworm-slim\nCMD ["sh", "-c", "dd if=/dev/zero of=/fill bs=1M count=8192; sleep 60"]\n',
      patient,
    );
    expect(ms).toBeLessThan(60_000);
    expect(result.status).toBe("failed");
    const starts = result.checks.find((c) => c.id === "correctness.container-starts")!;
    expect(starts.status).toBe("fail");
    expect(starts.message).toMatch(
      /it was stopped for writing \d+ MiB to its file system, over the run limit of 1024 MiB/,
    );
    expect(starts.fix).toContain("Do not write large files into the container's own file system");
    expect(log).toMatch(/over the run limit of 1024 MiB, and was stopped/);
  });

  it("clips a 50 MB log flood and says the log was cut", async () => {
    const { build } = await attack("FROM debian:bookworm-slim\nRUN head -c 37500000 /dev/zero | base64 -w 100\n");
    // BuildKit clips a step's output first (a rate limit of its own), and says so in the step's block;
    // the grader's 1 MiB cap on the whole log stays behind it.
    expect(log).toMatch(/^#\d+ [\d.]+ \[output clipped, log limit .* reached\]$/m);
    expect(Buffer.byteLength(log)).toBeLessThan(1.1 * 1024 * 1024);
    expect(build.status).toBe("pass");
  });

  it("fails a build step that tries to reach the internet, explaining that builds are offline", async () => {
    const { result, ms, build } = await attack(
      'FROM python:3.11-slim\nRUN python3 -c "import urllib.request; ' +
        "urllib.request.urlopen('http://deb.debian.org', timeout=5)\"\n",
      roomy,
    );
    expect(result.status).toBe("failed");
    expect(ms).toBeLessThan(60_000);
    expect(build.location).toBe("Dockerfile:2");
    expect(build.fix).toContain("cannot reach the internet");
  });

  it("explains a FROM image that does not exist instead of trying to download it", async () => {
    const { result, build } = await attack("FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\nRUN true\n");
    expect(result.status).toBe("failed");
    expect(build.message).toContain("pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime is not available on this grader");
    expect(build.location).toBe("Dockerfile:1");
  });

  it("explains a malformed Dockerfile with its line, without building", async () => {
    const { result } = await attack("FROM debian:bookworm-slim\nRUNN echo hi\n");
    const syntax = result.checks.find((c) => c.id === "correctness.dockerfile-syntax")!;
    expect(syntax.status).toBe("fail");
    expect(syntax.message).toContain('Dockerfile:2: "RUNN" is not a Dockerfile instruction. Did you mean RUN?');
    expect(result.phases.map((p) => p.name)).not.toContain("build");
  });

  it("refuses .. and absolute paths in the file set before anything reaches the engine", async () => {
    for (const bad of ["../../etc/passwd", "/etc/passwd"]) {
      const error = await gradeFiles(exercise, [{ path: bad, content: "x" }], { err: () => {} }).catch(
        (e: unknown) => e,
      );
      expect(error instanceof RequestError && error.code).toBe("INVALID_PATH");
      expect((error as Error).message).toContain(bad);
    }
  });

  it("refuses a symlink in a graded folder instead of following it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "dockyard-attack-"));
    try {
      await writeFile(path.join(dir, "Dockerfile"), "FROM debian:bookworm-slim\n");
      await symlink("/etc/shadow", path.join(dir, "secret.txt"));
      const error = await gradeDirectory(
        { exercise: "tight-limits", dir, json: false, verbose: false },
        () => {},
        () => {},
      ).catch((e: unknown) => e);
      expect(error instanceof RequestError && error.code).toBe("INVALID_PATH");
      expect((error as Error).message).toContain('"secret.txt" is a symbolic link');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
