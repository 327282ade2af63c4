import Docker from "dockerode";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../lib/db/test-database";
import { resultDocumentSchema, type ResultDocument } from "../lib/grading/result-schema";
import { handleGradeJob } from "./handle-job";
import { LABEL_SUBMISSION } from "./limits";

const docker = new Docker();
let db: pg.Pool;
let drop: () => Promise<void>;
let userId: string;

beforeAll(async () => {
  const database = await createTestDatabase("runner");
  drop = database.drop;
  db = new pg.Pool({ connectionString: database.url });
  userId = "user-runner-test";
  await db.query(`INSERT INTO "user" (id, name, email, "updatedAt") VALUES ($1, 'Runner Test', 'runner@example.test', now())`, [userId]);
});

afterAll(async () => {
  await db?.end();
  await drop?.();
});

async function grade(files: { path: string; content: string }[]) {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files) VALUES (gen_random_uuid()::text, $1, 'first-image', $2::jsonb) RETURNING id`,
    [userId, JSON.stringify(files)],
  );
  const id = rows[0]!.id;
  await handleGradeJob(db, docker, "test-runner", id);
  const row = (await db.query(`SELECT status, result, "errorMessage" FROM submission WHERE id = $1`, [id])).rows[0];
  const events = (await db.query(`SELECT type, data FROM submission_event WHERE "submissionId" = $1 ORDER BY id`, [id])).rows;
  const log = events.filter((e) => e.type === "log").map((e) => e.data.text).join("");
  return { id, status: row.status as string, result: row.result as ResultDocument | null, events, log };
}

async function leftovers(submissionId: string) {
  const filters = { label: [`${LABEL_SUBMISSION}=${submissionId}`] };
  const [containers, images] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listImages({ filters })]);
  return containers.length + images.length;
}

const app = { path: "app/main.py", content: 'print("hello from the model")\n' };

describe("handleGradeJob against the real engine", () => {
  it("builds a good Dockerfile, streams its log, stores a valid passing result and removes the image", async () => {
    const outcome = await grade([{ path: "Dockerfile", content: 'FROM python:3.11-slim\nCOPY app/ /app/\nCMD ["python", "/app/main.py"]\n' }, app]);
    expect(outcome.status).toBe("passed");
    expect(resultDocumentSchema.parse(outcome.result).checks.map((c) => [c.id, c.status])).toEqual([
      ["correctness.dockerfile-syntax", "pass"],
      ["correctness.image-builds", "pass"],
    ]);
    expect(outcome.log).toMatch(/Step 2\/\d+ : COPY app\/ \/app\//);
    expect(outcome.events.map((e) => e.type)).toEqual(expect.arrayContaining(["status", "phase", "log", "result"]));
    expect(outcome.events.at(-1)).toEqual({ type: "status", data: { status: "passed" } });
    expect(outcome.result!.phases.map((p) => p.name)).toEqual(["validate", "static", "build", "report"]);
    expect(await leftovers(outcome.id)).toBe(0);
  });

  it("fails a build whose RUN exits non-zero, naming the Dockerfile line", async () => {
    const outcome = await grade([{ path: "Dockerfile", content: "FROM python:3.11-slim\n\n# a comment\nRUN echo doomed && exit 7\n" }, app]);
    expect(outcome.status).toBe("failed");
    const check = outcome.result!.checks.find((c) => c.id === "correctness.image-builds")!;
    expect(check).toMatchObject({ status: "fail", location: "Dockerfile:4" });
    expect(check.message).toContain("while running `RUN echo doomed && exit 7`");
    expect(check.message).toContain("returned a non-zero code: 7");
    expect(outcome.log).toContain("doomed");
    expect(await leftovers(outcome.id)).toBe(0);
  });

  it("cannot reach the network during a build", async () => {
    const outcome = await grade([
      { path: "Dockerfile", content: 'FROM python:3.11-slim\nRUN python -c "import socket; socket.create_connection((\'1.1.1.1\', 80), timeout=3)"\n' },
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
    await handleGradeJob(db, docker, "test-runner", outcome.id);
    const after = (await db.query(`SELECT count(*)::int AS n FROM submission_event WHERE "submissionId" = $1`, [outcome.id])).rows[0].n;
    expect(after).toBe(before);
  });
});
