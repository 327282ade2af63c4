import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { APIResponse, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { contentSecurityPolicy, inlineScriptHashes } from "../lib/http/security-headers";
import { THEME_SCRIPT } from "../lib/preferences/theme-script";
import { signUp, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { watchConsoleErrors } from "./console-errors";
import { monaco, setEditorText } from "./editor-helpers";
import { FAILS_AT_RUN_STEP, gradedSubmission } from "./graded-submission";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
const LESSON = "containers-vs-vms";
const EXERCISE = "first-image";
// A key the Compose Specification does not have: only the schema (ajv, in the instant checks' worker) finds it.
const UNKNOWN_KEY_COMPOSE = "services:\n  api:\n    build: .\n    restart_policy: always\n";

let browser: Browser;
const contexts: BrowserContext[] = [];
let learner: Page;
let learnerEmail = "";
let teacher: Page;
let submissionId = "";
const consoleErrors: string[] = [];

/** A page whose console errors, uncaught exceptions and CSP violations (from the document's own event) are kept. */
async function watchedPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  contexts.push(context);
  // Runs before any script of the page, so a violation during loading is caught too.
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sample}) at ${e.sourceFile}`);
    });
  });
  const page = await context.newPage();
  watchConsoleErrors(page, consoleErrors);
  return page;
}

/** The CSP violations the page's document reported, read in the page. */
function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

async function expectClean(page: Page): Promise<void> {
  expect(await violations(page)).toEqual([]);
  expect(consoleErrors).toEqual([]);
}

/** As expectClean, for an error page: Chromium logs the page's own status, and nothing else may appear. */
async function expectCleanErrorPage(page: Page, status: number): Promise<void> {
  expect(await violations(page)).toEqual([]);
  expect(consoleErrors).toEqual([expect.stringContaining(`the server responded with a status of ${status}`)]);
  consoleErrors.length = 0;
}

function scriptSources(policy: string | undefined): string[] {
  const directive = policy?.split("; ").find((d) => d.startsWith("script-src "));
  return directive?.split(" ").slice(1) ?? [];
}

/** Every header of the baseline, exactly (HSTS absent: the e2e platform is reached over plain HTTP). */
function expectSecurityHeaders(response: APIResponse): void {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  for (const feature of ["camera", "microphone", "geolocation", "usb", "payment"]) {
    expect(headers["permissions-policy"]).toContain(`${feature}=()`);
  }
  expect(headers["strict-transport-security"]).toBeUndefined();
  const policy = headers["content-security-policy"];
  expect(policy).toBeDefined();
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]) {
    expect(policy!.split("; ")).toContain(directive);
  }
  expect(policy).not.toContain("unsafe-eval");
}

/** Makes the account an instructor, teaching a class the learner is in: staff see their classes' work only. */
async function makeInstructor(email: string, learnerEmail: string): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`UPDATE "user" SET role = 'instructor' WHERE email = $1`, [email]);
    await db.query(
      `WITH c AS (INSERT INTO class (id, name, term) VALUES (gen_random_uuid()::text, 'Headers', 'e2e') RETURNING id)
       INSERT INTO class_member ("classId", "userId", role, source)
       SELECT c.id, u.id, CASE WHEN u.email = $1 THEN 'instructor' ELSE 'learner' END::"ClassRole", 'staff'
         FROM c, "user" u WHERE u.email IN ($1, $2)`,
      [email, learnerEmail],
    );
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  browser = await launchChromium();
  learner = await watchedPage();
  learnerEmail = await signUp(learner, "Sec Learner");
  teacher = await watchedPage();
  const teacherEmail = uniqueEmail("Sec Teacher");
  await signUp(teacher, "Sec Teacher", teacherEmail);
  await makeInstructor(teacherEmail, learnerEmail);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("the security headers of every kind of response", () => {
  it("a prerendered page answered from memory: its inline scripts allowed by hash, no nonce", async () => {
    const response = await learner.request.get(`/lessons/${LESSON}`);
    expect(response.status()).toBe(200);
    expectSecurityHeaders(response);
    const sources = scriptSources(response.headers()["content-security-policy"]);
    const hashes = inlineScriptHashes(await response.text());
    expect(hashes.length).toBeGreaterThan(0);
    expect(sources).toEqual(["'self'", ...hashes]);
  });

  it("a page rendered for the request: a fresh nonce, which Next.js put on its scripts", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await learner.request.get(`/exercises/${EXERCISE}`);
      expect(response.status()).toBe(200);
      expectSecurityHeaders(response);
      const sources = scriptSources(response.headers()["content-security-policy"]);
      const nonce = /^'nonce-(.+)'$/.exec(sources[1]!)?.[1];
      expect(nonce).toBeDefined();
      // The rest: the inline scripts of the 404 and 500 pages Next.js answers from its build, which have no nonce.
      for (const source of sources.slice(2)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
      // Every script but the layout's theme script, which the same page has for everyone: its hash is in every policy.
      const html = (await response.text()).replace(`<script>${THEME_SCRIPT}</script>`, "");
      expect(sources).toContain(inlineScriptHashes(`<script>${THEME_SCRIPT}</script>`)[0]);
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("API routes", async () => {
    for (const path of ["/api/me", "/api/me/deadlines?kind=quiz&item=containers-vs-vms", "/api/health"]) {
      expectSecurityHeaders(await learner.request.get(path));
    }
  });

  it("the 404 page, with the inline scripts of the page Next.js answers from its build allowed", async () => {
    const response = await learner.request.get("/no-such-page");
    expect(response.status()).toBe(404);
    expectSecurityHeaders(response);
    const sources = scriptSources(response.headers()["content-security-policy"]);
    const inline = inlineScriptHashes(await response.text());
    expect(sources).toEqual(expect.arrayContaining(inline));
  });

  it("the 403 page of an instructor page opened by a learner", async () => {
    const response = await learner.request.get("/instructor");
    expect(response.status()).toBe(403);
    expectSecurityHeaders(response);
  });

  it("static files: the app's scripts, whose policy lets no worker started from them evaluate strings", async () => {
    const home = await (await learner.request.get("/")).text();
    const chunk = /<script src="(\/_next\/static\/chunks\/[^"]+\.js)"/.exec(home)?.[1];
    expect(chunk).toBeDefined();
    const response = await learner.request.get(chunk!);
    expect(response.status()).toBe(200);
    expectSecurityHeaders(response);
    expect(response.headers()["content-security-policy"]).toBe(contentSecurityPolicy());
  });

  it("the script every worker starts from: the one response whose policy allows eval (ajv in the worker)", async () => {
    const bootstrap = readdirSync(path.join(root, ".next/static/chunks")).find((f) =>
      f.startsWith("turbopack-worker-"),
    );
    expect(bootstrap).toBeDefined();
    const response = await learner.request.get(`/_next/static/chunks/${bootstrap}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-security-policy"]).toBe(contentSecurityPolicy({ allowEval: true }));
  });
});

describe("no page breaks under the policy (no CSP violation, no console error)", () => {
  it("the home page, a module, a lesson, and the 404 page, signed out and in", async () => {
    const visitor = await watchedPage();
    for (const page of [visitor, learner]) {
      for (const path of ["/", "/modules/images-containers-layers", `/lessons/${LESSON}`]) {
        await page.goto(path, { waitUntil: "networkidle" });
        await expectClean(page);
      }
    }
    // Hydrated under the hash policy: the lesson's outline and the header are React's, the header names the learner.
    await learner.getByTestId("signed-in-as").waitFor();
    const missing = await visitor.goto("/no-such-page", { waitUntil: "networkidle" });
    expect(missing?.status()).toBe(404);
    await expectCleanErrorPage(visitor, 404);
  });

  it("the exercise page, typing in the Monaco editor with the instant checks in their worker", async () => {
    await learner.goto(`/exercises/${EXERCISE}`, { waitUntil: "networkidle" });
    await setEditorText(learner, "Dockerfile", "FROM python:3.11-slim\nRUN pip install flask\nCMD python app.py\n");
    await learner.locator('[data-instant-check="size.pip-no-cache"]').waitFor();
    await monaco(learner, "Dockerfile").locator(".view-line", { hasText: "pip install flask" }).waitFor();
    await expectClean(learner);
  });

  it("a Compose exercise: its instant checks compile the Compose schema in their worker (eval)", async () => {
    await learner.goto("/exercises/compose-stack", { waitUntil: "networkidle" });
    await setEditorText(learner, "compose.yaml", UNKNOWN_KEY_COMPOSE);
    await learner.locator('[data-instant-check="correctness.compose-spec-valid"]').waitFor();
    await expectClean(learner);
  });

  it("the report of a graded submission, on the exercise page and the attempt's own page", async () => {
    // The page is opened while the submission is queued, so it follows the grading live: the event stream too is
    // under the policy.
    submissionId = await gradedSubmission(learnerEmail, FAILS_AT_RUN_STEP, () =>
      learner.goto(`/exercises/${EXERCISE}`),
    );
    await learner.locator('[data-testid="submission-status"][data-status="failed"]').waitFor();
    await learner.getByTestId("build-log").waitFor();
    await expectClean(learner);
    await learner.goto(`/exercises/${EXERCISE}/history/${submissionId}`, { waitUntil: "networkidle" });
    await learner.locator('[data-check="correctness.image-builds"]').waitFor();
    await expectClean(learner);
  });

  it("the instructor area, and the 403 page a learner gets there", async () => {
    for (const path of ["/instructor", "/instructor/submissions", `/instructor/submissions/${submissionId}`]) {
      const response = await teacher.goto(path);
      expect(response?.status(), path).toBe(200);
      await expectClean(teacher);
    }
    await teacher.getByTestId("build-log").waitFor();
    const refused = await learner.goto("/instructor");
    expect(refused?.status()).toBe(403);
    await learner.getByTestId("forbidden").waitFor();
    await expectCleanErrorPage(learner, 403);
  });
});
