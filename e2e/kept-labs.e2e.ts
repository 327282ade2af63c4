import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { terminalScreen } from "./terminal-screen";

// A lab's work kept across a close, as a learner lives it in the browser: an image built and pushed to the lab's own
// registry, the lab closed, started again from its page, and the image and the registry's tag found as they were.
const baseUrl = inject("baseUrl");
const LAB = "push-and-roll-back";
const OPEN = '[data-testid="lab-status"][data-status="open"]';
const CLOSED = '[data-testid="lab-status"][data-status="closed"]';

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

/** Types a command into the lab's terminal and waits until the screen shows `done`. */
async function type(command: string, done: RegExp, timeout = 180_000): Promise<void> {
  await page.getByTestId("lab-terminal").click();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  await expect.poll(() => terminalScreen(page, "lab"), { timeout, interval: 250 }).toMatch(done);
}

describe("a kept lab", () => {
  it("keeps an image built and pushed to the lab's registry when the learner closes the lab", async () => {
    await signUp(page, "Kim Kept");
    await page.goto(`/labs/${LAB}`);
    expect(await page.getByTestId("kept-lab").count()).toBe(0);
    await page.getByTestId("start-lab").click();
    await page.locator(OPEN).waitFor({ timeout: 180_000 });
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 60_000 }).toMatch(/[#$]$/m);
    await type(
      "docker run -d -p 127.0.0.1:5000:5000 --name registry registry:2 >/dev/null && cd ~/churn-api && " +
        "docker build -q -t localhost:5000/churn-api:1.0 . >/dev/null && " +
        "for i in $(seq 30); do curl -fsS http://127.0.0.1:5000/v2/ >/dev/null && break; sleep 1; done && " +
        'docker push -q localhost:5000/churn-api:1.0 >/dev/null && echo PUS""HED',
      /^PUSHED$/m,
    );
    await page.getByTestId("close-lab").click();
    await page.locator(CLOSED).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId("lab-status").textContent()).toMatch(
      /^Closed: You closed this lab\. Your work in it is kept until \d+ \w+ \d{4}/,
    );
  });

  it("says on the lab's page and on /labs what is kept, until when, and how much room it takes", async () => {
    await page.reload();
    const kept = page.getByTestId("kept-lab");
    await kept.waitFor();
    expect(await kept.textContent()).toMatch(/kept until/i);
    expect(await page.getByTestId("start-over").isVisible()).toBe(true);
    await page.goto("/labs");
    const list = page.getByTestId("kept-labs");
    expect(await list.textContent()).toContain("Push, deploy by digest and roll back");
    expect(await list.textContent()).toMatch(/of your \d+(\.\d+)? GB/);
  });

  it("resumes it from the lab's page: the image and the registry's tag are there, the registry stopped", async () => {
    await page.goto(`/labs/${LAB}`);
    await page.getByTestId("start-lab").click();
    await page.locator(OPEN).waitFor({ timeout: 180_000 });
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 60_000 }).toMatch(/resumed from your work kept on/);
    await type(
      "docker ps -a --filter name=registry --format 'registry is {{.State}}'",
      /^registry is exited$/m,
      60_000,
    );
    await type(
      "docker start registry >/dev/null && for i in $(seq 30); do curl -fsS http://127.0.0.1:5000/v2/ >/dev/null " +
        "&& break; sleep 1; done && curl -s http://127.0.0.1:5000/v2/churn-api/tags/list && echo && " +
        "docker image ls localhost:5000/churn-api --format 'image {{.Repository}}:{{.Tag}}'",
      /^image localhost:5000\/churn-api:1\.0$/m,
      120_000,
    );
    expect(await terminalScreen(page, "lab")).toContain('{"name":"churn-api","tags":["1.0"]}');
    await page.getByTestId("close-lab").click();
    await page.locator(CLOSED).waitFor({ timeout: 120_000 });
    expect(consoleErrors).toEqual([]);
  });
});

describe("the playground", () => {
  it("opens from a lesson's shell example, and runs the learner's commands", async () => {
    await page.goto("/lessons/registries-and-tags");
    const link = page.getByTestId("try-in-playground").first();
    const href = (await link.getAttribute("href"))!;
    expect(href).toMatch(/^\/labs\/playground\?try=docker/);
    await link.click();
    await page.waitForURL(/\/labs\/playground\?try=/);
    expect(await page.locator("h1").textContent()).toBe("Playground");
    const tried = decodeURIComponent(href.split("try=")[1]!);
    expect(await page.getByTestId("try-command").textContent()).toContain(tried);
    expect(await page.locator("[data-task]").count()).toBe(0);
    await page.getByTestId("start-lab").click();
    await page.locator(OPEN).waitFor({ timeout: 180_000 });
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 60_000 }).toMatch(/[#$]$/m);
    await type(`docker image ls --format '{{.Repository}}' | grep -c . && echo SEE""N`, /^SEEN$/m, 60_000);
    await page.getByTestId("close-lab").click();
    await page.locator(CLOSED).waitFor({ timeout: 120_000 });
    expect(consoleErrors).toEqual([]);
  });
});
