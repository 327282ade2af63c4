import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_NETWORK } from "../docker/build-network";
import { ignoreNotFound } from "../docker/docker-error";
import { handleGradeJob } from "../grading-job";
import { submissionImageTag } from "../pipeline/grade-submission";
import { createGradingHarness } from "../testing/grading-harness";

/** A runner that serves shells: it keeps what it built on its engine. */
const SHELL_RUNNER = {
  id: "test-runner",
  gpus: 0,
  buildNetwork: async () => NO_NETWORK,
  keepImages: { engineId: "e1" },
};

let harness: Awaited<ReturnType<typeof createGradingHarness>>;
const graded: string[] = [];

beforeAll(async () => {
  harness = await createGradingHarness("keepimage");
});

afterAll(async () => {
  for (const id of graded)
    await ignoreNotFound(harness.docker.getImage(submissionImageTag(id)).remove({ force: true }));
  await harness?.close();
});

async function grade(dockerfile: string) {
  const { rows } = await harness.db.query<{ id: string }>(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files) VALUES
     (gen_random_uuid()::text, 'user-keepimage', 'first-image', $1::jsonb) RETURNING id`,
    [JSON.stringify([{ path: "Dockerfile", content: dockerfile }])],
  );
  const id = rows[0]!.id;
  graded.push(id);
  await handleGradeJob(harness.db, harness.docker, SHELL_RUNNER, id);
  const { rows: found } = await harness.db.query(
    `SELECT s.status, s."finishedAt", k."engineId", k.tag, k."keptUntil", k."createdAt" AS "keptAt"
     FROM submission s LEFT JOIN kept_image k ON k."submissionId" = s.id WHERE s.id = $1`,
    [id],
  );
  return { id, ...found[0] };
}

const image = (id: string) => ignoreNotFound(harness.docker.getImage(submissionImageTag(id)).inspect());

describe("grading on a runner that serves shells", () => {
  it("keeps a passing build's image and records it before the final status", async () => {
    const outcome = await grade(
      'FROM python:3.11-slim\nRUN echo built > /built.txt\nCMD ["python", "-c", "print(\'prediction 1.0\')"]\n',
    );
    expect(outcome.status).toBe("passed");
    expect(outcome).toMatchObject({ engineId: "e1", tag: submissionImageTag(outcome.id) });
    expect(outcome.keptAt.getTime()).toBeLessThanOrEqual(outcome.finishedAt.getTime());
    expect(outcome.keptUntil.getTime() - outcome.finishedAt.getTime()).toBeGreaterThan(29 * 60 * 1000);
    expect(await image(outcome.id)).toBeDefined();
    // The image is all that stays: no container of the grading is left.
    expect(await harness.leftovers(outcome.id)).toBe(1);
  });

  it("keeps the image of a build that failed a later check", async () => {
    // No CMD: the image builds, and the exercise's checks fail it.
    const outcome = await grade("FROM python:3.11-slim\nRUN echo built > /built.txt\n");
    expect(outcome.status).toBe("failed");
    expect(outcome.tag).toBe(submissionImageTag(outcome.id));
    expect(await image(outcome.id)).toBeDefined();
  });

  it("keeps nothing when the image did not build", async () => {
    const outcome = await grade("FROM python:3.11-slim\nRUN exit 3\n");
    expect(outcome.status).toBe("failed");
    expect(outcome.tag).toBeNull();
    expect(await harness.leftovers(outcome.id)).toBe(0);
  });
});
