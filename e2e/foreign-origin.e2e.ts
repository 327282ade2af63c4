import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "./accounts";
import { launchChromium } from "./browser";
import { fullMarks } from "./quiz-payload";

/**
 * Cross-site request forgery: a page of another site makes a signed-in learner's browser send a state-changing
 * request, with the learner's cookie. The platform refuses it by its Origin (lib/http/origin-check.ts, called from
 * proxy.ts) before any route runs, and the same request from the platform's own origin goes through.
 */
const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const OWN = new URL(baseUrl).origin;
const FOREIGN = "https://evil.example";
const FORGER = "http://forger.example";
const EXERCISE = "first-image";
const MAIN_PY = readFileSync(
  path.resolve(import.meta.dirname, `../content/exercises/${EXERCISE}/starter/app/main.py`),
  "utf8",
);
// Fails at its RUN step, so the grader is done with it quickly.
const DOCKERFILE = 'FROM python:3.11-slim\nWORKDIR /srv\nRUN echo "forged" && exit 3\nCMD ["python", "app/main.py"]\n';
const FILES = [
  { path: "Dockerfile", content: DOCKERFILE },
  { path: "app/main.py", content: MAIN_PY },
];
const QUIZ = { lessonSlug: "containers-vs-vms", answers: fullMarks("01-why-containers/lessons/containers-vs-vms") };

let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Requests with the signed-in learner's cookies, and whatever Origin a test names (none unless it does). */
let api: APIRequestContext;
let db: pg.Client;
let userId: string;

async function count(table: "submission" | "quiz_attempt"): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE "userId" = $1`, [userId]);
  return rows[0].n;
}

async function draft(): Promise<{ revision: number; dockerfile: string } | undefined> {
  const { rows } = await db.query(`SELECT revision, files FROM draft WHERE "userId" = $1 AND "exerciseSlug" = $2`, [
    userId,
    EXERCISE,
  ]);
  const row = rows[0] as { revision: number; files: { path: string; content: string }[] } | undefined;
  return row && { revision: row.revision, dockerfile: row.files.find((f) => f.path === "Dockerfile")!.content };
}

/** A page request's response or an API request's: both say status() and json(). */
async function expectRefused(response: { status(): number; json(): Promise<unknown> }, from = FOREIGN) {
  expect(response.status()).toBe(403);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("FORBIDDEN");
  expect(body.error.message).toContain(`This request came from another site (${from})`);
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: baseUrl });
  page = await context.newPage();
  const email = await signUp(page, "Fran Forged");
  api = context.request;
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query(`SELECT id FROM "user" WHERE email = $1`, [email]);
  userId = rows[0].id;
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
});

describe("a state-changing request from another site, with the learner's session cookie", () => {
  it("cannot submit work for grading, and the same submission from Dockyard's own pages is accepted", async () => {
    const data = { exercise: EXERCISE, files: FILES };
    await expectRefused(await api.post("/api/submissions", { data, headers: { origin: FOREIGN } }));
    expect(await count("submission")).toBe(0);

    const accepted = await api.post("/api/submissions", { data, headers: { origin: OWN } });
    expect(accepted.status()).toBe(202);
    expect(await count("submission")).toBe(1);
  });

  it("cannot record a quiz attempt, and the learner's own page can", async () => {
    await expectRefused(await api.post("/api/quiz-attempts", { data: QUIZ, headers: { origin: FOREIGN } }));
    // Sandboxed frames and redirects across sites send "null": no origin of Dockyard's own either.
    const fromNowhere = await api.post("/api/quiz-attempts", { data: QUIZ, headers: { origin: "null" } });
    expect(fromNowhere.status()).toBe(403);
    expect((await fromNowhere.json()).error.message).toContain("(Origin: null)");
    expect(await count("quiz_attempt")).toBe(0);

    const recorded = await api.post("/api/quiz-attempts", { data: QUIZ, headers: { origin: OWN } });
    expect(recorded.status()).toBe(201);
    expect(await count("quiz_attempt")).toBe(1);
  });

  it("cannot reset a draft to the starter, and the learner's own page can", async () => {
    const saved = await api.put(`/api/drafts/${EXERCISE}`, {
      data: { files: FILES, baseRevision: 0 },
      headers: { origin: OWN },
    });
    expect(saved.status()).toBe(200);
    const before = await draft();
    expect(before?.dockerfile).toBe(DOCKERFILE);

    await expectRefused(await api.delete(`/api/drafts/${EXERCISE}`, { headers: { origin: FOREIGN } }));
    expect(await draft()).toEqual(before);

    const reset = await api.delete(`/api/drafts/${EXERCISE}`, { headers: { origin: OWN } });
    expect(reset.status()).toBe(200);
    const after = await draft();
    expect(after?.revision).toBe(before!.revision + 1);
    expect(after?.dockerfile).not.toBe(DOCKERFILE);
  });

  it("still lets the other site read what anybody may read: GET is never refused for its Origin", async () => {
    const response = await api.get("/api/health", { headers: { origin: FOREIGN } });
    expect(response.status()).toBe(200);
  });
});

describe("a forged form in a real browser", () => {
  it("is refused: Chromium names the other site in Origin, and nothing is recorded", async () => {
    // Plain http, like the platform here: Chromium warns before an https page posts a form to an http address.
    // A page of another site (served by the test, in Chromium) whose form posts a quiz attempt to Dockyard,
    // as a forger's page would; the learner's browser sends it with whatever cookies it allows.
    const forger = await context.newPage();
    await forger.route(`${FORGER}/`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<form method="post" action="${OWN}/api/quiz-attempts" enctype="text/plain">
          <input name='{"lessonSlug":"containers-vs-vms","answers":{},"x":"' value='"}'>
          <button>win a prize</button></form>`,
      }),
    );
    await forger.goto(`${FORGER}/`);
    const [response] = await Promise.all([
      forger.waitForResponse((r) => r.url() === `${OWN}/api/quiz-attempts`),
      forger.getByRole("button", { name: "win a prize" }).click(),
    ]);
    expect((await response.request().allHeaders()).origin).toBe(FORGER);
    await expectRefused(response, FORGER);
    expect(await count("quiz_attempt")).toBe(1);
    await forger.close();
  });
});
