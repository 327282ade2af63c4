import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { editorText, monaco, setEditorText } from "./editor-helpers";

const baseUrl = inject("baseUrl");
const exercisePath = "/exercises/first-image";
const STARTER = readFileSync(
  path.resolve(import.meta.dirname, "../content/exercises/first-image/starter/Dockerfile"),
  "utf8",
);
const DRAFT = 'FROM python:3.11-slim\nWORKDIR /srv\nCOPY app/ ./app/\nCMD ["python", "app/main.py"]\n';

let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

const text = (p: Page) => editorText(p, "Dockerfile");
const draftStatus = (p: Page) => p.getByTestId("draft-status");

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: baseUrl });
  page = await context.newPage();
  watchConsoleErrors(page, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
});

describe("a learner's draft", () => {
  it("is saved as they type and is there again after a reload", async () => {
    await signUp(page, "Dee Drafter");

    await page.goto(exercisePath);
    await expect.poll(() => text(page)).toBe(STARTER);
    await setEditorText(page, "Dockerfile", DRAFT);
    await expect.poll(() => draftStatus(page).textContent()).toBe("Saved");
    await page.reload();
    await expect.poll(() => text(page)).toBe(DRAFT);
  });

  it("is saved at once on Ctrl+S, without the browser's save dialog", async () => {
    await page.evaluate(() => {
      // Registered after the page's own listener, so it sees whether that one kept the browser's dialog away.
      window.addEventListener("keydown", (e) =>
        document.body.setAttribute("data-save-prevented", `${e.defaultPrevented}`),
      );
    });
    await monaco(page, "Dockerfile").locator(".view-lines").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("# saved by hand\n");
    // Sooner than the 800 ms the typing alone would wait for.
    const saved = page.waitForResponse((r) => r.url().endsWith("/api/drafts/first-image") && r.ok(), { timeout: 700 });
    await page.keyboard.press("Control+s");
    await saved;
    expect(await page.locator("body").getAttribute("data-save-prevented")).toBe("true");
    await expect.poll(() => draftStatus(page).textContent()).toBe("Saved");
    await page.reload();
    await expect.poll(() => text(page)).toBe(`${DRAFT}# saved by hand\n`);
  });

  it("keeps the latest typing when a second tab saved meanwhile, and says so", async () => {
    const second = await context.newPage();
    watchConsoleErrors(second, consoleErrors);
    await second.goto(exercisePath);
    await setEditorText(second, "Dockerfile", "FROM python:3.11-slim\n# from the second tab\n");
    await expect.poll(() => draftStatus(second).textContent()).toBe("Saved");
    await second.close();

    await setEditorText(page, "Dockerfile", DRAFT);
    await page.getByTestId("draft-notice").waitFor();
    expect(await page.getByTestId("draft-notice").textContent()).toContain(
      "This draft was also changed in another tab or device; your latest typing was kept.",
    );
    await page.reload();
    await expect.poll(() => text(page)).toBe(DRAFT);
  });

  it("resets to the starter after a confirmation, and stays reset after a reload", async () => {
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.getByRole("button", { name: "Reset to starter" }).click();
    expect(await text(page)).toBe(DRAFT);

    page.once("dialog", (dialog) => void dialog.accept());
    // Reached and pressed from the keyboard, as a learner without a mouse would.
    await page.getByRole("button", { name: "Reset to starter" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => text(page)).toBe(STARTER);
    await page.reload();
    await expect.poll(() => text(page)).toBe(STARTER);
  });

  it("caused no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
