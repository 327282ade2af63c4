import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { query } from "./database";
import { terminalScreen } from "./terminal-screen";

// Help from staff, as a learner and a teaching assistant live it: the learner asks from their open lab and lets
// staff watch; the TA sees what the lab's engine held, watches the terminal live without being able to type in it,
// and answers in the thread the learner reads on the lab's page.
const baseUrl = inject("baseUrl");
const LAB = "connect-services-on-networks";
const OPEN = '[data-testid="lab-status"][data-status="open"]';

let browser: Browser;
let learner: Page;
let ta: Page;
const consoleErrors: string[] = [];

/** The watching terminal's screen, a line per row, as terminalScreen reads the lab's own. */
async function watchedScreen(): Promise<string> {
  const terminal = ta.getByTestId("watch-terminal");
  await terminal.scrollIntoViewIfNeeded();
  const rows = await terminal.locator(".xterm-rows > div").allTextContents();
  return rows.map((row) => row.replaceAll("\u00a0", " ").trimEnd()).join("\n");
}

async function typeInLab(command: string): Promise<void> {
  await learner.getByTestId("lab-terminal").click();
  await learner.keyboard.type(command);
  await learner.keyboard.press("Enter");
}

beforeAll(async () => {
  browser = await launchChromium();
  learner = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  ta = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  watchConsoleErrors(learner, consoleErrors);
  watchConsoleErrors(ta, consoleErrors);
  const learnerEmail = await signUp(learner, "Hana Help");
  const taEmail = await signUp(ta, "Theo Assistant");
  const [l] = await query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [learnerEmail]);
  const [t] = await query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [taEmail]);
  const classId = `help-class-${Date.now()}`;
  await query(`INSERT INTO class (id, name, term) VALUES ($1, 'Docker for ML', 'Winter')`, [classId]);
  for (const [userId, role] of [
    [l!.id, "learner"],
    [t!.id, "ta"],
  ])
    await query(
      `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'staff')`,
      [classId, userId, role],
    );
});

afterAll(async () => {
  await browser?.close();
});

describe("help from staff on a lab", () => {
  let labId: string;

  it("sends the class's staff the question with the lab's state, and the learner's consent to watch", async () => {
    await learner.goto(`/labs/${LAB}`);
    await learner.getByTestId("start-lab").click();
    await learner.locator(OPEN).waitFor({ timeout: 180_000 });
    labId = (await learner.getByTestId("lab-terminal").getAttribute("data-lab-id"))!;
    await expect.poll(() => terminalScreen(learner, "lab"), { timeout: 60_000 }).toMatch(/[#$]$/m);
    await typeInLab("docker network create ml-net && echo MADE");
    await expect.poll(() => terminalScreen(learner, "lab"), { timeout: 60_000 }).toMatch(/^MADE$/m);
    // Asked once the task is green: the snapshot says which tasks are done.
    await learner.locator('[data-task="create-network"][data-done="true"]').waitFor({ timeout: 60_000 });

    await learner.getByTestId("ask-for-help").click();
    await learner.getByTestId("help-question-input").fill("My features container cannot reach redis. Why?");
    await learner.getByTestId("watch-consent").check();
    await learner.getByTestId("send-help").click();
    const thread = learner.getByTestId("help-thread").first();
    await thread.waitFor();
    expect(await thread.getAttribute("data-status")).toBe("open");
    expect(await learner.getByTestId("watch-consent-note").textContent()).toContain("read-only");
  });

  it("shows the TA what the engine held, in the inbox of their class's requests", async () => {
    await ta.goto("/instructor/help");
    const row = ta.getByTestId("help-inbox-row").first();
    await row.waitFor();
    expect(await row.textContent()).toContain("Hana Help");
    await row.getByRole("link").first().click();
    await ta.waitForURL(/\/instructor\/help\/.+/);
    expect(await ta.getByTestId("help-question").textContent()).toContain("cannot reach redis");
    // The host reads the engine a moment after the request: the page shows it once read.
    await expect
      .poll(
        async () => {
          await ta.reload();
          return ta.getByTestId("help-engine").getAttribute("data-state");
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe("read");
    expect(await ta.getByTestId("help-networks").textContent()).toContain("ml-net");
    expect(await ta.locator('[data-testid="help-tasks"] [data-done="true"]').count()).toBe(1);
    expect(await ta.getByTestId("help-output").textContent()).toContain("MADE");
  });

  it("lets the TA watch the lab's terminal live, read-only: what the TA types never reaches the lab", async () => {
    const watch = ta.getByTestId("watch-live");
    await watch.waitFor({ timeout: 30_000 });
    expect(await ta.getByTestId("watch-read-only").textContent()).toContain("cannot type");
    await expect.poll(() => ta.getByTestId("watch-standing").getAttribute("data-standing")).toBe("watching");
    await typeInLab("echo watched-$((6*7))");
    await expect.poll(watchedScreen, { timeout: 30_000 }).toMatch(/^watched-42$/m);

    await ta.getByTestId("watch-terminal").click();
    await ta.keyboard.type("echo typed-by-ta");
    await ta.keyboard.press("Enter");
    // Nor by hand: the lab's input, size and close are its learner's alone.
    const typed = await ta.request.post(`/api/sessions/${labId}/input`, {
      data: { type: "input", data: "echo typed-by-ta\r" },
    });
    expect(typed.status()).toBe(404);
    expect((await ta.request.post(`/api/sessions/${labId}/close`)).status()).toBe(404);
    await typeInLab("echo after-$((2*21))");
    await expect.poll(() => terminalScreen(learner, "lab"), { timeout: 30_000 }).toMatch(/^after-42$/m);
    expect(await terminalScreen(learner, "lab")).not.toContain("typed-by-ta");
  });

  it("answers in the thread the learner reads on the lab's page", async () => {
    await ta.getByTestId("help-reply").fill("Put both containers on ml-net: docker network connect ml-net redis.");
    await ta.getByTestId("help-reply-send").click();
    const staffMessage = learner.locator('[data-testid="help-message"][data-staff="true"]');
    await staffMessage.waitFor({ timeout: 30_000 });
    expect(await staffMessage.getByTestId("help-message-author").textContent()).toContain("Theo Assistant");
    expect(await staffMessage.getByTestId("help-message-body").textContent()).toContain("docker network connect");

    // The learner stops sharing: the TA's watch ends.
    await learner.getByTestId("stop-sharing").click();
    await expect
      .poll(
        () =>
          ta
            .getByTestId("watch-standing")
            .getAttribute("data-standing")
            .catch(() => "gone"),
        {
          timeout: 30_000,
        },
      )
      .not.toBe("watching");
    await learner.getByTestId("close-lab").click();
    await learner.locator('[data-testid="lab-status"][data-status="closed"]').waitFor({ timeout: 120_000 });
    expect(consoleErrors).toEqual([]);
  });
});
