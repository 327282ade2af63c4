import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { WCAG_22_AA } from "./accessibility";
import { signIn, signUp } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { monaco, openInEditor } from "./editor-helpers";

const baseUrl = inject("baseUrl");

let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, colorScheme: "light" });
  contexts.push(context);
  // A script the policy refused (the theme's, or a probe for eval) is reported here, not always in the console.
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`CSP: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`),
    ),
  );
  const page = await context.newPage();
  watchConsoleErrors(page, consoleErrors);
  return page;
}

/** Leaves out the console errors a test caused on purpose. */
function dropConsoleErrors(containing: string): void {
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((error) => !error.includes(containing)));
}

/** Whether the page's background is dark: the body's computed colour, drawn to read it as sRGB (Tailwind's oklch). */
function darkBackground(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d")!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 64;
  });
}

const shownTheme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);
const themeSelect = (page: Page) => page.getByRole("combobox", { name: "Theme" });

/** Tabs from the top of the page (its skip link) to the theme switch, as a keyboard user would reach it. */
async function tabToThemeSwitch(page: Page): Promise<void> {
  if (await themeSelect(page).evaluate((select) => select === document.activeElement)) return;
  await page.getByRole("link", { name: "Skip to content" }).focus();
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press("Tab");
    if (await themeSelect(page).evaluate((select) => select === document.activeElement)) return;
  }
  throw new Error("the theme switch was not reached with Tab");
}

/** Chooses a theme from the focused select with the arrow keys (the options: Light, Dark, System). */
async function chooseWithKeys(page: Page, theme: "light" | "dark" | "system"): Promise<void> {
  await tabToThemeSwitch(page);
  const order = ["light", "dark", "system"];
  const from = order.indexOf(await themeSelect(page).inputValue());
  const steps = order.indexOf(theme) - from;
  for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? "ArrowDown" : "ArrowUp");
  expect(await themeSelect(page).inputValue()).toBe(theme);
}

/** Waits until the page's script has hydrated the header (the switch then shows the kept choice). */
async function hydrated(page: Page): Promise<void> {
  await page.locator('[data-testid="signed-in-as"], a[href="/sign-in"]').first().waitFor();
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("the theme switch", () => {
  it("follows the system by default, live, on a prerendered page", async () => {
    const page = await newPage();
    await page.goto("/");
    await hydrated(page);
    expect(await shownTheme(page)).toBe("system");
    expect(await themeSelect(page).inputValue()).toBe("system");
    expect(await darkBackground(page)).toBe(false);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await darkBackground(page)).toBe(true);
    await page.emulateMedia({ colorScheme: "light" });
    expect(await darkBackground(page)).toBe(false);
  });

  it("lets a visitor choose with the keys, kept in the browser and applied before any bundle runs", async () => {
    const page = await newPage();
    await page.goto("/");
    await hydrated(page);
    await chooseWithKeys(page, "dark");
    expect(await shownTheme(page)).toBe("dark");
    expect(await darkBackground(page)).toBe(true);
    // Dark whatever the system prefers, with the browser's own parts dark too.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");

    await page.reload();
    await hydrated(page);
    expect(await darkBackground(page)).toBe(true);
    expect(await themeSelect(page).inputValue()).toBe("dark");

    // With every script file refused, only the layout's inline script runs: the theme is there before any bundle
    // (no flash of the light page), and the policy allows the script by its hash.
    await page.route("**/_next/static/**/*.js", (route) => route.abort());
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) violations.push(message.text());
    });
    await page.goto("/lessons/containers-vs-vms");
    expect(await shownTheme(page)).toBe("dark");
    expect(await darkBackground(page)).toBe(true);
    expect(violations).toEqual([]);
    await page.unroute("**/_next/static/**/*.js");
    // The browser logs each refused file.
    dropConsoleErrors("net::ERR_FAILED");

    await page.goto("/");
    await hydrated(page);
    await chooseWithKeys(page, "light");
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await darkBackground(page)).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("light");
  });

  it("is readable and big enough to hit in both themes (WCAG 2.2 AA)", async () => {
    const page = await newPage();
    await page.goto("/");
    await hydrated(page);
    for (const theme of ["light", "dark"] as const) {
      await themeSelect(page).selectOption(theme);
      const results = await new AxeBuilder({ page })
        .include('[data-testid="theme-switch"]')
        .withTags(WCAG_22_AA)
        .analyze();
      expect(results.violations.map((v) => `${theme}: ${v.id} ${v.help}`)).toEqual([]);
      const box = await themeSelect(page).boundingBox();
      expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(24);
    }
  });

  it("is kept on a learner's account: across a reload, and in another browser once they sign in again", async () => {
    const page = await newPage();
    const email = await signUp(page, "Thea Theme");
    await page.goto("/");
    await hydrated(page);
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/me/preferences");
    await chooseWithKeys(page, "dark");
    expect((await saved).status()).toBe(200);
    await page.reload();
    await hydrated(page);
    expect(await darkBackground(page)).toBe(true);
    // The header's row holds it beside a signed-in learner's links at the narrowest width that has a row (lg).
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    expect(await themeSelect(page).isVisible()).toBe(true);

    const elsewhere = await newPage();
    await elsewhere.goto("/");
    await hydrated(elsewhere);
    expect(await darkBackground(elsewhere)).toBe(false);
    await signIn(elsewhere, email);
    await expect.poll(() => shownTheme(elsewhere)).toBe("dark");
    expect(await darkBackground(elsewhere)).toBe(true);
    expect(await themeSelect(elsewhere).inputValue()).toBe("dark");

    // The editor of a page rendered per request shows the chosen theme, not the system's.
    await elsewhere.goto("/exercises/first-image");
    await openInEditor(elsewhere, "Dockerfile");
    await monaco(elsewhere, "Dockerfile").locator(".monaco-editor.vs-dark").waitFor();
    await elsewhere.emulateMedia({ colorScheme: "dark" });
    await chooseWithKeys(elsewhere, "light");
    await monaco(elsewhere, "Dockerfile").locator(".monaco-editor.vs").waitFor();
    expect(await darkBackground(elsewhere)).toBe(false);
    await chooseWithKeys(elsewhere, "system");
    await monaco(elsewhere, "Dockerfile").locator(".monaco-editor.vs-dark").waitFor();
    await expect
      .poll(() => page.request.get("/api/me").then((r) => r.json()))
      .toMatchObject({
        user: { preferences: { theme: "system", terminalScreenReader: false } },
      });
  });

  it("says so when the account does not keep a choice, and refuses what is not a preference", async () => {
    const page = await newPage();
    await signUp(page, "Fay Failing");
    await page.goto("/");
    await hydrated(page);
    await page.route("**/api/me/preferences", (route) =>
      route.fulfill({ status: 503, json: { error: { code: "UNAVAILABLE", message: "Try again shortly." } } }),
    );
    await chooseWithKeys(page, "dark");
    expect(await page.getByTestId("theme-problem").textContent()).toBe(
      "Shown here, but not kept on your account: Try again shortly.",
    );
    expect(await darkBackground(page)).toBe(true);
    await page.unroute("**/api/me/preferences");
    // The browser logs the refused request.
    dropConsoleErrors("status of 503");

    const bad = await page.request.put("/api/me/preferences", { data: { theme: "sepia" } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toBe("The request is not valid (theme): expected light, dark or system.");
    const empty = await page.request.put("/api/me/preferences", { data: {} });
    expect(empty.status()).toBe(400);
    const visitor = await newPage();
    const anonymous = await visitor.request.put("/api/me/preferences", { data: { theme: "dark" } });
    expect(anonymous.status()).toBe(401);
  });

  it("caused no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
