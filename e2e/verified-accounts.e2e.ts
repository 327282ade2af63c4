import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signIn, signUp, signUpByApi, submitAuthForm, TEST_PASSWORD, uniqueEmail } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";

/**
 * Issue 34's verified accounts and classes by consent, in Chromium, on the single-machine default (no SMTP_URL): the
 * platform's mail lands in the outbox an admin reads, and its links are followed as their person would.
 */
const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
const ADMIN_PASSWORD = "admin password for the outbox run";
const NEW_PASSWORD = "a brand new password";

let browser: Browser;
const contexts: BrowserContext[] = [];
let admin: Page;
let learner: Page;
const adminEmail = uniqueEmail("Olga Outbox");
const learnerEmail = uniqueEmail("Vera Verified");
let classId = "";

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  contexts.push(context);
  return context.newPage();
}

/**
 * The newest outbox message to `to` with `subject`, as the admin sees it; its first link to the platform. The auth
 * server may write a message just after it answers the request that caused it, so the page is read again until then.
 */
async function mailedLink(to: string, subject: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await admin.goto("/instructor/outbox");
    const message = admin.getByRole("listitem").filter({ hasText: to }).filter({ hasText: subject });
    if ((await message.count()) > 0) {
      const text = (await message.first().locator("pre").textContent()) ?? "";
      const link = text.match(/http:\/\/\S+/)?.[0];
      if (!link) throw new Error(`no link in the outbox message "${subject}" to ${to}: ${text}`);
      return link;
    }
    if (Date.now() > deadline) throw new Error(`no outbox message "${subject}" to ${to}`);
    await admin.waitForTimeout(250);
  }
}

beforeAll(async () => {
  browser = await launchChromium();
  await promisify(execFile)(
    "npx",
    ["--no-install", "tsx", "scripts/create-admin.ts", "--email", adminEmail, "--name", "Olga Outbox"],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, DOCKYARD_ADMIN_PASSWORD: ADMIN_PASSWORD } },
  );
  admin = await newPage();
  await signIn(admin, adminEmail, ADMIN_PASSWORD);
  const [made] = await query<{ id: string }>(
    `INSERT INTO class (id, name, term) VALUES (gen_random_uuid()::text, 'Consent class', 'e2e') RETURNING id`,
  );
  classId = made!.id;
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("an account's address, proven through the outbox", () => {
  it("is not confirmed after sign-up, and a roster's invitation to it waits unseen", async () => {
    learner = await newPage();
    await signUp(learner, "Vera Verified", learnerEmail);
    await admin.goto(`/instructor/classes/${classId}`);
    await admin.getByLabel(/paste/i).fill(`email\n${learnerEmail}\n`);
    await admin.getByRole("button", { name: "Import roster" }).click();
    await expect.poll(() => admin.getByTestId("roster-result").textContent()).toContain("1 invited");
    await learner.goto("/classes");
    expect(await learner.getByTestId("confirm-address").textContent()).toContain(`${learnerEmail} is not confirmed`);
    expect(await learner.getByTestId("invitations").count()).toBe(0);
    const [member] = await query(`SELECT 1 FROM class_member WHERE "classId" = $1`, [classId]);
    expect(member).toBeUndefined();
  });

  it("is confirmed by the link in the outbox, after which the learner joins the class by accepting", async () => {
    const link = await mailedLink(learnerEmail, "Confirm your e-mail address for Dockyard");
    expect(new URL(link).pathname).toBe("/api/auth/verify-email");
    await learner.goto(link);
    await learner.goto("/classes");
    expect(await learner.getByTestId("confirm-address").count()).toBe(0);
    const invitation = learner.getByTestId("invitations");
    expect(await invitation.textContent()).toContain("Consent class (e2e) invites you as a learner");
    expect(await invitation.textContent()).toContain("its instructors and teaching assistants see your work");
    await learner.getByRole("button", { name: "Join Consent class" }).click();
    await learner.getByTestId("joined-class").waitFor();
    expect(await learner.getByTestId("my-classes").textContent()).toContain("Consent class");
  });
});

describe("a forgotten password", () => {
  it("is replaced through the mailed link, which works once; the old password stops working", async () => {
    const visitor = await newPage();
    await visitor.goto("/sign-in");
    await visitor.getByRole("link", { name: "Forgot your password?" }).click();
    // The sign-in page has an Email field too: fill the reset form's, once the link has brought it.
    await visitor.waitForURL(/\/forgot-password$/);
    await visitor.getByLabel("Email").fill(learnerEmail);
    await visitor.getByRole("button", { name: "Send me a link" }).click();
    expect(await visitor.getByTestId("reset-sent").textContent()).toContain(`If an account has the address`);
    const link = await mailedLink(learnerEmail, "Set a new Dockyard password");
    await visitor.goto(link);
    await visitor.waitForURL(/\/reset-password\?token=/);
    await visitor.getByLabel("New password").fill(NEW_PASSWORD);
    await visitor.getByRole("button", { name: "Set the new password" }).click();
    await visitor.getByTestId("reset-done").waitFor();
    await signIn(visitor, learnerEmail, NEW_PASSWORD);
    const old = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ email: learnerEmail, password: TEST_PASSWORD }),
    });
    expect(old.status).toBe(401);
    // The link is spent.
    const again = await newPage();
    await again.goto(link);
    await again.waitForURL(/\/reset-password\?error=/);
    expect(await again.getByTestId("reset-error").textContent()).toContain("This link does not work");
  });
});

describe("where a sign-in returns (issue 53)", () => {
  it("stays on the site whatever the sign-in page's `next` says", async () => {
    const email = uniqueEmail("Rhea Return");
    await signUpByApi("Rhea Return", email);
    const own = new URL(baseUrl).origin;
    // The first and the last once sent the browser to http://evil.example/…: the old rule returned `//evil.example/…`
    // (the parser removes the dot segment, or drops the tab) and the form's router.push read it as another host. The
    // encoded backslashes stay a path on this site.
    for (const next of ["/.//evil.example/after-sign-in", "/%5C%5Cevil.example", "/\t/evil.example"]) {
      const context = await browser.newContext({ baseURL: baseUrl });
      contexts.push(context);
      const offSite: string[] = [];
      // Nothing leaves the machine: a request to the attacker's host is answered here, and written down.
      await context.route(
        (url) => url.hostname === "evil.example",
        (route) => {
          offSite.push(route.request().url());
          return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" });
        },
      );
      const page = await context.newPage();
      await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(TEST_PASSWORD);
      await submitAuthForm(page, "Sign in", "/api/auth/sign-in/email");
      await page.waitForURL((url) => url.origin !== own || url.pathname !== "/sign-in");
      expect(new URL(page.url()).origin, next).toBe(own);
      expect(offSite, next).toEqual([]);
    }
  });
});

describe("request body limits (issue 53)", () => {
  it("refuses a chunked submission over the limit with 413 and the limit in words, as one with a length", async () => {
    const cookie = await signUpByApi("Chad Chunked");
    const TOTAL = 14 * 1024 * 1024;
    const upload = (): ReadableStream<Uint8Array> => {
      let sent = 0;
      return new ReadableStream({
        pull(controller) {
          if (sent >= TOTAL) return controller.close();
          const start = sent === 0 ? '{"exerciseSlug":"first-image","files":[{"path":"Dockerfile","content":"' : "";
          controller.enqueue(new TextEncoder().encode(start.padEnd(100_000, "x")));
          sent += 100_000;
        },
      });
    };
    const headers = { cookie, origin: baseUrl, "content-type": "application/json" };
    // A stream body goes out as Transfer-Encoding: chunked, with no Content-Length.
    const chunked = await fetch(`${baseUrl}/api/submissions`, {
      method: "POST",
      headers,
      body: upload(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const { error } = (await chunked.json()) as { error: { message: string } };
    expect(error.message).toMatch(/^The upload is [\d.]+ MB or more; the limit is 12 MiB\.$/);
    const whole = await fetch(`${baseUrl}/api/submissions`, {
      method: "POST",
      headers,
      body: new Uint8Array(TOTAL).fill(120),
    });
    expect(whole.status).toBe(413);
    expect(((await whole.json()) as { error: { message: string } }).error.message).toBe(
      "The upload is 14.7 MB or more; the limit is 12 MiB.",
    );
  });
});
