import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeProblems } from "./accessibility";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { PHONE, phoneProblems } from "./phone";
import { terminalScreen } from "./terminal-screen";

const baseUrl = inject("baseUrl");
// Its first task is a network of one's own: one command, and nothing else in the lab needs to run first.
const LAB = "connect-services-on-networks";
const FIRST_TASK = '[data-task="create-network"]';

let browser: Browser;
let page: Page;
let labId: string | null = null;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  watchConsoleErrors(page, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
});

describe("a lab page, signed out", () => {
  it("shows the goal and the tasks, each linked to its lesson by title, and a link to sign in", async () => {
    const visitor = await (await browser.newContext({ baseURL: baseUrl })).newPage();
    const response = await visitor.goto(`/labs/${LAB}`);
    expect(response?.status()).toBe(200);
    expect(await visitor.locator("h1").textContent()).toBe("Connect services on Docker networks");
    expect(await visitor.locator("[data-task]").count()).toBe(4);
    const lesson = visitor.locator(`${FIRST_TASK} a[href^="/lessons/container-networking#"]`);
    expect(await lesson.textContent()).not.toContain("container-networking");
    const signIn = visitor.getByTestId("sign-in-to-start").getByRole("link", { name: "Sign in" });
    expect(await signIn.getAttribute("href")).toBe(`/sign-in?next=/labs/${LAB}`);
    expect(await visitor.getByTestId("start-lab").count()).toBe(0);
    await visitor.context().close();
  });
});

describe("a learner's own lab", () => {
  it("starts, and the first task turns green by itself once the network exists", async () => {
    await signUp(page, "Lena Lab");
    await page.goto(`/labs/${LAB}`);
    expect(await page.locator(FIRST_TASK).getAttribute("data-done")).toBe("false");
    await page.getByTestId("start-lab").click();
    await page.locator('[data-testid="lab-status"][data-status="open"]').waitFor({ timeout: 180_000 });
    labId = await page.getByTestId("lab-terminal").getAttribute("data-lab-id");
    expect(labId).toBeTruthy();
    // The lab reports every task once it has read its engine: the first is not done yet, and says what it found.
    await page.locator(`${FIRST_TASK} [data-testid="lab-task-evidence"]`).waitFor({ timeout: 60_000 });
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 60_000 }).toMatch(/[#$]$/m);

    await page.getByTestId("lab-terminal").click();
    await page.keyboard.type("docker network create ml-net");
    await page.keyboard.press("Enter");
    // No button to press: the lab sees the network and the task turns green.
    await page.locator(`${FIRST_TASK}[data-done="true"]`).waitFor({ timeout: 60_000 });
    expect(await page.locator(`${FIRST_TASK} [data-testid="lab-task-status"]`).textContent()).toBe("Done ✓");
    expect(await page.getByTestId("lab-task-announcement").textContent()).toBe(
      "Task done: Create a network of your own.",
    );
    expect(await page.locator('[data-task="run-features"]').getAttribute("data-done")).toBe("false");
    expect(await page.getByTestId("lab-tasks-count").textContent()).toMatch(/^1 of 4 done/);
  });

  it("shows the tasks and the terminal side by side on a laptop, the tasks scrolling on their own", async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId("lab-workspace").evaluate((e) => e.scrollIntoView({ block: "start" }));
    const tasks = (await page.getByTestId("lab-tasks-column").boundingBox())!;
    const firstTask = (await page.locator(FIRST_TASK).boundingBox())!;
    const terminal = (await page.getByTestId("lab-terminal").boundingBox())!;
    expect(tasks.x + tasks.width).toBeLessThanOrEqual(terminal.x);
    for (const box of [firstTask, terminal]) {
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + Math.min(box.height, 200)).toBeLessThanOrEqual(900);
    }
    expect(await page.getByTestId("lab-tasks-column").evaluate((e) => getComputedStyle(e).overflowY)).toBe("auto");
    // The strip of tasks is for narrow screens, where the list sits above the terminal.
    expect(await page.getByTestId("lab-task-strip").isVisible()).toBe(false);
    await page.setViewportSize({ width: 800, height: 900 });
    const strip = page.getByTestId("lab-task-strip");
    expect(await strip.isVisible()).toBe(true);
    expect(await strip.locator('a[data-done="true"]').count()).toBe(1);
    expect(await strip.locator("a").first().getAttribute("href")).toBe("#task-create-network");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("is said to be open on /labs, and its progress shows on its module's page", async () => {
    await page.goto("/labs");
    expect(await page.getByTestId("open-lab").getAttribute("data-lab")).toBe(LAB);
    await page.goto("/modules/images-containers-layers");
    await expect
      .poll(() => page.getByTestId(`lab-status-${LAB}`).textContent(), { timeout: 10_000 })
      .toBe("1 of 4 tasks done");
    await page.goto(`/labs/${LAB}`);
    // Followed again at once: the page finds the lab open.
    await page.locator('[data-testid="lab-status"][data-status="open"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 60_000 }).toMatch(/[#$]$/m);
  });

  it("keeps a task that asks for the background red while its container holds the terminal", async () => {
    const task = '[data-task="run-features"]';
    await page.getByTestId("lab-terminal").click();
    await page.keyboard.type(
      "docker run --name features --network ml-net -v /home/lab/apps:/apps:ro " +
        "python:3.11-slim python /apps/features.py",
    );
    await page.keyboard.press("Enter");
    // Everything else the task asks holds: the name, the image, the network. Not the background.
    await expect
      .poll(() => page.locator(`${task} [data-testid="lab-task-evidence"]`).textContent(), { timeout: 60_000 })
      .toContain("attached to the terminal");
    expect(await page.locator(task).getAttribute("data-done")).toBe("false");
    expect(await page.locator(`${task} [data-testid="lab-task-evidence"]`).textContent()).toContain(
      "docker start features",
    );
    // As the hint says: Ctrl-C stops it, docker start runs it again without holding the terminal.
    // (Typed while the container stops, the command waits in the terminal until the shell reads it.)
    await page.keyboard.press("Control+C");
    await page.keyboard.type("docker start features");
    await page.keyboard.press("Enter");
    await page.locator(`${task}[data-done="true"]`).waitFor({ timeout: 60_000 });
    // A done task shows no evidence and no hint.
    expect(await page.locator(`${task} [data-testid="lab-task-evidence"]`).count()).toBe(0);
  });

  it("fits a phone's width with the terminal open, and meets WCAG 2.2 AA there and on a laptop", async () => {
    // The crawl of every page (every-page.e2e.ts) sees a lab page before a lab is started; this is the page with
    // its terminal, tasks and preview live.
    expect(await axeProblems(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    expect(await phoneProblems(page, "Sign out")).toEqual([]);
    expect(await axeProblems(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("previews a port nothing listens on: 'connection refused', as text", async () => {
    await page.getByTestId("lab-preview-port").fill("8080");
    await page.getByTestId("lab-preview-path").fill("/score/42");
    await page.getByTestId("lab-preview-send").click();
    const answer = page.getByTestId("lab-preview-answer");
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.evaluate((e) => e.tagName)).toBe("PRE");
    expect(await answer.textContent()).toContain("connection refused");
    expect(await answer.getAttribute("data-status")).toBe("none");
  });

  it("is its learner's alone: another learner gets a 404 for it, its learner its tasks", async () => {
    const own = await page.request.get(`/api/sessions/${labId}`);
    expect(own.status()).toBe(200);
    const lab = (await own.json()) as { status: string; tasks: { id: string; done: boolean }[] };
    expect(lab.status).toBe("open");
    expect(lab.tasks.find((t) => t.id === "create-network")?.done).toBe(true);

    const other = await (await browser.newContext({ baseURL: baseUrl })).newPage();
    await signUp(other, "Otto Other");
    expect((await other.request.get(`/api/sessions/${labId}`)).status()).toBe(404);
    expect((await other.request.get(`/api/sessions/${labId}/events`)).status()).toBe(404);
    expect((await other.request.post(`/api/sessions/${labId}/close`)).status()).toBe(404);
    expect((await other.request.delete(`/api/sessions/${labId}`)).status()).toBe(404);
    const typed = await other.request.post(`/api/sessions/${labId}/input`, { data: { type: "input", data: "ls\r" } });
    expect(typed.status()).toBe(404);
    await other.context().close();
  });

  it("opens a second terminal tab into the same lab, its own shell, and keeps the first tab's screen", async () => {
    const first = page.getByTestId("terminal-tab-0");
    expect(await first.textContent()).toBe("Terminal 1");
    expect(await first.getAttribute("aria-selected")).toBe("true");
    await page.getByTestId("lab-terminal").click();
    await page.keyboard.type("echo first-tab-$((6*7))");
    await page.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 30_000 }).toMatch(/^first-tab-42$/m);

    await page.getByTestId("new-terminal-tab").click();
    const second = page.getByTestId("terminal-tab-1");
    expect(await second.textContent()).toBe("Terminal 2");
    expect(await second.getAttribute("aria-selected")).toBe("true");
    expect(await page.getByRole("tabpanel", { name: "Terminal 2" }).isVisible()).toBe(true);
    // Its own shell, on its own screen: a prompt, and nothing of the first tab's.
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 60_000 }).toMatch(/[#$]$/m);
    expect(await terminalScreen(page, "lab")).not.toContain("first-tab-42");
    await page.getByTestId("lab-terminal").click();
    await page.keyboard.type("echo second-tab-$((6*7))");
    await page.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(page, "lab"), { timeout: 30_000 }).toMatch(/^second-tab-42$/m);

    // Back to the first tab from the keyboard (the tablist's Home key): its screen is as it was.
    await second.focus();
    await page.keyboard.press("Home");
    expect(await first.getAttribute("aria-selected")).toBe("true");
    expect(await first.evaluate((tab) => tab === document.activeElement)).toBe(true);
    const firstScreen = await terminalScreen(page, "lab");
    expect(firstScreen).toMatch(/^first-tab-42$/m);
    expect(firstScreen).toMatch(/[#$]$/m);
    expect(firstScreen).not.toContain("second-tab-42");

    // Closing the second tab ends its shell; the lab goes on, the focus on the tab before it.
    await second.click();
    await page.getByRole("button", { name: "Close terminal 2" }).click();
    await second.waitFor({ state: "detached" });
    expect(await first.getAttribute("aria-selected")).toBe("true");
    expect(await first.evaluate((tab) => tab === document.activeElement)).toBe(true);
    expect(await page.getByTestId("lab-status").getAttribute("data-status")).toBe("open");
  }, 120_000);

  it("closes, and the done task stays done on a later visit", async () => {
    await page.getByTestId("close-lab").click();
    await page.locator('[data-testid="lab-status"][data-status="closed"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("lab-status").textContent()).toMatch(/^Closed: .+/);
    expect(await page.getByTestId("open-new-lab").textContent()).toBe("Start again");
    expect(await page.getByTestId("lab-preview-send").isDisabled()).toBe(true);

    await page.reload();
    expect(await page.locator(FIRST_TASK).getAttribute("data-done")).toBe("true");
    expect(await page.getByTestId("start-lab").isVisible()).toBe(true);
    await page.goto("/labs");
    expect(await page.locator(`[data-lab="${LAB}"] [data-testid="lab-progress"]`).textContent()).toBe(
      "2 of 4 tasks done",
    );
    expect(consoleErrors).toEqual([]);
  });
});
