import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signIn, signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { editorText } from "./editor-helpers";
import { terminalScreen, terminalTextBox } from "./terminal-screen";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
// The quickest image to build: the base image is on the grader, and nothing is installed.
const EXERCISE = "first-image";
const MAIN_PY = readFileSync(
  path.resolve(import.meta.dirname, `../content/exercises/${EXERCISE}/starter/app/main.py`),
  "utf8",
);

const HOSTILE_NAME = "<img src=x onerror=alert('name')>";
const DOCKERFILE_COMMENTS = [
  "# <script>alert('dockerfile')</script>",
  "# <img src=x onerror=alert(1)> and a link: javascript:alert(1)",
];
/**
 * Prints, through printf's octal escapes so the Dockerfile itself stays printable: HTML, a colour, an OSC 8 link to
 * a javascript: URL, an OSC 52 clipboard write (of "clipboard-owned") and a NUL byte.
 */
const HOSTILE_PRINTF =
  String.raw`printf '<script>alert(\047log\047)</script>\n<b>bold</b>\n\033[31mred\033[0m\n` +
  String.raw`\033]8;;javascript:alert(\047osc8\047)\007osc8-label\033]8;;\007\n` +
  String.raw`\033]52;c;Y2xpcGJvYXJkLW93bmVk\007after-osc52\nnul:\000:after-nul\n'`;
/** What the hostile step prints, once made plain text: one line each. */
const PLAIN_OUTPUT = [
  "<script>alert('log')</script>",
  "<b>bold</b>",
  "red",
  "osc8-label",
  "after-osc52",
  "nul::after-nul",
];
const dockerfile = (run: string) =>
  [
    "FROM python:3.11-slim",
    ...DOCKERFILE_COMMENTS,
    "WORKDIR /srv",
    "COPY app/ ./app/",
    `RUN ${run}`,
    'CMD ["python", "app/main.py"]',
    "",
  ].join("\n");
/** Builds, so there is an image to open a shell in. */
const BUILDS = dockerfile(HOSTILE_PRINTF);
/** Fails at the hostile step: the failing build check quotes its output as evidence, NUL and all. */
const FAILING = dockerfile(`${HOSTILE_PRINTF} && exit 3`);

/** BuildKit's line for a step's output: `#6 0.215 red`. */
const stepOutput = (text: string) =>
  new RegExp(`^#\\d+ (?:\\d+\\.\\d+ )?${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`, "m");

let browser: Browser;
const contexts: BrowserContext[] = [];
const dialogs: string[] = [];
const consoleErrors: string[] = [];
let learner: Page;
let learnerEmail = "";
const ids = { failing: "", builds: "" };

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  contexts.push(context);
  const page = await context.newPage();
  // Any dialog at all means some text ran as script: recorded (and dismissed) so the test fails.
  page.on("dialog", (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  watchConsoleErrors(page, consoleErrors);
  return page;
}

/** Submits through the API, as the editor's Submit button does, then follows the grading on the exercise page. */
async function submitAndFollow(content: string, final: "passed|failed" | "failed"): Promise<string> {
  const response = await learner.request.post("/api/submissions", {
    data: {
      exercise: EXERCISE,
      files: [
        { path: "Dockerfile", content },
        { path: "app/main.py", content: MAIN_PY },
      ],
    },
  });
  expect(response.status()).toBe(202);
  const { id } = (await response.json()) as { id: string };
  // Opened at once: the log arrives over the live stream while grading runs.
  await learner.goto(`/exercises/${EXERCISE}`);
  const status = learner.getByTestId("submission-status");
  await expect
    .poll(() => status.getAttribute("data-status"), { timeout: 300_000, interval: 1_000 })
    .toMatch(new RegExp(`^(${final})$`));
  return id;
}

/** Elements the hostile text would have made had any of it been rendered as HTML or a link. */
function injected(page: Page) {
  return page.evaluate(() => ({
    images: document.querySelectorAll('img[src="x"]').length,
    handlers: document.querySelectorAll("[onerror]").length,
    javascriptUrls: document.querySelectorAll(
      '[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]',
    ).length,
    scripts: [...document.scripts].filter((s) => /^alert\(/.test((s.textContent ?? "").trim())).length,
    bold: [...document.querySelectorAll("b")].filter((b) => b.textContent?.includes("bold")).length,
  }));
}

async function expectInert(page: Page): Promise<void> {
  expect(await injected(page), page.url()).toEqual({ images: 0, handlers: 0, javascriptUrls: 0, scripts: 0, bold: 0 });
  expect(dialogs).toEqual([]);
}

/** Text that shows what the hostile step printed, as plain text: every line there, no control left. */
function expectPlainOutput(text: string): void {
  // The NUL is dropped and the text after it kept: PostgreSQL refuses a NUL, which used to lose the log chunk or
  // end the whole submission as a platform error.
  for (const line of PLAIN_OUTPUT) expect(text).toMatch(stepOutput(line));
  // The Dockerfile's own text spells the escapes with backslashes only, so none of these may appear at all.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not be there.
  expect(text).not.toMatch(/[\u0000\u0007\u001b\u009b\u009d]/);
  expect(text).not.toContain("javascript:alert('osc8')");
}

async function expectPlainLog(page: Page): Promise<void> {
  expectPlainOutput((await page.getByTestId("build-log").textContent()) ?? "");
}

/** The failing build check quotes the step's output as its evidence: as plain text too. */
async function expectPlainEvidence(page: Page): Promise<void> {
  const check = page.locator('[data-check="correctness.image-builds"]');
  expect(await check.getAttribute("data-check-status")).toBe("fail");
  const evidence = check.locator("pre");
  expectPlainOutput((await evidence.textContent()) ?? "");
  expect(await evidence.isVisible()).toBe(true);
}

function expectFilesListed(text: string | null): void {
  for (const comment of DOCKERFILE_COMMENTS) expect(text).toContain(comment);
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("learner text rendered as text, never as markup, a link or a terminal command", () => {
  it("grades a hostile build that fails, from a learner with a hostile name: log and evidence as text", async () => {
    learner = await newPage();
    learnerEmail = await signUp(learner, HOSTILE_NAME);
    expect(await learner.getByTestId("signed-in-as").textContent()).toContain(HOSTILE_NAME);
    ids.failing = await submitAndFollow(FAILING, "failed");
    await expectPlainLog(learner);
    await expectPlainEvidence(learner);
    await expectInert(learner);
  });

  it("grades the hostile build that builds, and shows its stored log and files as text", async () => {
    ids.builds = await submitAndFollow(BUILDS, "passed|failed");
    expect(await learner.locator('[data-phase="build"]').getAttribute("data-phase-status")).toBe("passed");
    await expectPlainLog(learner);
    await expectInert(learner);

    await learner.reload();
    await expectPlainLog(learner);
    const step = learner
      .getByTestId("build-log")
      .locator("details[data-log-section=step]", { hasText: "<script>alert('log')</script>" })
      .first();
    await step.locator("summary").click();
    // Unfolded, the step's output shows the markup as its characters (the title quotes the command, escapes and all).
    const stepOutputText = step.locator("pre");
    expect(await stepOutputText.isVisible()).toBe(true);
    expect(await stepOutputText.textContent()).toMatch(/<script>alert\('log'\)<\/script>\n.*<b>bold<\/b>\n/);
    // With no draft saved, the editor opens with the latest submission's files.
    expectFilesListed(await editorText(learner, "Dockerfile"));
    expect(await learner.getByTestId("signed-in-as").textContent()).toContain(HOSTILE_NAME);
    await expectInert(learner);
  });

  it("shows the attempts' files and report as text in the history, and in a comparison", async () => {
    await learner.goto(`/exercises/${EXERCISE}/history/${ids.failing}`);
    const dockerfileListing = learner.locator('[data-testid="attempt-file"][data-path="Dockerfile"]');
    expectFilesListed(await dockerfileListing.locator("code").textContent());
    expect(await dockerfileListing.getByText(DOCKERFILE_COMMENTS[0]!).isVisible()).toBe(true);
    await expectPlainEvidence(learner);
    await expectInert(learner);

    await learner.goto(`/exercises/${EXERCISE}/history/compare?from=${ids.builds}&to=${ids.failing}`);
    const diff = learner.locator('[data-testid="file-diff"][data-path="Dockerfile"]');
    expect(await diff.textContent()).toContain("&& exit 3");
    await expectInert(learner);
  });

  it("shows the learner's name, files, report and log as text on the instructor's pages", async () => {
    const email = uniqueEmail("Ezra Escaper");
    const password = "admin password for the escaping e2e";
    await promisify(execFile)(
      "npx",
      ["--no-install", "tsx", "scripts/create-admin.ts", "--email", email, "--name", "Ezra Escaper"],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, DOCKYARD_ADMIN_PASSWORD: password } },
    );
    const admin = await newPage();
    await signIn(admin, email, password);
    const nameLink = (scope: Locator) => scope.getByRole("link", { name: HOSTILE_NAME, exact: true });

    await admin.goto(`/instructor/submissions/${ids.failing}`);
    expect(await admin.locator("h1").textContent()).toContain(`by ${HOSTILE_NAME}`);
    expect(await nameLink(admin.getByTestId("submission-facts")).isVisible()).toBe(true);
    expectFilesListed(await admin.getByTestId("submission-files").textContent());
    await expectPlainLog(admin);
    await expectPlainEvidence(admin);
    await expectInert(admin);

    await admin.goto(`/instructor/submissions/${ids.builds}`);
    await expectPlainLog(admin);
    await expectInert(admin);

    await admin.goto(`/instructor/submissions?learner=${encodeURIComponent(learnerEmail)}`);
    const row = admin.locator(`[data-testid="submissions-table"] [data-submission="${ids.failing}"]`);
    expect(await nameLink(row).isVisible()).toBe(true);
    await expectInert(admin);

    await admin.goto(`/instructor/learners?q=${encodeURIComponent(learnerEmail)}`);
    const name = nameLink(admin.getByTestId("learners-table"));
    expect(await name.isVisible()).toBe(true);
    await expectInert(admin);
    await name.click();
    await admin.waitForURL("**/instructor/learners/**");
    expect(await admin.locator("h1").textContent()).toBe(HOSTILE_NAME);
    await expectInert(admin);

    await admin.goto(`/instructor/people?q=${encodeURIComponent(learnerEmail)}`);
    expect(await admin.getByText(HOSTILE_NAME).first().isVisible()).toBe(true);
    await expectInert(admin);
  });

  it("keeps the shell's output in the image to text: no link for OSC 8, no clipboard write for OSC 52", async () => {
    await learner.goto(`/exercises/${EXERCISE}`);
    await learner
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(learner.url()).origin });
    // The OSC 52 sequence below would put "clipboard-owned" (its base64) on it.
    await learner.evaluate(() => navigator.clipboard.writeText("untouched"));
    await learner.getByTestId("open-shell").click();
    await learner.locator('[data-testid="shell-status"][data-status="open"]').waitFor({ timeout: 60_000 });
    const shellId = await learner.getByTestId("shell-terminal").getAttribute("data-shell-id");

    // Octal escapes again, for the hyphen and the full stop too: the echoed command never spells what it prints.
    await learner.keyboard.type(
      String.raw`printf '<script>alert(\047shell\047)</script> <b>bold</b> \033[31mred\033[0m ` +
        String.raw`\033]8;;javascript:alert(\047osc8\047)\007\033[32mosc8\055label\033[0m\033]8;;\007 ` +
        String.raw`\033]8;;https://evil.example/\007\033[33mhttps\055label\033[0m\033]8;;\007 ` +
        String.raw`\033]52;c;Y2xpcGJvYXJkLW93bmVk\007end\056\n'`,
    );
    await learner.keyboard.press("Enter");
    await expect
      .poll(() => terminalScreen(learner), { timeout: 30_000 })
      .toMatch(/^<script>alert\('shell'\)<\/script> <b>bold<\/b> red osc8-label https-label end\.$/m);

    // The labels are no links: clicking them asks nothing. xterm itself would make the https one a link (it
    // refuses other schemes) and confirm before following it: a dialog, which fails the test.
    for (const text of ["osc8-label", "https-label"]) {
      // xterm's screen layer takes the pointer above its text: point where the label is drawn, as a person would.
      // Measured inside the page in one step (terminalTextBox): xterm's redraws replace the rows' elements.
      await learner.getByTestId("shell-terminal").scrollIntoViewIfNeeded();
      await expect.poll(() => terminalTextBox(learner, text), { timeout: 10_000 }).toBeDefined();
      const box = (await terminalTextBox(learner, text))!;
      await learner.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await learner.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
    expect(dialogs).toEqual([]);
    expect(await learner.evaluate(() => navigator.clipboard.readText())).toBe("untouched");

    // What reached the page: the shell's own event stream, read from the start, carries no control string.
    const output = await learner.evaluate(
      (id) =>
        new Promise<string>((resolve) => {
          const source = new EventSource(`/api/sessions/${id}/events`);
          let text = "";
          source.addEventListener("output", (e) => {
            const data = JSON.parse((e as MessageEvent<string>).data);
            text += data.text ?? data.data?.text ?? "";
            if (text.includes("end.")) {
              source.close();
              resolve(text);
            }
          });
        }),
      shellId,
    );
    // Colours pass (xterm draws them); the link and the clipboard write do not.
    expect(output).toContain("<script>alert('shell')</script> <b>bold</b> \u001b[31mred\u001b[0m ");
    expect(output).not.toContain("\u001b]");
    expect(output).not.toContain("javascript:alert('osc8')");
    await expectInert(learner);

    await learner.getByTestId("close-shell").click();
    await learner.locator('[data-testid="shell-status"][data-status="closed"]').waitFor({ timeout: 60_000 });
  });

  it("opened no dialog and logged no console error anywhere", () => {
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
