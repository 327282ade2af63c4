import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { dockerfileOf, gradedSubmission, THREE_MISTAKES } from "./graded-submission";

const baseUrl = inject("baseUrl");
const EXERCISE = "model-server";
const content = (file: string) => readFileSync(path.resolve(import.meta.dirname, "../content", file), "utf8");
// Issue 22's attempt, which learner-journey.e2e.ts also looks at: graded once a run (graded-submission.ts).
const ATTEMPT = dockerfileOf(THREE_MISTAKES);
const lessonTitle = (dir: string) => /^title: (.+)$/m.exec(content(`modules/${dir}/lesson.mdx`))![1];

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

describe("a report with one finding per cause", () => {
  it("grades the model-server attempt with no USER, no HEALTHCHECK and COPY . .", async () => {
    expect(ATTEMPT).not.toMatch(/^(USER|HEALTHCHECK) /m);
    expect(ATTEMPT).toContain("COPY . .");
    const email = await signUp(page, "Carla Causes");
    // Opened while queued: the report is built from the live stream, as after a learner's own submit.
    await gradedSubmission(email, THREE_MISTAKES, () => page.goto(`/exercises/${EXERCISE}`));
    await page.locator('[data-testid="submission-status"][data-status="failed"]').waitFor();
  });

  it("opens with what passing takes, counted from this attempt", async () => {
    const requires = (await page.getByTestId("passing-requires").textContent()) ?? "";
    expect(requires).toMatch(/^To pass, every one of the \d+ graded checks must pass; warnings cost no points\./);
    expect(requires).toContain("Now 8 checks fail, from 3 mistakes: fix them in the order below");
  });

  it("gives root, .env and the missing HEALTHCHECK a finding each, the one clearing most checks first", async () => {
    const failing = page.locator('[data-testid="findings"] [data-finding-status="fail"]');
    expect(await failing.evaluateAll((items) => items.map((i) => i.getAttribute("data-finding")))).toEqual([
      "runs-as-root",
      "env-file-in-image",
      "no-healthcheck",
    ]);
    const checksOf = (cause: string) =>
      page.locator(`[data-finding="${cause}"] [data-check]`).evaluateAll((items) => items.map((i) => i.dataset.check));
    expect(await checksOf("runs-as-root")).toEqual([
      "security.user-declared",
      "security.image-user-not-root",
      "security.runs-as-non-root",
    ]);
    expect(await checksOf("env-file-in-image")).toEqual([
      "security.no-env-file-copied",
      "security.no-secrets-in-layers",
      "security.no-env-file-in-image",
    ]);
    expect(await checksOf("no-healthcheck")).toEqual([
      "correctness.healthcheck-declared",
      "correctness.image-healthcheck",
    ]);
    // The overlap is explained, and scored once.
    expect(await page.locator('[data-finding="runs-as-root"] [data-finding-cost]').textContent()).toMatch(
      /^\(found by 3 checks, counted once: −3 points\)$/,
    );
  });

  it("shows one fix per mistake: one HEALTHCHECK snippet and one useradd in the whole report, as code", async () => {
    const report = page.getByTestId("result-report");
    const fixes = await report.locator("[data-fix]").allTextContents();
    expect(fixes.filter((f) => f.includes("HEALTHCHECK"))).toHaveLength(1);
    expect(fixes.filter((f) => f.includes("useradd"))).toHaveLength(1);
    expect(await report.locator('[data-finding="no-healthcheck"] [data-fix]').count()).toBe(1);
    const code = page.locator('[data-finding="runs-as-root"] [data-fix-code]');
    expect(await code.evaluate((e) => e.tagName)).toBe("PRE");
    // Several lines of fix: code, one instruction a line (the static check's own words, with the line it names).
    expect(await code.textContent()).toMatch(/^RUN useradd .*\n(.*\n)*USER app$/);
    // The index by category points to the findings instead of repeating them.
    expect(await report.locator('[data-check="security.image-user-not-root"]').count()).toBe(1);
    expect(await report.locator('[data-check-ref="security.image-user-not-root"]').textContent()).toContain(
      "see “The service runs as root” above",
    );
  });

  it("names lessons by their titles and keeps passed checks folded", async () => {
    expect(await page.locator('[data-finding="runs-as-root"] a[data-lesson]').textContent()).toBe(
      lessonTitle("07-security/lessons/01-running-as-non-root"),
    );
    expect(await page.locator('[data-finding="no-healthcheck"] a[data-lesson]').textContent()).toBe(
      lessonTitle("08-health-and-lifecycle/lessons/01-health-checks"),
    );
    expect(await page.locator('[data-check="correctness.image-builds"]').isVisible()).toBe(false);
    expect(await page.locator('[data-finding="runs-as-root"]').isVisible()).toBe(true);
  });

  it("caused no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
