import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { monaco, openInEditor } from "./editor-helpers";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  page.on("console", (m) => console.log("console", m.type(), m.text().slice(0, 200)));
});
afterAll(async () => browser?.close());

it("times big inserts", async () => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Big");
  await page.getByLabel("Email").fill(`big-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByTestId("signed-in-as").waitFor();
  for (const kib of [256, 1024, 3072]) {
    await page.goto("/exercises/first-image");
    const editor = await openInEditor(page, "app/main.py");
    await editor.locator(".view-lines").click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    const text = `# padding\n${`${"x".repeat(1023)}\n`.repeat(kib)}`;
    let t = Date.now();
    await page.keyboard.insertText(text);
    console.log(kib, "insertText ms", Date.now() - t);
    t = Date.now();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    console.log(kib, "settle ms", Date.now() - t);
    t = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    console.log(kib, "frame ms", Date.now() - t);
    await page.waitForTimeout(3000);
    t = Date.now();
    await page.evaluate(() => 1);
    console.log(kib, "after 3s eval ms", Date.now() - t);
  }
  expect(1).toBe(1);
}, 600_000);
