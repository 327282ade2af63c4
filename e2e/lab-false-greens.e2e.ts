import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { terminalScreen } from "./terminal-screen";

/*
 * Issue 33's false greens, typed into the lab terminal as the tester did: each task that turned green before the
 * learner had done it stays red. (The foreground `docker run` of a task that asks for the background is in
 * labs.e2e.ts; content CI's verify-labs judges every task from each lab's first state.)
 */
const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  watchConsoleErrors(page, consoleErrors);
  await signUp(page, "Fay False-Green");
});

afterAll(async () => {
  await browser?.close();
});

const task = (id: string) => page.locator(`[data-task="${id}"]`);
const evidence = (id: string) => task(id).locator('[data-testid="lab-task-evidence"]');

/** Starts the lab and waits for its terminal and for every task's first judgement. */
async function openLab(slug: string, firstTask: string): Promise<void> {
  await page.goto(`/labs/${slug}`);
  await page
    .getByTestId("start-lab")
    .click({ timeout: 30_000 })
    .catch(async (err) => {
      // A page that failed to render says why (a stale build once answered "This page couldn't load").
      const text = ((await page.locator("body").textContent()) ?? "").slice(0, 900);
      throw new Error(`no Start lab button on ${page.url()}; the page says: ${text}`, { cause: err });
    });
  await page.locator('[data-testid="lab-status"][data-status="open"]').waitFor({ timeout: 180_000 });
  await evidence(firstTask).waitFor({ timeout: 60_000 });
  await expect.poll(() => terminalScreen(page, "lab"), { timeout: 60_000 }).toMatch(/[#$]$/m);
}

async function type(command: string): Promise<void> {
  await page.getByTestId("lab-terminal").click();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
}

/** Closes the lab, so the next one starts on its own engine. */
async function closeLab(): Promise<void> {
  await page.getByTestId("close-lab").click();
  await page.locator('[data-testid="lab-status"][data-status="closed"]').waitFor({ timeout: 60_000 });
}

/** A task that must stay red: still red after a task that did go green has held (1.5 s) twice over. */
async function staysRed(id: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  expect(await task(id).getAttribute("data-done")).toBe("false");
}

describe("tasks that speak of absence", () => {
  it("run-a-model-server: a docker tag is no build; 'Remove the container' waits for a container", async () => {
    await openLab("run-a-model-server", "build");
    // A name on an image the lab had is not the image built (issue 54): the task says how it was made.
    await type("docker tag python:3.11-slim model-server:1.0");
    await expect.poll(() => evidence("build").textContent(), { timeout: 60_000 }).toContain("was not made by a build");
    await type("docker build -q -t model-server:1.0 ~/model-server");
    await page.locator(`[data-task="build"][data-done="true"]`).waitFor({ timeout: 120_000 });
    await staysRed("remove");
    expect(await evidence("remove").textContent()).toContain("is judged once task 4");
    await closeLab();
  });

  it("keep-model-files: 'Delete the model on purpose' is not done when the lab opens", async () => {
    await openLab("keep-model-files", "create-volume");
    await staysRed("remove-volume");
    await closeLab();
  });

  it("reclaim-disk-space: the prunes are not done right after the clutter script, before any prune", async () => {
    await openLab("reclaim-disk-space", "replay");
    await type("~/experiments/make-clutter.sh && docker system df");
    await page
      .locator(`[data-task="replay"][data-done="true"]`)
      .waitFor({ timeout: 180_000 })
      .catch(async (err) => {
        const screen = await terminalScreen(page, "lab");
        const found = await evidence("replay").textContent();
        throw new Error(`replay is not done: ${found}\nthe terminal shows:\n${screen}`, { cause: err });
      });
    await staysRed("prune-images");
    await staysRed("prune-volumes");
    // The script runs as written: it keeps its executable bit in the lab's home.
    expect(await terminalScreen(page, "lab")).not.toContain("Permission denied");
    await closeLab();
    expect(consoleErrors).toEqual([]);
  }, 360_000);
});
