import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { setEditorText } from "./editor-helpers";
import { PASSES } from "./graded-submission";

/*
 * Issue 33: with no GPU runner online (the test platform has none), a GPU exercise's submission waited for one
 * forever and every other submission of its learner was refused. Now it is graded on a CPU runner at once, the GPU
 * checks marked not run, and its GPU grading waits apart; the learner submits another exercise meanwhile.
 */
const baseUrl = inject("baseUrl");
const SOLUTION = readFileSync("content/exercises/gpu-training-job/solution/compose.yaml", "utf8");

let browser: Browser;
let gpuPage: Page;
let otherPage: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ baseURL: baseUrl });
  gpuPage = await context.newPage();
  otherPage = await context.newPage();
  watchConsoleErrors(gpuPage, consoleErrors);
  watchConsoleErrors(otherPage, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
});

const status = (page: Page) => page.getByTestId("submission-status");

describe("a GPU exercise submitted while no GPU runner is online", () => {
  it("says at once that it is graded on a CPU runner, GPU checks to follow", async () => {
    await signUp(gpuPage, "Gus Gpu");
    await gpuPage.goto("/exercises/gpu-training-job");
    await setEditorText(gpuPage, "compose.yaml", SOLUTION);
    await gpuPage.getByRole("button", { name: "Submit for grading" }).click();
    await gpuPage.getByTestId("submission-notice").waitFor({ timeout: 15_000 });
    expect(await gpuPage.getByTestId("submission-notice").textContent()).toContain(
      "No GPU grader is online right now, so this attempt is graded at once on a CPU grader",
    );
  });

  it("does not stop the learner submitting another exercise meanwhile", async () => {
    await otherPage.goto("/exercises/first-image");
    await setEditorText(otherPage, "Dockerfile", PASSES.files[0]!.content);
    await otherPage.getByRole("button", { name: "Submit for grading" }).click();
    await status(otherPage).waitFor({ timeout: 15_000 });
    expect(await otherPage.getByTestId("submit-error").count()).toBe(0);
  });

  it("gets its CPU verdict, with the GPU check reported as not run", async () => {
    await gpuPage.locator('[data-testid="submission-status"][data-status="passed"]').waitFor({ timeout: 480_000 });
    const probe = gpuPage.locator('[data-check="gpu.device-probe"]');
    expect(await probe.getAttribute("data-check-status")).toBe("skipped");
    expect(await probe.textContent()).toContain("not run: no GPU node");
  });

  it("lists the GPU grading in the history, waiting for a GPU runner", async () => {
    await gpuPage.reload();
    const history = gpuPage.getByTestId("history-panel");
    await history.waitFor();
    const text = (await history.textContent()) ?? "";
    expect(text).toContain("GPU grading of attempt 1");
    expect(text).toContain("Graded again on a GPU grader, GPU checks included");
  });

  it("graded the other exercise too", async () => {
    await otherPage.locator('[data-testid="submission-status"][data-status="passed"]').waitFor({ timeout: 300_000 });
  });

  it("caused no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
