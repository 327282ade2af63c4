import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/*
 * LMS sync that explains itself, against the harness playing Canvas and Moodle set up wrong: the class's send log
 * (what was sent, what failed and why in the LMS's words) with its retry, and the admin's "Check this LMS".
 */
let db: pg.Pool;
let drop: () => Promise<void>;
const lmss: LmsPlatform[] = [];
const keysets: ToolKeysetServer[] = [];
let login: typeof import("./login");
let launch: typeof import("./launch");
let scoreSync: typeof import("./score-sync");
let scoreLog: typeof import("./score-log");
let lmsCheck: typeof import("./lms-check");
let scoresDue: typeof import("../scores-due/scores-due");
let platforms: typeof import("./platforms");

const LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
const INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
const QUIZ = "layer-caching";
const admin: CurrentUser = { id: "admin", name: "Ada Admin", email: "admin@example.test", role: "admin" };
const caller = (id: string): CurrentUser => ({ id, name: id, email: `${id}@example.test`, role: "learner" });
const lmsUser = (sub: string, name: string, roles: string[]): LmsUser => ({
  sub,
  name,
  email: `${sub}@school.test`,
  roles,
});

/** A harness playing one LMS, registered in Dockyard under its name; answers it with its registration's id. */
async function startLms(flavour: "canvas" | "moodle", name: string) {
  const [toolKeys, toolUrls] = await Promise.all([import("./tool-keys"), import("./tool-urls")]);
  const { lms, keysetServer } = await startLmsForTool(toolUrls.toolUrls(), () => toolKeys.publicKeyset(), flavour);
  lmss.push(lms);
  keysets.push(keysetServer);
  const { id } = await platforms.savePlatform(admin, { ...registrationOf(lms), name });
  return { lms, platformId: id };
}

async function launchAs(lms: LmsPlatform, sub: string, linkId: string) {
  return launch.completeLaunch(await followLaunch(lms.launchStartUrl(sub, linkId), login.beginLogin));
}

async function classOfCourse(platformId: string, courseId: string): Promise<string> {
  const { rows } = await db.query(`SELECT "classId" FROM lti_context WHERE "platformId" = $1 AND "contextId" = $2`, [
    platformId,
    courseId,
  ]);
  return rows[0].classId;
}

/** A quiz attempt of three right of four, so the learner has a score of 75 to send. */
async function quizAttempt(userId: string, id: string) {
  await db.query(
    `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total)
     VALUES ($1, $2, $3, $3, '{}'::jsonb, 3, 4)`,
    [id, userId, QUIZ],
  );
}

/** What a score's row says now. */
async function syncRow(userId: string) {
  const { rows } = await db.query(
    `SELECT "dueSince" IS NOT NULL AS due, attempts, "sentScore", "sentAt", "lastError",
            "lastErrorCode"::text AS code, "failedAt"
       FROM lti_score_sync WHERE "userId" = $1`,
    [userId],
  );
  return rows[0];
}

beforeAll(async () => {
  const database = await createTestDatabase("lms_sync");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  [login, launch, scoreSync, scoreLog, lmsCheck, scoresDue, platforms] = await Promise.all([
    import("./login"),
    import("./launch"),
    import("./score-sync"),
    import("./score-log"),
    import("./lms-check"),
    import("../scores-due/scores-due"),
    import("./platforms"),
  ]);
  await insertUsers(db, [{ id: "admin", name: admin.name, email: admin.email, role: "admin" }]);
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([...lmss.map((l) => l.close()), ...keysets.map((k) => k.close())]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

describe("Canvas: the class's send log, its reasons and Retry", () => {
  const COURSE = "canvas-course";
  let canvas: LmsPlatform;
  let platformId: string;
  let classId: string;
  let lineItemUrl = "";
  let leaId: string;
  let ivoId: string;

  beforeAll(async () => {
    ({ lms: canvas, platformId } = await startLms("canvas", "Canvas"));
    canvas.addCourse({ id: COURSE, title: "Canvas course" });
    canvas.enrol(COURSE, lmsUser("c-lea", "Lea Learner", [LEARNER]));
    canvas.enrol(COURSE, lmsUser("c-ivo", "Ivo Instructor", [INSTRUCTOR]));
    ({ lineItemUrl = "" } = canvas.addResourceLink({
      id: "c-quiz",
      courseId: COURSE,
      title: "Layer caching quiz",
      custom: { item: `quiz:${QUIZ}` },
      lineItem: { label: "Layer caching quiz", scoreMaximum: 100 },
    }));
    ivoId = (await launchAs(canvas, "c-ivo", "c-quiz")).userId;
    leaId = (await launchAs(canvas, "c-lea", "c-quiz")).userId;
    classId = await classOfCourse(platformId, COURSE);
    await quizAttempt(leaId, "qa-c-lea");
  });

  it("takes a 200, a 201 and a 204 answer to a score as sent (AGS: any 2xx)", async () => {
    for (const status of [200, 201, 204] as const) {
      canvas.misconfigure({ scoreAnswer: status });
      await scoresDue.markScoresDue({ kind: "quiz", itemSlug: QUIZ, userId: leaId });
      expect(await scoreSync.sendDueScores()).toEqual({ sent: 1, failed: 0 });
    }
    expect(canvas.scores(lineItemUrl).map((s) => s.scoreGiven)).toEqual([75, 75, 75]);
    expect(await syncRow(leaId)).toMatchObject({ due: false, sentScore: 75, lastError: null, code: null });
    const log = (await scoreLog.classScoreLog(caller(ivoId), classId))!;
    expect(log.counts).toEqual({ sent: 1, waiting: 0, failed: 0, nothing: 0 });
    expect(log.rows).toEqual([
      expect.objectContaining({ learner: "Lea Learner", item: "Layer caching", state: "sent", sentScore: 75 }),
    ]);
  });

  it("keeps Canvas's refusal for an unpublished course with its class, its words and the last success", async () => {
    const { sentAt } = await syncRow(leaId);
    canvas.misconfigure({ closedCourses: { [COURSE]: "unpublished" } });
    await scoresDue.markScoresDue({ kind: "quiz", itemSlug: QUIZ, userId: leaId });
    expect(await scoreSync.sendDueScores()).toEqual({ sent: 0, failed: 1 });
    const row = await syncRow(leaId);
    expect(row).toMatchObject({ due: true, attempts: 1, code: "course_closed", sentScore: 75, sentAt });
    expect(row.lastError).toMatch(/^Canvas answered 422 when Dockyard sent a score to .*/);
    expect(row.lastError).toContain("Canvas said: “Course not available for student”");
    expect(row.failedAt).toBeInstanceOf(Date);

    const log = (await scoreLog.classScoreLog(caller(ivoId), classId))!;
    expect(log.counts.failed).toBe(1);
    const [failed] = log.rows;
    expect(failed).toMatchObject({ state: "failed", attempts: 1, sentScore: 75 });
    expect(failed?.failure).toMatchObject({
      code: "course_closed",
      short: "the course or assignment takes no grades now",
    });
    // Canvas's words only: the registration is Canvas's.
    expect(failed?.failure?.fix).toMatch(/^Publish the course \(the course's Home → Publish\)/);
    expect(failed?.failure?.fix).not.toContain("Moodle");
  });

  it("shows the log and retries only for the class's staff", async () => {
    expect((await rejection(scoreLog.classScoreLog(caller(leaId), classId))).code).toBe("NOT_FOUND");
    expect((await rejection(scoreLog.retryScores(caller(leaId), classId, { all: true }))).code).toBe("NOT_FOUND");
    // A class no LMS course made: nothing to show, nothing to send again.
    await insertClass(db, { id: "cls-by-hand", instructors: [ivoId] });
    expect(await scoreLog.classScoreLog(caller(ivoId), "cls-by-hand")).toBeNull();
    expect((await rejection(scoreLog.retryScores(caller(ivoId), "cls-by-hand", { all: true }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("sends a failed score again at once on Retry, once the course is published, and clears the failure", async () => {
    // Retrying while Canvas still refuses: tried again now, the count of tries goes on.
    expect(await scoreLog.retryScores(caller(ivoId), classId, { all: true })).toEqual({ requeued: 1 });
    expect(await scoreSync.sendDueScores()).toEqual({ sent: 0, failed: 1 });
    expect(await syncRow(leaId)).toMatchObject({ attempts: 2, code: "course_closed" });

    canvas.misconfigure({ closedCourses: {} });
    // Without Retry it would wait 30 s; with it, the next round sends it.
    expect(await scoreSync.sendDueScores()).toEqual({ sent: 0, failed: 0 });
    const only = { linkId: (await scoreLog.classScoreLog(caller(ivoId), classId))!.rows[0]!.linkId, userId: leaId };
    expect(await scoreLog.retryScores(caller(ivoId), classId, only)).toEqual({ requeued: 1 });
    expect(await scoreSync.sendDueScores()).toEqual({ sent: 1, failed: 0 });
    expect(await syncRow(leaId)).toMatchObject({ due: false, attempts: 0, lastError: null, code: null });
    // Nothing failed any more: nothing to retry.
    expect(await scoreLog.retryScores(caller(ivoId), classId, only)).toEqual({ requeued: 0 });
  });

  it("names a scope the developer key stopped granting, and a grade column deleted in Canvas", async () => {
    canvas.misconfigure({ withheldScopes: [SCOPE.score] });
    await scoresDue.markScoresDue({ kind: "quiz", itemSlug: QUIZ, userId: leaId });
    expect(await scoreSync.sendDueScores()).toEqual({ sent: 0, failed: 1 });
    expect(await syncRow(leaId)).toMatchObject({ code: "scope_not_granted" });
    const [row] = (await scoreLog.classScoreLog(caller(ivoId), classId))!.rows;
    expect(row?.failure?.fix).toContain('"Can create and update submission results for assignments');

    canvas.misconfigure({ withheldScopes: [] });
    canvas.removeLineItem(lineItemUrl);
    await db.query(`UPDATE lti_score_sync SET "nextAttemptAt" = now() - interval '1 second'`);
    expect(await scoreSync.sendDueScores()).toEqual({ sent: 0, failed: 1 });
    expect(await syncRow(leaId)).toMatchObject({ code: "line_item_gone" });
  });
});

describe("Check this LMS", () => {
  let canvas: LmsPlatform;
  let canvasId: string;
  let moodle: LmsPlatform;
  let moodleId: string;
  let moodleClassName: string;
  const rules = (report: { findings: { rule: string }[] }) => report.findings.map((f) => f.rule);

  beforeAll(async () => {
    ({ lms: moodle, platformId: moodleId } = await startLms("moodle", "Moodle"));
    moodle.addCourse({ id: "m-course", title: "Moodle course" });
    moodle.enrol("m-course", lmsUser("m-ina", "Ina Instructor", [INSTRUCTOR]));
    moodle.addResourceLink({
      id: "m-quiz",
      courseId: "m-course",
      title: "Quiz",
      custom: { item: `quiz:${QUIZ}` },
      lineItem: { label: "Quiz", scoreMaximum: 100 },
    });
    await launchAs(moodle, "m-ina", "m-quiz");
    const moodleClass = await classOfCourse(moodleId, "m-course");
    moodleClassName = (await db.query(`SELECT name FROM class WHERE id = $1`, [moodleClass])).rows[0].name;
    canvasId = (await db.query(`SELECT id FROM lti_platform WHERE name = 'Canvas'`)).rows[0].id;
    canvas = lmss[0]!;
  });

  it("finds nothing wrong with a well set up Moodle, having asked each scope and read its grade column", async () => {
    const report = await lmsCheck.checkLms(admin, moodleId);
    expect(report).toMatchObject({ lmsName: "Moodle", flavour: "moodle", linksRead: 1, findings: [] });
    expect(report.scopes).toEqual([
      { use: "send scores", granted: true },
      { use: "read grade columns (line items)", granted: true },
      { use: "read the course's roster", granted: true },
    ]);
  });

  it("is an admin's", async () => {
    expect((await rejection(lmsCheck.checkLms(caller("someone"), moodleId))).code).toBe("FORBIDDEN");
    expect((await rejection(lmsCheck.checkLms(admin, "no-such-platform"))).code).toBe("NOT_FOUND");
  });

  it("says which Moodle service is not granted, a link with no grade column, and a column out of 10", async () => {
    moodle.misconfigure({ withheldScopes: [SCOPE.memberships] });
    moodle.addResourceLink({
      id: "m-lab",
      courseId: "m-course",
      title: "Lab",
      custom: { item: "lab:run-a-model-server" },
    });
    moodle.addResourceLink({
      id: "m-quiz-10",
      courseId: "m-course",
      title: "Quiz out of ten",
      custom: { item: "quiz:containers-vs-vms" },
      lineItem: { label: "Quiz out of ten", scoreMaximum: 10 },
    });
    await launchAs(moodle, "m-ina", "m-lab");
    await launchAs(moodle, "m-ina", "m-quiz-10");
    const report = await lmsCheck.checkLms(admin, moodleId);
    expect(rules(report).sort()).toEqual(["line-item-missing", "scopes-granted", "score-maximum"]);
    const byRule = Object.fromEntries(report.findings.map((f) => [f.rule, f]));
    expect(byRule["scopes-granted"]).toMatchObject({ severity: "warning" });
    expect(byRule["scopes-granted"]?.fix).toContain('"IMS LTI Names and Role Provisioning"');
    expect(byRule["line-item-missing"]).toMatchObject({
      severity: "warning",
      where: `${moodleClassName} · Run and inspect a model server`,
    });
    expect(byRule["line-item-missing"]?.fix).toContain('"Supports Deep Linking (Content-Item Message)"');
    expect(byRule["line-item-missing"]?.fix).not.toContain("Canvas");
    expect(byRule["score-maximum"]?.why).toContain("75 % shows as 7.5 of 10");
    moodle.misconfigure({ withheldScopes: [] });
  });

  it("stops at a token endpoint that refuses the tool's signed request, and says where the keyset is set", async () => {
    moodle.misconfigure({ refuseClientAssertion: true });
    const report = await lmsCheck.checkLms(admin, moodleId);
    moodle.misconfigure({ refuseClientAssertion: false });
    expect(rules(report)).toEqual(["client-assertion"]);
    expect(report.findings[0]).toMatchObject({ severity: "problem" });
    expect(report.findings[0]?.fix).toContain('Public key type must be "Keyset URL"');
  });

  it("tells a missing score scope, Canvas's late policy over the class's deadline, scores refused", async () => {
    const [{ classId }] = (await db.query(`SELECT "classId" FROM lti_context WHERE "platformId" = $1`, [canvasId]))
      .rows;
    // A second graded link (the first's column was deleted above), assigned by the class with a deadline.
    canvas.addResourceLink({
      id: "c-quiz-2",
      courseId: "canvas-course",
      title: "Quiz again",
      custom: { item: "quiz:containers-vs-vms" },
      lineItem: { label: "Quiz again", scoreMaximum: 100, endDateTime: "2026-12-01T23:59:00Z" },
    });
    await launchAs(canvas, "c-ivo", "c-quiz-2");
    await db.query(
      `INSERT INTO assignment (id, "classId", kind, "itemSlug", "dueAt", "latePolicy", "updatedAt")
       VALUES ('asg-c', $1, 'quiz', 'containers-vs-vms', now(), '[]'::jsonb, now())`,
      [classId],
    );
    canvas.misconfigure({ withheldScopes: [SCOPE.score] });
    const report = await lmsCheck.checkLms(admin, canvasId);
    canvas.misconfigure({ withheldScopes: [] });
    expect(report.flavour).toBe("canvas");
    expect(rules(report).sort()).toEqual(["canvas-late-policy", "line-item-gone", "scopes-granted", "send-failures"]);
    const byRule = Object.fromEntries(report.findings.map((f) => [f.rule, f]));
    expect(byRule["scopes-granted"]).toMatchObject({ severity: "problem" });
    expect(byRule["scopes-granted"]?.fix).toContain("Developer Keys");
    expect(byRule["canvas-late-policy"]?.found).toContain("2026-12-01T23:59:00Z");
    expect(byRule["canvas-late-policy"]?.fix).toContain('"Automatically apply deduction to late submissions"');
    // The first link's column, deleted in the test above: gone on reading, and its last send failed so.
    expect(byRule["line-item-gone"]).toMatchObject({ severity: "problem" });
    expect(byRule["send-failures"]?.found).toMatch(/^1 score failed to reach Canvas: the grade column is gone/);
    // Problems first.
    expect(report.findings.map((f) => f.severity)).toEqual(["problem", "problem", "problem", "warning"]);
  });

  it("says an LMS that does not answer did not, in seconds, and never fails itself", async () => {
    const silent = http.createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const { id } = await platforms.savePlatform(admin, {
        name: "Silent LMS",
        issuer: `${origin}/silent`,
        clientId: "silent",
        deploymentIds: ["1"],
        authLoginUrl: `${origin}/auth`,
        tokenUrl: `${origin}/token`,
        jwksUrl: `${origin}/jwks`,
      });
      const report = await lmsCheck.checkLms(admin, id, 300);
      expect(rules(report)).toEqual(["lms-answers"]);
      expect(report.findings[0]?.found).toMatch(/^Silent LMS did not answer in 0\.3 s\./);
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      const closed = await lmsCheck.checkLms(admin, id, 300);
      expect(closed.findings[0]?.found).toMatch(/^Silent LMS could not be reached\./);
    } finally {
      silent.close();
    }
  });
});
