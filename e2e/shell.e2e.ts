import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { engineClient } from "../sandbox-runner/docker/engine";
import { LABEL_SHELL } from "../sandbox-runner/owner-labels";
import { WCAG_22_AA } from "./accessibility";
import { signIn, signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { PHONE } from "./phone";
import { terminalScreen } from "./terminal-screen";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
// The starter builds, then dies at import: its compiled library needs libgomp.so.1, which the slim runtime lacks.
const EXERCISE = "debug-missing-library";

let browser: Browser;
let page: Page;
let shellId: string | null = null;
let submissionId = "";
const consoleErrors: string[] = [];

const shellContainers = (id: string) =>
  engineClient().listContainers({ all: true, filters: { label: [`${LABEL_SHELL}=${id}`] } });

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  watchConsoleErrors(page, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
});

describe("a shell in the learner's own image", () => {
  it("offers a shell once the starter is graded: it built, then failed at run time", async () => {
    await signUp(page, "Sasha Shell");
    await page.goto(`/exercises/${EXERCISE}`);
    const [submitted] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/api/submissions" && r.request().method() === "POST"),
      page.getByRole("button", { name: "Submit for grading" }).click(),
    ]);
    submissionId = ((await submitted.json()) as { id: string }).id;
    await page.locator('[data-testid="submission-status"][data-status="failed"]').waitFor({ timeout: 300_000 });
    expect(await page.locator('[data-phase="build"]').getAttribute("data-phase-status")).toBe("passed");
    const starts = page.locator('[data-check="correctness.container-starts"]');
    expect(await starts.getAttribute("data-check-status")).toBe("fail");
    // The failing run check offers the shell next to its fix, as the report's own panel does.
    expect(await starts.getByTestId("open-shell-from-check").isVisible()).toBe(true);
    expect(await page.getByTestId("shell-try-these").textContent()).toContain("ldd /srv/lib/libfeatures.so");
  });

  it("opens a terminal in the image as its own user, where ldd shows the missing library", async () => {
    await page.getByTestId("open-shell").click();
    await page.locator('[data-testid="shell-status"][data-status="open"]').waitFor({ timeout: 60_000 });
    shellId = await page.getByTestId("shell-terminal").getAttribute("data-shell-id");
    expect(shellId).toBeTruthy();
    expect(await shellContainers(shellId!)).toHaveLength(1);

    // Keyboard only: the terminal takes the focus when the shell opens.
    await page.keyboard.type("id -un");
    await page.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(page), { timeout: 30_000 }).toMatch(/^features$/m);

    await page.keyboard.type("ldd /srv/lib/libfeatures.so");
    await page.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(page), { timeout: 30_000 }).toContain("libgomp.so.1 => not found");
  });

  it("types a suggestion without running it, and Ctrl+C interrupts what is typed", async () => {
    await page.locator('[data-command="ls -la /srv/lib"]').click();
    await expect.poll(() => terminalScreen(page), { timeout: 30_000 }).toMatch(/\$ ls -la \/srv\/lib$/m);
    // Typed, not run: no listing of the folder.
    expect(await terminalScreen(page)).not.toMatch(/^-r.* libfeatures\.so$/m);
    await page.getByTestId("shell-terminal").click();
    await page.keyboard.press("Control+C");
    await page.keyboard.type("echo after-interrupt");
    await page.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(page), { timeout: 30_000 }).toMatch(/^after-interrupt$/m);
  });

  it("closes the shell and removes its container", async () => {
    await page.getByTestId("close-shell").click();
    await page.locator('[data-testid="shell-status"][data-status="closed"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("shell-status").textContent()).toMatch(/^Closed: .+/);
    expect(await page.getByTestId("open-new-shell").isVisible()).toBe(true);
    await expect.poll(() => shellContainers(shellId!), { timeout: 30_000 }).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("allows one shell per account: another submission offers to close the open one and take its place", async () => {
    await page.getByTestId("open-new-shell").click();
    await page.locator('[data-testid="shell-status"][data-status="open"]').waitFor({ timeout: 60_000 });
    const first = await page.getByTestId("shell-terminal").getAttribute("data-shell-id");
    expect(first).not.toBe(shellId);

    // A second submission, graded while the first one's shell is open, in a second tab of the same account.
    const tab = await page.context().newPage();
    await tab.goto(`/exercises/${EXERCISE}`);
    await tab.getByRole("button", { name: "Submit for grading" }).click();
    await tab.locator('[data-testid="submission-status"][data-status="failed"]').waitFor({ timeout: 300_000 });
    // This time from the failing run check's own button.
    await tab.locator('[data-check="correctness.container-starts"]').getByTestId("open-shell-from-check").click();
    await tab.getByTestId("take-over-shell").waitFor({ timeout: 30_000 });
    expect(await tab.getByTestId("shell-status").textContent()).toContain("You already have a shell open");

    await tab.getByTestId("take-over-shell").click();
    await tab.locator('[data-testid="shell-status"][data-status="open"]').waitFor({ timeout: 60_000 });
    const second = await tab.getByTestId("shell-terminal").getAttribute("data-shell-id");
    expect(second).not.toBe(first);
    // The first tab learns its shell was closed, and its container is gone; the second one's is there.
    await page.locator('[data-testid="shell-status"][data-status="closed"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => shellContainers(first!), { timeout: 30_000 }).toEqual([]);
    expect(await shellContainers(second!)).toHaveLength(1);

    await tab.getByTestId("close-shell").click();
    await tab.locator('[data-testid="shell-status"][data-status="closed"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => shellContainers(second!), { timeout: 30_000 }).toEqual([]);
    await tab.close();
  });
});

describe("the terminal with a keyboard and a screen reader", () => {
  const terminal = () => page.getByTestId("shell-terminal");
  const input = () => terminal().locator("textarea.xterm-helper-textarea");
  const screenReaderMode = () => page.getByRole("checkbox", { name: "Screen reader mode" });
  const focused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);
  const run = async (command: string, shows: RegExp) => {
    await page.keyboard.type(command);
    await page.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(page), { timeout: 30_000 }).toMatch(shows);
  };

  it("keeps Tab for completion; Esc then Tab leaves forwards, Shift+Tab backwards, as the page says", async () => {
    await page.getByTestId("open-new-shell").click();
    await page.locator('[data-testid="shell-status"][data-status="open"]').waitFor({ timeout: 60_000 });
    // The way out is told beside the terminal, and is what its input is described by.
    const hint = page.locator("#shell-keys-hint");
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toContain("To leave the terminal, press Esc then Tab");
    expect(await input().getAttribute("aria-describedby")).toBe("shell-keys-hint");

    // Keyboard only from here: the terminal takes the focus when the shell opens.
    await expect.poll(() => focused(input())).toBe(true);
    await page.keyboard.type("echo tab-$((6*7)) /srv/li");
    await page.keyboard.press("Tab");
    expect(await focused(input())).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(page), { timeout: 30_000 }).toMatch(/^tab-42 \/srv\/lib\/$/m);

    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await focused(screenReaderMode())).toBe(true);
    await page.keyboard.press("Shift+Tab");
    expect(await focused(input())).toBe(true);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page.getByTestId("close-shell"))).toBe(true);
    await page.keyboard.press("Tab");
    expect(await focused(input())).toBe(true);
    // Leaving sent the shell nothing: after an Escape, bash would read the next key as a Meta key.
    await run("echo back-two", /^back-two$/m);
    // An Escape with no Tab after it still reaches the shell, with the next key or after the wait for a Tab: bash reads
    // Escape then . as "the last word of the previous command".
    await page.keyboard.type("echo again ");
    await page.keyboard.press("Escape");
    await run(".", /^again back-two$/m);
    await page.keyboard.type("echo more ");
    await page.keyboard.press("Escape");
    await page.waitForTimeout(1500);
    await run(".", /^more back-two$/m);
  });

  it("turns screen reader mode on in the terminal at once, and keeps it for the next page", async () => {
    expect(await terminal().locator(".xterm-accessibility").count()).toBe(0);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    expect(await screenReaderMode().isChecked()).toBe(true);
    // xterm's accessibility tree holds the terminal's lines as text, and its live region announces new output.
    await terminal().locator(".xterm-accessibility .live-region").waitFor({ state: "attached" });
    await expect
      .poll(() => terminal().locator(".xterm-accessibility-tree").textContent(), { timeout: 10_000 })
      .toContain("back-two");

    await page.getByTestId("close-shell").click();
    await page.locator('[data-testid="shell-status"][data-status="closed"]').waitFor({ timeout: 60_000 });
    await page.reload();
    await page.getByTestId("open-shell").click();
    await page.locator('[data-testid="shell-status"][data-status="open"]').waitFor({ timeout: 60_000 });
    expect(await screenReaderMode().isChecked()).toBe(true);
    await terminal().locator(".xterm-accessibility .live-region").waitFor({ state: "attached" });
    // Typing still works with it on (xterm lets the keys reach its input, for the screen reader to echo).
    await expect.poll(() => focused(input())).toBe(true);
    await run("echo plain-$((2*3))", /^plain-6$/m);
  });

  it("shows the latest output as text on request, focused, on a phone too, with no WCAG 2.2 AA problem", async () => {
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const view = page.getByRole("region", { name: "Terminal output as text" });
    await view.waitFor();
    expect(await focused(view)).toBe(true);
    expect(await view.textContent()).toMatch(/^plain-6$/m);
    expect(await page.getByTestId("terminal-text-note").textContent()).toMatch(/^The last \d+ lines? of the shell/);

    // Taken once: later output shows after Refresh.
    await page.getByTestId("shell-terminal").click();
    await run("echo later-$((3*3))", /^later-9$/m);
    expect(await view.textContent()).not.toContain("later-9");
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => view.textContent()).toMatch(/^later-9$/m);

    const size = page.viewportSize();
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    if (size) await page.setViewportSize(size);

    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page })
        .include('[data-testid="shell-panel"]')
        .withTags(WCAG_22_AA)
        .analyze();
      const problems = results.violations.map((v) => `${colorScheme}: ${v.id} on ${v.nodes.map((n) => n.target)}`);
      expect(problems).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: null });

    await page.getByTestId("close-shell").click();
    await page.locator('[data-testid="shell-status"][data-status="closed"]').waitFor({ timeout: 60_000 });
    expect(consoleErrors).toEqual([]);
  });
});

describe("an instructor's shell in a learner's image", () => {
  it("opens from the instructor's page for the learner's submission, as the image's user", async () => {
    const email = uniqueEmail("Ines Instructor");
    const password = "admin password for the shell e2e";
    await promisify(execFile)(
      "npx",
      ["--no-install", "tsx", "scripts/create-admin.ts", "--email", email, "--name", "Ines Instructor"],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, DOCKYARD_ADMIN_PASSWORD: password } },
    );
    const staff = await (await browser.newContext({ baseURL: baseUrl })).newPage();
    await signIn(staff, email, password);
    await staff.goto(`/instructor/submissions/${submissionId}`);
    await staff.getByTestId("open-shell").click();
    await staff.locator('[data-testid="shell-status"][data-status="open"]').waitFor({ timeout: 60_000 });
    const id = await staff.getByTestId("shell-terminal").getAttribute("data-shell-id");
    await staff.keyboard.type("id -un; ls /srv/lib");
    await staff.keyboard.press("Enter");
    await expect.poll(() => terminalScreen(staff), { timeout: 30_000 }).toMatch(/^features\nlibfeatures\.so$/m);

    await staff.getByTestId("close-shell").click();
    await staff.locator('[data-testid="shell-status"][data-status="closed"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => shellContainers(id!), { timeout: 30_000 }).toEqual([]);
  });
});
