import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listGradedLabs } from "../lib/labs/load-lab";
import { signIn, signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";
import { FAILS_AT_RUN_STEP, gradedSubmission } from "./graded-submission";
import { staffRoutes } from "./instructor-routes";
import { fullMarks } from "./quiz-payload";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
const EXERCISE = "first-image";
const LESSON = "containers-vs-vms";
const ADMIN_PASSWORD = "admin password for the e2e run";

let browser: Browser;
const contexts: BrowserContext[] = [];
const people = {
  admin: { email: uniqueEmail("Ada Admin"), page: undefined as unknown as Page },
  teacher: { email: uniqueEmail("Tess Teacher"), page: undefined as unknown as Page },
  learner: { email: uniqueEmail("Lee Learner"), page: undefined as unknown as Page },
};
let learnerId = "";
let classId = "";
let submissionId = "";
let quizScore = 0;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  contexts.push(context);
  return context.newPage();
}

async function cookieOf(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

async function userId(email: string): Promise<string> {
  const [row] = await query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [email]);
  if (!row) throw new Error(`no account for ${email}`);
  return row.id;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("the instructor's side", () => {
  it("starts with an admin made by `npm run create-admin`", async () => {
    await promisify(execFile)(
      "npx",
      ["--no-install", "tsx", "scripts/create-admin.ts", "--email", people.admin.email, "--name", "Ada Admin"],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, DOCKYARD_ADMIN_PASSWORD: ADMIN_PASSWORD } },
    );
    people.admin.page = await newPage();
    await signIn(people.admin.page, people.admin.email, ADMIN_PASSWORD);
    expect(await people.admin.page.getByTestId("signed-in-as").textContent()).toContain("(admin)");
  });

  it("has a learner with a failed submission and a quiz attempt", async () => {
    const page = await newPage();
    people.learner.page = page;
    await signUp(page, "Lee Learner", people.learner.email);
    // Every answer right but the ordering one, given backwards: a score that is neither 0 nor 100.
    const answers = fullMarks(`01-why-containers/lessons/${LESSON}`);
    const ordering = Object.keys(answers).at(-1)!;
    answers[ordering] = [...answers[ordering]!].reverse();
    const quiz = await page.request.post("/api/quiz-attempts", { data: { lessonSlug: LESSON, answers } });
    expect(quiz.status()).toBe(201);
    const graded = (await quiz.json()) as { correct: number; total: number };
    quizScore = Math.round((graded.correct / graded.total) * 1000) / 10;
    submissionId = await gradedSubmission(people.learner.email, FAILS_AT_RUN_STEP);
    await page.goto(`/exercises/${EXERCISE}`);
    await page.locator('[data-testid="submission-status"][data-status="failed"]').waitFor();
    learnerId = await userId(people.learner.email);
  });

  it("lets the admin promote a new account to instructor", async () => {
    const teacher = await newPage();
    people.teacher.page = teacher;
    await signUp(teacher, "Tess Teacher", people.teacher.email);
    expect(await teacher.getByTestId("instructor-link").count()).toBe(0);
    const id = await userId(people.teacher.email);

    const admin = people.admin.page;
    await admin.goto(`/instructor/people?q=${encodeURIComponent(people.teacher.email)}`);
    await admin.getByTestId(`role-select-${id}`).selectOption("instructor");
    await admin.getByTestId(`role-save-${id}`).click();
    await expect.poll(() => admin.getByTestId(`role-message-${id}`).textContent()).toMatch(/instructor/i);

    await teacher.reload();
    expect(await teacher.getByTestId("signed-in-as").textContent()).toContain("(instructor)");
    await teacher.getByTestId("instructor-link").click();
    await teacher.waitForURL("**/instructor");
  });

  it("has the instructor create a class, whose join link the learner follows; staff see their class only", async () => {
    const teacher = people.teacher.page;
    // Before the learner joins a class of theirs, an instructor sees nobody's work: staff see their classes only.
    expect((await teacher.goto(`/instructor/learners/${learnerId}`))?.status()).toBe(404);
    await teacher.goto("/instructor");
    await teacher.getByRole("navigation", { name: "Instructor" }).getByRole("link", { name: "Classes" }).click();
    await teacher.waitForURL("**/instructor/classes");
    await teacher.locator("#class-name").fill("Docker for ML, e2e");
    await teacher.locator("#class-term").fill("Spring 2027");
    await teacher.getByRole("button", { name: "Create class" }).click();
    await teacher.waitForURL(/\/instructor\/classes\/[^/]+$/);
    classId = decodeURIComponent(new URL(teacher.url()).pathname.split("/").pop()!);
    const code = (await teacher.getByTestId("join-code").textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const learner = people.learner.page;
    // A wrong code joins nothing, and says so.
    await learner.goto("/classes");
    await learner.locator("#join-code").fill("ZZZZ-2222");
    await learner.getByRole("button", { name: "Join class" }).click();
    await expect
      .poll(() => learner.getByTestId("join-error").textContent())
      .toMatch(/No open class has this join code/);
    await learner.goto(`/classes/join?code=${code}`);
    expect(await learner.getByTestId("join-target").textContent()).toContain("Docker for ML, e2e");
    await learner.getByRole("button", { name: "Join class" }).click();
    await learner.waitForURL("**/classes?joined=*");
    expect(await learner.getByTestId("joined-class").textContent()).toContain("Docker for ML, e2e");

    await teacher.reload();
    expect(await teacher.getByTestId("class-learners").textContent()).toContain("Lee Learner");
    expect((await teacher.goto(`/instructor/learners/${learnerId}`))?.status()).toBe(200);
  });

  it("shows the instructor the learner's failed submission with its files, report and log", async () => {
    const page = people.teacher.page;
    await page.goto(`/instructor/submissions?status=failed&learner=${encodeURIComponent(people.learner.email)}`);
    const row = page.locator(`[data-testid="submissions-table"] [data-submission="${submissionId}"]`);
    expect(await row.getAttribute("data-status")).toBe("failed");
    await row.getByRole("link").last().click();
    await page.waitForURL(`**/instructor/submissions/${submissionId}`);
    expect(await page.getByTestId("submission-files").textContent()).toContain('RUN echo "broken" && exit 3');
    expect(await page.locator('[data-check="correctness.image-builds"]').getAttribute("data-check-status")).toBe(
      "fail",
    );
    expect(await page.getByTestId("build-log").textContent()).toContain("broken");
  });

  it("re-grades the submission and follows its progress to the end", async () => {
    // Graded for real by the runner: what a re-grade does is this test's subject.
    const page = people.teacher.page;
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByTestId("regrade-button").click();
    const progress = page.getByTestId("regrade-progress");
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute("data-done"), { timeout: 180_000, interval: 1000 }).toBe("true");
    const rows = await query<{ status: string; regradeOfId: string }>(
      `SELECT status, "regradeOfId" FROM submission WHERE "regradeOfId" = $1`,
      [submissionId],
    );
    expect(rows).toEqual([{ status: "failed", regradeOfId: submissionId }]);
  });

  it("exports a gradebook CSV whose numbers match the learner's attempts", async () => {
    const page = people.teacher.page;
    await page.goto("/instructor/gradebook");
    const href = await page.getByTestId("gradebook-csv").getAttribute("href");
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
    const lines: string[][] = parse(await response.text(), { bom: true });
    const header = lines[0]!;
    const row = lines.find((cells) => cells.includes(people.learner.email));
    expect(row, "the learner's row").toBeDefined();
    const cell = (match: (column: string) => boolean) => row![header.findIndex(match)];

    // The learner's own attempts, as their history shows them: best score over every graded attempt.
    const attempts = await people.learner.page.request.get(`/api/exercises/${EXERCISE}/attempts`);
    const scores = ((await attempts.json()) as { attempts: { score: number | null }[] }).attempts
      .map((a) => a.score)
      .filter((s): s is number => s !== null);
    expect(scores.length).toBeGreaterThan(0);
    const best = Math.round(Math.max(...scores) * 1000) / 10;
    expect(Number(cell((c) => /first-image|Your first image/i.test(c)))).toBe(best);
    expect(Number(cell((c) => /Containers vs virtual machines|containers-vs-vms/i.test(c)))).toBe(quizScore);
    // Nobody else's numbers: the other accounts are not learners.
    expect(lines.some((cells) => cells.includes(people.teacher.email))).toBe(false);
  });

  it("shows the admin, and no instructor, who promoted, re-graded and exported, and when", async () => {
    const admin = people.admin.page;
    await admin.goto("/instructor");
    await admin.getByRole("navigation", { name: "Instructor" }).getByRole("link", { name: "Admin log" }).click();
    await admin.waitForURL("**/instructor/admin-log");
    // Other e2e files act on the same platform: filter by this run's accounts, as an admin would.
    const filter = async (action: string, actor: string) => {
      await admin.getByTestId("admin-log-action").selectOption(action);
      await admin.getByTestId("admin-log-actor").fill(actor);
      await admin.getByTestId("admin-log-filter").getByRole("button", { name: "Filter" }).click();
      await admin.waitForURL((url) => url.searchParams.get("actor") === actor);
      return admin.getByTestId("admin-log-entry").evaluateAll((rows) =>
        rows.map((row) => ({
          action: row.getAttribute("data-action"),
          who: row.children[1]?.textContent,
          what: row.querySelector('[data-testid="admin-log-what"]')?.textContent,
          when: [row.querySelector("time")?.textContent, row.querySelector("time")?.getAttribute("title")],
          target: row.querySelector("a")?.getAttribute("href") ?? null,
        })),
      );
    };
    const recently = [expect.stringMatching(/^(just now|\d+ minutes? ago)$/), expect.stringMatching(/ UTC$/)];

    expect(await filter("role_changed", people.admin.email)).toEqual([
      {
        action: "role_changed",
        who: `Ada Admin${people.admin.email}`,
        what: "changed Tess Teacher's role from learner to instructor",
        when: recently,
        target: `/instructor/people?q=${encodeURIComponent(people.teacher.email)}`,
      },
    ]);
    // Newest first: the export came after the re-grade.
    expect(await filter("", people.teacher.email)).toEqual([
      {
        action: "gradebook_exported",
        who: `Tess Teacher${people.teacher.email}`,
        what: expect.stringMatching(/^exported the gradebook as CSV: \d+ learners?, \d+ columns$/),
        when: recently,
        target: null,
      },
      {
        action: "regrade_submission",
        who: `Tess Teacher${people.teacher.email}`,
        what: 're-graded Lee Learner\'s submission to "Your first ML service image"',
        when: recently,
        target: `/instructor/submissions/${submissionId}`,
      },
      {
        action: "class_created",
        who: `Tess Teacher${people.teacher.email}`,
        what: "created the class Docker for ML, e2e (Spring 2027)",
        when: recently,
        target: `/instructor/classes/${classId}`,
      },
    ]);
    const made = (await filter("admin_created", "the command line")).filter((e) =>
      e.what?.includes(people.admin.email),
    );
    expect(made).toEqual([
      expect.objectContaining({
        who: "the command line",
        what: `created the admin account Ada Admin (${people.admin.email})`,
      }),
    ]);

    const teacher = people.teacher.page;
    await teacher.goto("/instructor");
    expect(await teacher.getByRole("link", { name: "Admin log" }).count()).toBe(0);
    expect((await teacher.goto("/instructor/admin-log"))?.status()).toBe(403);
    // An instructor already is one: the page says it is for admins.
    const reason = teacher.getByTestId("forbidden-reason");
    await expect.poll(() => reason.textContent()).toMatch(/^This page is for admins only\./);
    expect(await reason.textContent()).not.toContain("an instructor's");
  });
});

describe("the learner's labs, as instructors see them", () => {
  const LAB = "connect-services-on-networks";

  it("lists every lab on the learner's page, and counts the learner on the labs statistics page", async () => {
    // A closed session with the first task done, as a lab host leaves them (labs.e2e.ts runs a real lab).
    const [session] = await query<{ id: string }>(
      `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status, "openedAt", "closedAt", "closeReason")
       VALUES (gen_random_uuid()::text, 'lab', $1, $2, 'closed', now(), now(), 'Closed: you closed it.') RETURNING id`,
      [learnerId, LAB],
    );
    await query(
      `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId") VALUES ($1, $2, 'create-network', $3)`,
      [learnerId, LAB, session!.id],
    );
    const page = people.teacher.page;
    await page.goto(`/instructor/learners/${learnerId}`);
    // Every lab with tasks: the playground has none to show.
    const course = await listGradedLabs(path.join(root, "content"));
    const labs = page.getByTestId("learner-labs");
    expect(await labs.locator("[data-lab]").count()).toBe(course.length);
    const row = labs.locator(`[data-lab="${LAB}"]`);
    const total = course.find((l) => l.slug === LAB)!.spec.tasks.length;
    expect([await row.getAttribute("data-done"), await row.getAttribute("data-total")]).toEqual(["1", String(total)]);
    expect(await row.getAttribute("data-status")).toBe("closed");
    expect(await row.getByRole("link").getAttribute("href")).toBe(`/labs/${LAB}`);
    expect(await row.getByTestId("lab-sessions").textContent()).toBe("1");

    await page.getByRole("navigation", { name: "Instructor" }).getByRole("link", { name: "Labs" }).click();
    await page.waitForURL("**/instructor/labs");
    // Other e2e files use the same platform: at least this learner.
    expect(Number(await page.getByTestId(`lab-stats-${LAB}`).getAttribute("data-started"))).toBeGreaterThanOrEqual(1);
    const task = page.locator(`[data-testid="lab-tasks-${LAB}"] [data-task="create-network"]`);
    expect(Number(await task.getAttribute("data-done"))).toBeGreaterThanOrEqual(1);
  });
});

describe("every instructor page and API", () => {
  // A request for help from the class's learner, for the page of one (lib/help): staff of the class open it.
  let helpId = "";
  beforeAll(async () => {
    const [help] = await query<{ id: string }>(
      `INSERT INTO help_request (id, "userId", kind, "itemSlug", question, snapshot)
       VALUES (gen_random_uuid()::text, $1, 'exercise', $2, 'Why does it fail?', '{"attempt": null}') RETURNING id`,
      [learnerId, EXERCISE],
    );
    helpId = help!.id;
  });

  const routes = () =>
    staffRoutes({
      "help/[id]": helpId,
      "learners/[id]": learnerId,
      "submissions/[id]": submissionId,
      "exercises/[slug]": EXERCISE,
      "quizzes/[lesson]": LESSON,
      "regrades/[batchId]": "no-such-batch",
      "users/[id]": learnerId,
      "classes/[id]": classId,
      "learners/[userId]": learnerId,
      "assignments/[assignmentId]": "no-such-assignment",
      "extensions/[userId]": learnerId,
      "extra-time/[userId]": learnerId,
      "platforms/[id]": "no-such-platform",
      "institutions/[id]": "no-such-institution",
      "overrides/[userId]": learnerId,
    });

  it("is found on disk: pages and APIs", () => {
    const all = routes();
    expect(all.filter((r) => r.kind === "page").length).toBeGreaterThanOrEqual(10);
    expect(all.filter((r) => r.kind === "api").length).toBeGreaterThanOrEqual(5);
  });

  it("sends a visitor to sign in (pages) or answers 401 (APIs)", async () => {
    for (const route of routes()) {
      for (const method of route.methods) {
        const response = await fetch(baseUrl + route.url, { method, redirect: "manual" });
        if (route.kind === "page") {
          expect(response.status, route.file).toBe(307);
          expect(response.headers.get("location"), route.file).toMatch(/^\/sign-in\?next=%2Finstructor/);
        } else {
          expect(response.status, `${method} ${route.file}`).toBe(401);
        }
      }
    }
  });

  it("answers a learner 403 on every one", async () => {
    const cookie = await cookieOf(people.learner.page);
    for (const route of routes()) {
      for (const method of route.methods) {
        const response = await fetch(baseUrl + route.url, { method, headers: { cookie }, redirect: "manual" });
        expect(response.status, `${method} ${route.file}`).toBe(403);
        if (route.kind === "page") expect(await response.text(), route.file).toContain("Not for your account");
      }
    }
  });

  it("opens every page for an instructor, except the admin's", async () => {
    const cookie = await cookieOf(people.teacher.page);
    for (const route of routes().filter((r) => r.kind === "page")) {
      const response = await fetch(baseUrl + route.url, { headers: { cookie }, redirect: "manual" });
      expect(response.status, route.file).toBe(route.adminOnly ? 403 : 200);
    }
    const admin = await cookieOf(people.admin.page);
    for (const route of routes().filter((r) => r.kind === "page" && r.adminOnly)) {
      expect((await fetch(baseUrl + route.url, { headers: { cookie: admin } })).status, route.file).toBe(200);
    }
  });
});
