import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { editorText, fileTab, monaco, openInEditor, setEditorText } from "./editor-helpers";

const baseUrl = inject("baseUrl");
const DOCKERFILE =
  "FROM python:3.11-slim\nWORKDIR /srv\nRUN pip install flask\nCOPY app/ ./app/\nCMD python app/main.py\n";

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  watchConsoleErrors(page, consoleErrors);
  // Monaco, its workers, fonts and styles all come from the app: nothing may go to a CDN or any other host.
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !/^(data|blob):/.test(url)) foreignRequests.push(url);
  });
});

afterAll(async () => {
  await browser?.close();
});

/** A line of the editor as rendered, found by its text. */
const line = (page: Page, path: string, text: string) =>
  monaco(page, path).locator(".view-line", { hasText: text }).first();

describe("the Monaco editor of the exercise page", () => {
  it("replaces the textarea once it has loaded, for a signed-in learner", async () => {
    await signUp(page, "Edie Editor");

    await page.goto("/exercises/first-image");
    // Server-rendered: the file is editable before any editor code has arrived.
    expect(await page.getByTestId("editor-Dockerfile").count()).toBe(1);
    await openInEditor(page, "Dockerfile");
    expect(await page.locator('textarea[data-testid="editor-Dockerfile"]').count()).toBe(0);
    expect(await page.getByRole("tablist", { name: "Files of the exercise" }).getAttribute("data-layout")).toBe("tabs");
  });

  it("takes typing, marks the grader's static findings on their lines and links the lesson", async () => {
    await setEditorText(page, "Dockerfile", DOCKERFILE);
    await expect.poll(() => editorText(page, "Dockerfile")).toBe(DOCKERFILE);
    await page.locator('[data-instant-check="size.pip-no-cache"]').waitFor();
    await monaco(page, "Dockerfile").locator(".squiggly-error").first().waitFor();

    // The marker is on the pip line: hovering it shows the check's message and its lesson link.
    await line(page, "Dockerfile", "pip install flask").locator("span", { hasText: "flask" }).last().hover();
    const hover = page.locator(".monaco-hover").filter({ hasText: "pip does not keep its download cache" });
    await hover.first().waitFor();
    const lesson = hover.first().getByRole("link", { name: /size\.pip-no-cache/ });
    expect(await lesson.getAttribute("href")).toBe(`${baseUrl}/lessons/installing-packages-cleanly`);
  });

  it("applies a rule's quick fix from Ctrl+.", async () => {
    await line(page, "Dockerfile", "pip install flask").click();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+Period");
    await page.locator(".action-widget").getByText("Add --no-cache-dir to pip install").waitFor();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => editorText(page, "Dockerfile"))
      .toBe(DOCKERFILE.replace("pip install", "pip install --no-cache-dir"));
    await expect.poll(() => page.locator('[data-instant-check="size.pip-no-cache"]').count()).toBe(0);
  });

  it("explains Dockerfile instructions and flags on hover, with their lesson", async () => {
    await page.mouse.move(0, 0);
    await line(page, "Dockerfile", "WORKDIR").locator("span", { hasText: "WORKDIR" }).last().hover();
    const hover = page.locator(".monaco-hover").filter({ hasText: "Sets the directory later RUN" });
    await hover.first().waitFor();
    expect(await hover.first().getByRole("link", { name: "Lesson" }).getAttribute("href")).toBe(
      `${baseUrl}/lessons/dockerfile-for-ml-service`,
    );
  });

  it("shows a finding's line when its location is clicked in the list below", async () => {
    await page.locator('[data-instant-check="correctness.exec-form-cmd"]').getByRole("button").click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest(".monaco-editor") !== null)).toBe(true);
    // Monaco paints the selection in a frame after it takes the focus.
    await expect.poll(() => monaco(page, "Dockerfile").locator(".selected-text").count()).toBeGreaterThan(0);
  });

  it("submits with Ctrl+Enter from inside the editor, without adding a line", async () => {
    const before = await editorText(page, "Dockerfile");
    await line(page, "Dockerfile", "FROM").click();
    await page.keyboard.press("Control+Enter");
    await page.getByTestId("submission-status").waitFor({ timeout: 30_000 });
    expect(await editorText(page, "Dockerfile")).toBe(before);
  });

  it("shows the fixed files as read-only tabs, in a tree when there are many, reachable by keyboard", async () => {
    await page.goto("/exercises/model-server");
    const tabs = page.getByRole("tablist", { name: "Files of the exercise" });
    expect(await tabs.getAttribute("data-layout")).toBe("tree");
    expect(await page.getByRole("tab", { name: "app/main.py (read-only)" }).count()).toBe(1);

    await openInEditor(page, "app/main.py");
    const before = await editorText(page, "app/main.py");
    await monaco(page, "app/main.py").locator(".view-lines").click();
    await page.keyboard.type("zzz");
    await page.locator(".monaco-editor-overlaymessage").filter({ hasText: "read-only" }).waitFor();
    expect(await editorText(page, "app/main.py")).toBe(before);

    // One tab stop; the arrow keys move between files and show them.
    await fileTab(page, "app/main.py").focus();
    await page.keyboard.press("ArrowDown");
    const next = page.locator('[role="tab"][aria-selected="true"]');
    expect(await next.getAttribute("data-file")).not.toBe("app/main.py");
    expect(await next.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("follows the system's light or dark mode live, and shows the files read-only on a phone", async () => {
    await openInEditor(page, "Dockerfile");
    await page.emulateMedia({ colorScheme: "dark" });
    await monaco(page, "Dockerfile").locator(".monaco-editor.vs-dark").waitFor();
    await page.emulateMedia({ colorScheme: "light" });
    await monaco(page, "Dockerfile").locator(".monaco-editor.vs").waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("editor-phone-note").waitFor();
    expect(await page.locator('pre[data-testid="editor-Dockerfile"]').textContent()).toContain("FROM python");
    expect(await page.locator("textarea, .monaco-editor").count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    await openInEditor(page, "Dockerfile");
  });

  it("caused no console errors and no request to another host", () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
