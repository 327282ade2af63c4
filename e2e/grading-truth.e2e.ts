import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { setEditorText } from "./editor-helpers";

const baseUrl = inject("baseUrl");
// Issue 22's false pass: everything right except the CMD, which names app/mian.py. It builds; only running it (or
// looking for the file in the image) shows that it can never work.
const FALSE_PASS =
  "FROM python:3.11-slim\nWORKDIR /srv\nCOPY app/ ./app/\nRUN python -m compileall -q app\n" +
  'CMD ["python", "app/mian.py"]\n';
const CMD_LINE = FALSE_PASS.split("\n").findIndex((l) => l.startsWith("CMD")) + 1;

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  watchConsoleErrors(page, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
});

describe("a first-image attempt whose CMD names a missing file", () => {
  it("is submitted from the editor and graded as failed, not passed", async () => {
    await signUp(page, "Tara Truth");
    await page.goto("/exercises/first-image");
    await setEditorText(page, "Dockerfile", FALSE_PASS);
    await page.getByRole("button", { name: "Submit for grading" }).click();
    await page.locator('[data-testid="submission-status"][data-status="failed"]').waitFor({ timeout: 300_000 });
    expect(await page.getByTestId("verdict").textContent()).toBe("Failed");
  });

  it("ran the image: the run phase is in the timeline, failed", async () => {
    const phases = await page
      .getByTestId("phase-timeline")
      .locator("[data-phase]")
      .evaluateAll((items) =>
        items.map((i) => `${i.getAttribute("data-phase")} ${i.getAttribute("data-phase-status")}`),
      );
    expect(phases).toEqual(expect.arrayContaining(["build passed", "inspect failed", "run failed"]));
  });

  it("reports the run finding: the job exited with python's own error", async () => {
    const check = page.locator('[data-check="correctness.job-completes"]');
    expect(await check.getAttribute("data-check-status")).toBe("fail");
    const text = (await check.textContent()) ?? "";
    expect(text).toContain("The job exited with code 2");
    expect(text).toContain("python could not find the script named in CMD");
    expect(text).toContain("can't open file '/srv/app/mian.py'");
  });

  it("reports the image finding at the CMD's line, naming the file that does exist", async () => {
    const check = page.locator('[data-check="correctness.start-command-exists"]');
    expect(await check.getAttribute("data-check-status")).toBe("fail");
    const text = (await check.textContent()) ?? "";
    expect(CMD_LINE).toBe(5);
    expect(text).toContain(`Where: Dockerfile:${CMD_LINE}`);
    expect(text).toContain("there is no /srv/app/mian.py");
    // The fix is the finding's, shown once under its checks.
    const finding = page.locator('li:has(> ul > li[data-check="correctness.start-command-exists"])');
    expect(await finding.textContent()).toContain("change app/mian.py to app/main.py");
  });

  it("caused no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
