import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { engineClient } from "../sandbox-runner/docker/engine";
import { LABEL_SHELL } from "../sandbox-runner/owner-labels";
import { signIn, signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
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
