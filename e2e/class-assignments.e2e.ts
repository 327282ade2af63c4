import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp, signUpByApi, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { query } from "./database";

/*
 * A class's assignments page as an instructor far from the server reads it: the server runs in UTC, the browser in
 * Auckland (13 hours ahead), on a laptop's 1366 px wide screen.
 */

const baseUrl = inject("baseUrl");
const ZONE = "Pacific/Auckland";

let browser: Browser;
let context: BrowserContext;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: baseUrl, timezoneId: ZONE, viewport: { width: 1366, height: 768 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("a class's assignments and deadlines", () => {
  let page: Page;
  let assignmentsUrl = "";

  it("has an instructor in another time zone assign an exercise and give a learner an extension", async () => {
    page = await context.newPage();
    const email = uniqueEmail("Aroha Instructor");
    await signUp(page, "Aroha Instructor", email);
    await query(`UPDATE "user" SET role = 'instructor' WHERE email = $1`, [email]);
    await page.goto("/instructor/classes");
    await page.locator("#class-name").fill("Deadlines across zones, e2e");
    await page.locator("#class-term").fill("Summer 2026");
    await page.getByRole("button", { name: "Create class" }).click();
    await page.waitForURL(/\/instructor\/classes\/[^/]+$/);
    const classId = new URL(page.url()).pathname.split("/").at(-1)!;
    const learnerEmail = uniqueEmail("Kiri Learner");
    await signUpByApi("Kiri Learner", learnerEmail);
    await query(
      `INSERT INTO class_member ("classId", "userId", role, source)
       SELECT $1, id, 'learner', 'code' FROM "user" WHERE email = $2`,
      [classId, learnerEmail],
    );

    await page.getByRole("link", { name: "Assignments and deadlines" }).click();
    await page.waitForURL(/\/assignments$/);
    assignmentsUrl = page.url();
    await page.getByLabel("What").selectOption("exercise:first-image");
    await page.getByLabel("Opens (optional)").fill("2026-12-01T09:00");
    await page.getByLabel("Due").fill("2026-12-14T23:30");
    await page.getByRole("button", { name: "Assign" }).click();
    const table = page.getByTestId("assignments-table");
    await table.waitFor();
    await table.getByText("Extensions (0)").click();
    await table.getByLabel("Learner").selectOption({ label: "Kiri Learner" });
    await table.getByLabel("Their due date (your time zone)").fill("2026-12-21T23:30");
    await table.getByLabel("Reason").fill("Family event");
    await table.getByRole("button", { name: "Grant" }).click();
    await expect.poll(() => table.getByText("Extensions (1)").count()).toBe(1);
  });

  it("loads without a hydration error, each date in the reader's own zone, named", async () => {
    const fresh = await context.newPage();
    watchConsoleErrors(fresh, consoleErrors);
    await fresh.goto(assignmentsUrl);
    const row = fresh.getByTestId("assignments-table").locator("tbody tr").first();
    // Typed in Auckland, shown in Auckland: the moment the instructor meant, whatever the server's zone.
    await expect.poll(() => row.locator("td").nth(0).textContent()).toMatch(/Dec 1, 2026.*9:00.*\(Pacific\/Auckland\)/);
    expect(await row.locator("td").nth(1).textContent()).toMatch(/Dec 14, 2026.*11:30.*\(Pacific\/Auckland\)/);
    expect(await row.locator("td time").nth(0).getAttribute("dateTime")).toBe("2026-11-30T20:00:00.000Z");
    await row.getByText("Extensions (1)").click();
    expect(await row.getByRole("listitem").textContent()).toMatch(
      /Kiri Learner: due .*Dec 21, 2026.*Pacific\/Auckland/,
    );
    // React reports a failed hydration once it has run; the page is idle by then.
    await fresh.waitForLoadState("networkidle");
    expect(consoleErrors).toEqual([]);
    await fresh.close();
  });

  it("sets each column header over its column at 1366 px", async () => {
    await page.goto(assignmentsUrl);
    const table = page.getByTestId("assignments-table");
    // Drawn by the browser once the page is live (the extension's time, in a closed disclosure, is hidden).
    await expect.poll(() => table.locator("tbody td").nth(1).textContent()).toContain(ZONE);
    const headers = await table
      .locator("thead th")
      .evaluateAll((ths) =>
        ths.map((th) => ({ text: th.textContent, box: th.getBoundingClientRect().toJSON() as DOMRect })),
      );
    const cells = await table
      .locator("tbody tr")
      .first()
      .locator(":scope > th, :scope > td")
      .evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().toJSON() as DOMRect));
    expect(headers.map((h) => h.text)).toEqual(["What", "Opens", "Due", "Late work", "Done", "Late", "Missing"]);
    expect(cells).toHaveLength(headers.length);
    const misplaced = headers.filter(
      ({ box }, i) => Math.abs(box.left - cells[i]!.left) > 1 || Math.abs(box.right - cells[i]!.right) > 1,
    );
    expect(misplaced.map((h) => h.text)).toEqual([]);
  });
});
