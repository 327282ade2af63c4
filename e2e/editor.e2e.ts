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
    // Both findings on this line (cache kept, versions unpinned) link the same lesson.
    const lesson = hover.first().getByRole("link", { name: "Open the lesson" }).first();
    expect(await lesson.getAttribute("href")).toBe(`${baseUrl}/lessons/installing-packages-cleanly`);
    // Checks are named by their titles: the grader's ids never reach the learner.
    expect(await hover.first().textContent()).not.toContain("size.pip-no-cache");
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

  it("fixes only what the exercise lets the learner edit, and pins an unpinned base image from Ctrl+.", async () => {
    // first-image: the learner edits the Dockerfile and app/main.py only, so there is no .dockerignore to write.
    const careless = 'FROM python:latest\nWORKDIR /srv\nCOPY . .\nCMD ["python", "app/main.py"]\n';
    await setEditorText(page, "Dockerfile", careless);
    const context = page.locator('[data-instant-check="size.dockerignore-present"]');
    await context.waitFor();
    expect(await context.textContent()).toContain("COPY app/ ./app/");
    expect(await context.textContent()).not.toMatch(/create \.dockerignore/i);

    await line(page, "Dockerfile", "FROM python:latest").click();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+Period");
    await page.locator(".action-widget").getByText("Pin the base image: FROM python:3.11-slim").waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(() => editorText(page, "Dockerfile")).toBe(careless.replace("latest", "3.11-slim"));
    await expect.poll(() => page.locator('[data-instant-check="security.pin-base-image-version"]').count()).toBe(0);
    await setEditorText(page, "Dockerfile", DOCKERFILE.replace("pip install", "pip install --no-cache-dir"));
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

  it("flags an empty and a misspelled Dockerfile before Submit, with the server's own message", async () => {
    const syntax = page.locator('[data-instant-check="correctness.dockerfile-syntax"]');
    await setEditorText(page, "Dockerfile", "");
    await syntax.filter({ hasText: "Dockerfile is empty. Start it with a FROM line" }).waitFor();
    await monaco(page, "Dockerfile").locator(".squiggly-error").first().waitFor();

    await setEditorText(page, "Dockerfile", "FROM python:3.11-slim\nRUNN python -m compileall app\n");
    const misspelled = 'Dockerfile:2: "RUNN" is not a Dockerfile instruction. Did you mean RUN?';
    const flagged = syntax.filter({ hasText: misspelled });
    await flagged.waitFor();
    expect(await flagged.getByRole("button").textContent()).toBe("Dockerfile:2");
    // The marker sits on the misspelled line and says the same.
    await page.mouse.move(0, 0);
    await line(page, "Dockerfile", "RUNN").locator("span", { hasText: "RUNN" }).last().hover();
    await page.locator(".monaco-hover").filter({ hasText: misspelled }).first().waitFor();

    // The server refuses it with that very message. The previous attempt's report stays, labelled as older.
    await page.getByRole("button", { name: "Submit for grading" }).click();
    const refusal = page.getByTestId("submit-error");
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(misspelled);
    // Chromium logs every 4xx answer to fetch; this one is the point of the test.
    const logged = consoleErrors.findIndex((e) => e.includes("status of 422"));
    if (logged >= 0) consoleErrors.splice(logged, 1);
    expect(await page.getByTestId("earlier-attempt").textContent()).toMatch(/refused .* previous attempt/);

    // Fixing the file takes the refusal away: it spoke about a text that is gone.
    await setEditorText(page, "Dockerfile", DOCKERFILE);
    await expect.poll(() => refusal.count()).toBe(0);
    await expect.poll(() => syntax.count()).toBe(0);
    expect(await page.getByTestId("earlier-attempt").textContent()).toContain("your files have changed since");
  });

  it("offers the Compose rules' quick fixes on compose.yaml from Ctrl+.", async () => {
    await page.goto("/exercises/compose-stack");
    await openInEditor(page, "compose.yaml");
    const finding = page.locator('[data-instant-check="correctness.compose-no-version-key"]');
    await finding.waitFor();
    const starter = await editorText(page, "compose.yaml");
    expect(starter).toMatch(/^version: "3\.8"\n\nservices:/);

    await line(page, "compose.yaml", "version:").click();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+Period");
    await page.locator(".action-widget").getByText("Delete the obsolete version: line").waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(() => editorText(page, "compose.yaml")).toBe(starter.replace(/^version: "3\.8"\n\n/, ""));
    await expect.poll(() => finding.count()).toBe(0);
  });

  it("shows the fixed files as read-only tabs, in a tree when there are many, reachable by keyboard", async () => {
    await page.goto("/exercises/model-server");
    const tabs = page.getByRole("tablist", { name: "Files of the exercise" });
    expect(await tabs.getAttribute("data-layout")).toBe("tree");
    expect(await page.getByRole("tab", { name: /^app\/\s?main\.py\s?read-only$/ }).count()).toBe(1);

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

  it("after a sign-out in another tab, Submit offers a sign-in keeping the files; the header follows", async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const here = await context.newPage();
    await signUp(here, "Tess Tabs");
    await here.goto("/exercises/first-image");
    await here.getByTestId("signed-in-as").waitFor();
    const other = await context.newPage();
    await other.goto("/");
    await other.getByRole("button", { name: "Sign out" }).click();
    await other.getByRole("link", { name: "Sign in" }).first().waitFor();

    await here.getByRole("button", { name: "Submit for grading" }).click();
    const refusal = here.getByTestId("submit-error");
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Sign in to submit your work for grading\. Sign in in a new tab/);
    const signIn = here.getByTestId("submit-sign-in");
    expect([await signIn.getAttribute("href"), await signIn.getAttribute("target")]).toEqual(["/sign-in", "_blank"]);
    await expect.poll(() => here.getByTestId("signed-in-as").count()).toBe(0);
    await context.close();
  });

  it("caused no console errors and no request to another host", () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
