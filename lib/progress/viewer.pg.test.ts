import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { RequestError } from "../errors/request-error";

let db: pg.Pool;
let drop: () => Promise<void>;
let viewer: typeof import("./viewer");

beforeAll(async () => {
  const database = await createTestDatabase("lesson_visit");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  viewer = await import("./viewer");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "ada" }, { id: "lin" }]);
});

afterAll(async () => {
  const [{ prisma }, { pool }] = await Promise.all([import("../db/client"), import("../db/pool")]);
  await Promise.all([prisma().$disconnect(), pool().end(), db?.end()]);
  await drop?.();
});

const views = async (userId: string) =>
  (await db.query(`SELECT "lessonSlug" FROM lesson_progress WHERE "userId" = $1`, [userId])).rows.map(
    (r) => r.lessonSlug,
  );

describe("visitLesson (the lesson page's per-learner part, called by the browser once the page shows)", () => {
  it("records the view and answers with the learner's progress: not completed, no quiz attempt yet", async () => {
    expect(await viewer.visitLesson("ada", "containers-vs-vms")).toEqual({ completed: false });
    expect(await views("ada")).toEqual(["containers-vs-vms"]);
  });

  it("keeps one row when the same learner opens the lesson in many tabs at once", async () => {
    const visits = await Promise.all(Array.from({ length: 20 }, () => viewer.visitLesson("lin", "layer-caching")));
    expect(visits.every((v) => v.completed === false)).toBe(true);
    expect(await views("lin")).toEqual(["layer-caching"]);
  });

  it("reports the last quiz score and completion once the learner has them", async () => {
    await db.query(
      `UPDATE lesson_progress SET "completedAt" = now() WHERE "userId" = 'ada' AND "lessonSlug" = 'containers-vs-vms'`,
    );
    await db.query(
      `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total)
       VALUES ('q1', 'ada', 'containers-vs-vms', 'containers-vs-vms', '{}', 5, 6)`,
    );
    expect(await viewer.visitLesson("ada", "containers-vs-vms")).toEqual({
      completed: true,
      lastAttempt: { correct: 5, total: 6 },
    });
  });

  it("refuses a lesson that is not in the course, and writes nothing for it", async () => {
    const refused = await viewer.visitLesson("ada", "../../etc/passwd").catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RequestError);
    expect((refused as RequestError).code).toBe("NOT_FOUND");
    expect(await views("ada")).toEqual(["containers-vs-vms"]);
  });
});

describe("viewerFor (GET /api/me)", () => {
  const ada = { id: "ada", name: "Ada", email: "ada@example.com", role: "learner" as const };

  it("names the exercises a learner has passed or attempted, for the module pages' marks", async () => {
    expect((await viewer.viewerFor(ada)).exercises).toEqual({});
    for (const [id, exercise, status] of [
      ["v1", "layer-order", "failed"],
      ["v2", "layer-order", "passed"],
      ["v3", "size-budget", "failed"],
    ]) {
      await db.query(
        `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result)
         VALUES ($1, 'ada', $2, '[]', $3::"SubmissionStatus", $4::jsonb)`,
        [id, exercise, status, JSON.stringify({ score: 0.5, status })],
      );
    }
    expect((await viewer.viewerFor(ada)).exercises).toEqual({ "layer-order": "passed", "size-budget": "attempted" });
    expect(await viewer.viewerFor(null)).toEqual({ user: null, completedLessons: [], exercises: {} });
  });

  it("names their part: a platform learner who teaches a class (as an LTI launch makes them) is staff", async () => {
    await insertUsers(db, [
      { id: "ines" },
      { id: "tao" },
      { id: "ivan", role: "instructor" },
      { id: "amir", role: "admin" },
    ]);
    await insertClass(db, { id: "cls-lms", instructors: ["ines"], tas: ["tao"], learners: ["ada"] });
    const part = async (id: string, role: "learner" | "instructor" | "admin" = "learner") =>
      (await viewer.viewerFor({ id, name: id, email: `${id}@example.test`, role })).user?.part;
    expect(await part("ines")).toBe("instructor");
    expect(await part("tao")).toBe("teaching assistant");
    expect(await part("ada")).toBe("learner");
    expect(await part("ivan", "instructor")).toBe("instructor");
    expect(await part("amir", "admin")).toBe("admin");
  });
});
