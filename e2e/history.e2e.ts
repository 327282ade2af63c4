import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { type Attempt, dockerfileOf, FAILS_AT_RUN_STEP, gradedSubmission, PASSES } from "./graded-submission";

const baseUrl = inject("baseUrl");
const EXERCISE = "first-image";
const historyPath = `/exercises/${EXERCISE}/history`;
const MAIN_PY = readFileSync(
  path.resolve(import.meta.dirname, `../content/exercises/${EXERCISE}/starter/app/main.py`),
  "utf8",
);

// Fails at its RUN step (line 3); the second attempt fixes it.
const FIRST = dockerfileOf(FAILS_AT_RUN_STEP);
const SECOND = dockerfileOf(PASSES);
const DRAFT = `${SECOND}# trying a label next\nLABEL course="dockyard"\n`;
const files = (dockerfile: string) => [
  { path: "Dockerfile", content: dockerfile },
  { path: "app/main.py", content: MAIN_PY },
];

interface AttemptJson {
  id: string;
  number: number;
  status: string;
  score?: number;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const ids: { first?: string; second?: string } = {};
let email = "";

async function attempts(p: Page): Promise<AttemptJson[]> {
  const response = await p.request.get(`/api/exercises/${EXERCISE}/attempts`);
  expect(response.status()).toBe(200);
  return (await response.json()).attempts;
}

/** A graded attempt of the learner's, as their attempts list shows it. */
async function graded(attempt: Attempt): Promise<AttemptJson> {
  const id = await gradedSubmission(email, attempt);
  return (await attempts(page)).find((a) => a.id === id)!;
}

async function loadDraft(p: Page) {
  const response = await p.request.get(`/api/drafts/${EXERCISE}`);
  expect(response.status()).toBe(200);
  return (await response.json()).draft as { files: { path: string; content: string }[]; revision: number } | null;
}

/** The diff's rows of one kind in a file, as the sign a reader sees followed by the line's text. */
async function diffRows(p: Page, file: string, kind: "add" | "remove"): Promise<string[]> {
  return p
    .locator(`[data-testid="file-diff"][data-path="${file}"] tr[data-diff="${kind}"]`)
    .evaluateAll((rows) =>
      rows.map((r) => `${r.children[2]!.querySelector("[aria-hidden]")!.textContent}${r.children[3]!.textContent}`),
    );
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: baseUrl });
  page = await context.newPage();
  watchConsoleErrors(page, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
});

describe("a learner's submission history", () => {
  it("starts empty for a new learner", async () => {
    email = await signUp(page, "Hal Historian");
    await page.goto(historyPath);
    await page.getByTestId("no-attempts").waitFor();
  });

  it("keeps every graded attempt, newest first, with its time, verdict and score", async () => {
    const first = await graded(FAILS_AT_RUN_STEP);
    expect(first).toMatchObject({ number: 1, status: "failed" });
    const second = await graded(PASSES);
    expect(second).toMatchObject({ number: 2, status: "passed" });
    ids.first = first.id;
    ids.second = second.id;
    const { revision } = (await loadDraft(page)) ?? { revision: 0 };
    const saved = await page.request.put(`/api/drafts/${EXERCISE}`, {
      data: { files: files(DRAFT), baseRevision: revision },
    });
    expect(saved.status()).toBe(200);

    await page.goto(historyPath);
    const rows = page.getByTestId("attempt-row");
    expect(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-attempt")))).toEqual([
      second.id,
      first.id,
    ]);
    expect(await rows.nth(0).locator("th").textContent()).toBe("Attempt 2");
    expect(await rows.nth(0).locator("[data-verdict]").textContent()).toContain("passed");
    expect(await rows.nth(1).locator("[data-verdict]").textContent()).toContain("failed");
    expect(await rows.nth(0).getByTestId("attempt-score").textContent()).toBe(`${Math.round(second.score! * 100)}%`);
    expect(await rows.nth(1).getByTestId("attempt-score").textContent()).toMatch(/^\d+%$/);
    const time = rows.nth(0).locator("time");
    expect(await time.textContent()).toMatch(/just now|minute/);
    expect(Date.parse((await time.getAttribute("datetime"))!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(await time.getAttribute("title")).toMatch(/^\d{1,2} \w{3} \d{4}, \d\d:\d\d:\d\d UTC$/);
  });

  it("opens an attempt: its files read-only with line numbers, and its report", async () => {
    await page.getByRole("link", { name: "Attempt 1" }).click();
    await page.waitForURL(`**${historyPath}/${ids.first}`);
    expect(await page.locator("h1").textContent()).toBe("Attempt 1");
    const dockerfile = page.locator('[data-testid="attempt-file"][data-path="Dockerfile"]');
    expect(await dockerfile.locator("code").textContent()).toBe(
      FIRST.split("\n")
        .slice(0, -1)
        .map((line, i) => `${i + 1}${line}\n`)
        .join(""),
    );
    // The numbers are hidden from screen readers and left out of a copied selection.
    const numbers = dockerfile.locator('code [aria-hidden="true"]');
    expect(await numbers.count()).toBe(4);
    expect(await numbers.first().evaluate((n) => getComputedStyle(n).userSelect)).toBe("none");
    expect(await dockerfile.locator("textarea, [contenteditable]").count()).toBe(0);
    const check = page.getByTestId("result-report").locator('[data-check="correctness.image-builds"]');
    expect(await check.getAttribute("data-check-status")).toBe("fail");
    expect(await check.textContent()).toContain("Dockerfile:3");
    expect(await page.getByRole("link", { name: "← Back to the exercise" }).getAttribute("href")).toBe(
      `/exercises/${EXERCISE}`,
    );
  });

  it("compares the attempt with the current draft, line by line with + and - signs", async () => {
    await page.getByRole("link", { name: "Compare with your current draft" }).click();
    await page.waitForURL(`**${historyPath}/compare?from=${ids.first}&to=draft`);
    expect(await page.getByTestId("comparison-title").textContent()).toBe(
      "Changes from attempt 1 to your current draft",
    );
    expect(await diffRows(page, "Dockerfile", "remove")).toEqual(['-RUN echo "broken" && exit 3']);
    expect(await diffRows(page, "Dockerfile", "add")).toEqual([
      "+COPY app/ ./app/",
      "+# trying a label next",
      '+LABEL course="dockyard"',
    ]);
    const mainPy = page.locator('[data-testid="file-diff"][data-path="app/main.py"]');
    expect(await mainPy.getAttribute("data-change")).toBe("unchanged");
    expect(await mainPy.textContent()).toContain("No changes.");
  });

  it("compares the latest two attempts when nothing is picked", async () => {
    await page.goto(historyPath);
    const form = page.getByTestId("compare-form");
    expect(await form.getByLabel("Compare").inputValue()).toBe(ids.first!);
    expect(await form.getByLabel("with").inputValue()).toBe(ids.second!);
    await page.goto(`${historyPath}/compare`);
    expect(await page.getByTestId("comparison-title").textContent()).toBe("Changes from attempt 1 to attempt 2");
    expect(await diffRows(page, "Dockerfile", "add")).toEqual(["+COPY app/ ./app/"]);
  });

  it("compares two attempts picked from the keyboard, and says when two sides are the same", async () => {
    const form = page.getByTestId("compare-form");
    await form.getByLabel("Compare").focus();
    await form.getByLabel("Compare").selectOption(ids.first!);
    await form.getByLabel("with").selectOption(ids.second!);
    await form.getByRole("button", { name: "Show changes" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**${historyPath}/compare?from=${ids.first}&to=${ids.second}`);
    expect(await diffRows(page, "Dockerfile", "remove")).toEqual(['-RUN echo "broken" && exit 3']);
    expect(await diffRows(page, "Dockerfile", "add")).toEqual(["+COPY app/ ./app/"]);
    expect(await page.locator('[data-testid="file-diff"] tr[data-diff="add"] td').first().textContent()).toBe("");

    await form.getByLabel("Compare").selectOption(ids.second!);
    await form.getByLabel("with").selectOption(ids.second!);
    await form.getByRole("button", { name: "Show changes" }).click();
    await page.getByTestId("no-changes").waitFor();
    expect(await page.getByTestId("no-changes").textContent()).toBe(
      "No changes: attempt 2 and attempt 2 have the same files.",
    );
  });

  it("restores an attempt's files as the draft after a confirmation, and the exercise opens with them", async () => {
    await page.goto(`${historyPath}/${ids.second}`);
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.getByRole("button", { name: "Restore these files" }).click();
    expect((await loadDraft(page))?.files).toEqual(files(DRAFT));
    expect(page.url()).toContain(`${historyPath}/${ids.second}`);

    const before = (await loadDraft(page))!.revision;
    let question = "";
    page.once("dialog", (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole("button", { name: "Restore these files" }).click();
    await page.waitForURL(`**/exercises/${EXERCISE}`);
    expect(question).toContain("Replace your current draft with the files of attempt 2?");
    expect(await loadDraft(page)).toMatchObject({ files: files(SECOND), revision: before + 1 });
    // Restoring records no attempt.
    expect((await attempts(page)).map((a) => a.id)).toEqual([ids.second, ids.first]);
  });

  it("shows nobody else an attempt, and answers an unknown one with 404", async () => {
    const other = await browser.newContext({ baseURL: baseUrl });
    const otherPage = await other.newPage();
    await signUp(otherPage, "Eve Elsewhere");
    for (const url of [
      `/api/exercises/${EXERCISE}/attempts/${ids.first}`,
      `${historyPath}/${ids.first}`,
      `${historyPath}/compare?from=${ids.first}&to=draft`,
    ]) {
      expect((await otherPage.request.get(url)).status(), url).toBe(404);
    }
    const restore = await otherPage.request.post(`/api/exercises/${EXERCISE}/attempts/${ids.first}/restore`);
    expect(restore.status()).toBe(404);
    expect((await restore.json()).error.message).toBe("There is no such attempt at this exercise, or it is not yours.");
    expect(await (await otherPage.request.get(`/api/exercises/${EXERCISE}/attempts`)).json()).toEqual({
      attempts: [],
    });
    await other.close();

    expect((await page.request.get(`${historyPath}/nosuchattempt`)).status()).toBe(404);
    expect((await page.request.get(`/api/exercises/${EXERCISE}/attempts/nosuchattempt`)).status()).toBe(404);
    const signedOut = await fetch(`${baseUrl}/api/exercises/${EXERCISE}/attempts`);
    expect(signedOut.status).toBe(401);
  });

  it("caused no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
