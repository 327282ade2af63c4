import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { RequestError } from "../errors/request-error";

let db: pg.Pool;
let drop: () => Promise<void>;
let comments: typeof import("./comments");

const EXERCISE = "first-image";
const OTHER_EXERCISE = "layer-order";
const DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n";

type Who = { id: string; name: string; role: "learner" | "instructor" | "admin" };
const person = (id: string, role: Who["role"] = "learner"): Who => ({ id, name: `${id} name`, role });
const ivan = person("ivan", "instructor"); // instructor of class A
const tara = person("tara"); // TA of class A (a learner on the platform)
const tom = person("tom"); // TA of class B
const ada = person("ada", "admin");
const alice = person("alice"); // learner in class A
const amy = person("amy"); // learner in class A
const bob = person("bob"); // learner in class B

async function submission(id: string, user: string, exercise = EXERCISE, regradeOf?: string) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "regradeOfId")
     VALUES ($1, $2, $3, $4::jsonb, 'failed', $5)`,
    [id, user, exercise, JSON.stringify([{ path: "Dockerfile", content: DOCKERFILE }]), regradeOf ?? null],
  );
}

/** The error a call fails with, so a test can name its code and message. */
async function failure(work: Promise<unknown>): Promise<RequestError> {
  try {
    await work;
  } catch (err) {
    return err as RequestError;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  const database = await createTestDatabase("submission_comments");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  comments = await import("./comments");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [ivan, tara, tom, ada, alice, amy, bob]);
  await insertClass(db, { id: "class-a", instructors: ["ivan"], tas: ["tara"], learners: ["alice", "amy"] });
  await insertClass(db, { id: "class-b", tas: ["tom"], learners: ["bob"] });
  await submission("a1", "alice");
  await submission("a1-regrade", "alice", EXERCISE, "a1");
  await submission("a2", "alice", OTHER_EXERCISE);
  await submission("m1", "amy");
  await submission("b1", "bob");
});

afterAll(async () => {
  const [{ prisma }, { pool }] = await Promise.all([import("../db/client"), import("../db/pool")]);
  await Promise.all([prisma().$disconnect(), pool().end(), db?.end()]);
  await drop?.();
});

const countRows = async () => Number((await db.query(`SELECT count(*) FROM submission_comment`)).rows[0].count);

describe("who may comment and read", () => {
  it("lets a TA comment on a line of a learner of their class, and both of them read it", async () => {
    const written = await comments.addComment(tara, "a1", { path: "Dockerfile", line: 2, body: "  Use /srv.\r\n  " });
    expect(written).toMatchObject({ authorName: "tara name", path: "Dockerfile", line: 2, body: "Use /srv." });
    expect(written).toMatchObject({ seen: false, canDelete: true });
    const whole = await comments.addComment(ivan, "a1", { body: "Good start.\n\tKeep going." });
    expect(whole.path).toBeUndefined();
    expect(whole.line).toBeUndefined();

    const asTa = await comments.listComments(tara, "a1");
    expect(asTa.canComment).toBe(true);
    expect(asTa.comments.map((c) => [c.body, c.canDelete])).toEqual([
      ["Use /srv.", true],
      ["Good start.\n\tKeep going.", false],
    ]);
    const asLearner = await comments.listComments(alice, "a1");
    expect(asLearner.canComment).toBe(false);
    expect(asLearner.comments.map((c) => c.body)).toEqual(["Use /srv.", "Good start.\n\tKeep going."]);
    expect(asLearner.comments.every((c) => !c.canDelete)).toBe(true);
  });

  it("refuses a TA of class A on a class-B learner's submission as if it did not exist", async () => {
    const before = await countRows();
    const write = await failure(comments.addComment(tara, "b1", { body: "Hello" }));
    expect(write.code).toBe("NOT_FOUND");
    expect((await failure(comments.listComments(tara, "b1"))).code).toBe("NOT_FOUND");
    // The class-B TA, the other way round.
    expect((await failure(comments.listComments(tom, "a1"))).code).toBe("NOT_FOUND");
    // The same answer as for an id that names nothing, so ids cannot be probed.
    const none = await failure(comments.listComments(tara, "nosuchsubmission"));
    expect(none.code).toBe("NOT_FOUND");
    expect(none.message).toBe(write.message);
    expect(await countRows()).toBe(before);
  });

  it("lets the class-B TA and an admin (no class) comment on bob's submission", async () => {
    await comments.addComment(tom, "b1", { body: "From your TA." });
    await comments.addComment(ada, "b1", { body: "From an admin." });
    expect((await comments.listComments(bob, "b1")).comments.map((c) => c.authorName)).toEqual([
      "tom name",
      "ada name",
    ]);
  });

  it("does not let a learner comment, even on their own submission", async () => {
    const own = await failure(comments.addComment(alice, "a1", { body: "Me too" }));
    expect(own.code).toBe("FORBIDDEN");
    expect((await failure(comments.addComment(alice, "m1", { body: "Hi Amy" }))).code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND, not FORBIDDEN, to a learner reading another's comments, even a classmate's", async () => {
    const read = await failure(comments.listComments(amy, "a1"));
    expect(read.code).toBe("NOT_FOUND");
    expect(read.httpStatus).toBe(404);
    expect((await failure(comments.markCommentsSeen(amy, "a1", []))).code).toBe("NOT_FOUND");
    expect((await failure(comments.listComments(bob, "a1"))).code).toBe("NOT_FOUND");
  });
});

describe("where a comment may go, and what it may say", () => {
  const attempt = (input: { path?: string; line?: number; body?: string }) =>
    failure(comments.addComment(tara, "a1", { body: "A comment", ...input }));

  it("refuses an unknown file, naming it", async () => {
    const err = await attempt({ path: "Dockerfile.prod", line: 1 });
    expect([err.code, err.httpStatus]).toEqual(["BAD_REQUEST", 400]);
    expect(err.message).toBe('This submission has no file "Dockerfile.prod".');
  });

  it("refuses a line outside the file, saying which lines it has (a final newline starts no line)", async () => {
    for (const line of [0, 4, -1]) {
      const err = await attempt({ path: "Dockerfile", line });
      expect([err.code, err.httpStatus]).toEqual(["BAD_REQUEST", 400]);
      expect(err.message).toBe(`There is no line ${line} in Dockerfile: the file has lines 1 to 3.`);
    }
    expect((await comments.addComment(tara, "a1", { path: "Dockerfile", line: 3, body: "Last line" })).line).toBe(3);
  });

  it("refuses a file without a line, or a line without a file", async () => {
    expect((await attempt({ path: "Dockerfile" })).message).toMatch(/names both the file and the line/);
    expect((await attempt({ line: 1 })).code).toBe("BAD_REQUEST");
  });

  it("refuses an empty body, one too long, and control characters other than newline and tab", async () => {
    expect((await attempt({ body: " \n\t " })).message).toMatch(/empty/);
    expect((await attempt({ body: "x".repeat(5001) })).message).toBe(
      "The comment is 5001 characters long; the limit is 5000.",
    );
    expect((await attempt({ body: "ok\nbad \u001b[31mred" })).message).toBe(
      "The comment has a control character (U+001B) on line 2; only new lines and tabs may be used.",
    );
    expect((await attempt({ body: "nul\u0000" })).code).toBe("BAD_REQUEST");
    // 5,000 characters counted as characters, not UTF-16 units: an emoji is one.
    const long = await comments.addComment(tara, "a2", { body: "🐳".repeat(5000) });
    expect([...long.body].length).toBe(5000);
  });
});

describe("deleting", () => {
  it("lets the author delete their comment, an admin anyone's, and nobody else", async () => {
    const mine = await comments.addComment(tara, "m1", { body: "Tara's" });
    const other = await comments.addComment(ivan, "m1", { body: "Ivan's" });
    expect((await failure(comments.deleteComment(tara, "m1", other.id))).code).toBe("FORBIDDEN");
    expect((await failure(comments.deleteComment(amy, "m1", mine.id))).code).toBe("NOT_FOUND");
    expect((await failure(comments.deleteComment(tom, "m1", mine.id))).code).toBe("NOT_FOUND");
    // A comment id is checked against the submission it is said to be on.
    expect((await failure(comments.deleteComment(tara, "a1", mine.id))).code).toBe("NOT_FOUND");
    await comments.deleteComment(tara, "m1", mine.id);
    await comments.deleteComment(ada, "m1", other.id);
    expect((await comments.listComments(amy, "m1")).comments).toEqual([]);
  });
});

describe("new feedback", () => {
  it("marks the exercise until the learner has seen every comment their page showed", async () => {
    const feedback = await comments.unseenFeedback("alice");
    expect(feedback.get(EXERCISE)).toBe("a1");
    expect(feedback.get(OTHER_EXERCISE)).toBe("a2");
    expect([...(await comments.unseenFeedback("alice", [OTHER_EXERCISE])).keys()]).toEqual([OTHER_EXERCISE]);

    // Staff reading the thread do not mark it seen, and may not mark it for the learner.
    await comments.listComments(tara, "a1");
    expect((await failure(comments.markCommentsSeen(tara, "a1", []))).code).toBe("FORBIDDEN");
    expect((await comments.unseenFeedback("alice")).has(EXERCISE)).toBe(true);

    const shown = (await comments.listComments(alice, "a1")).comments;
    // A comment written after the page was shown stays new.
    const later = await comments.addComment(ivan, "a1", { body: "One more thing" });
    expect(
      await comments.markCommentsSeen(
        alice,
        "a1",
        shown.map((c) => c.id),
      ),
    ).toBe(shown.length);
    expect((await comments.unseenFeedback("alice")).get(EXERCISE)).toBe("a1");
    expect(await comments.markCommentsSeen(alice, "a1", [later.id])).toBe(1);
    expect((await comments.unseenFeedback("alice")).has(EXERCISE)).toBe(false);
    expect((await comments.listComments(tara, "a1")).comments.every((c) => c.seen)).toBe(true);
    // Ids of one attempt's comments mark nothing on another.
    expect(
      await comments.markCommentsSeen(
        alice,
        "a2",
        shown.map((c) => c.id),
      ),
    ).toBe(0);
  });

  it("keeps a re-grade's comments on the re-grade, and its marker links there", async () => {
    await comments.addComment(ivan, "a1-regrade", { path: "Dockerfile", line: 1, body: "Pin the digest" });
    expect((await comments.listComments(alice, "a1")).comments.map((c) => c.body)).not.toContain("Pin the digest");
    expect((await comments.listComments(alice, "a1-regrade")).comments.map((c) => c.body)).toEqual(["Pin the digest"]);
    expect((await comments.unseenFeedback("alice")).get(EXERCISE)).toBe("a1-regrade");
  });

  it("shows on the exercises index and in the viewer the module pages read", async () => {
    const [{ exerciseIndex }, { viewerFor }] = await Promise.all([
      import("../progress/exercise-progress"),
      import("../progress/viewer"),
    ]);
    const index = await exerciseIndex("alice");
    expect(index.find((e) => e.slug === EXERCISE)?.newFeedback).toBe("a1-regrade");
    expect(index.filter((e) => e.newFeedback).map((e) => e.slug)).toEqual(
      index.filter((e) => e.slug === EXERCISE || e.slug === OTHER_EXERCISE).map((e) => e.slug),
    );
    const viewer = await viewerFor({ ...alice, email: "alice@example.test" });
    expect(viewer.newFeedback).toEqual({ [EXERCISE]: "a1-regrade", [OTHER_EXERCISE]: "a2" });
    expect((await viewerFor({ ...amy, email: "amy@example.test" })).newFeedback).toEqual({});
  });
});
