import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { type ReceivedMail, startSmtpInbox } from "../../test-support/mail/smtp-inbox";

// Accounts prove their address through a real mail path: an SMTP server started here receives what nodemailer sends,
// and the links in the messages are followed as a person would.
const APP = "http://localhost:3000";
let db: pg.Pool;
let drop: () => Promise<void>;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;
let inbox: ReceivedMail[] = [];
const envBefore = { SMTP_URL: process.env.SMTP_URL, APP_URL: process.env.APP_URL };

beforeAll(async () => {
  const database = await createTestDatabase("verified_accounts");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  smtp = await startSmtpInbox();
  inbox = smtp.inbox;
  process.env.SMTP_URL = smtp.url;
  process.env.APP_URL = APP;
  delete (globalThis as { dockyardAuth?: unknown }).dockyardAuth;
  await insertUsers(db, [{ id: "ivy", role: "instructor" }]);
});

afterAll(async () => {
  for (const [name, value] of Object.entries(envBefore)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  delete (globalThis as { dockyardAuth?: unknown }).dockyardAuth;
  await smtp?.close();
  const { prisma } = await import("../db/client");
  const { pool } = await import("../db/pool");
  await Promise.all([prisma().$disconnect(), pool().end(), db?.end()]);
  await drop?.();
});

async function auth(endpoint: string, body?: unknown, method = "POST"): Promise<Response> {
  const { auth } = await import("./auth");
  return auth().handler(
    new Request(`${APP}/api/auth/${endpoint}`, {
      method,
      headers: { "content-type": "application/json", origin: APP },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

/** The first link to this platform in the newest message to `to`, quoted-printable soft breaks undone. */
async function linkTo(to: string): Promise<URL> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const message = inbox.filter((m) => m.to === to).at(-1);
    const text = message?.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    const link = text?.match(/http:\/\/localhost:3000\/\S+/)?.[0];
    if (link) return new URL(link);
    if (Date.now() > deadline) throw new Error(`no message with a link reached ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function userRow(email: string) {
  const { rows } = await db.query(`SELECT id, "emailVerified" FROM "user" WHERE email = $1`, [email]);
  return rows[0] as { id: string; emailVerified: boolean };
}

describe("an account's address, proven by mail", () => {
  it("is unproven after sign-up, proven once its mailed link is opened; only then can it be invited", async () => {
    const { createClass } = await import("../classes/classes");
    const { importRoster } = await import("../classes/roster");
    const invitations = await import("../classes/invitations");
    const ivy = { id: "ivy", name: "ivy", email: "ivy@example.test", role: "instructor" as const };
    const taught = await createClass(ivy, { name: "Verified", term: "2027" });
    await importRoster(ivy, taught.id, "email,role\nvera@example.test,ta\n");

    const signedUp = await auth("sign-up/email", {
      name: "Vera",
      email: "vera@example.test",
      password: "long password",
    });
    expect(signedUp.status).toBe(200);
    const vera = await userRow("vera@example.test");
    expect(vera.emailVerified).toBe(false);
    expect(await invitations.pendingInvitations(vera)).toEqual([]);

    const link = await linkTo("vera@example.test");
    expect(link.pathname).toBe("/api/auth/verify-email");
    const opened = await auth(`verify-email${link.search}`, undefined, "GET");
    expect(opened.status).toBeLessThan(400);
    expect((await userRow("vera@example.test")).emailVerified).toBe(true);
    expect((await invitations.pendingInvitations(vera)).map((i) => [i.className, i.role])).toEqual([
      ["Verified", "ta"],
    ]);
  });

  it("sets a new password through the mailed link, once, and the old one stops working", async () => {
    await auth("sign-up/email", { name: "Rita", email: "rita@example.test", password: "first password" });
    const asked = await auth("request-password-reset", { email: "rita@example.test", redirectTo: "/reset-password" });
    expect(asked.status).toBe(200);
    // The same answer for an address with no account: the form tells nobody who has one.
    const unknown = await auth("request-password-reset", {
      email: "nobody@example.test",
      redirectTo: "/reset-password",
    });
    expect(unknown.status).toBe(200);
    expect(inbox.some((m) => m.to === "nobody@example.test")).toBe(false);

    const link = await linkTo("rita@example.test");
    const token = link.pathname.split("/").at(-1)!;
    expect(link.pathname).toBe(`/api/auth/reset-password/${token}`);
    const reset = await auth("reset-password", { newPassword: "second password", token });
    expect(reset.status).toBe(200);
    expect((await auth("reset-password", { newPassword: "third password", token })).status).toBe(400);
    expect((await auth("sign-in/email", { email: "rita@example.test", password: "first password" })).status).toBe(401);
    expect((await auth("sign-in/email", { email: "rita@example.test", password: "second password" })).status).toBe(200);
  });

  it("sends nobody off the site through a crafted callbackURL or redirectTo (issue 53)", async () => {
    // better-auth holds these to trustedOrigins (the public origin) and to paths; what it lets through as a path must
    // still land on this site when the browser reads the redirect it answers with.
    const crafted = [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/%5C%5Cevil.example",
      "/.//evil.example",
      "javascript:alert(1)",
    ];
    for (const target of crafted) {
      const answers = [
        await auth("request-password-reset", { email: "rita@example.test", redirectTo: target }),
        await auth(`reset-password/not-a-token?callbackURL=${encodeURIComponent(target)}`, undefined, "GET"),
        await auth(`verify-email?token=not-a-token&callbackURL=${encodeURIComponent(target)}`, undefined, "GET"),
      ];
      for (const answer of answers) {
        const location = answer.headers.get("location");
        if (location) expect(new URL(location, `${APP}/api/auth/reset-password/x`).origin, target).toBe(APP);
        else expect(answer.status, target).toBeLessThan(500);
      }
    }
    for (const away of ["https://evil.example/", "//evil.example", "/\\evil.example", "/.//evil.example"]) {
      const asked = await auth("request-password-reset", { email: "rita@example.test", redirectTo: away });
      expect([400, 403], away).toContain(asked.status);
    }
    // better-auth alone answered this one with `Location: //evil.example?error=invalid_token` (same-site-targets.ts).
    const confirm = await auth("verify-email?token=not-a-token&callbackURL=%2F.%2F%2Fevil.example", undefined, "GET");
    expect(confirm.status).toBe(400);
    expect(((await confirm.json()) as { message: string }).message).toBe(
      `The callbackURL must be a path on this site (${APP}), such as /reset-password.`,
    );
    // A path on this site, as the app sends it, still works.
    const kept = await auth("request-password-reset", { email: "rita@example.test", redirectTo: "/reset-password" });
    expect(kept.status).toBe(200);
  });
});
