import pg from "pg";
import type { ResultDocument } from "../../lib/grading/result-schema";
import { createTestDatabase } from "../../test-support/db/test-database";
import { NO_NETWORK } from "../docker/build-network";
import { engineClient } from "../docker/engine";
import { handleGradeJob } from "../grading-job";
import { LABEL_SUBMISSION } from "../owner-labels";

/** The job handler's runner context in tests: no GPU, and builds need no package mirror. */
const TEST_RUNNER = { id: "test-runner", gpus: 0, buildNetwork: async () => NO_NETWORK };

export interface GradedSubmission {
  id: string;
  status: string;
  result: ResultDocument | null;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whichever event fields they assert on.
  events: { type: string; data: any }[];
  log: string;
}

/**
 * A private database with one learner, and a way to grade a file set through
 * the real job handler and engine: what integration tests of the runner share.
 */
export async function createGradingHarness(name: string) {
  const database = await createTestDatabase(name);
  const db = new pg.Pool({ connectionString: database.url });
  const docker = engineClient();
  const userId = `user-${name}`;
  await db.query(`INSERT INTO "user" (id, name, email, "updatedAt") VALUES ($1, $1, $2, now())`, [
    userId,
    `${name}@example.test`,
  ]);

  async function grade(exercise: string, files: { path: string; content: string }[]): Promise<GradedSubmission> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files) VALUES ` +
        `(gen_random_uuid()::text, $1, $2, $3::jsonb) RETURNING id`,
      [userId, exercise, JSON.stringify(files)],
    );
    const id = rows[0]!.id;
    await handleGradeJob(db, docker, TEST_RUNNER, id);
    const row = (await db.query(`SELECT status, result FROM submission WHERE id = $1`, [id])).rows[0];
    const events = (
      await db.query(`SELECT type, data FROM submission_event WHERE "submissionId" = $1 ORDER BY id`, [id])
    ).rows;
    const log = events
      .filter((e) => e.type === "log")
      .map((e) => e.data.text)
      .join("");
    return { id, status: row.status, result: row.result, events, log };
  }

  /** Containers and images still carrying the submission's label. */
  async function leftovers(submissionId: string): Promise<number> {
    const filters = { label: [`${LABEL_SUBMISSION}=${submissionId}`] };
    const [containers, images] = await Promise.all([
      docker.listContainers({ all: true, filters }),
      docker.listImages({ filters }),
    ]);
    return containers.length + images.length;
  }

  async function close() {
    await db.end();
    await database.drop();
  }

  return { db, docker, grade, leftovers, close };
}
