import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeProblems } from "./accessibility";
import { signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";

/*
 * The next term in one step: an instructor in Berlin copies a class with two assignments to a new class, eighteen
 * weeks later. Berlin moves to summer time between, and the copy keeps each due date's wall-clock time.
 */

const baseUrl = inject("baseUrl");

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: baseUrl, timezoneId: "Europe/Berlin" });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("copying a class to the next term", () => {
  let page: Page;
  let classId = "";

  it("has an instructor's class with two assignments, due 23:59 in Berlin's winter", async () => {
    page = await context.newPage();
    const email = uniqueEmail("Greta Instructor");
    await signUp(page, "Greta Instructor", email);
    await query(`UPDATE "user" SET role = 'instructor' WHERE email = $1`, [email]);
    await page.goto("/instructor/classes");
    await page.locator("#class-name").fill("Docker for ML, next term e2e");
    await page.locator("#class-term").fill("Winter 2027");
    await page.getByRole("button", { name: "Create class" }).click();
    await page.waitForURL(/\/instructor\/classes\/[^/]+$/);
    classId = new URL(page.url()).pathname.split("/").at(-1)!;
    // 23:59 CET (UTC+1) on Friday 5 and Friday 12 March 2027.
    await query(
      `INSERT INTO assignment (id, "classId", kind, "itemSlug", "opensAt", "dueAt", "latePolicy", "earlyCredit",
                               "updatedAt")
       VALUES (gen_random_uuid()::text, $1, 'exercise', 'first-image', '2027-03-01 08:00', '2027-03-05 22:59',
               '[{"days": 3, "credit": 80}]', '[{"days": 2, "credit": 110}]', now()),
              (gen_random_uuid()::text, $1, 'quiz', 'containers-vs-vms', NULL, '2027-03-12 22:59', '[]', '[]', now())`,
      [classId],
    );
  });

  it("previews the moved dates as the instructor types, and passes axe", async () => {
    await page.reload();
    const form = page.getByTestId("copy-class");
    await form.getByLabel("Name of the new class").fill("Docker for ML, next term e2e (copy)");
    await form.getByLabel("Term").fill("Summer 2027");
    await form.getByLabel("How far the dates move").fill("18");
    const summary = page.getByTestId("copy-shift-summary");
    await expect.poll(() => summary.textContent()).toMatch(/^Every date moves by 18 weeks: .*Jul 9, 2027.*11:59/);
    const preview = page.getByTestId("copy-preview");
    expect(await preview.getByRole("listitem").count()).toBe(2);
    expect(await preview.getByRole("listitem").first().textContent()).toMatch(/Mar 5, 2027.*→.*Jul 9, 2027/);

    // The other way to say it: the day the first assignment is now due, chosen with the keyboard.
    await form.getByLabel(/So that the first due date .* is on:/).check();
    await form.getByLabel("New first due date").fill("2027-07-09");
    await expect.poll(() => summary.textContent()).toMatch(/^Every date moves by 18 weeks/);
    expect(await axeProblems(page)).toEqual([]);
  });

  it("copies the class and opens the new one, saying what it did, with the dates moved", async () => {
    await page.getByRole("button", { name: "Copy to a new class" }).click();
    await page.waitForURL((url) => url.pathname !== `/instructor/classes/${classId}` && url.search.includes("copied"));
    expect(await page.getByTestId("class-copied").textContent()).toMatch(
      /^2 assignments copied, dates moved by 18 weeks\./,
    );
    expect(await page.getByTestId("class-name").textContent()).toBe("Docker for ML, next term e2e (copy)");
    const newId = new URL(page.url()).pathname.split("/").at(-1)!;
    const rows = await query<{ itemSlug: string; dueAt: string; earlyCredit: unknown }>(
      `SELECT "itemSlug", to_char("dueAt", 'YYYY-MM-DD HH24:MI') AS "dueAt", "earlyCredit" FROM assignment
        WHERE "classId" = $1 ORDER BY "dueAt"`,
      [newId],
    );
    // 23:59 CEST (UTC+2): the same wall-clock time in Berlin, an hour less in exact time.
    expect(rows).toEqual([
      { itemSlug: "first-image", dueAt: "2027-07-09 21:59", earlyCredit: [{ days: 2, credit: 110 }] },
      { itemSlug: "containers-vs-vms", dueAt: "2027-07-16 21:59", earlyCredit: [] },
    ]);

    await page.getByRole("link", { name: "Assignments and deadlines" }).click();
    await page.waitForURL(/\/assignments$/);
    const firstRow = page.getByTestId("assignments-table").locator("tbody tr").first();
    await expect.poll(() => firstRow.locator("td").nth(1).textContent()).toMatch(/Jul 9, 2027.*11:59/);
  });
});
