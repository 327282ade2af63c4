import { execFileSync } from "node:child_process";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeProblems } from "./accessibility";
import { signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";

/*
 * Timed assessments end to end: an instructor makes a quiz and a Dockerfile exercise timed and gives a learner extra
 * time; the learner starts the quiz, sees the clock, reloads (it goes on from the server's end), finds help closed,
 * cannot extend their time or open a second window, and hands the quiz in. The exercise's window is started too. The
 * clock survives a reload and a restart of the web server (killed; the platform's supervisor starts it again), since
 * the window lives only in the database (lib/timed/timed-windows.pg.test.ts also reads it from a fresh process).
 */

const baseUrl = inject("baseUrl");
const QUIZ = "containers-vs-vms";
const EXERCISE = "first-image";

let browser: Browser;
let staffContext: BrowserContext;
let learnerContext: BrowserContext;
let staff: Page;
let learner: Page;
let classId = "";
let learnerId = "";
const assignmentIds: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchChromium();
  staffContext = await browser.newContext({ baseURL: baseUrl });
  learnerContext = await browser.newContext({ baseURL: baseUrl });
});

afterAll(async () => {
  await staffContext?.close();
  await learnerContext?.close();
  await browser?.close();
});

/** Minutes and seconds left as the countdown shows them. */
/** The process listening on the platform's port: the web server (scripts/web-server.ts runs Next.js in-process). */
function webServerPid(port: string): number {
  const listing = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(listing)?.[1];
  if (!pid) throw new Error(`nothing listens on port ${port}: ${listing}`);
  return Number(pid);
}

async function secondsShown(page: Page): Promise<number> {
  const text = (await page.getByTestId("timed-left").first().textContent()) ?? "";
  const match = /(?:(\d+) h )?(?:(\d+) min )?(\d+)? ?s?/.exec(text.trim());
  const [, h, m, s] = match ?? [];
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}

/** A request from the learner's page, with its session, as an attacker would send it by hand. */
function fromLearner(method: string, path: string, body?: unknown) {
  return learner.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: body === undefined ? undefined : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { method, path, body },
  );
}

describe("a timed quiz and exercise, with extra time for one learner", () => {
  it("has the instructor make the quiz and the exercise timed and give the learner 50 % extra time", async () => {
    staff = await staffContext.newPage();
    const email = uniqueEmail("Tamsin Instructor");
    await signUp(staff, "Tamsin Instructor", email);
    await query(`UPDATE "user" SET role = 'instructor' WHERE email = $1`, [email]);
    await staff.goto("/instructor/classes");
    await staff.locator("#class-name").fill("Timed exam, e2e");
    await staff.locator("#class-term").fill("Winter 2026");
    await staff.getByRole("button", { name: "Create class" }).click();
    await staff.waitForURL(/\/instructor\/classes\/[^/]+$/);
    classId = new URL(staff.url()).pathname.split("/").at(-1)!;

    learner = await learnerContext.newPage();
    const learnerEmail = uniqueEmail("Lior Learner");
    await signUp(learner, "Lior Learner", learnerEmail);
    const [row] = await query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [learnerEmail]);
    learnerId = row!.id;
    await query(`INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, 'learner', 'code')`, [
      classId,
      learnerId,
    ]);

    await staff.goto(`/instructor/classes/${classId}/assignments`);
    const due = `${new Date().getUTCFullYear() + 1}-06-30T23:30`;
    for (const [item, minutes] of [
      [`quiz:${QUIZ}`, "20"],
      [`exercise:${EXERCISE}`, "30"],
    ] as const) {
      await staff.getByLabel("What").selectOption(item);
      await staff.getByLabel("Due").fill(due);
      await staff.getByLabel("Time limit in minutes (optional)").fill(minutes);
      await staff.getByRole("button", { name: "Assign" }).click();
      // Saved once the form has said so and emptied itself: filling it before then would be undone.
      await expect.poll(() => staff.getByTestId("assignment-saved").textContent()).toMatch(/^Assigned /);
      await expect.poll(() => staff.getByLabel("What").inputValue()).toBe("");
    }
    const rows = await query<{ id: string; kind: string; timeLimitMinutes: number }>(
      `SELECT id, kind::text, "timeLimitMinutes" FROM assignment WHERE "classId" = $1`,
      [classId],
    );
    for (const r of rows) assignmentIds[r.kind] = r.id;
    expect(rows.map((r) => [r.kind, r.timeLimitMinutes]).sort()).toEqual([
      ["exercise", 30],
      ["quiz", 20],
    ]);

    const timed = staff.locator(`[data-assignment="${assignmentIds.quiz}"]`).getByTestId("timed-windows");
    await timed.getByText("Timed: 20 minutes").click();
    await timed.getByLabel("Learner").selectOption({ label: "Lior Learner" });
    await timed.getByLabel("Extra %").fill("50");
    await timed.getByLabel("Reason").fill("Accommodation letter");
    await timed.getByRole("button", { name: "Give extra time" }).click();
    await expect.poll(() => timed.getByRole("status").textContent()).toContain("50 % extra time");
    expect(await axeProblems(staff)).toEqual([]);
  });

  it("shows the learner what starting means, then a clock from the server's end with the extra time", async () => {
    await learner.goto(`/lessons/${QUIZ}`);
    const panel = learner.getByTestId("timed-panel");
    await expect.poll(() => panel.textContent()).toContain("with your extra time (50 %): 30 minutes");
    expect(await panel.textContent()).toContain("hints, the reference solution");
    await panel.getByRole("button", { name: "Start timed assessment" }).click();
    await expect.poll(() => learner.evaluate(() => document.activeElement?.textContent ?? "")).toMatch(/^Start now\?/);
    await panel.getByRole("button", { name: "Yes, start the clock" }).click();
    await learner.getByTestId("timed-left").waitFor();
    const [window] = await query<{ seconds: number }>(
      `SELECT extract(epoch FROM "endsAt" - "startedAt")::int AS seconds FROM timed_window
        WHERE "assignmentId" = $1 AND "userId" = $2`,
      [assignmentIds.quiz, learnerId],
    );
    expect(window!.seconds).toBe(30 * 60);
    const shown = await secondsShown(learner);
    expect(shown).toBeGreaterThan(29 * 60);
    expect(shown).toBeLessThanOrEqual(30 * 60);
    expect(await learner.getByRole("timer").count()).toBe(1);
    expect(await axeProblems(learner)).toEqual([]);
  });

  it("keeps the clock through a reload: it goes on from the server's end, not from the start", async () => {
    // Move the window's start ten minutes back, as if the learner had been working for ten minutes.
    await query(
      `UPDATE timed_window SET "startedAt" = "startedAt" - interval '10 minutes', "endsAt" = "endsAt" - interval
        '10 minutes' WHERE "assignmentId" = $1 AND "userId" = $2`,
      [assignmentIds.quiz, learnerId],
    );
    await learner.reload();
    await learner.getByTestId("timed-left").waitFor();
    await expect.poll(() => secondsShown(learner)).toBeLessThanOrEqual(20 * 60);
    expect(await secondsShown(learner)).toBeGreaterThan(19 * 60);
  });

  it("keeps the clock through a restart of the web server: the window lives in the database", async () => {
    // The platform's supervisor (scripts/platform.ts) brings a killed web server back, as it would after a crash or
    // a deploy; the page reloaded from the new process shows the same end.
    const before = await secondsShown(learner);
    const pid = webServerPid(new URL(baseUrl).port);
    process.kill(pid, "SIGKILL");
    await expect
      .poll(async () => (await fetch(`${baseUrl}/api/health`).catch(() => null))?.status ?? 0, { timeout: 90_000 })
      .toBe(200);
    expect(webServerPid(new URL(baseUrl).port)).not.toBe(pid);
    await learner.reload();
    await learner.getByTestId("timed-left").waitFor();
    const after = await secondsShown(learner);
    expect(after).toBeLessThanOrEqual(before);
    expect(after).toBeGreaterThan(before - 120);
  });

  it("refuses a second window and the learner's own extra time", async () => {
    const again = await fromLearner("POST", `/api/timed/${assignmentIds.quiz}`);
    expect(again.status).toBe(200);
    const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM timed_window WHERE "assignmentId" = $1`, [
      assignmentIds.quiz,
    ]);
    expect(row!.n).toBe(1);
    expect(again.body.endsAt).toBeTruthy();
    const extend = await fromLearner(
      "PUT",
      `/api/instructor/classes/${classId}/assignments/${assignmentIds.quiz}/extra-time/${learnerId}`,
      { extraPercent: 300, extraMinutes: 600, reason: "more please" },
    );
    expect(extend.status).toBe(403);
    const [extra] = await query<{ extraPercent: number }>(
      `SELECT "extraPercent" FROM timed_extra_time WHERE "assignmentId" = $1`,
      [assignmentIds.quiz],
    );
    expect(extra!.extraPercent).toBe(50);
  });

  it("closes hints, the reference solution and asking for help while it runs, on the page and at the API", async () => {
    await learner.goto(`/exercises/${EXERCISE}`);
    await learner.getByTestId("help-closed").waitFor();
    expect(await learner.getByRole("heading", { name: "Hints" }).count()).toBe(0);
    expect(await learner.getByRole("button", { name: /reference solution/i }).count()).toBe(0);
    for (const [method, path, body] of [
      ["GET", `/api/exercises/${EXERCISE}/hints`, undefined],
      ["POST", `/api/exercises/${EXERCISE}/hints`, { index: 0 }],
      ["POST", `/api/exercises/${EXERCISE}/solution`, undefined],
    ] as const) {
      const answer = await fromLearner(method, path, body);
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toMatch(/closed during your timed assessment in Timed exam, e2e/);
    }
  });

  it("starts the exercise's own window: the page shows its clock, and submitting outside it was refused", async () => {
    const early = await fromLearner("POST", "/api/submissions", {
      exercise: EXERCISE,
      files: [{ path: "Dockerfile", content: "FROM python:3.11-slim\n" }],
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/timed assessment: start it on this page first/);
    const panel = learner.getByTestId("timed-panel");
    await panel.getByRole("button", { name: "Start timed assessment" }).click();
    await panel.getByRole("button", { name: "Yes, start the clock" }).click();
    await learner.getByTestId("timed-left").waitFor();
    expect(await secondsShown(learner)).toBeGreaterThan(29 * 60);
    expect(await axeProblems(learner)).toEqual([]);
  });

  it("hands the quiz in, which ends its window; the staff page shows it finished with the time used", async () => {
    await learner.goto(`/lessons/${QUIZ}`);
    await learner.getByTestId("timed-left").waitFor();
    for (const fieldset of await learner.locator("[data-question]").all()) {
      const choice = fieldset.locator("input");
      if ((await choice.count()) > 0) await choice.first().check();
    }
    await learner.getByRole("button", { name: "Check answers" }).click();
    await learner.getByTestId("quiz-score").waitFor();
    await learner.reload();
    await expect.poll(() => learner.getByTestId("timed-finished").count()).toBe(1);
    expect(await learner.getByTestId("timed-finished").textContent()).toMatch(/ended when you handed the quiz in/);

    await staff.goto(`/instructor/classes/${classId}/assignments`);
    const quizRow = staff.locator(`[data-assignment="${assignmentIds.quiz}"]`).getByTestId("timed-windows");
    await quizRow.getByText(/Timed: 20 minutes/).click();
    const entry = quizRow.locator(`[data-learner="${learnerId}"]`);
    expect(await entry.getAttribute("data-state")).toBe("finished");
    expect(await entry.textContent()).toMatch(/time used 1\d min .*\(handed in\).*extra time 50 %/);
    const exerciseRow = staff.locator(`[data-assignment="${assignmentIds.exercise}"]`);
    expect(await exerciseRow.locator(`[data-learner="${learnerId}"]`).getAttribute("data-state")).toBe("running");
  });
});
