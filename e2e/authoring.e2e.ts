import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";

const root = path.resolve(import.meta.dirname, "..");
const PORT = 3110;
const lessonDir = "modules/01-why-containers/lessons/containers-vs-vms";

let browser: Browser;
let author: ChildProcess;
let content: string;
let page: Page;
const output: string[] = [];

/**
 * `npm run author` as an author runs it, on a copy of the course (CONTENT_DIR) so the edits below never touch the
 * real content, against the e2e platform's database.
 */
beforeAll(async () => {
  content = mkdtempSync(path.join(tmpdir(), "dockyard-author-"));
  cpSync(path.join(root, "content"), content, { recursive: true });
  author = spawn("bash", ["scripts/author.sh"], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), CONTENT_DIR: content, DATABASE_URL: inject("databaseUrl") },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  author.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  author.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  browser = await launchChromium();
  page = await browser.newPage({ baseURL: `http://localhost:${PORT}` });
  // The first request compiles the page in next dev, which takes a while on two cores.
  for (let i = 0; ; i++) {
    const ready = await fetch(`http://localhost:${PORT}/api/health`).then(
      () => true,
      () => false,
    );
    if (ready) break;
    if (i > 240 || author.exitCode !== null) throw new Error(`npm run author did not start:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (author && author.exitCode === null) {
    // The script stops next dev itself on SIGTERM; the process group catches anything left behind.
    process.kill(-author.pid!, "SIGTERM");
    await once(author, "exit");
  }
  rmSync(content, { recursive: true, force: true });
});

function edit(file: string, change: (text: string) => string): void {
  const full = path.join(content, file);
  writeFileSync(full, change(readFileSync(full, "utf8")));
}

describe("the live preview of `npm run author`", () => {
  it("shows a saved lesson edit in the open page without a reload", async () => {
    await page.goto("/lessons/containers-vs-vms", { timeout: 180_000 });
    await page.locator('[data-testid="live-reload"][data-connected="true"]').waitFor({ timeout: 60_000 });
    // A marker in the window survives a refresh in place and is lost by a full reload.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    edit(`${lessonDir}/lesson.mdx`, (text) =>
      text.replace("<Quiz />", "A sentence written while the page was open.\n\n<Quiz />"),
    );
    await page.getByText("A sentence written while the page was open.").waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  });

  it("shows a quiz mistake in the page with its file and line, and clears it once fixed", async () => {
    const quiz = `${lessonDir}/quiz.yaml`;
    const original = readFileSync(path.join(content, quiz), "utf8");
    const line = original.split("\n").findIndex((l) => l.includes("kind: predict")) + 1;
    edit(quiz, (text) => text.replace("kind: predict", "kind: guess"));
    const problem = page.getByTestId("content-problem").first();
    await problem.waitFor({ timeout: 60_000 });
    // The path is the file's as seen from where the preview runs: here the copy, normally content/.
    expect(await problem.textContent()).toContain(`${quiz}:${line}`);
    writeFileSync(path.join(content, quiz), original);
    await page.getByTestId("content-problems").waitFor({ state: "detached", timeout: 60_000 });
  });
});
