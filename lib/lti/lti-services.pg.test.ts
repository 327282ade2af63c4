import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fullMarks } from "../../e2e/quiz-payload";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { LmsPlatform, LmsUser } from "../../test-support/lti/lms-platform";
import {
  followLaunch,
  registrationOf,
  startLmsForTool,
  type ToolKeysetServer,
} from "../../test-support/lti/tool-keyset-server";
import { rejection } from "../../test-support/rejection";
import type { CurrentUser } from "../auth/current-user";
import { SCOPE } from "./claims";

// The LMS's services as the tool uses them against the harness: grade passback (AGS) and roster sync (NRPS).
let db: pg.Pool;
let drop: () => Promise<void>;
let lms: LmsPlatform;
let lmsOpen = false;
let keysetServer: ToolKeysetServer;
let login: typeof import("./login");
let launch: typeof import("./launch");
let scoreSync: typeof import("./score-sync");
let scoresDue: typeof import("../scores-due/scores-due");
let rosterSync: typeof import("./roster-sync");
let platformId: string;

const ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership";
const LEARNER = `${ROLE}#Learner`;
const INSTRUCTOR = `${ROLE}#Instructor`;
const TA = `${ROLE}/Instructor#TeachingAssistant`;
const DAY = 24 * 3_600_000;
const QUIZ = "layer-caching";
const admin: CurrentUser = { id: "admin", name: "Ada Admin", email: "admin@example.test", role: "admin" };
const lmsUser = (sub: string, name: string, roles: string[], status?: LmsUser["status"]): LmsUser => ({
  sub,
  name,
  email: `${sub}@school.test`,
  roles,
  ...(status ? { status } : {}),
});

async function launchAs(sub: string, linkId: string) {
  return launch.completeLaunch(await followLaunch(lms.launchStartUrl(sub, linkId), login.beginLogin));
}

/**
 * What the web server's score sender does each round. The sync's times are TIMESTAMP(3), which round now() to the
 * millisecond, up as often as down, so a row marked due a moment ago may not be due for another half millisecond:
 * what was just marked is moved a second back first, as the poll's next round would find it.
 */
async function sendDue() {
  return scoreSync.sendDueScores();
}

async function classOfCourse(courseId: string): Promise<string> {
  const { rows } = await db.query(`SELECT "classId" FROM lti_context WHERE "platformId" = $1 AND "contextId" = $2`, [
    platformId,
    courseId,
  ]);
  return rows[0].classId;
}

/** A person as syncRoster's caller: the account's own platform role, which an LMS launch leaves at learner. */
const caller = (id: string, role: CurrentUser["role"] = "learner"): CurrentUser => ({
  id,
  name: id,
  email: `${id}@example.test`,
  role,
});

beforeAll(async () => {
  const database = await createTestDatabase("lti_services");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  const [platforms, toolKeys, toolUrls] = await Promise.all([
    import("./platforms"),
    import("./tool-keys"),
    import("./tool-urls"),
  ]);
  [login, launch, scoreSync, rosterSync, scoresDue] = await Promise.all([
    import("./login"),
    import("./launch"),
    import("./score-sync"),
    import("./roster-sync"),
    import("../scores-due/scores-due"),
  ]);
  await insertUsers(db, [{ id: "admin", name: admin.name, email: admin.email, role: "admin" }]);
  ({ lms, keysetServer } = await startLmsForTool(toolUrls.toolUrls(), () => toolKeys.publicKeyset()));
  lmsOpen = true;
  ({ id: platformId } = await platforms.savePlatform(admin, registrationOf(lms)));
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([lmsOpen ? lms.close() : undefined, keysetServer?.close()]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

describe("grade passback", () => {
  const COURSE = "course-ags";
  let lineItemUrl: string;
  let classId: string;
  let leaId: string;

  async function syncRow() {
    const { rows } = await db.query(
      `SELECT s."dueSince" IS NOT NULL AS due, s."sentScore", s.attempts, s."lastError",
              s."nextAttemptAt" > now() + interval '5 seconds' AS waiting
         FROM lti_score_sync s JOIN lti_link l ON l.id = s."linkId"
        WHERE l."resourceLinkId" = 'link-quiz' AND s."userId" = $1`,
      [leaId],
    );
    return rows[0];
  }

  /** A retry's wait is over. */
  const waitOver = () =>
    db.query(`UPDATE lti_score_sync SET "nextAttemptAt" = now() - interval '1 second' WHERE "userId" = $1`, [leaId]);

  beforeAll(async () => {
    lms.addCourse({ id: COURSE, title: "Graded course" });
    lms.enrol(COURSE, lmsUser("u-lea", "Lea Learner", [LEARNER]));
    lms.enrol(COURSE, lmsUser("u-ivo", "Ivo Instructor", [INSTRUCTOR]));
    ({ lineItemUrl = "" } = lms.addResourceLink({
      id: "link-quiz",
      courseId: COURSE,
      title: "Layer caching quiz",
      custom: { item: `quiz:${QUIZ}` },
      lineItem: { label: "Layer caching quiz", scoreMaximum: 100 },
    }));
    await launchAs("u-ivo", "link-quiz");
    leaId = (await launchAs("u-lea", "link-quiz")).userId;
    classId = await classOfCourse(COURSE);
  });

  it("sends nothing while the learner has no work, and keeps nothing due", async () => {
    expect(await syncRow()).toMatchObject({ due: true, sentScore: null });
    expect(await sendDue()).toEqual({ sent: 0, failed: 0 });
    expect(await syncRow()).toMatchObject({ due: false, sentScore: null, lastError: null });
    expect(lms.scores(lineItemUrl)).toEqual([]);
  });

  it("sends a quiz score to the line item, for the LMS's user id, under the line item's query", async () => {
    // Three of four right, a day ago.
    await db.query(
      `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total, "createdAt")
       VALUES ('qa-lea', $1, $2, $2, '{}'::jsonb, 3, 4, $3::timestamptz AT TIME ZONE 'UTC')`,
      [leaId, QUIZ, new Date(Date.now() - DAY).toISOString()],
    );
    expect(await scoreSync.linkScore(classId, leaId, "quiz", QUIZ)).toBe(75);
    await scoresDue.markScoresDue({ kind: "quiz", itemSlug: QUIZ, userId: leaId });
    expect(await sendDue()).toEqual({ sent: 1, failed: 0 });
    expect(lms.scores(lineItemUrl)).toEqual([
      {
        userId: "u-lea",
        scoreGiven: 75,
        scoreMaximum: 100,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
        timestamp: expect.any(String),
      },
    ]);
    expect(lms.refusals()).toEqual([]);
    expect(lms.tokenRequests()).toEqual([{ scope: [SCOPE.score] }]);
    expect(await syncRow()).toMatchObject({ due: false, sentScore: 75, attempts: 0, lastError: null });
  });

  it("sends the credited score once the class assigns the quiz with a due date and late credit", async () => {
    // Due two days ago; work up to five days late earns half.
    await db.query(
      `INSERT INTO assignment (id, "classId", kind, "itemSlug", "dueAt", "latePolicy", "updatedAt")
       VALUES ('asg-quiz', $1, 'quiz', $2, $3::timestamptz AT TIME ZONE 'UTC', $4::jsonb, now())`,
      [classId, QUIZ, new Date(Date.now() - 2 * DAY).toISOString(), JSON.stringify([{ days: 5, credit: 50 }])],
    );
    await scoresDue.markScoresDue({ kind: "quiz", itemSlug: QUIZ, classId });
    expect(await sendDue()).toEqual({ sent: 1, failed: 0 });
    expect(lms.scores(lineItemUrl).map((s) => [s.userId, s.scoreGiven])).toEqual([
      ["u-lea", 75],
      ["u-lea", 37.5],
    ]);
  });

  it("keeps a score due while the LMS fails, names the LMS, waits longer each time, and sends it later", async () => {
    const setTokenUrl = (url: string) =>
      db.query(`UPDATE lti_platform SET "tokenUrl" = $1 WHERE id = $2`, [url, platformId]);
    await setTokenUrl(`${lms.issuer}/no-token-here`);
    try {
      await scoresDue.markScoresDue({ kind: "quiz", itemSlug: QUIZ, userId: leaId });
      expect(await sendDue()).toEqual({ sent: 0, failed: 1 });
      const failed = await syncRow();
      expect(failed).toMatchObject({ due: true, sentScore: 37.5, attempts: 1, waiting: true });
      // The LMS's own words stay in the server's log: an LMS's answer is never repeated to a person.
      expect(failed.lastError).toMatch(/^Test LMS answered 404 when Dockyard asked for an access token/);
      // Waiting: nothing is tried before its time.
      expect(await sendDue()).toEqual({ sent: 0, failed: 0 });
      await waitOver();
      expect(await sendDue()).toEqual({ sent: 0, failed: 1 });
      expect(await syncRow()).toMatchObject({ due: true, attempts: 2 });
    } finally {
      await setTokenUrl(lms.tokenUrl);
    }
    await waitOver();
    expect(await sendDue()).toEqual({ sent: 1, failed: 0 });
    expect(await syncRow()).toMatchObject({ due: false, attempts: 0, lastError: null });
    expect(lms.scores(lineItemUrl)).toHaveLength(3);
  });
});

describe("what marks a score due: the work itself", () => {
  const COURSE = "course-producers";
  let kimId: string;
  let classId: string;
  let labLine = "";
  let quizLine = "";

  beforeAll(async () => {
    lms.addCourse({ id: COURSE, title: "Producers course" });
    lms.enrol(COURSE, lmsUser("u-kim", "Kim Learner", [LEARNER]));
    lms.enrol(COURSE, lmsUser("u-ian", "Ian Instructor", [INSTRUCTOR]));
    ({ lineItemUrl: labLine = "" } = lms.addResourceLink({
      id: "link-lab-graded",
      courseId: COURSE,
      title: "Model server lab",
      custom: { item: "lab:run-a-model-server" },
      lineItem: { label: "Model server lab", scoreMaximum: 100 },
    }));
    ({ lineItemUrl: quizLine = "" } = lms.addResourceLink({
      id: "link-quiz-producers",
      courseId: COURSE,
      title: "Quiz",
      custom: { item: `quiz:${QUIZ}` },
      lineItem: { label: "Quiz", scoreMaximum: 100 },
    }));
    await launchAs("u-ian", "link-lab-graded");
    kimId = (await launchAs("u-kim", "link-lab-graded")).userId;
    await launchAs("u-kim", "link-quiz-producers");
    classId = await classOfCourse(COURSE);
    // Launches mark a link due for work done before; with none, nothing is sent.
    await sendDue();
  });

  it("sends a lab's score when the learner does one of its tasks", async () => {
    const { recordLabTaskDone } = await import("../labs/lab-tasks-done");
    await db.query(
      `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status)
       VALUES ('ls-kim', 'lab', $1, 'run-a-model-server', 'open')`,
      [kimId],
    );
    expect(await recordLabTaskDone(db, "ls-kim", "build")).toBe(true);
    expect(await sendDue()).toEqual({ sent: 1, failed: 0 });
    // One task of the lab's six.
    expect(lms.scores(labLine).map((s) => [s.userId, s.scoreGiven])).toEqual([["u-kim", 16.7]]);
  });

  it("sends a quiz attempt's score as the attempt is recorded", async () => {
    const { recordQuizAttempt } = await import("../quiz/record-attempt");
    await recordQuizAttempt(kimId, {
      lessonSlug: QUIZ,
      answers: fullMarks("04-layer-caching/lessons/01-layer-caching"),
    });
    expect(await sendDue()).toEqual({ sent: 1, failed: 0 });
    expect(lms.scores(quizLine).map((s) => [s.userId, s.scoreGiven])).toEqual([["u-kim", 100]]);
  });

  it("sends the override staff set, and the computed score again when they remove it", async () => {
    const assignments = await import("../classes/assignments");
    const { rows } = await db.query(`SELECT "userId" FROM lti_account WHERE sub = 'u-ian'`);
    const ian = caller(rows[0].userId);
    const { id } = await assignments.createAssignment(ian, classId, {
      kind: "quiz",
      itemSlug: QUIZ,
      dueAt: new Date(Date.now() + DAY).toISOString(),
      latePolicy: [],
    });
    await assignments.setScoreOverride(ian, classId, id, kimId, { score: 90, reason: "Answered in class" });
    expect(await sendDue()).toEqual({ sent: 1, failed: 0 });
    await assignments.removeScoreOverride(ian, classId, id, kimId, { reason: "Mistake" });
    expect(await sendDue()).toEqual({ sent: 1, failed: 0 });
    expect(lms.scores(quizLine).map((s) => s.scoreGiven)).toEqual([100, 90, 100]);
  });
});

describe("roster sync", () => {
  const COURSE = "course-roster";
  const ivo = lmsUser("u-rivo", "Ivo Instructor", [INSTRUCTOR]);
  const ana = lmsUser("u-ana", "Ana Active", [LEARNER]);
  const ben = lmsUser("u-ben", "Ben Inactive", [LEARNER], "Inactive");
  const tom = lmsUser("u-tom", "Tom Assistant", [TA]);
  // Fifth, so on the third page of two.
  const cat = lmsUser("u-cat", "Cat Lastpage", [LEARNER]);
  let classId: string;
  let ivoId: string;
  const idOf = new Map<string, string>();

  async function members() {
    const { rows } = await db.query(
      `SELECT m."userId", m.role::text, m.source FROM class_member m WHERE m."classId" = $1 ORDER BY m."userId"`,
      [classId],
    );
    return rows;
  }

  beforeAll(async () => {
    lms.addCourse({ id: COURSE, title: "Roster course" });
    for (const user of [ivo, ana, ben, tom, cat]) lms.enrol(COURSE, user);
    lms.addResourceLink({
      id: "link-roster",
      courseId: COURSE,
      title: "Lab",
      custom: { item: "lab:run-a-model-server" },
    });
    ivoId = (await launchAs(ivo.sub, "link-roster")).userId;
    classId = await classOfCourse(COURSE);
  });

  it("adds the course's active members with their roles, reading every page, and logs it", async () => {
    const refusedBefore = lms.refusals().length;
    const result = await rosterSync.syncRoster(caller(ivoId), classId);
    // Ivo joined by his own launch: listed, and left as he was.
    expect(result).toEqual({ added: 3, changed: 0, removed: 0, unchanged: 1, skipped: 0 });
    const { rows } = await db.query(`SELECT sub, "userId" FROM lti_account WHERE "platformId" = $1`, [platformId]);
    for (const row of rows) idOf.set(row.sub, row.userId);
    expect(idOf.has(ben.sub)).toBe(false);
    expect(await members()).toEqual(
      expect.arrayContaining([
        { userId: ivoId, role: "instructor", source: "lti" },
        { userId: idOf.get(ana.sub), role: "learner", source: "lti" },
        { userId: idOf.get(tom.sub), role: "ta", source: "lti" },
        { userId: idOf.get(cat.sub), role: "learner", source: "lti" },
      ]),
    );
    expect(await members()).toHaveLength(4);
    expect(lms.refusals().slice(refusedBefore)).toEqual([]);
    expect(lms.tokenRequests().at(-1)).toEqual({ scope: [SCOPE.memberships] });
    const { rows: log } = await db.query(
      `SELECT "actorId", "targetId", details FROM admin_action WHERE action = 'lti_roster_synced'`,
    );
    expect(log).toEqual([{ actorId: ivoId, targetId: classId, details: { added: 3, changed: 0, removed: 0 } }]);
    const { rows: synced } = await db.query(
      `SELECT "rosterSyncedAt" IS NOT NULL AS synced FROM lti_context WHERE "classId" = $1`,
      [classId],
    );
    expect(synced).toEqual([{ synced: true }]);
  });

  it("is refused to the class's TA, and for a class no LMS course made", async () => {
    const ta = await rejection(rosterSync.syncRoster(caller(idOf.get(tom.sub) ?? ""), classId));
    expect(ta.code).toBe("FORBIDDEN");
    await insertUsers(db, [{ id: "hana", role: "instructor" }]);
    await insertClass(db, { id: "cls-by-hand", instructors: ["hana"] });
    const unlinked = await rejection(rosterSync.syncRoster(caller("hana", "instructor"), "cls-by-hand"));
    expect([unlinked.code, unlinked.message]).toEqual(["BAD_REQUEST", "This class is not linked to an LMS course."]);
  });

  it("removes whom the LMS lists as deleted or no longer lists, changes roles, keeps who joined by code", async () => {
    // Someone with an account from this LMS who joined the class by code, and someone with no LMS account at all.
    const otherCourse = "course-other";
    lms.addCourse({ id: otherCourse, title: "Other course" });
    lms.enrol(otherCourse, lmsUser("u-dan", "Dan Elsewhere", [LEARNER]));
    lms.addResourceLink({
      id: "link-other",
      courseId: otherCourse,
      title: "Lab",
      custom: { item: "lab:run-a-model-server" },
    });
    const danId = (await launchAs("u-dan", "link-other")).userId;
    await insertUsers(db, [{ id: "coder" }]);
    for (const userId of [danId, "coder"]) {
      await db.query(
        `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, 'learner', 'code')`,
        [classId, userId],
      );
    }

    lms.enrol(COURSE, { ...cat, status: "Deleted" });
    lms.enrol(COURSE, { ...ana, roles: [TA] });
    expect(await rosterSync.syncRoster(caller(ivoId), classId)).toEqual({
      added: 0,
      changed: 1,
      removed: 1,
      unchanged: 2,
      skipped: 0,
    });
    const after = await members();
    expect(after.map((m) => m.userId)).not.toContain(idOf.get(cat.sub));
    expect(after).toEqual(
      expect.arrayContaining([
        { userId: idOf.get(ana.sub), role: "ta", source: "lti" },
        { userId: danId, role: "learner", source: "code" },
        { userId: "coder", role: "learner", source: "code" },
      ]),
    );

    // The harness cannot unenrol, so the course's roster moves to a copy of the course without Tom.
    const without = "course-roster-without-tom";
    lms.addCourse({ id: without, title: "Roster course" });
    for (const user of [ivo, { ...ana, roles: [TA] }, ben, { ...cat, status: "Deleted" as const }]) {
      lms.enrol(without, user);
    }
    await db.query(`UPDATE lti_context SET "membershipsUrl" = $1 WHERE "classId" = $2`, [
      `${lms.issuer}/courses/${without}/memberships`,
      classId,
    ]);
    expect(await rosterSync.syncRoster(caller(ivoId), classId)).toEqual({
      added: 0,
      changed: 0,
      removed: 1,
      unchanged: 2,
      skipped: 0,
    });
    expect((await members()).map((m) => m.userId).sort()).toEqual([ivoId, idOf.get(ana.sub), danId, "coder"].sort());
  });

  it("never calls a roster URL that leads into the platform's own network, nor says what answers there", async () => {
    // A service on this machine's loopback, as PostgreSQL or the grading engine would be: not the LMS's origin.
    let asked = 0;
    const inside = http.createServer((_req, res) => {
      asked++;
      res.writeHead(500).end("internal secrets");
    });
    await new Promise<void>((resolve) => inside.listen(0, "127.0.0.1", resolve));
    const { port } = inside.address() as AddressInfo;
    const before = await members();
    try {
      for (const url of [`http://127.0.0.1:${port}/memberships`, `http://localhost:${port}/x`, "http://[::1]:5432/"]) {
        await db.query(`UPDATE lti_context SET "membershipsUrl" = $1 WHERE "classId" = $2`, [url, classId]);
        const err = await rejection(rosterSync.syncRoster(caller(ivoId), classId));
        expect(err.code).toBe("UNAVAILABLE");
        expect(err.message).toMatch(/gave an address Dockyard does not call .* an address inside a private network/);
        expect(err.message).not.toContain("internal secrets");
      }
      expect(asked).toBe(0);
      expect(await members()).toEqual(before);
    } finally {
      inside.close();
    }
  });
});

describe("roster sync with a member Dockyard cannot read", () => {
  const COURSE = "course-odd";
  const ines = lmsUser("u-ines", "Ines Instructor", [INSTRUCTOR]);
  const olga = lmsUser("u-olga", "Olga Ordinary", [LEARNER]);

  // A listed member Dockyard cannot read is skipped: neither added nor taken out, since the LMS still lists them.
  it("leaves a member it skipped in the class", async () => {
    lms.addCourse({ id: COURSE, title: "Odd course" });
    for (const user of [ines, olga]) lms.enrol(COURSE, user);
    lms.addResourceLink({ id: "link-odd", courseId: COURSE, title: "Lab", custom: { item: "lab:run-a-model-server" } });
    const inesId = (await launchAs(ines.sub, "link-odd")).userId;
    const classId = await classOfCourse(COURSE);
    expect(await rosterSync.syncRoster(caller(inesId), classId)).toMatchObject({ added: 1, skipped: 0 });

    // Olga's LMS profile gets a name longer than memberSchema's 500 characters: still listed, still active.
    lms.enrol(COURSE, { ...olga, name: `Olga ${"O".repeat(500)}` });
    const result = await rosterSync.syncRoster(caller(inesId), classId);
    expect(result.skipped).toBe(1);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM class_member m JOIN lti_account a ON a."userId" = m."userId"
        WHERE m."classId" = $1 AND a.sub = $2`,
      [classId, olga.sub],
    );
    expect({ removed: result.removed, olgaInClass: rows[0].n }).toEqual({ removed: 0, olgaInClass: 1 });
  });
});

describe("grade passback when the LMS is down", () => {
  it("keeps the score due and names the LMS that could not be reached", async () => {
    await lms.close();
    lmsOpen = false;
    const { rows } = await db.query(`SELECT "userId" FROM lti_account WHERE sub = 'u-lea'`);
    const leaId = rows[0].userId;
    await scoresDue.markScoresDue({ kind: "quiz", itemSlug: QUIZ, userId: leaId });
    expect(await sendDue()).toEqual({ sent: 0, failed: 1 });
    const { rows: sync } = await db.query(
      `SELECT "dueSince" IS NOT NULL AS due, attempts, "lastError", "sentScore" FROM lti_score_sync
        WHERE "userId" = $1`,
      [leaId],
    );
    expect(sync).toEqual([
      {
        due: true,
        attempts: 1,
        sentScore: 37.5,
        lastError: expect.stringMatching(
          /^Test LMS could not be reached at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
        ),
      },
    ]);
  });
});
