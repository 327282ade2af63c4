import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeProblems } from "./accessibility";
import { signIn, signUp, signUpByApi, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";
import { gradedSubmission, PASSES } from "./graded-submission";

/*
 * Rubrics and manual grading, end to end: an instructor writes a rubric for an exercise assignment, grades a
 * learner's submission by it with the keyboard only and goes on to the next learner with one shortcut, and the
 * learner reads the items applied, their feedback and the combined score on "What's due".
 */

const baseUrl = inject("baseUrl");
const SLOW = 600_000;

let browser: Browser;
let staff: Page;
let classId = "";
let firstSubmission = "";
let secondSubmission = "";
const ana = { name: "Ana Rubric", email: uniqueEmail("Ana Rubric") };
const ben = { name: "Ben Rubric", email: uniqueEmail("Ben Rubric") };

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 } });
  staff = await context.newPage();
  const email = await signUp(staff, "Rita Rubric Instructor");
  await query(`UPDATE "user" SET role = 'instructor' WHERE email = $1`, [email]);
  const [cls] = await query<{ id: string }>(
    `INSERT INTO class (id, name, term) VALUES (replace(gen_random_uuid()::text, '-', ''), 'Rubrics e2e', '2026')
     RETURNING id`,
  );
  classId = cls!.id;
  await query(
    `INSERT INTO class_member ("classId", "userId", role, source) SELECT $1, id, 'instructor', 'staff' FROM "user"
      WHERE email = $2`,
    [classId, email],
  );
  for (const learner of [ana, ben]) {
    await signUpByApi(learner.name, learner.email);
    await query(
      `INSERT INTO class_member ("classId", "userId", role, source) SELECT $1, id, 'learner', 'code' FROM "user"
        WHERE email = $2`,
      [classId, learner.email],
    );
  }
  await query(
    `INSERT INTO assignment (id, "classId", kind, "itemSlug", "dueAt", "latePolicy", "updatedAt")
     VALUES (replace(gen_random_uuid()::text, '-', ''), $1, 'exercise', 'first-image', now() + interval '7 days',
             '[]'::jsonb, now())`,
    [classId],
  );
  firstSubmission = await gradedSubmission(ana.email, PASSES);
  secondSubmission = await gradedSubmission(ben.email, PASSES);
}, SLOW);

afterAll(async () => {
  await browser?.close();
});

describe("a rubric", () => {
  it("is written by the instructor for the class's exercise assignment", { timeout: SLOW }, async () => {
    await staff.goto(`/instructor/classes/${classId}`);
    await staff.getByRole("link", { name: "Rubrics and grading" }).click();
    await staff.getByTestId("class-rubrics").getByRole("link").first().click();
    await staff.waitForURL(/\/rubrics\?assignment=/);
    const editor = staff.getByTestId("rubric-editor");
    await editor.getByLabel("Automatic score and rubric, combined").check();
    await editor.getByLabel("The rubric's share (%)").fill("30");
    for (const [title, points, feedback] of [
      ["Readable Dockerfile", "6", "Each step says what it is for."],
      ["Runs as root", "-2", "Add a USER so the container does not run as root."],
    ] as const) {
      await editor.getByRole("button", { name: "Add an item" }).click();
      // The new item's title has the focus.
      await staff.keyboard.type(title);
      const item = editor.getByRole("listitem").last();
      await item.getByLabel("Points").fill(points);
      await item.getByLabel("Feedback the learner reads when it is applied").fill(feedback);
    }
    await expect
      .poll(() => editor.getByTestId("rubric-rule").textContent())
      .toMatch(/Automatic score 70 % \+ rubric 30 %/);
    await editor.getByRole("button", { name: "Save the rubric" }).click();
    await expect.poll(() => editor.getByTestId("rubric-editor-status").textContent()).toBe("Rubric saved.");
    await staff.reload({ waitUntil: "networkidle" });
    expect(await staff.getByTestId("rubric-learners-table").locator("tbody tr").count()).toBe(2);
    expect(await axeProblems(staff)).toEqual([]);
  });

  it("is applied by keyboard alone, and one shortcut saves and opens the next learner", { timeout: SLOW }, async () => {
    await staff.getByRole("link", { name: `Grade ${ana.name}'s newest attempt` }).click();
    await staff.waitForURL(new RegExp(`/instructor/submissions/${firstSubmission}$`));
    const box = staff.getByTestId("rubric-grading");
    await box.waitFor();
    expect(await axeProblems(staff)).toEqual([]);

    await box.getByRole("checkbox", { name: /Readable Dockerfile/ }).focus();
    await staff.keyboard.press("Space");
    await staff.keyboard.press("Tab");
    await staff.keyboard.press("Space");
    await staff.keyboard.press("Tab");
    await staff.keyboard.type("Good structure; add a USER next time.");
    expect(await box.getByTestId("rubric-points").textContent()).toBe("4 of 6 points");
    await staff.keyboard.press("Control+Enter");

    await staff.waitForURL(new RegExp(`/instructor/submissions/${secondSubmission}$`));
    const next = staff.getByTestId("rubric-grading");
    await expect
      .poll(() => next.getByTestId("rubric-status").textContent())
      .toBe(`Saved ${ana.name}'s grade: 4 of 6 points. Now grading ${ben.name}.`);
    // The next learner's box has the focus, on its first item, ungraded.
    await expect
      .poll(() => staff.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
      .toBe("checkbox");
    expect(await next.getByRole("checkbox", { name: /Readable Dockerfile/ }).isChecked()).toBe(false);
    const [grade] = await query<{ n: number; comment: string; attemptId: string }>(
      `SELECT (SELECT count(*)::int FROM rubric_mark m WHERE m."userId" = g."userId") AS n, g.comment, g."attemptId"
         FROM rubric_grade g JOIN "user" u ON u.id = g."userId" WHERE u.email = $1`,
      [ana.email],
    );
    expect(grade).toEqual({ n: 2, comment: "Good structure; add a USER next time.", attemptId: firstSubmission });
  });

  it("is seen by the learner: the items applied, their feedback and the combined score", {
    timeout: SLOW,
  }, async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await signIn(page, ana.email);
    await page.goto("/due", { waitUntil: "networkidle" });
    const feedback = page.getByTestId("rubric-feedback");
    await feedback.waitFor();
    const text = (await feedback.textContent()) ?? "";
    expect(text).toContain("Automatic score 70 % + rubric 30 %.");
    expect(text).toContain("Rubric: 4 of 6 points");
    expect(text).toContain("Readable Dockerfile (+6 points)Each step says what it is for.");
    expect(text).toContain("Runs as root (−2 points)Add a USER so the container does not run as root.");
    expect(text).toContain("Good structure; add a USER next time.");
    // 70 % of the automatic score plus 30 % of 4/6, as the gradebook rounds it.
    const [automatic] = await query<{ score: number }>(
      `SELECT (result->>'score')::float8 AS score FROM submission WHERE id = $1`,
      [firstSubmission],
    );
    const expected = Math.round((0.7 * automatic!.score + 0.3 * (4 / 6)) * 1000) / 10;
    const item = page.locator("li", { has: feedback });
    expect(await item.textContent()).toContain(`Score so far: ${expected}%`);
    expect(await axeProblems(page)).toEqual([]);

    // The attempt staff graded shows the same grade beside the work it is about.
    await page.goto(`/exercises/first-image/history/${firstSubmission}`);
    const onAttempt = (await page.getByTestId("attempt-rubrics").textContent()) ?? "";
    expect(onAttempt).toContain("Rubric: 4 of 6 points");
    expect(onAttempt).toContain("Good structure; add a USER next time.");
    expect(await axeProblems(page)).toEqual([]);
    await context.close();
  });
});
