import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { monaco } from "./editor-helpers";
import { gradedSubmission } from "./graded-submission";

const baseUrl = inject("baseUrl");
const EXERCISE = "layer-order";
// The starter copies everything before the install, so the cache phase's code edit reruns the install:
// a failing check with a location, a first miss to explain, and a full set of phases and layers.
const STARTER = readFileSync(
  path.resolve(import.meta.dirname, `../content/exercises/${EXERCISE}/starter/Dockerfile`),
  "utf8",
);
const COPY_ALL_LINE = STARTER.split("\n").indexOf("COPY . .") + 1;

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

describe("the redesigned report of a graded submission", () => {
  it("grades the layer-order starter and shows it on the exercise page", async () => {
    const email = await signUp(page, "Rita Report");
    // Opened while queued: the report is built from the live stream, as after a learner's own submit.
    const attempt = { exercise: EXERCISE, files: [{ path: "Dockerfile", content: STARTER }] };
    await gradedSubmission(email, attempt, () => page.goto(`/exercises/${EXERCISE}`));
    await page.locator('[data-testid="submission-status"][data-status="failed"]').waitFor();
    expect(COPY_ALL_LINE).toBeGreaterThan(0);
  });

  it("puts the score and the verdict first, with points and counts", async () => {
    const summary = page.getByTestId("score-summary");
    expect(await page.getByTestId("verdict").textContent()).toBe("Failed");
    expect(await summary.textContent()).toMatch(/^Score: \d+%Failed\d+(\.\d)? of \d+ points · [1-9]\d* failed/);
  });

  it("shows every phase that ran with its status and time", async () => {
    const phases = await page
      .getByTestId("phase-timeline")
      .locator("[data-phase]")
      .evaluateAll((items) =>
        items.map((i) => `${i.getAttribute("data-phase")} ${i.getAttribute("data-phase-status")}`),
      );
    expect(phases).toEqual(
      expect.arrayContaining(["static failed", "build passed", "inspect passed", "cache failed", "run passed"]),
    );
    expect(await page.locator('[data-phase="build"]').textContent()).toMatch(/^build passed, \d+(\.\d)? m?s$/);
  });

  it("reports the failing cache checks as one finding, with what, where, why and how to fix", async () => {
    const finding = page.locator('[data-finding="code-before-dependencies"]');
    const check = finding.locator('[data-check="cache.code-change-reuses-dependencies"]');
    expect(await check.getAttribute("data-check-status")).toBe("fail");
    expect(await check.textContent()).toContain(`Where: Dockerfile:${COPY_ALL_LINE}`);
    const text = (await finding.textContent()) ?? "";
    expect(text).toContain("Why it matters:");
    expect(text).toContain("How to fix:");
    expect(await finding.locator("[data-fix]").count()).toBe(1);
    const header = (await page.locator("#report-category-cache").textContent()) ?? "";
    expect(header).toMatch(/^Layer caching \([1-9] failed, \d+ passed\)$/);
    // Passed checks are folded away; the failure is not.
    expect(await check.isVisible()).toBe(true);
    expect(await page.locator('[data-check="cache.install-step-found"]').isVisible()).toBe(false);
  });

  it("jumps from a check's location to that line, selected in the editor", async () => {
    const jump = page.locator('[data-check="cache.code-change-reuses-dependencies"] button[data-location]');
    expect(await jump.textContent()).toBe(`Dockerfile:${COPY_ALL_LINE}`);
    await monaco(page, "Dockerfile").waitFor();
    await jump.click();
    // The selection is the whole line: copying it gives the instruction the check is about.
    await page
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await page.keyboard.press("ControlOrMeta+C");
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("COPY . .");
  });

  it("charts the image's layers, the base image grouped and the learner's labelled, with a table", async () => {
    const chart = page.getByTestId("layer-chart");
    expect(await chart.locator('[data-layer="base"]').textContent()).toMatch(/^Base image: \d+ layers?, [\d.]+ MB/);
    const own = await chart.locator("li[data-layer]:not([data-layer=base])").allTextContents();
    expect(own.some((t) => t.startsWith("RUN pip install --no-cache-dir -r requirements.txt"))).toBe(true);
    expect(own.some((t) => t.includes(`COPY . .Dockerfile:${COPY_ALL_LINE}`))).toBe(true);
    await chart.getByText("Show as table").click();
    const table = chart.getByTestId("layer-table");
    expect(await table.isVisible()).toBe(true);
    expect(await table.locator("thead th").allTextContents()).toEqual([
      "Layer",
      "Instruction",
      "From",
      "Size",
      "Wasted",
      "Cached",
    ]);
    const rows = await table.locator("tbody tr").allTextContents();
    expect(rows.some((r) => r.includes("base image"))).toBe(true);
    expect(rows.some((r) => r.includes(`COPY . . (Dockerfile:${COPY_ALL_LINE})your Dockerfile`))).toBe(true);
  });

  it("draws each cache rebuild step by step, the first miss explained in words", async () => {
    const code = page.locator('[data-testid="cache-diagram"] [data-rebuild="code"]');
    const steps = await code.locator("li").allTextContents();
    expect(steps.some((s) => s.includes("WORKDIR /srv") && s.endsWith("reused (cache hit)"))).toBe(true);
    const miss = code.locator("li[data-first-miss]");
    expect(await miss.count()).toBe(1);
    expect(await miss.textContent()).toContain(`COPY . . (Dockerfile:${COPY_ALL_LINE}): ran again`);
    expect(await miss.getByTestId("first-miss").textContent()).toContain(
      "It copies app/main.py, the file that was edited",
    );
    expect(await page.locator('[data-testid="cache-diagram"] [data-rebuild="manifest"]').count()).toBe(1);
  });

  it("folds the build log per step, keeping the whole log as its text", async () => {
    const log = page.getByTestId("build-log");
    const sections = log.locator("details[data-log-section=step]");
    expect(await sections.count()).toBeGreaterThan(8);
    const install = log
      .locator("details[data-log-section=step]", { hasText: "RUN pip install --no-cache-dir -r requirements.txt" })
      .first();
    expect(await install.getAttribute("data-state")).toMatch(/^(done|cached)$/);
    expect(await install.getAttribute("open")).toBeNull();
    await install.locator("summary").click();
    expect(await install.getAttribute("open")).not.toBeNull();
    // The text is the log's: BuildKit's step blocks, the cache phase's rebuild notes, the other phases' output.
    const text = (await log.textContent()) ?? "";
    expect(text).toMatch(/#(\d+) \[5\/5\] RUN pip install[^\n]*\n(#\1 .*\n)*#\1 (DONE \d+\.\ds|CACHED)/);
    expect(text).toContain("cache: rebuilding with a comment line added to app/main.py");
    expect(text).toMatch(/---- \w+ phase output ----/);
  });

  it("caused no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
