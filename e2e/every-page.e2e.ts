import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";

const baseUrl = inject("baseUrl");
const origin = new URL(baseUrl).origin;
// Enough for every lesson, exercise and page of the course, with room to grow; a runaway crawl stops here.
const MAX_PAGES = 150;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

interface Visit {
  pages: string[];
  problems: string[];
}

/**
 * Follows every same-origin link from the home page, as a reader clicking through would, and records anything a
 * reader should never meet: a console error, an uncaught exception, a failed response, or a request that leaves
 * the app (a CDN, a web font, an analytics beacon: none may exist, and offline they would break the page).
 */
async function crawl(context: BrowserContext): Promise<Visit> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${page.url()}: console error: ${m.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`${page.url()}: uncaught: ${err.message}`));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin) {
      problems.push(`${page.url()}: request leaves the app: ${r.url()}`);
    }
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${page.url()}: HTTP ${r.status()} for ${r.url()}`);
  });

  const seen = new Set<string>(["/"]);
  const queue = ["/"];
  const pages: string[] = [];
  while (queue.length > 0 && pages.length < MAX_PAGES) {
    const path = queue.shift() as string;
    await page.goto(path, { waitUntil: "networkidle" });
    pages.push(path);
    for (const href of await sameOriginLinks(page)) {
      if (!seen.has(href)) {
        seen.add(href);
        queue.push(href);
      }
    }
  }
  await page.close();
  return { pages, problems };
}

async function sameOriginLinks(page: Page): Promise<string[]> {
  const hrefs = await page.$$eval("a[href]", (links) => links.map((a) => (a as HTMLAnchorElement).href));
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin && !url.pathname.startsWith("/api/"))
    .map((url) => url.pathname + url.search);
}

describe("every page of the site", () => {
  it("loads without a console error, a failed request or a request beyond the app, signed out", async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const { pages, problems } = await crawl(context);
    await context.close();
    expect(pages).toEqual(expect.arrayContaining(["/", "/exercises"]));
    expect(pages.some((p) => p.startsWith("/lessons/"))).toBe(true);
    expect(pages.some((p) => p.startsWith("/exercises/"))).toBe(true);
    expect(problems).toEqual([]);
  });

  it("does the same signed in, where the exercise pages carry the editor", async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await signUp(page, "Paige Walker");
    await page.close();

    const { pages, problems } = await crawl(context);
    await context.close();
    expect(pages.filter((p) => p.startsWith("/exercises/")).length).toBeGreaterThanOrEqual(8);
    expect(problems).toEqual([]);
  });
});
