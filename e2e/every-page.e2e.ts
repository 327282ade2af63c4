import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeOncePerPath, axeProblems } from "./accessibility";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";
import { FAILS_AT_RUN_STEP, gradedSubmission } from "./graded-submission";
import { staffRoutes } from "./instructor-routes";
import { PHONE, phoneProblems } from "./phone";

const baseUrl = inject("baseUrl");
const origin = new URL(baseUrl).origin;
// Enough for every lesson, exercise and page of the course, with room to grow; a runaway crawl stops here.
const MAX_PAGES = 150;
/** Tabs crawling at once. */
const READERS = 3;

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
 * `check` looks at each page once it has loaded and names anything else wrong with it.
 */
async function crawl(context: BrowserContext, check?: (page: Page) => Promise<string[]>): Promise<Visit> {
  const problems: string[] = [];
  const seen = new Set<string>(["/"]);
  const queue = ["/"];
  const pages: string[] = [];
  /** Tabs still loading a page: a tab that finds the queue empty waits for them, since they may add links. */
  let loading = 0;
  const reader = async () => {
    const page = await context.newPage();
    watch(page, problems);
    for (;;) {
      const path = queue.shift();
      if (path === undefined) {
        if (loading === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (pages.length >= MAX_PAGES) {
        // A crawl cut short has not seen every page: a failure, not a pass over part of the site.
        problems.push(`the crawl stopped at ${MAX_PAGES} pages with ${queue.length + 1} still to visit, ${path} first`);
        break;
      }
      pages.push(path);
      loading++;
      try {
        await page.goto(path, { waitUntil: "networkidle" });
        if (check) problems.push(...(await check(page)));
        for (const href of await sameOriginLinks(page)) {
          const shown = pageOf(href);
          if (!seen.has(shown)) {
            seen.add(shown);
            queue.push(href);
          }
        }
      } finally {
        loading--;
      }
    }
    await page.close();
  };
  // Most of a visit is the wait for the network to go quiet (half a second at least), so a few tabs read at once.
  await Promise.all(Array.from({ length: READERS }, reader));
  return { pages, problems };
}

/** Records on `page` anything a reader should never meet, named by the page's address. */
function watch(page: Page, problems: string[]): void {
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
}

async function sameOriginLinks(page: Page): Promise<string[]> {
  const hrefs = await page.$$eval("a[href]", (links) => links.map((a) => (a as HTMLAnchorElement).href));
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin && !url.pathname.startsWith("/api/"))
    .map((url) => url.pathname + url.search);
}

/**
 * Which page a link shows, for the crawl's "seen": every page links to sign-in and sign-up with `next` naming itself,
 * and those are one page each, not one per page linking to them (they were more than half of a signed-out crawl and
 * pushed it to MAX_PAGES). The first address met for a page is the one visited, `next` and all.
 */
function pageOf(path: string): string {
  const url = new URL(path, origin);
  url.searchParams.delete("next");
  return url.pathname + url.search;
}

// Every crawl also runs axe-core on each page in the light and the dark theme (e2e/accessibility.ts): a serious or
// critical WCAG 2.2 AA violation is a failure like a console error.
/** A crawl of every page with axe on each: more than one e2e default, on a busy host more than four minutes. */
const CRAWL = { timeout: 600_000 };

describe("every page of the site", () => {
  it(
    "loads with no console error, failed or outside request, or WCAG 2.2 AA violation, signed out",
    CRAWL,
    async () => {
      const context = await browser.newContext({ baseURL: baseUrl });
      const { pages, problems } = await crawl(context, axeOncePerPath());
      await context.close();
      expect(pages).toEqual(expect.arrayContaining(["/", "/exercises", "/labs"]));
      expect(pages.some((p) => p.startsWith("/lessons/"))).toBe(true);
      expect(pages.some((p) => p.startsWith("/exercises/"))).toBe(true);
      expect(pages.some((p) => p.startsWith("/labs/"))).toBe(true);
      expect(problems).toEqual([]);
    },
  );

  it("does the same signed in, where the exercise pages carry the editor", CRAWL, async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await signUp(page, "Paige Walker");
    await page.close();

    const { pages, problems } = await crawl(context, axeOncePerPath());
    await context.close();
    expect(pages.filter((p) => p.startsWith("/exercises/")).length).toBeGreaterThanOrEqual(8);
    expect(pages.filter((p) => p.startsWith("/labs/")).length).toBeGreaterThanOrEqual(7);
    expect(problems).toEqual([]);
  });
});

// Longer than any form now accepts, as accounts made before the limit may be: one unbroken word of 200,000 letters.
const LONG_NAME = "Maximiliana".repeat(200_000 / 11);
/** The shared failing attempt with a line far wider than a phone added to its Dockerfile. */
const WIDE_LINE = {
  ...FAILS_AT_RUN_STEP,
  files: FAILS_AT_RUN_STEP.files.map((f) =>
    f.path === "Dockerfile" ? { ...f, content: `${f.content}# ${"x".repeat(600)}\n` } : f,
  ),
};

/** A phone-sized context, signed in by `signInWith` at desktop width, where the header shows who is signed in. */
async function phoneContext(signInWith: (page: Page) => Promise<unknown>): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: PHONE });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInWith(page);
  await page.close();
  return context;
}

describe("every page on a phone", () => {
  const learner = { email: "", id: "", submission: "" };
  // A crawl and a check of the header's menu on each page.
  const SLOW = CRAWL.timeout;

  it("fits 390 px without scrolling sideways, the header folded into a menu, signed out", {
    timeout: SLOW,
  }, async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: PHONE });
    const axe = axeOncePerPath();
    const { pages, problems } = await crawl(context, async (page) => [
      ...(await axe(page)),
      ...(await phoneProblems(page, "Sign in")),
    ]);
    await context.close();
    expect(pages).toEqual(expect.arrayContaining(["/", "/exercises", "/labs", "/sign-in", "/sign-up"]));
    expect(pages.some((p) => p.startsWith("/labs/"))).toBe(true);
    expect(pages.some((p) => p.startsWith("/lessons/"))).toBe(true);
    expect(problems).toEqual([]);
  });

  it("does the same signed in, under a name far too long for any header, with an attempt in the history", {
    timeout: SLOW,
  }, async () => {
    const context = await phoneContext(async (page) => {
      learner.email = await signUp(page, "Maximiliana Long");
    });
    const [row] = await query<{ id: string }>(`UPDATE "user" SET name = $1 WHERE email = $2 RETURNING id`, [
      LONG_NAME,
      learner.email,
    ]);
    learner.id = row!.id;
    // Attempts for the history pages and the instructor's, graded before any is visited; the second with a line far
    // wider than a phone, for the file views and the comparison.
    const first = await gradedSubmission(learner.email, FAILS_AT_RUN_STEP);
    learner.submission = await gradedSubmission(learner.email, WIDE_LINE);

    const axe = axeOncePerPath();
    const { pages, problems } = await crawl(context, async (page) => [
      ...(await axe(page)),
      ...(await phoneProblems(page, "Sign out")),
    ]);
    expect(pages.filter((p) => p.startsWith("/exercises/")).length).toBeGreaterThanOrEqual(8);
    expect(pages.some((p) => p.includes("/history/"))).toBe(true);

    // The comparison of the two, reached by a form rather than a link.
    const compare = await context.newPage();
    const ids = new URLSearchParams({ from: first, to: learner.submission });
    await compare.goto(`/exercises/first-image/history/compare?${ids}`, { waitUntil: "networkidle" });
    problems.push(...(await axeProblems(compare)), ...(await phoneProblems(compare, "Sign out")));
    await context.close();
    expect(problems).toEqual([]);
  });

  it("does the same on every instructor and admin page, where the long name fills tables, and at 1366 px", {
    timeout: SLOW,
  }, async () => {
    const context = await phoneContext(async (page) => {
      const email = await signUp(page, "Ada Phone");
      await query(`UPDATE "user" SET role = 'admin' WHERE email = $1`, [email]);
    });
    const page = await context.newPage();
    const problems: string[] = [];
    // A class with the long-named learner in it, for the class's own pages.
    const [cls] = await query<{ id: string }>(
      `WITH c AS (INSERT INTO class (id, name, term, "joinCode") VALUES (gen_random_uuid()::text, $1, 'Phone term', NULL)
                  RETURNING id)
       INSERT INTO class_member ("classId", "userId", role, source) SELECT c.id, $2, 'learner', 'staff' FROM c
       RETURNING "classId" AS id`,
      [`A class named at length ${"x".repeat(80)}`, learner.id],
    );
    // A request for help from the learner, for its staff page (lib/help).
    const [help] = await query<{ id: string }>(
      `INSERT INTO help_request (id, "userId", kind, "itemSlug", question, snapshot)
       VALUES (gen_random_uuid()::text, $1, 'exercise', 'first-image', $2, '{"attempt": null}') RETURNING id`,
      [learner.id, `Why? ${"x".repeat(300)}`],
    );
    const routes = staffRoutes({
      "help/[id]": help!.id,
      "classes/[id]": cls!.id,
      "learners/[userId]": learner.id,
      "assignments/[assignmentId]": "no-such-assignment",
      "extensions/[userId]": learner.id,
      "extra-time/[userId]": learner.id,
      "platforms/[id]": "no-such-platform",
      "institutions/[id]": "no-such-institution",
      "overrides/[userId]": learner.id,
      "learners/[id]": learner.id,
      "submissions/[id]": learner.submission,
      "exercises/[slug]": "first-image",
      "quizzes/[lesson]": "containers-vs-vms",
      "regrades/[batchId]": "no-such-batch",
      "users/[id]": learner.id,
    }).filter((r) => r.kind === "page");
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const route of routes) {
      const response = await page.goto(route.url, { waitUntil: "networkidle" });
      expect(response?.status(), route.file).toBe(200);
      problems.push(...(await axeProblems(page)), ...(await phoneProblems(page, "Sign out")));
    }
    // The same pages at a desktop's width, where the tables show every column and the header its whole menu.
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const route of routes) {
      await page.goto(route.url, { waitUntil: "networkidle" });
      problems.push(...(await axeProblems(page)));
    }
    await page.setViewportSize(PHONE);

    // The learner's row: the name cut short to a column's width, the whole of it (as the list has it: it may bound
    // a name this long) in the title.
    await page.goto(`/instructor/learners?q=${encodeURIComponent(learner.email)}`, { waitUntil: "networkidle" });
    const name = page.locator(`[data-testid="learners-table"] [data-learner="${learner.id}"] a`).first();
    const title = await name.getAttribute("title");
    expect(title).toMatch(/^(Maximiliana){9}/);
    expect(await name.textContent()).toBe(title);
    expect((await name.boundingBox())!.width).toBeLessThanOrEqual(300);
    expect((await page.getByTestId("learners-table").boundingBox())!.width).toBeLessThan(2500);
    problems.push(...(await phoneProblems(page, "Sign out")));
    await context.close();
    expect(problems).toEqual([]);
  });
});
